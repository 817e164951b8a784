package text

import (
	_ "embed"
	"fmt"
)

//go:embed data/lang_words.tsv
var langWordsTSV string

//go:embed data/lang_short.tsv
var langShortTSV string

//go:embed data/eld.bin
var eldTable string

// Engine holds the read-only tables (language n-grams, sentiment lexicons
// and model) parsed from the data embedded in the binary. Build one with
// NewEngine and share it: it is safe for concurrent use. Parsing takes about
// a tenth of a second on two idle cores and 54 MB, so do it once per
// process, not per post.
type Engine struct {
	lang  *langModel
	senti *sentimentModel
}

// NewEngine parses the embedded tables.
func NewEngine() (*Engine, error) {
	return NewEngineWithSentimentModel(sentimentLR)
}

// NewEngineWithSentimentModel is NewEngine with another sentiment model than
// the embedded one (as returned by TrainSentiment), for training tools; an
// empty model means the rules alone decide.
//
// The language tables are built on another goroutine while the sentiment
// tables are: they share nothing, and a process that analyses posts waits
// for both before its first post.
func NewEngineWithSentimentModel(model []byte) (*Engine, error) {
	type built struct {
		lm  *langModel
		err error
	}
	lang := make(chan built, 1)
	go func() {
		lm, err := parseLangModel(eldTable)
		if err == nil {
			if err = lm.addWords(namedTSV{"lang_words.tsv", langWordsTSV}, namedTSV{"lang_short.tsv", langShortTSV}); err != nil {
				err = fmt.Errorf("text: %w", err)
			}
		}
		lang <- built{lm, err}
	}()
	sm, serr := newSentimentModel(model)
	lt := <-lang
	switch {
	case lt.err != nil:
		return nil, lt.err
	case serr != nil:
		return nil, fmt.Errorf("text: sentiment tables: %w", serr)
	}
	return &Engine{lang: lt.lm, senti: sm}, nil
}

// NewAnalyzer returns an Analyzer with its own scratch space. An Analyzer is
// not safe for concurrent use: give each goroutine its own.
func (e *Engine) NewAnalyzer() *Analyzer {
	return &Analyzer{engine: e}
}

// NewAnalyzer is NewEngine followed by Engine.NewAnalyzer, for programs that
// analyse from a single goroutine.
func NewAnalyzer() (*Analyzer, error) {
	e, err := NewEngine()
	if err != nil {
		return nil, err
	}
	return e.NewAnalyzer(), nil
}

// Analyzer analyses posts, one at a time or in batches, reusing its
// scratch space.
type Analyzer struct {
	engine *Engine
	toks   []Token
	stage  []stagedPost
	lang   langScratch
}

// Analysis is what Analyze finds in a post.
type Analysis struct {
	// Lang is an ISO 639-1 code, or Und when the post has too little text
	// to tell. A hint is returned normalised ("fr-CA" → "fr").
	Lang string
	// LangConfidence is in [0,1]: 1 when the language was given as a
	// hint, at most maxDetectedConfidence when it was detected, so that
	// the store can tell a hint from a sure detection.
	LangConfidence float64
	Sentiment      Sentiment
	Entities       Entities
}

// Sentiment is the polarity of a post.
type Sentiment struct {
	Label string  `json:"label"` // "positive", "negative" or "neutral"
	Score float64 `json:"score"` // in [-1,1]: > 0 for positive, < 0 for negative, either for neutral
}

// Entities are the things a post points at, in order of appearance,
// without duplicates. Hashtags, mentions and cashtags are folded and
// without their sigil (mentions keep repeated letters: they are handles); URLs are normalised (NormalizeURL); emoji are
// without skin tones, variation selectors or gender signs (foldEmoji).
type Entities struct {
	Hashtags []string `json:"hashtags"`
	Mentions []string `json:"mentions"`
	URLs     []string `json:"urls"`
	Emoji    []string `json:"emoji"`
	Cashtags []string `json:"cashtags"`
}

// maxDetectedConfidence bounds a detected language's confidence: 1 means
// a hint.
const maxDetectedConfidence = 0.999

