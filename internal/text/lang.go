package text

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
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
	// index maps an n-gram's hash to its span in pairs, which holds
	// (lang, score) pairs as lang | (score+baseNgramScore)<<langBits.
	index ngramIndex
	pairs []uint16
	// words holds function words that give a language away, for posts
	// too short for the n-grams (wordVote).
	words map[string]int
	// ja, ko, zh, th, es, pt index those languages (wordVote).
	ja, ko, zh, th, es, pt int
	// known has a bit for every letter below latinTop that some n-gram
	// of the table holds: a post written with letters none of its
	// languages uses is in a language it does not know.
	known []uint64
}

// A post is Und when at least unknownLettersMin of its letters, and at
// least 1/unknownLettersShare of them, are letters no language of the
// table uses: Esperanto's ĉ ĝ ĥ ĵ ŝ ŭ, Maltese ħ, Welsh ŵ, Azerbaijani ə,
// or scripts such as Tibetan (eld knows none of these languages). A
// foreign name inside a French or English post does not reach the share.
// Only letters below U+1F00 (Latin, Greek, Cyrillic… up to Latin Extended
// Additional) count: Korean emoticons such as ㅠㅠ or ㅋㅋ are jamo of
// U+3130–U+318F that the table lacks, and common in English fan posts.
// Chosen on the development buckets of the Debian fortunes and the
// shared tweets (docs/text.md).
const (
	unknownLettersMin   = 1
	unknownLettersShare = 50
)

// latinTop bounds the letters tracked (Latin Extended Additional ends at
// U+1EFF).
const latinTop = 0x1F00

func (m *langModel) knownLetter(r rune) bool {
	return r < 0x80 || r >= latinTop || m.known[r>>6]&(1<<(r&63)) != 0
}

// langAvgRatio decides when a post is Und: its best score (scaled to
// [0,1]) must reach this share of the language's typical score. eld uses
// 0.75 and also means to ask for a gap of 0.01 over the runner-up, but
// its code compares the best score with the runner-up's language index,
// so the gap is never applied; a gap measured properly (0.005) turned 4 %
// of the Russian fortunes into Und (Ukrainian and Bulgarian score close)
// for little else. The ratio keeps posts in languages the table lacks
// from being given a near one: Esperanto fortunes given one of the six
// common languages are 56 % at 0.7, 36 % at 0.8, 22 % at 0.85; going
// from 0.7 to 0.8 costs 0–0.25 point on the six (1.4 on Polish), to 0.85
// twice that. Chosen on the development buckets of the Debian fortunes
// and the shared tweets (docs/text.md).
const langAvgRatio = 0.8

// langPrior is added to the scaled score of the languages most posts are
// written in on the networks Parvis reads (its own two, then the largest
// European ones). Close relatives often score within a hair of each other
// on a short post (Spanish and Catalan or Galician, Portuguese and
// Spanish): without a prior such a post goes to the rarer language about
// as often as to the common one. Chosen on the same development buckets;
// it ranks languages only, the reliability test uses the plain score.
const langPrior = 0.02

// langShortPrior adds to langPrior, divided by the n-grams the table
// knows in the post: the thinner the evidence, the more the languages
// most posts are written in weigh. Four or five n-grams of two English
// words can score a hair higher in Tagalog, whose posts borrow English
// words ("concert tonight" was tl; "happy birthday" still is), while a
// tweet's twenty n-grams add a quarter of langPrior. On two-word windows cut from
// the development buckets of the Debian fortunes and the shared tweets,
// 0.1 halved the six languages' answers of another language (2.0 % →
// 1.0 %; three words 1.2 % → 0.6 %) and cost the other languages at most
// a point (Polish 0.9 with three words, Czech 0.3); 0.2 cost Polish and
// Czech twice that for a quarter point more on the six (docs/text.md).
const langShortPrior = 0.1

var priorLangs = []string{"fr", "en", "es", "de", "it", "pt"}

// baseNgramScore is added to every stored score (eld subtracts it to keep
// its table small).
const baseNgramScore = 53

// langBits is the bits of a language in a pair (langModel.pairs): up to
// 64 languages (eld's table has 60), so that a score with its
// baseNgramScore (up to 255+53) fits in the other 10.
const langBits = 6

