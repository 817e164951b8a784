package text

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// LabeledPost is one labelled example, as in the JSONL files of
// shared/data (see docs/text.md).
type LabeledPost struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	Label string `json:"label"`
	Task  string `json:"task"`
	// Weight scales the example's gradient when training; 0 means 1.
	Weight float64 `json:"-"`
}

// SplitBucket puts a post in one of 5 buckets by a hash of its text, so the
// split is the same on every machine and a tweet that appears in two files
// (TweetEval and XLM-T share most English tweets) lands on the same side
// in both. Bucket 0 is held out: training never sees it. Bucket 1 is the
// validation set used to choose training options.
func SplitBucket(text string) int {
	return int(hashString(hashString(fnvOffset, "parvis-holdout-v1:"), text) % 5)
}

// IsHeldOut reports whether a post with this text is in the held-out 20%.
func IsHeldOut(text string) bool { return SplitBucket(text) == 0 }

// TrainOptions tune TrainSentiment. DefaultTrainOptions returns the
// settings the embedded model was trained with, chosen by 4-fold
// cross-validation on the training buckets (trainsentiment -cv).
type TrainOptions struct {
	Epochs       int     // passes over the data
	Seed         uint64  // shuffling seed
	L2           float64 // weight decay of the hashed features, per example
	LearningRate float64 // AdaGrad step
	// Runs is how many models are trained, each on its own shuffles
	// (seeds Seed, Seed+1…), and averaged: less dependence on the order
	// of a few thousand examples.
	Runs int

	// Scales of the hashed features against the rule features, per
	// language: words, word pairs, stems and hashtags; character n-grams.
	WordScaleEN, WordScaleFR float64
	CharScaleEN, CharScaleFR float64
	// NeutralBias is added to the neutral class's intercept after
	// training, per language: macro-F1 weighs the three classes alike.
	NeutralBiasEN, NeutralBiasFR float64
}

// DefaultTrainOptions returns the options of the embedded model.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		Epochs:       14,
		Seed:         1,
		L2:           3e-3,
		LearningRate: 0.2,
		Runs:         3,
		WordScaleEN:  0.1,
		WordScaleFR:  0.2, // 0.15 before the Pattern review (2026-11-26): docs/text.md
		CharScaleEN:  0,   // 0.005–0.03 lowered cross-validated macro-F1
		CharScaleFR:  0,
	}
}

// TrainSentiment fits the sentiment model on labelled posts and returns it
// in the format of data/sentiment_lr.bin. The rules and lexicons of e are
// used to compute features; e's own model, if any, is ignored. Training is
// deterministic for given posts and options.
func (e *Engine) TrainSentiment(posts []LabeledPost, opt TrainOptions) ([]byte, error) {
	if opt.Epochs <= 0 || opt.LearningRate <= 0 {
		return nil, errors.New("TrainSentiment: Epochs and LearningRate must be positive (start from DefaultTrainOptions)")
	}
	m := &linearModel{
		scales: featureScales{
			wordEN: float32(opt.WordScaleEN), wordFR: float32(opt.WordScaleFR),
			charEN: float32(opt.CharScaleEN), charFR: float32(opt.CharScaleFR),
		},
		w: make([]float32, 3*numInputs),
	}
	var sc sentimentScratch
	var toks []Token
	examples := make([]example, 0, len(posts))
	for _, p := range posts {
		y := labelIndex(p.Label)
		if y < 0 {
			return nil, fmt.Errorf("post %s: unknown label %q", p.ID, p.Label)
		}
		s := unescapePost(p.Text)
		toks = AppendTokens(toks[:0], s)
		r := e.senti.rules(&sc, s, toks, p.Lang)
		f := appendFeatures(nil, &r, toks, sc.marks, p.Lang, m.scales)
		w := p.Weight
		if w == 0 {
			w = 1
		} else if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("post %s: weight %v is not a positive number", p.ID, p.Weight)
		}
		examples = append(examples, example{f, y, w})
	}
	if len(examples) == 0 {
		return nil, errors.New("no training posts")
	}
	runs := max(opt.Runs, 1)
	sum := make([]float64, 3*numInputs)
	for run := range runs {
		clear(m.w)
		trainRun(m, examples, opt, opt.Seed+uint64(run))
		for j, x := range m.w {
			sum[j] += float64(x)
		}
	}
	for j := range m.w {
		m.w[j] = float32(sum[j] / float64(runs))
	}
	m.w[3*0+1] += float32(opt.NeutralBiasEN)
	m.w[3*denseFR+1] += float32(opt.NeutralBiasFR)
	return m.marshal(), nil
}

// trainRun fits m by AdaGrad on the examples, shuffled with seed.
func trainRun(m *linearModel, examples []example, opt TrainOptions, seed uint64) {
	g2 := make([]float64, 3*numInputs) // AdaGrad accumulators
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := examples[i]
			p := m.predict(ex.feats)
			for k := range p {
				grad := p[k]
				if k == ex.y {
					grad--
				}
				grad *= ex.w
				for _, f := range ex.feats {
					j := 3*int(f.idx) + k
					g := grad * float64(f.val)
					if f.idx >= numDense {
						// Only hashed features are regularised: the few
						// rule features generalise and need their full
						// weight.
						g += opt.L2 * float64(m.w[j])
					}
					g2[j] += g * g
					m.w[j] -= float32(opt.LearningRate * g / (math.Sqrt(g2[j]) + 1e-8))
				}
			}
			for _, f := range ex.feats {
				if f.idx >= numDense {
					break
				}
				if s := denseSign(int(f.idx)); s != signFree {
					projectOrdinal(m.w[3*f.idx:3*f.idx+3], s)
				}
			}
		}
	}
}

// projectOrdinal projects the weights (negative, neutral, positive) of a
// rule feature onto what denseSign allows: for signPositive the ordered
// ones, w_neg ≤ w_neu ≤ w_pos (pool-adjacent-violators on three values),
// for signNegative the reverse; for signEitherWay equal weights for the
// two poles.
func projectOrdinal(w []float32, s int) {
	if s == signEitherWay {
		w[0] = (w[0] + w[2]) / 2
		w[2] = w[0]
		return
	}
	v := [3]float32{w[0], w[1], w[2]}
	if s == signNegative {
		v[0], v[2] = v[2], v[0]
	}
	if v[0] > v[1] {
		m := (v[0] + v[1]) / 2
		v[0], v[1] = m, m
		if m > v[2] {
			m = (2*m + v[2]) / 3
			v = [3]float32{m, m, m}
		}
	} else if v[1] > v[2] {
		m := (v[1] + v[2]) / 2
		v[1], v[2] = m, m
		if v[0] > m {
			m = (v[0] + 2*m) / 3
			v = [3]float32{m, m, m}
		}
	}
	if s == signNegative {
		v[0], v[2] = v[2], v[0]
	}
	copy(w, v[:])
}

type example struct {
	feats []feature
	y     int
	w     float64 // weight of the example's gradient
}

func labelIndex(label string) int {
	for i, l := range labels {
		if l == label {
			return i
		}
	}
	return -1
}