// Analyze tokenizes s once and derives its language, sentiment and
// entities. A langHint that names a language (NormalizeLang: "fr", "fr-CA",
// "fra") is trusted as the language and selects the sentiment rules; any
// other ("", "und", "English") leaves the language to be detected.
func (a *Analyzer) Analyze(s, langHint string) Analysis {
	var res [1]Analysis
	a.AnalyzeBatch([]string{s}, []string{langHint}, res[:])
	return res[0]
}

// stagePosts is how many posts AnalyzeBatch takes through each stage at a
// time: enough that a stage's code stays in the instruction cache from one
// post to the next, few enough that their tokens and scratch stay in the
// core's L2 cache. In cachegrind's model (scripts/text/cachegrind.sh),
// before the PGO profile was taken again, a post missed the instruction
// cache 177 times in stages of 16 posts, 128 in stages of 32 and 102 in
// stages of 64, and stages of 64 cost 5 more last-level data misses than
// stages of 32. With the profile taken again, stages of 32 miss the
// instruction cache 102 times a post (docs/text.md, "Speed").
// stageBytes ends a stage's posts early: a long post gains nothing from
// company, and 32 of them would hold 32 posts' tokens and scratch at once.
// A slot of the stage that grew past keptTokens for a long post lets its
// room go afterwards.
const (
	stagePosts = 32
	stageBytes = 64 << 10
	keptTokens = 4096
)

// AnalyzeBatch is Analyze of posts[i] with langHints[i] into out[i], for
// every i; langHints is nil when no language is given, else as long as
// posts, and so is out (it panics otherwise). It runs each stage (tokens,
// language, sentiment rules, sentiment model and entities) over a few
// posts before the next stage, not each post through all stages: the
// stages' code is more than the instruction cache holds.
func (a *Analyzer) AnalyzeBatch(posts, langHints []string, out []Analysis) {
	if len(out) != len(posts) || langHints != nil && len(langHints) != len(posts) {
		panic(fmt.Sprintf("text: AnalyzeBatch of %d posts with %d language hints and %d results", len(posts), len(langHints), len(out)))
	}
	for lo := 0; lo < len(posts); {
		n, size := 0, 0
		for lo+n < len(posts) && n < stagePosts && (n == 0 || size+len(posts[lo+n]) <= stageBytes) {
			size += len(posts[lo+n])
			n++
		}
		if len(a.stage) < n {
			a.stage = append(a.stage, make([]stagedPost, n-len(a.stage))...)
		}
		st, res := a.stage[:n], out[lo:lo+n]
		for i := range st {
			st[i].text = unescapePost(posts[lo+i])
			st[i].toks = AppendTokens(st[i].toks[:0], st[i].text)
		}
		for i := range st {
			hint := ""
			if langHints != nil {
				hint = NormalizeLang(langHints[lo+i])
			}
			if hint != "" {
				res[i].Lang, res[i].LangConfidence = hint, 1
				st[i].lang = hint
			} else {
				lang, conf := a.engine.detect(&a.lang, st[i].text, st[i].toks)
				res[i].Lang, res[i].LangConfidence = lang, min(conf, maxDetectedConfidence)
				st[i].lang = sentimentLang(lang, conf)
			}
		}
		// The rules' passes, each over the stage's posts (sentimentModel.rules).
		for i := range st {
			a.engine.senti.ruleWords(&st[i].senti, st[i].text, st[i].toks, st[i].lang)
		}
		for i := range st {
			a.engine.senti.ruleTokens(&st[i].senti, st[i].text, st[i].toks, st[i].lang)
		}
		for i := range st {
			st[i].rules = a.engine.senti.rulePost(&st[i].senti, st[i].text, st[i].toks, st[i].lang)
		}
		for i := range st {
			res[i].Sentiment = a.engine.senti.conclude(&st[i].senti, &st[i].rules, st[i].toks, st[i].lang)
			res[i].Entities = entities(st[i].toks) // while the tokens are in the cache
			// Tokens hold substrings of the post; dropping them lets it
			// be collected when the Analyzer lives longer than the post.
			clear(st[i].toks)
			st[i].text = ""
			if cap(st[i].toks) > keptTokens {
				st[i] = stagedPost{}
			}
		}
		lo += n
	}
}

