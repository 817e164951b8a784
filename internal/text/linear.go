package text

import (
	"encoding/binary"
	"errors"
	"math"
)

// The sentiment model is a multinomial logistic regression over a few dense
// features computed by the rules and hashed sparse features (words, word
// pairs, emoji), trained by TrainSentiment.

const (
	numDense  = 40 // 20 rule features, one block for French and one for the rest
	denseFR   = 20
	hashBits  = 15
	hashSize  = 1 << hashBits
	numInputs = numDense + hashSize
)

type feature struct {
	idx uint32
	val float32
}

type linearModel struct {
	w [3][]float32 // per class, numInputs weights
}

func parseLinearModel(b []byte) (*linearModel, error) {
	if len(b) != 12+3*numInputs*4 || string(b[:4]) != "LR01" ||
		binary.LittleEndian.Uint32(b[4:]) != numDense || binary.LittleEndian.Uint32(b[8:]) != hashSize {
		return nil, errors.New("text: sentiment model does not match this build (retrain with tools/trainsentiment)")
	}
	m := &linearModel{}
	p := 12
	for k := range m.w {
		m.w[k] = make([]float32, numInputs)
		for i := range m.w[k] {
			m.w[k][i] = math.Float32frombits(binary.LittleEndian.Uint32(b[p:]))
			p += 4
		}
	}
	return m, nil
}

func (m *linearModel) marshal() []byte {
	b := make([]byte, 12, 12+3*numInputs*4)
	copy(b, "LR01")
	binary.LittleEndian.PutUint32(b[4:], numDense)
	binary.LittleEndian.PutUint32(b[8:], hashSize)
	for k := range m.w {
		for _, x := range m.w[k] {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
	}
	return b
}

// predict returns the class probabilities (negative, neutral, positive).
func (m *linearModel) predict(feats []feature) [3]float64 {
	var z [3]float64
	for _, f := range feats {
		for k := range z {
			z[k] += float64(m.w[k][f.idx] * f.val)
		}
	}
	return softmax(z)
}

func softmax(z [3]float64) [3]float64 {
	mx := max(z[0], z[1], z[2])
	var sum float64
	for k := range z {
		z[k] = math.Exp(z[k] - mx)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

// appendFeatures turns the rule results and tokens of a post into model
// inputs.
func appendFeatures(dst []feature, r *ruleResult, toks []Token, negs []bool, lang string) []feature {
	b2f := func(b bool) float32 {
		if b {
			return 1
		}
		return 0
	}
	lg := func(x float64) float32 { return float32(math.Log1p(x)) }
	dense := [denseFR]float32{
		1,
		float32(compound(r.sum)),
		lg(r.pos),
		lg(r.neg),
		b2f(r.npos > 0),
		b2f(r.nneg > 0),
		float32(min(r.npos, 5)) / 5,
		float32(min(r.nneg, 5)) / 5,
		b2f(r.negations > 0),
		float32(r.excl) / 4,
		float32(r.quest) / 3,
		lg(r.emojiPos),
		lg(r.emoNeg),
		b2f(r.contrast),
		b2f(lang == "fr"),
		float32(min(len(toks), 40)) / 40,
		lg(r.afinnPos),
		lg(r.afNeg),
		float32(math.Tanh((r.afinnPos - r.afNeg) / 4)),
		0,
	}
	off := uint32(0)
	if lang == "fr" {
		off = denseFR // French rules and lexicons score on another scale
	}
	for i, v := range dense {
		if v != 0 {
			dst = append(dst, feature{off + uint32(i), v})
		}
	}
	// Word features are shared by the languages (emoji, hashtags, names
	// and cognates carry over) and scaled down: with a few thousand
	// training posts they overfit unless the rule features dominate.
	// English needs them less than French, whose lexicon is smaller.
	hs := float32(hashedScaleEN)
	if lang == "fr" {
		hs = hashedScaleFR
	}
	seed := uint32(fnvOffset)
	prev := uint32(0)
	for i := range toks {
		t := &toks[i]
		var h uint32
		switch t.Kind {
		case Mention:
			h = hashString(seed, "@")
		case URL:
			h = hashString(seed, "http")
		case Number:
			h = hashString(seed, "0")
		case Hashtag:
			h = hashString(hashString(seed, "#"), t.Text)
			for _, p := range t.Parts {
				dst = appendHashed(dst, hashString(seed, p), 0.5*hs)
			}
		default:
			h = hashString(seed, t.Text)
			if t.Kind == Word && len(t.Text) > 5 {
				// A crude stem: "adorable", "adore", "adorent" share
				// "ador", which generalises from few examples.
				dst = appendHashed(dst, hashString(hashString(seed, "\x02"), t.Text[:min(len(t.Text)-2, 6)]), 0.5*hs)
			}
		}
		if negs != nil && negs[i] {
			h = hashString(h, "\x00neg")
		}
		dst = appendHashed(dst, h, hs)
		if prev != 0 {
			dst = appendHashed(dst, hashString(h^prev*fnvPrime, "\x01"), 0.5*hs)
		}
		prev = h
	}
	return dst
}

func appendHashed(dst []feature, h uint32, v float32) []feature {
	return append(dst, feature{numDense + h&(hashSize-1), v})
}

// Scales of the word features, chosen by 4-fold cross-validation on the
// training buckets (trainsentiment -cv).
const (
	hashedScaleEN = 0.1
	hashedScaleFR = 0.25
)

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}