func parseLangModel(b string) (*langModel, error) {
	bad := errors.New("text: corrupt language table")
	if len(b) < 9 || b[:4] != "ELD1" {
		return nil, bad
	}
	n := int(b[4])
	if n > 1<<langBits {
		return nil, fmt.Errorf("text: %d languages in the language table, at most %d", n, 1<<langBits)
	}
	p := 5
	m := &langModel{}
	for i := 0; i < n; i++ {
		if p+4 > len(b) {
			return nil, bad
		}
		m.codes = append(m.codes, b[p:p+2])
		m.avg = append(m.avg, float64(uint16(b[p+2])|uint16(b[p+3])<<8)/1000)
		p += 4
	}
	if p+4 > len(b) {
		return nil, bad
	}
	count := int(binary.LittleEndian.Uint32([]byte(b[p : p+4])))
	p += 4
	// Each n-gram takes at least two bytes: a count beyond that is
	// corrupt, and is refused before it sizes the table.
	if count > (len(b)-p)/2 {
		return nil, bad
	}
	m.index = newNgramIndex(count)
	m.known = make([]uint64, latinTop/64)
	m.pairs = make([]uint16, 0, (len(b)-p)/2)
	for i := 0; i < count; i++ {
		if p >= len(b) {
			return nil, bad
		}
		kl := int(b[p])
		if p+1+kl >= len(b) {
			return nil, bad
		}
		key := b[p+1 : p+1+kl]
		for _, r := range key {
			if r < latinTop {
				m.known[r>>6] |= 1 << (r & 63)
			}
		}
		p += 1 + kl
		np := int(b[p])
		p++
		if p+2*np > len(b) {
			return nil, bad
		}
		if uint64(len(m.pairs)) >= 1<<32 || !m.index.insert(ngramHash(key), newNgramSpan(len(m.pairs), np)) {
			return nil, bad // two keys alike
		}
		for k := p; k < p+2*np; k += 2 {
			if int(b[k]) >= n {
				return nil, bad
			}
			m.pairs = append(m.pairs, uint16(b[k])|(uint16(b[k+1])+baseNgramScore)<<langBits)
		}
		p += 2 * np
	}
	m.prior = make([]float64, n)
	for i, c := range m.codes {
		if slices.Contains(priorLangs, c) {
			m.prior[i] = langPrior
		}
	}
	return m, nil
}

// langScratch is per-Analyzer space reused across posts.
type langScratch struct {
	word   []byte
	hashes []uint64    // of the post's n-grams, in order, then each once (distinct)
	warmed uint64      // what touching the tables read (see warm)
	spans  []ngramSpan // of the n-grams in the table
	seen   []uint64    // distinct's set of hashes
	// scores sums each language's n-gram scores, as integers: exact, as
	// eld's float sums of integers are. A language is langBits bits of a
	// pair, so that indexing needs no bounds check; the first len(codes)
	// are used.
	scores [256]uint32
}

// maxLangBytes bounds the text looked at, as eld does: words are read
// until their bytes (and a space each) pass it. The first few sentences
// of a post say its language as well as all of it.
const maxLangBytes = 350

// maxWordBytes is where eld stops cutting a word into n-grams; its last
// n-gram still runs to the end of the word.
const maxWordBytes = 70

