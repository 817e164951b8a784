package text

import (
	"encoding/binary"
	"errors"
	"slices"
	"unicode"
	"unicode/utf8"
)

// The language detector scores word 4-grams against the n-gram table of
// the Efficient Language Detector (eld, Apache-2.0; see data/SOURCES.md),
// re-implemented here over the same features: each lower-cased word gives
// " " + its first 4 bytes, every 4 bytes further on in steps of 3, and its
// last 4 bytes + " ". Every distinct n-gram adds its per-language weight.
// Short or ambiguous posts get "und" rather than a guess.

// Und is the language code of a post with too little text to tell.
const Und = "und"

type langModel struct {
	codes []string  // index → ISO 639-1
	avg   []float64 // typical scaled score of a correct detection
	prior []float64 // added to the scaled score: see langPrior
	index map[string]int32
	// pairs[off[i]:off[i+1]] holds (lang, score) byte pairs of n-gram i.
	off   []int32
	pairs []byte
}

// langAvgRatio and langMinGap decide when a post is Und: its best score
// must reach this share of the language's typical score, and beat the
// runner-up by this much (scaled scores are in [0,1]). eld's own gap is
// 0.01; at 0.005 the development buckets of the Debian fortunes answer
// 0.65 % more Portuguese posts at the cost of 0.25 % more wrong answers
// (Spanish is the usual runner-up): posts answered beyond that are right
// about 7 times in 10, which is a guess, so the gap stops there.
const (
	langAvgRatio = 0.8
	langMinGap   = 0.005
)

// langPrior is added to the scaled score of the languages most posts are
// written in on the networks Parvis reads (its own two, then the largest
// European ones). Close relatives often score within a hair of each other
// on a short post (Spanish and Catalan or Galician, Portuguese and
// Spanish): without a prior such a post is Und, or goes to the rarer
// language about as often as to the common one. Chosen on the development
// buckets of the Debian fortunes and the shared tweets (docs/text.md):
// 0.02 turns most Spanish Und into es and costs nothing measurable on the
// others; a rare language needs a clear lead to win.
const langPrior = 0.02

var priorLangs = []string{"fr", "en", "es", "de", "it", "pt"}

// baseNgramScore is added to every stored score (eld subtracts it to keep
// its table small).
const baseNgramScore = 53

func parseLangModel(b []byte) (*langModel, error) {
	bad := errors.New("text: corrupt language table")
	if len(b) < 9 || string(b[:4]) != "ELD1" {
		return nil, bad
	}
	n := int(b[4])
	p := 5
	m := &langModel{}
	for i := 0; i < n; i++ {
		if p+4 > len(b) {
			return nil, bad
		}
		m.codes = append(m.codes, string(b[p:p+2]))
		m.avg = append(m.avg, float64(binary.LittleEndian.Uint16(b[p+2:]))/1000)
		p += 4
	}
	if p+4 > len(b) {
		return nil, bad
	}
	count := int(binary.LittleEndian.Uint32(b[p:]))
	p += 4
	// One copy of the table as a string: the map's keys are slices of
	// it, not 245,000 small allocations.
	all := string(b)
	m.index = make(map[string]int32, count)
	m.off = make([]int32, 0, count+1)
	m.pairs = make([]byte, 0, len(b)-p)
	for i := 0; i < count; i++ {
		if p >= len(b) {
			return nil, bad
		}
		kl := int(b[p])
		if p+1+kl >= len(b) {
			return nil, bad
		}
		key := all[p+1 : p+1+kl]
		p += 1 + kl
		np := int(b[p])
		p++
		if p+2*np > len(b) {
			return nil, bad
		}
		m.index[key] = int32(i)
		m.off = append(m.off, int32(len(m.pairs)))
		m.pairs = append(m.pairs, b[p:p+2*np]...)
		p += 2 * np
	}
	m.off = append(m.off, int32(len(m.pairs)))
	m.prior = make([]float64, n)
	for i, c := range m.codes {
		if slices.Contains(priorLangs, c) {
			m.prior[i] = langPrior
		}
	}
	for pair := range slices.Chunk(m.pairs, 2) {
		if int(pair[0]) >= n {
			return nil, bad
		}
	}
	return m, nil
}

