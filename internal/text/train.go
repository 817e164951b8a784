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

// TrainOptions tune TrainSentiment. The zero value uses the settings the
// embedded model was trained with.
type TrainOptions struct {
	Epochs       int     // passes over the data (default 4)
	Seed         uint64  // shuffling seed (default 1)
	L2           float64 // weight decay per example (default 1e-4)
	LearningRate float64 // AdaGrad step (default 0.2)
}

// TrainSentiment fits the sentiment model on labelled posts and returns it
// in the format of data/sentiment_lr.bin. The rules and lexicons of e are
// used to compute features; e's own model, if any, is ignored. Training is
// deterministic for given posts and options.
func (e *Engine) TrainSentiment(posts []LabeledPost, opt TrainOptions) ([]byte, error) {
	if opt.Epochs == 0 {
		opt.Epochs = 4
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-4
	}
	if opt.LearningRate == 0 {
		opt.LearningRate = 0.2
	}
	type example struct {
		feats []feature
		y     int
	}
	var sc sentimentScratch
	var toks []Token
	examples := make([]example, 0, len(posts))
	for _, p := range posts {
		y := labelIndex(p.Label)
		if y < 0 {
			return nil, fmt.Errorf("post %s: unknown label %q", p.ID, p.Label)
		}
		toks = AppendTokens(toks[:0], p.Text)
		r := e.senti.rules(&sc, p.Text, toks, p.Lang)
		f := appendFeatures(nil, &r, toks, sc.neg, p.Lang)
		examples = append(examples, example{f, y})
	}
	if len(examples) == 0 {
		return nil, errors.New("no training posts")
	}
	m := &linearModel{}
	var g2 [3][]float64 // AdaGrad accumulators
	for k := range m.w {
		m.w[k] = make([]float32, numInputs)
		g2[k] = make([]float64, numInputs)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
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
				for _, f := range ex.feats {
					g := grad * float64(f.val)
					if f.idx >= numDense {
						// Only word features are regularised: the few rule
						// features generalise and need their full weight.
						g += opt.L2 * float64(m.w[k][f.idx])
					}
					g2[k][f.idx] += g * g
					m.w[k][f.idx] -= float32(opt.LearningRate * g / (math.Sqrt(g2[k][f.idx]) + 1e-8))
				}
			}
		}
	}
	return m.marshal(), nil
}

func labelIndex(label string) int {
	for i, l := range labels {
		if l == label {
			return i
		}
	}
	return -1
}