// detect returns the language of the words of a tokenized post and a
// confidence in [0,1], or Und and 0.
func (m *langModel) detect(sc *langScratch, s string, toks []Token) (string, float64) {
	sc.spans, sc.hashes = sc.spans[:0], sc.hashes[:0]
	letters, unknownLetters, read := 0, 0, 0
	words := 0 // words cut into n-grams, as the table reads them
tokens:
	for i := 0; i < len(toks) && read <= maxLangBytes; i++ {
		t := &toks[i]
		if t.Kind != Word {
			continue
		}
		// A French elision is one word for the table ("l'amour").
		first, end, ascii := i, t.End, t.asciiWord
		for i+1 < len(toks) && toks[i+1].Kind == Word && toks[i+1].Start == end {
			i++
			end, ascii = toks[i].End, ascii && toks[i].asciiWord
		}
		if ascii {
			// ASCII letters and apostrophes, most words of most posts:
			// their lower case at once, as the loop below would read it.
			letters += end - t.Start // every ASCII letter is known; apostrophes count, as below
			if w := t.Text; first == i && len(w) == len(t.Raw) && len(w) <= maxWordBytes {
				// A word alone, its lower case at hand: its n-grams'
				// keys are packed from it, without copying it.
				read += len(w) + 1
				sc.hashes = appendWordNgrams(sc.hashes, w)
				words++
				continue
			}
			sc.word = append(sc.word[:0], ' ')
			for k := first; k <= i; k++ {
				if p := &toks[k]; len(p.Text) == len(p.Raw) {
					sc.word = append(sc.word, p.Text...)
				} else {
					sc.word = appendLowerASCII(sc.word, p.Raw)
				}
			}
			sc.word = append(sc.word, ' ')
			read += len(sc.word) - 1
			m.wordNgrams(sc)
			words++
			continue
		}
		// eld drops codes such as "mp3" or "2nd" entirely: what a word
		// with a digit gave is taken back when the digit comes.
		hashesBefore, readBefore, lettersBefore, unknownBefore, wordsBefore := len(sc.hashes), read, letters, unknownLetters, words
		// eld ends a word at anything but a letter or an apostrophe:
		// digits, and the combining marks of Devanagari, Thai, Arabic or
		// Hebrew vowels.
		sc.word = append(sc.word[:0], ' ')
		flush := func() {
			if len(sc.word) > 1 {
				read += len(sc.word)
				sc.word = append(sc.word, ' ')
				m.wordNgrams(sc)
				words++
			}
			sc.word = append(sc.word[:0], ' ')
		}
		for w, j := s[t.Start:end], 0; j < len(w); {
			if k := lowerRunEnd(w, j); k > j {
				// Lower-case ASCII letters, most of most posts: at once.
				letters += k - j // every ASCII letter is known
				sc.word = append(sc.word, w[j:k]...)
				j = k
				continue
			}
			r, size := utf8.DecodeRuneInString(w[j:])
			j += size
			if r < utf8.RuneSelf {
				// Other ASCII: no tables either.
				switch {
				case 'A' <= r && r <= 'Z':
					r += 'a' - 'A'
				case '0' <= r && r <= '9':
					sc.hashes, read, letters, unknownLetters, words = sc.hashes[:hashesBefore], readBefore, lettersBefore, unknownBefore, wordsBefore
					continue tokens
				default:
					flush()
					continue
				}
				letters++ // every ASCII letter is known
				sc.word = append(sc.word, byte(r))
				continue
			}
			if invisibleInWord(r) {
				continue // a soft hyphen inside a word: the word goes on
			}
			if unicode.IsLetter(r) || r == '’' {
				letters++
				lr := unicode.ToLower(r)
				if !m.knownLetter(lr) {
					unknownLetters++
				}
				sc.word = utf8.AppendRune(sc.word, lr)
				continue
			}
			flush()
		}
		flush()
	}
	if unknownLetters >= unknownLettersMin && unknownLetters*unknownLettersShare >= letters {
		return Und, 0
	}
	if letters < 4 {
		return m.wordVote(toks)
	}
	// Every distinct n-gram counts once, known or not. The tables are
	// large: their cache misses overlap when every slot, then every run
	// of pairs, is loaded before any is used.
	ngrams := len(sc.hashes) // before distinct
	sc.distinct()
	twoWords := false
	if len(sc.hashes) < 3 {
		// Two short words give two n-grams, each a whole word ("love
		// it", "ti amo", "à la"): when the function words do not place
		// such a post, the n-grams may, but only in one of the six
		// common languages (rarer ones win too often on so little:
		// "ti amo" is Yoruba to the table).
		// Each n-gram must be a word: a word of five to seven bytes
		// gives two as well ("lovely lovely"; "lovely mp3", whose "mp3"
		// gives none), and is left to the function words.
		if len(sc.hashes) < 2 || ngrams != words || !atLeastTwoWords(toks) {
			return m.wordVote(toks)
		}
		if lang, conf, silent := m.vote(toks); !silent {
			return lang, conf
		}
		twoWords = true
	}
	numNgrams := float64(len(sc.hashes))
	sc.warmed += m.index.warm(sc.hashes)
	for _, h := range sc.hashes {
		if span, ok := m.index.lookup(h); ok {
			sc.spans = append(sc.spans, span)
		}
	}
	for _, span := range sc.spans {
		if span.off() < span.end() {
			sc.warmed += uint64(m.pairs[span.off()])
		}
	}
	scores := sc.scores[:len(m.codes)]
	clear(scores)
	for _, span := range sc.spans {
		for _, pair := range m.pairs[span.off():span.end()] {
			sc.scores[pair&(1<<langBits-1)] += uint32(pair >> langBits)
		}
	}
	// Scores scaled to [0,1] as eld does; the ranking adds the prior of
	// the common languages, the reliability test does not.
	best := -1
	var top, next float64 // ranking scores of the best and the runner-up
	// The prior grows as the known n-grams get fewer (langShortPrior).
	priorScale := 1 + langShortPrior/(langPrior*float64(len(sc.spans)))
	for i, v := range scores {
		if v == 0 {
			continue
		}
		x := scaleLangScore(float64(v), numNgrams) + m.prior[i]*priorScale
		switch {
		case best < 0 || x > top:
			best, top, next = i, x, top
		case x > next:
			next = x
		}
	}
	if best < 0 {
		return m.wordVote(toks)
	}
	// eld's reliability test: a correct detection scores close to the
	// language's average.
	score := scaleLangScore(float64(scores[best]), numNgrams)
	if score < langAvgRatio*m.avg[best] {
		return m.wordVote(toks)
	}
	if twoWords && m.prior[best] == 0 {
		return Und, 0
	}
	if top == next {
		return Und, 0 // two languages alike: no guess ("Coca-Cola Zero")
	}
	// The confidence grows with the margin over the runner-up and with
	// the n-grams the table knows: four n-grams of a product name
	// ("iPhone 15 Pro Max") are no evidence of German.
	conf := min(score/m.avg[best], 1) * min(1, (top-next)*10) * min(1, float64(len(sc.spans))/langEvidenceNgrams)
	return m.codes[best], conf
}

