package text

import (
	"encoding/binary"
	"errors"
	"math"
)

// The sentiment model is a multinomial logistic regression over a few dense
// features computed by the rules and hashed sparse features (words, word
// pairs, crude stems, character n-grams of words, emoji), trained by
// TrainSentiment.

const (
	numDense  = 2 * denseFR // rule features, one block for French and one for the rest
	denseFR   = 34
	hashBits  = 16
	hashSize  = 1 << hashBits
	numInputs = numDense + hashSize
)

type feature struct {
	idx uint32
	val float32
}

// featureScales weigh the hashed features against the rule features. They
// are chosen by cross-validation when training and stored in the model.
type featureScales struct {
	wordEN, wordFR float32 // words, word pairs, stems, hashtags
	charEN, charFR float32 // character n-grams of words
}

type linearModel struct {
	scales featureScales
	// w holds the weights of the three classes side by side, feature by
	// feature (w[3*i+k]): one cache line per feature when predicting.
	w []float32
}

const modelHeader = 12 + 4*4

func parseLinearModel(b []byte) (*linearModel, error) {
	if len(b) != modelHeader+3*numInputs*4 || string(b[:4]) != "LR02" ||
		binary.LittleEndian.Uint32(b[4:]) != numDense || binary.LittleEndian.Uint32(b[8:]) != hashSize {
		return nil, errors.New("text: sentiment model does not match this build (retrain with tools/trainsentiment)")
	}
	f := func(p int) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b[p:])) }
	m := &linearModel{
		scales: featureScales{wordEN: f(12), wordFR: f(16), charEN: f(20), charFR: f(24)},
		w:      make([]float32, 3*numInputs),
	}
	for i := range m.w {
		m.w[i] = f(modelHeader + 4*i)
	}
	return m, nil
}

func (m *linearModel) marshal() []byte {
	b := make([]byte, 12, modelHeader+3*numInputs*4)
	copy(b, "LR02")
	binary.LittleEndian.PutUint32(b[4:], numDense)
	binary.LittleEndian.PutUint32(b[8:], hashSize)
	for _, x := range [...]float32{m.scales.wordEN, m.scales.wordFR, m.scales.charEN, m.scales.charFR} {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	for _, x := range m.w {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// logits returns the class scores (negative, neutral, positive).
func (m *linearModel) logits(feats []feature) [3]float64 {
	var z0, z1, z2 float32
	w := m.w
	for _, f := range feats {
		i := 3 * int(f.idx)
		ws := w[i : i+3 : i+3]
		z0 += ws[0] * f.val
		z1 += ws[1] * f.val
		z2 += ws[2] * f.val
	}
	return [3]float64{float64(z0), float64(z1), float64(z2)}
}

// warm loads the weights of each feature and returns their sum, which
// the caller keeps so that the loads are not optimised away: loaded
// before any is used, their cache misses overlap.
func (m *linearModel) warm(feats []feature) uint64 {
	var sum uint64
	for _, f := range feats {
		sum += uint64(math.Float32bits(m.w[3*int(f.idx)]))
	}
	return sum
}

// predict returns the class probabilities (negative, neutral, positive).
func (m *linearModel) predict(feats []feature) [3]float64 {
	return softmax(m.logits(feats))
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

// denseSign says which rule features are evidence for positive (+1) or
// negative (-1) sentiment, and which measure feeling either way.
// Training keeps the weights of the first ordered across the three classes
// (more positive evidence never makes a post more negative, nor less
// positive), and gives the others the same weight for both poles, so that
// quirks of the training data — ironic tweets full of happy emoji, French
// tweets labelled by their stance on a topic rather than by their words —
// do not turn a lexicon signal around.
func denseSign(i int) int {
	switch i % denseFR {
	case 1, 2, 4, 6, 11, 16, 18, 19, 21, 22, 27, 30:
		return signPositive
	case 3, 5, 7, 12, 17, 20, 28, 31:
		return signNegative
	case 32, 33:
		return signEitherWay
	}
	return signFree
}

// The kinds of rule features denseSign tells apart.
const (
	signFree      = 0  // no constraint: "?", length, URL…
	signPositive  = 1  // evidence of positive sentiment
	signNegative  = -1 // evidence of negative sentiment
	signEitherWay = 2  // feeling either way: the same weight for both poles
)

// appendFeatures turns the rule results and tokens of a post into model
// inputs.
func appendFeatures(dst []feature, r *ruleResult, toks []Token, marks []mark, lang string, sc featureScales) []feature {
	b2f := func(b bool) float32 {
		if b {
			return 1
		}
		return 0
	}
	lg := func(x float64) float32 {
		if x == 0 {
			return 0 // most of them; Log1p would return x, and a zero is not a feature
		}
		return float32(math.Log1p(x))
	}
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
		float32(r.maxPos) / 4,
		float32(r.maxNeg) / 4,
		float32(r.last) / 4,
		float32(compound(r.tail)),
		float32(min(r.upper, 3)) / 3,
		float32(min(r.elong, 3)) / 3,
		b2f(r.url),
		float32(min(r.mentions, 3)) / 3,
		lg(r.hashPos),
		lg(r.hashNeg),
		b2f(r.npos > 0 && r.nneg > 0),
		lg(r.negNeg),
		lg(r.negPos),
		lg(r.pos + r.neg), // how much feeling, either way (signEitherWay)
		lg(r.afinnPos + r.afNeg),
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
	hs, cs := sc.wordEN, sc.charEN
	if lang == "fr" {
		hs, cs = sc.wordFR, sc.charFR
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
			if cs != 0 {
				dst = appendCharGrams(dst, t.Text, cs)
			}
		default:
			h = hashString(seed, t.Text)
			if t.Kind == Word {
				if len(t.Text) > 5 {
					// A crude stem: "adorable", "adore", "adorent" share
					// "ador", which generalises from few examples.
					dst = appendHashed(dst, hashString(hashString(seed, "\x02"), t.Text[:min(len(t.Text)-2, 6)]), 0.5*hs)
				}
				if cs != 0 {
					dst = appendCharGrams(dst, t.Text, cs)
				}
			}
		}
		switch marks[i] {
		case markNegated:
			h = hashString(h, "\x00neg")
		case markIdiom:
			h = hashString(h, "\x00idiom")
		}
		dst = appendHashed(dst, h, hs)
		if prev != 0 {
			dst = appendHashed(dst, hashString(h^prev*fnvPrime, "\x01"), 0.5*hs)
		}
		prev = h
	}
	return dst
}

// Character n-grams of a folded word with its boundaries ("^ador", "able$"):
// misspellings, inflections and words the lexicons lack share them with
// known words.
const (
	charMin = 3
	charMax = 5
)

func appendCharGrams(dst []feature, w string, v float32) []feature {
	n := len(w) + 2
	at := func(i int) byte {
		switch i {
		case 0:
			return '^'
		case n - 1:
			return '$'
		}
		return w[i-1]
	}
	seed := hashString(fnvOffset, "\x03")
	for i := 0; i+charMin <= n; i++ {
		h := seed
		for k := 0; k < charMax && i+k < n; k++ {
			h = (h ^ uint32(at(i+k))) * fnvPrime
			if k+1 >= charMin {
				dst = appendHashed(dst, h, v)
			}
		}
	}
	return dst
}

func appendHashed(dst []feature, h uint32, v float32) []feature {
	return append(dst, feature{numDense + h&(hashSize-1), v})
}

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
