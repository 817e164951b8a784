package ingest

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

// TextEnricher adds language, sentiment and entities to items with the
// shared text engine (the same code as 'parvis analyze').
type TextEnricher struct {
	pool sync.Pool
}

// NewTextEnricher returns an enricher over a text engine.
func NewTextEnricher(e *text.Engine) *TextEnricher {
	t := &TextEnricher{}
	t.pool.New = func() any { return e.NewAnalyzer() }
	return t
}

// Enrich analyses each item. Big batches are split across the cores.
func (t *TextEnricher) Enrich(items []model.Item) {
	workers := runtime.GOMAXPROCS(0)
	if len(items) < 128 || workers == 1 {
		t.enrich(items)
		return
	}
	var wg sync.WaitGroup
	chunk := (len(items) + workers - 1) / workers
	for start := 0; start < len(items); start += chunk {
		part := items[start:min(start+chunk, len(items))]
		wg.Add(1)
		go func() { defer wg.Done(); t.enrich(part) }()
	}
	wg.Wait()
}

func (t *TextEnricher) enrich(items []model.Item) {
	a := t.pool.Get().(*text.Analyzer)
	defer t.pool.Put(a)
	texts, langs := make([]string, len(items)), make([]string, len(items))
	for i := range items {
		it := &items[i]
		texts[i], langs[i] = it.Text, it.Lang
		if it.Title != "" {
			if it.Text == "" {
				texts[i] = it.Title
			} else {
				texts[i] = it.Title + "\n" + it.Text
			}
		}
		toks := a.Tokens(texts[i])
		it.SearchText = SearchText(toks)
		clear(toks) // they hold substrings of the item's text
	}
	res := make([]text.Analysis, len(items))
	a.AnalyzeBatch(texts, langs, res)
	for i := range items {
		it, r := &items[i], &res[i]
		it.Lang, it.LangConfidence = r.Lang, r.LangConfidence
		it.Sentiment = &model.Sentiment{Label: r.Sentiment.Label, Score: r.Sentiment.Score}
		e := r.Entities
		if len(e.Hashtags)+len(e.Mentions)+len(e.URLs)+len(e.Emoji)+len(e.Cashtags) > 0 {
			it.Entities = &model.Entities{Hashtags: e.Hashtags, Mentions: e.Mentions, URLs: e.URLs, Emoji: e.Emoji, Cashtags: e.Cashtags}
		} else {
			it.Entities = nil
		}
	}
}

// SearchText is the text full-text search indexes for an item: its tokens as
// the shared tokenizer folds them, with the parts of camelCase hashtags, so
// that "sncf" finds "#GreveSNCF" and "oeuvre" finds "œuvre". ASCII
// punctuation inside a token ("bob@mastodon.social", "1.000", "l'") is
// written as a space: SQLite's FTS splits there and PostgreSQL's parser
// would keep a host, an address or a decimal as one word, while both
// engines' searches split the query there (store.searchTerms).
func SearchText(toks []text.Token) string {
	var b strings.Builder
	for _, t := range toks {
		if !searched(t.Kind) {
			continue
		}
		writeSearchWord(&b, t.Text)
		for _, p := range t.Parts {
			writeSearchWord(&b, p)
		}
		if w := text.ElongatedForm(&t); w != "" {
			writeSearchWord(&b, w) // "goooood" is found by "good" too
		}
	}
	return b.String()
}

// searched reports whether the search text holds tokens of kind k: not
// links, emoji nor emoticons.
func searched(k text.TokenKind) bool {
	return k != text.URL && k != text.Emoji && k != text.Emoticon
}

// writeSearchWord writes the words of s after what b holds.
func writeSearchWord(b *strings.Builder, s string) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	writeSearchWords(b, s)
}

// ErrNoSearchWords is SearchQuery's answer to a search that holds no word
// the search text indexes: emoji, emoticons, links or punctuation alone.
// Searching for nothing would list every item.
var ErrNoSearchWords = errors.New("search holds no words (emoji, emoticons and links are not searched)")

// SearchQuery is a free-text search as the search text holds it: each of
// its words read by the shared tokenizer (folded, possessives dropped,
// escapes undone, punctuation inside a token as a space), and a word
// that ends in "*" still a prefix ("tram*"). A hashtag is its folded
// text alone ("#GreveSNCF" is "grevesncf"), which every spelling of it
// indexes; its parts are indexed for a search of one of them ("sncf").
// store.searchTerms splits the result. An empty search is "", and one of
// no words is ErrNoSearchWords.
func SearchQuery(q string) (string, error) {
	var b strings.Builder
	var toks []text.Token
	for _, w := range strings.Fields(q) {
		toks = text.AppendPostTokens(toks[:0], w)
		before := b.Len()
		for _, t := range toks {
			if searched(t.Kind) {
				writeSearchWord(&b, t.Text) // a hashtag's parts left out
			}
		}
		if b.Len() > before && strings.HasSuffix(w, "*") {
			b.WriteByte('*')
		}
	}
	if b.Len() == 0 && strings.TrimSpace(q) != "" {
		return "", ErrNoSearchWords
	}
	return strings.TrimSpace(b.String()), nil
}

// writeSearchWords writes s with its ASCII punctuation as single spaces
// between words ("l'" is "l", "1.000" is "1 000").
func writeSearchWords(b *strings.Builder, s string) {
	start, wrote := 0, false
	word := func(end int) {
		if end > start {
			if wrote {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:end])
			wrote = true
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf && c > ' ' && !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			word(i)
			start = i + 1
		}
	}
	word(len(s))
}