// atLeastTwoWords reports whether toks hold two words apart: an
// elision ("l'été") is one, as the n-grams read it.
func atLeastTwoWords(toks []Token) bool {
	words, end := 0, -1
	for i := range toks {
		if t := &toks[i]; t.Kind == Word {
			if t.Start != end {
				if words++; words == 2 {
					return true
				}
			}
			end = t.End
		}
	}
	return false
}

// langEvidenceNgrams is how many known n-grams a detection needs for its
// full confidence: a word of five to eight letters gives two or three, a
// tweet of ten words 20 or more.
const langEvidenceNgrams = 8

// appendLowerASCII appends w, of ASCII, in lower case.
func appendLowerASCII(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// lowerRunEnd returns the end of the run of lower-case ASCII letters and
// apostrophes of w from j on.
func lowerRunEnd(w string, j int) int {
	for j < len(w) && ('a' <= w[j] && w[j] <= 'z' || w[j] == '\'') {
		j++
	}
	return j
}

// wordVoteConfidence is the confidence of a language given by its
// function words alone; wordVoteMaxWords the longest post given one so.
const (
	wordVoteConfidence = 0.3
	wordVoteMaxWords   = 6
)

// wordVote decides a post too short for the n-grams by its function words
// (data/lang_words.tsv: words that only one language's list holds) and
// the words of short posts (data/lang_short.tsv: "gracias", "tkt"): "sehr
// gut", "what time?", "trop bien", "bom dia". Laughs that one language
// writes count as its words ("jajaja", "kkkk", "rsrs"), and a post written
// only in a script that one language of the table uses is in that
// language ("谢谢", "はい", "감사"). All the words it knows must agree;
// otherwise, or when it knows none, the post stays Und.
func (m *langModel) wordVote(toks []Token) (string, float64) {
	lang, conf, _ := m.vote(toks)
	return lang, conf
}

// vote is wordVote, and reports whether it knew none of the post's words
// (silent): words of two languages, or too many words, are no silence.
func (m *langModel) vote(toks []Token) (lang string, conf float64, silent bool) {
	voted, words := -1, 0
	script, scripts := -1, true // the language of every word's script, if one
	for i := range toks {
		t := &toks[i]
		if t.Kind != Word {
			continue
		}
		if words++; words > wordVoteMaxWords {
			return Und, 0, false // a long post the n-grams could not place: a language they lack
		}
		if scripts {
			script, scripts = m.sameScript(script, m.scriptLang(t.Raw))
		}
		l, ok := m.words[t.Text]
		if !ok {
			l = m.laughLang(t.Raw)
			ok = l >= 0
		}
		switch {
		case !ok:
		case voted < 0:
			voted = l
		case voted != l:
			return Und, 0, false
		}
	}
	if voted < 0 && scripts && script >= 0 {
		voted = script
	}
	if voted < 0 {
		return Und, 0, true
	}
	return m.codes[voted], wordVoteConfidence, false
}

// scriptLang returns the language of a word written only in a script
// that one language of the table uses (kana: Japanese, Hangul: Korean,
// Thai), or in Han ideographs (Chinese, unless kana come with them: a
// Japanese reply in Han alone, "了解", reads as Chinese), or -1.
func (m *langModel) scriptLang(w string) int {
	lang := -1
	for _, r := range w {
		var l int
		switch {
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー':
			l = m.ja
		case unicode.Is(unicode.Hangul, r):
			l = m.ko
		case unicode.Is(unicode.Han, r):
			l = m.zh
		case unicode.Is(unicode.Thai, r):
			l = m.th
		default:
			return -1
		}
		var ok bool
		if lang, ok = m.sameScript(lang, l); !ok {
			return -1
		}
	}
	return lang
}

// sameScript returns the language of a post's words so far (lang, -1 for
// none yet) with one more word's (l), and false when they differ: Han
// with kana, in either order, is Japanese ("神 です", "です 神").
func (m *langModel) sameScript(lang, l int) (int, bool) {
	switch {
	case l < 0:
		return -1, false
	case lang < 0 || lang == l:
		return l, true
	case lang == m.zh && l == m.ja || lang == m.ja && l == m.zh:
		return m.ja, true
	}
	return -1, false
}

// laughLang returns the language of a laugh that only it writes so —
// Spanish "jajaja", "jejeje", Portuguese "kkkk", "rsrs" — or -1. "haha",
// "lol" and "mdr"'s like are left to the word lists (mdr is French).
func (m *langModel) laughLang(w string) int {
	if len(w) < 4 {
		return -1
	}
	allK := true
	for i := 0; i < len(w); i++ {
		if w[i]|0x20 != 'k' {
			allK = false
			break
		}
	}
	switch {
	case allK:
		return m.pt // "kkk" alone is something else
	case repeatsPair(w, "ja") || repeatsPair(w, "je"):
		return m.es
	case repeatsPair(w, "rs"):
		return m.pt
	}
	return -1
}

// repeatsPair reports whether w is the two letters p at least twice,
// maybe with one more of p's first letter ("jajaj"), in any case.
func repeatsPair(w, p string) bool {
	n := 0
	for ; n+2 <= len(w); n += 2 {
		if w[n]|0x20 != p[0] || w[n+1]|0x20 != p[1] {
			return false
		}
	}
	return n >= 4 && (n == len(w) || n+1 == len(w) && w[n]|0x20 == p[0])
}

// namedTSV is the text of an embedded file and its name, for errors.
type namedTSV struct{ name, text string }

// addWords reads lang_words.tsv and lang_short.tsv (folded word, language
// code; lines starting with # are comments). A word two lines give to
// different languages is an error.
func (m *langModel) addWords(files ...namedTSV) error {
	index := map[string]int{}
	for i, c := range m.codes {
		index[c] = i
	}
	m.words = map[string]int{}
	for _, f := range files {
		for n, line := range strings.Split(f.text, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			w, code, ok := strings.Cut(line, "\t")
			i, known := index[code]
			if !ok || !known || w != Fold(w) {
				return fmt.Errorf("%s line %d: want a folded word and a language of the table, got %q", f.name, n+1, line)
			}
			if j, dup := m.words[w]; dup && j != i {
				return fmt.Errorf("%s line %d: %q is already %s", f.name, n+1, w, m.codes[j])
			}
			m.words[w] = i
		}
	}
	for _, c := range []string{"ja", "ko", "zh", "th", "es", "pt"} {
		if _, ok := index[c]; !ok {
			return fmt.Errorf("language table lacks %s", c)
		}
	}
	m.ja, m.ko, m.zh, m.th, m.es, m.pt = index["ja"], index["ko"], index["zh"], index["th"], index["es"], index["pt"]
	return nil
}

func scaleLangScore(v, numNgrams float64) float64 {
	x := v / numNgrams
	return x / (x + 25)
}

// distinctMax bounds the hashes distinct puts in its set, well above a
// post's usual hundred or so. A set by linear probing costs up to n² on
// hashes crafted to share a cluster, and ngramHash is the key itself on
// short keys: one long token of words split by combining marks gave
// 100,000 crafted n-grams that took 1.6 s, against 17 ms to sort. So at
// most distinctMax²/2 probes, a fraction of a millisecond; a longer list
// sorts in n log n, whatever its hashes.
const distinctMax = 256

// distinct keeps each hash of sc.hashes once: an n-gram's entry in the
// table is its hash's (two entries never share a hash), so distinct
// hashes are distinct n-grams, known or not. Up to distinctMax hashes, it
// keeps the first of each, in their order, through a set cleared for
// each post (ngramHash never gives 0, its empty slot); beyond, it sorts
// them.
func (sc *langScratch) distinct() {
	if len(sc.hashes) > distinctMax {
		slices.Sort(sc.hashes)
		sc.hashes = slices.Compact(sc.hashes)
		return
	}
	size := 64
	for size < 2*len(sc.hashes) {
		size *= 2
	}
	if len(sc.seen) < size {
		sc.seen = make([]uint64, size)
	}
	set := sc.seen[:size]
	clear(set)
	shift, mask := 64-uint(bits.TrailingZeros(uint(size))), uint64(size-1)
	out := sc.hashes[:0]
hashes:
	for _, h := range sc.hashes {
		i := (h * 0x9e3779b97f4a7c15) >> shift
		for set[i] != 0 {
			if set[i] == h {
				continue hashes
			}
			i = (i + 1) & mask
		}
		set[i] = h
		out = append(out, h)
	}
	sc.hashes = out
}

// wordNgrams adds the n-grams of sc.word (" " + the word in lower case +
// " ") as eld cuts them: " " + its first 4 bytes, every 4 bytes further
// on in steps of 3 up to maxWordBytes, and the rest of the word from 4
// bytes before that point + " ": their hashes go to sc.hashes.
func (m *langModel) wordNgrams(sc *langScratch) {
	w := sc.word
	n := min(len(w)-2, maxWordBytes) // bytes of the word cut into n-grams
	add := func(key []byte) { sc.hashes = append(sc.hashes, ngramHash(key)) }
	j := 0
	for ; j+4 < n; j += 3 {
		if j == 0 {
			add(w[:5])
		} else {
			add(w[1+j : 1+j+4])
		}
	}
	if j == 0 {
		add(w)
	} else {
		add(w[1+n-4:])
	}
}

// appendWordNgrams appends the keys (ngramHash) of the n-grams that
// wordNgrams cuts from " " + w + " ", for a word w of 1 to maxWordBytes
// bytes (a token's text, never empty), packed from w itself: " " and its
// first 4 bytes, every 4 bytes further on in steps of 3, and its last 4
// bytes and " "; or the whole of " " + w + " " when w has 4 bytes or
// fewer.
func appendWordNgrams(hs []uint64, w string) []uint64 {
	n := len(w)
	if n <= 4 {
		k := uint64(n+2)<<56 | ' '<<(8*(n+1)) | ' '
		for i := 0; i < n; i++ {
			k |= uint64(w[i]) << (8 * (i + 1))
		}
		return append(hs, k)
	}
	hs = append(hs, 5<<56|uint64(load32(w, 0))<<8|' ')
	for j := 3; j+4 < n; j += 3 {
		hs = append(hs, 4<<56|uint64(load32(w, j)))
	}
	return append(hs, 5<<56|' '<<32|uint64(load32(w, n-4)))
}

// hash64 hashes a word or an n-gram, never to 0 (the empty slot of the
// tables): ngramHash's key mixed by murmur3's finaliser, a bijection, so
// that keys of 1 to 7 bytes still never share a hash. A key of 8 bytes or
// more, which ngramHash has mixed already, is mixed twice: a few
// instructions for the rare long word, fewer than a test of the length
// for every word costs (the word table builds and looks up with hash64
// alike).
func hash64[T string | []byte](b T) uint64 {
	return mix64(ngramHash(b))
}

// ngramHash is the key of an n-gram in ngramIndex, never 0. It reads the
// bytes a word at a time. A key of 1 to 7 bytes (every n-gram the
// detector cuts, of 3 to 6 bytes) goes whole into one 64-bit word, its
// length in the top byte: two such keys never share it, and it is not
// mixed, as the index's multiplicative hashing spreads them as well
// (1.43 probes for a key of the table, mixed or not). Longer keys, which
// only the table may hold, go through 8 bytes at a time and are mixed,
// and may (as with any 64-bit hash, FNV before it) be made to collide on
// purpose.
func ngramHash[T string | []byte](b T) uint64 {
	n := len(b)
	switch {
	case n > 8:
		h := uint64(n) * 0x9e3779b97f4a7c15
		for i := 0; i+8 < n; i += 8 {
			h = (h ^ load64(b, i)) * 0xbf58476d1ce4e5b9
			h ^= h >> 31
		}
		return mix64(h ^ load64(b, n-8))
	case n == 8:
		return mix64(uint64(n)*0x9e3779b97f4a7c15 ^ load64(b, 0))
	case n >= 4:
		// Two loads that overlap on the same bytes: the key, little-endian.
		return uint64(n)<<56 | uint64(load32(b, n-4))<<(8*(n-4)) | uint64(load32(b, 0))
	case n > 0:
		return uint64(n)<<56 | uint64(b[n-1])<<16 | uint64(b[n/2])<<8 | uint64(b[0])
	}
	return mix64(0)
}

// mix64 is murmur3's 64-bit finaliser, never 0.
func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return max(h, 1)
}