// unsureLangConfidence is the confidence under which a detected language
// other than French or English does not decide how the sentiment reads a
// post: a short post such as "Scandaleux !" (it at 0.13) or "I hate
// pizza." (it at 0.21) lost its words' valences, which the rules know only
// in those two. Read as Und, with both lexicons, 71 of the 76 French and
// English posts of the shared files and the language test sets that get
// another language agree with their reading in their own language, against
// 61; of the 1,080 posts in other languages, 2 change ("pinta bien eh",
// "adoro esta série" become positive). 0.3 is the confidence of a language
// that function words decided (wordVoteConfidence), which stays.
const unsureLangConfidence = 0.3

// sentimentLang returns the language the sentiment reads a post in whose
// detected language is lang at confidence conf: lang, or Und when the
// detector is unsure of a language other than French or English.
func sentimentLang(lang string, conf float64) string {
	if conf < unsureLangConfidence && lang != "fr" && lang != "en" {
		return Und
	}
	return lang
}

// detect is the language table's answer for a tokenized post, which the
// lexicons may correct between French and English (lexiconLang) when the
// table is unsure or the post is one word.
func (e *Engine) detect(sc *langScratch, s string, toks []Token) (string, float64) {
	lang, conf := e.lang.detect(sc, s, toks)
	if (lang == "fr" || lang == "en") && (conf < unsureLangConfidence || !atLeastTwoWords(toks)) {
		if l := e.senti.lexiconLang(toks); l != "" && l != lang {
			return l, wordVoteConfidence
		}
	}
	return lang, conf
}

// stagedPost is a post between the stages of AnalyzeBatch.
type stagedPost struct {
	lang  string // the language the sentiment reads it in (sentimentLang)
	text  string
	toks  []Token
	senti sentimentScratch // the rules' work, which the model reads
	rules ruleResult
}

// Tokens returns the tokens of the post s as its analysis reads them
// (AppendPostTokens) in the Analyzer's scratch slice, valid until the
// next call on a.
func (a *Analyzer) Tokens(s string) []Token {
	a.toks = AppendPostTokens(a.toks[:0], s)
	return a.toks
}

// entities collects the entities of a token slice. Its lists share one
// allocation, sized by a first count; a kind the post lacks stays nil.
func entities(toks []Token) Entities {
	var n [Emoticon + 1]int
	total := 0
	for i := range toks {
		switch k := toks[i].Kind; k {
		case Hashtag, Mention, URL, Emoji, Cashtag:
			n[k]++
			total++
		}
	}
	var e Entities
	if total == 0 {
		return e
	}
	all := make([]string, 0, total)
	carve := func(k TokenKind) []string {
		if n[k] == 0 {
			return nil
		}
		list := all[len(all) : len(all) : len(all)+n[k]]
		all = all[:len(all)+n[k]]
		return list
	}
	e.Hashtags, e.Mentions, e.URLs, e.Emoji, e.Cashtags = carve(Hashtag), carve(Mention), carve(URL), carve(Emoji), carve(Cashtag)
	var u unique
	if total > uniqueScanMax {
		u.seen = make(map[entityKey]struct{}, total)
	}
	for i := range toks {
		switch t := &toks[i]; t.Kind {
		case Hashtag:
			e.Hashtags = u.append(e.Hashtags, Hashtag, t.Text)
		case Mention:
			// The exact handle: Fold would squeeze "@aaaron" to "aron".
			e.Mentions = u.append(e.Mentions, Mention, foldChars(sigilBody(t.Raw)))
		case URL:
			e.URLs = u.append(e.URLs, URL, t.Text)
		case Emoji:
			e.Emoji = u.append(e.Emoji, Emoji, t.Text)
		case Cashtag:
			e.Cashtags = u.append(e.Cashtags, Cashtag, t.Text)
		}
	}
	return e
}

// uniqueScanMax is how many entities a post may hold before unique keeps
// a set: scanning the list for each one costs n², 0.3 s for the 20,000
// hashtags of a post of 128 KiB.
const uniqueScanMax = 32

// unique appends an entity to its list unless the list holds it.
type unique struct{ seen map[entityKey]struct{} } // nil: scan the list

type entityKey struct {
	kind TokenKind
	text string
}

func (u *unique) append(list []string, kind TokenKind, s string) []string {
	if u.seen != nil {
		k := entityKey{kind, s}
		if _, dup := u.seen[k]; dup {
			return list
		}
		u.seen[k] = struct{}{}
		return append(list, s)
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