// langScratch is per-Analyzer space reused across posts.
type langScratch struct {
	word    []byte
	ids     []int32
	unknown int // n-grams not in the table (not de-duplicated)
	scores  []float64
}

// maxLangBytes bounds the text looked at: the first few sentences of a
// post say its language as well as all of it.
const maxLangBytes = 360

// detect returns the language of the words of a tokenized post and a
// confidence in [0,1], or Und and 0.
func (m *langModel) detect(sc *langScratch, s string, toks []Token) (string, float64) {
	sc.ids, sc.unknown = sc.ids[:0], 0
	letters := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != Word {
			continue
		}
		if t.Start > maxLangBytes {
			break
		}
		// A French elision is one word for the table ("l'amour").
		end := t.End
		for i+1 < len(toks) && toks[i+1].Kind == Word && toks[i+1].Start == end {
			i++
			end = toks[i].End
		}
		sc.word = append(sc.word[:0], ' ')
		for _, r := range s[t.Start:end] {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' {
				continue // eld splits words on digits and marks
			}
			letters++
			sc.word = utf8.AppendRune(sc.word, unicode.ToLower(r))
		}
		if len(sc.word) > 71 {
			sc.word = sc.word[:71]
		}
		sc.word = append(sc.word, ' ')
		m.wordNgrams(sc)
	}
	if letters < 4 {
		return Und, 0
	}
	slices.Sort(sc.ids)
	sc.ids = slices.Compact(sc.ids)
	numNgrams := float64(len(sc.ids) + sc.unknown)
	if cap(sc.scores) < len(m.codes) {
		sc.scores = make([]float64, len(m.codes))
	}
	scores := sc.scores[:len(m.codes)]
	clear(scores)
	for _, id := range sc.ids {
		for pair := range slices.Chunk(m.pairs[m.off[id]:m.off[id+1]], 2) {
			scores[pair[0]] += float64(pair[1]) + baseNgramScore
		}
	}
	if numNgrams < 3 {
		return Und, 0
	}
	// Scores scaled to [0,1] as eld does, plus the prior of the common
	// languages.
	best, second := -1, -1
	var top, next float64
	for i, v := range scores {
		if v <= 0 {
			continue
		}
		x := v / numNgrams
		x = x/(x+25) + m.prior[i]
		switch {
		case best < 0 || x > top:
			best, second, top, next = i, best, x, top
		case second < 0 || x > next:
			second, next = i, x
		}
	}
	if best < 0 {
		return Und, 0
	}
	// eld's own reliability test: a correct detection scores close to the
	// language's average, and clearly above the runner-up.
	if top < langAvgRatio*m.avg[best] || top-next < langMinGap {
		return Und, 0
	}
	conf := top / m.avg[best]
	conf = min(conf, 1) * min(1, (top-next)*10)
	return m.codes[best], conf
}

// wordNgrams adds the n-gram ids of sc.word (" " + word + " ") to sc.ids
// and counts the n-grams missing from the table.
func (m *langModel) wordNgrams(sc *langScratch) {
	w := sc.word
	n := len(w) - 2 // word length without the padding spaces
	if n <= 0 {
		return
	}
	add := func(key []byte) {
		if id, ok := m.index[string(key)]; ok {
			sc.ids = append(sc.ids, id)
		} else {
			sc.unknown++
		}
	}
	j := 0
	for ; j+4 < n; j += 3 {
		if j == 0 {
			add(w[0:5])
		} else {
			add(w[1+j : 1+j+4])
		}
	}
	if j == 0 {
		add(w[0 : n+2])
	} else {
		add(w[1+n-4 : n+2])
	}
}