// load64 and load32 read 8 and 4 bytes of b from i, little-endian.
func load64[T string | []byte](b T, i int) uint64 {
	b = b[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func load32[T string | []byte](b T, i int) uint32 {
	b = b[i : i+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// ngramSpan packs the offset of an n-gram's pairs in langModel.pairs
// (32 bits) and their count (8 bits).
type ngramSpan uint64

func newNgramSpan(off, npairs int) ngramSpan {
	return ngramSpan(uint64(off)<<8 | uint64(npairs))
}

func (s ngramSpan) off() uint64 { return uint64(s) >> 8 & (1<<32 - 1) }
func (s ngramSpan) end() uint64 { return s.off() + uint64(s&0xff) }

// ngramIndex maps the 64-bit hash of an n-gram to its span: an open
// addressing table of 16 bytes a slot, half full, the span next to its
// key. A Go map of strings costs three times the memory, and its misses
// of the CPU caches were most of the detector's time: a known n-gram
// costs one miss here and one in the pairs. Two n-grams of the table
// never share a hash (parseLangModel checks). An n-gram of a post that
// is not in the table matches one of the table's 245,000 only if their
// hashes collide: about 1 in 10^14 for text nobody crafted, never for
// n-grams of up to 7 bytes (ngramHash). A long word crafted to collide
// moves its own post's confidence a little, as it could with FNV.
type ngramIndex struct {
	slots []ngramSlot
	shift uint
}

type ngramSlot struct {
	key  uint64 // 0: empty
	span ngramSpan
}

func newNgramIndex(n int) ngramIndex {
	bits := uint(1)
	for 1<<bits < 2*n {
		bits++
	}
	return ngramIndex{slots: make([]ngramSlot, 1<<bits), shift: 64 - bits}
}

func (x *ngramIndex) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> x.shift }

func (x *ngramIndex) insert(h uint64, span ngramSpan) bool {
	mask := uint64(len(x.slots) - 1)
	for i := x.slot(h); ; i = (i + 1) & mask {
		switch x.slots[i].key {
		case 0:
			x.slots[i] = ngramSlot{h, span}
			return true
		case h:
			return false
		}
	}
}

// warm loads the first slot of each hash and returns the sum of their
// keys, which the caller keeps so that the loads are not optimised away.
func (x *ngramIndex) warm(hs []uint64) uint64 {
	var sum uint64
	for _, h := range hs {
		sum += x.slots[x.slot(h)].key
	}
	return sum
}

func (x *ngramIndex) lookup(h uint64) (ngramSpan, bool) {
	mask := uint64(len(x.slots) - 1)
	for i := x.slot(h); ; i = (i + 1) & mask {
		switch sl := &x.slots[i]; sl.key {
		case h:
			return sl.span, true
		case 0:
			return 0, false
		}
	}
}
