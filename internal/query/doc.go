// Package query is the boolean query language of Parvis, shared by social
// listening (topics) and moderation rules, and the matcher that runs many
// queries against a stream of items.
//
// A query is parsed (Parse) into a tree of Expr nodes, printed back in a
// canonical form (Print), and checked for queries that can never match or
// that match almost everything (Lint, CanMatch). Eval is the reference
// semantics: a direct interpretation of the tree against one Doc. A
// Matcher compiles many queries once, indexes them by the terms they
// require, and matches each Doc against only the few queries it could
// satisfy. The language is described in docs/query.md.
package query

import (
	"strings"

	"github.com/parvis/parvis/internal/text"
)

// Doc is what a query is matched against: the tokens of an item's text
// and the attributes field filters look at. The ingest pipeline builds it
// from its item; NewDoc tokenises a text for the simple cases.
type Doc struct {
	// Tokens come from text.Tokenize of the item's text; their indexes
	// are the positions used by phrases and NEAR.
	Tokens []text.Token

	Lang      string // language code: "fr", "en", "fr-CA"
	Network   string // "bluesky", "mastodon", …
	Author    string // the author's handle, with or without '@'
	Source    string // the name of the source or channel
	Kind      string // "post", "reply", … (model.ItemKind)
	Sentiment string // "positive", "negative", "neutral", "mixed"
	// URLs are the item's links (its own URL, links in its entities). The
	// links found in Tokens are looked at too.
	URLs []string
	// Followers is the author's follower count, valid when FollowersKnown.
	// A followers: filter never matches an item whose count is unknown.
	Followers      int64
	FollowersKnown bool
}

// NewDoc returns a Doc holding the tokens of the post s and no attributes.
func NewDoc(s string) *Doc {
	return &Doc{Tokens: text.AppendPostTokens(nil, s)}
}

// Eval reports whether d matches e. It interprets the tree directly and
// tokenises the query's terms on every call: it is the reference the
// Matcher is tested against, and fine for one query on a few items. Use a
// Matcher for many queries or many items.
func Eval(e Expr, d *Doc) bool {
	switch e := e.(type) {
	case *Term, *Phrase:
		return len(occurrences(e, d)) > 0
	case *Near:
		as, bs := occurrences(e.A, d), occurrences(e.B, d)
		for _, a := range as {
			for _, b := range bs {
				if within(a, b, e.Distance) {
					return true
				}
			}
		}
		return false
	case *Field:
		return evalField(e, d)
	case *Not:
		return !Eval(e.Arg, d)
	case *And:
		for _, a := range e.Args {
			if !Eval(a, d) {
				return false
			}
		}
		return true
	case *Or:
		for _, a := range e.Args {
			if Eval(a, d) {
				return true
			}
		}
		return false
	}
	return false
}

// span is an occurrence of a term or phrase: token positions first..last.
type occurrence struct{ first, last int }

// within reports whether two occurrences do not overlap and have at most
// n tokens between them, in either order.
func within(a, b occurrence, n int) bool {
	switch {
	case a.last < b.first:
		return b.first-a.last-1 <= n
	case b.last < a.first:
		return a.first-b.last-1 <= n
	}
	return false
}

// occurrences lists where the term or phrase e occurs in d.
func occurrences(e Expr, d *Doc) []occurrence {
	keys, msg := operandKeys(e)
	if msg != "" {
		return nil
	}
	kind, prefix := Word, false
	if t, ok := e.(*Term); ok {
		kind, prefix = t.Kind, t.Prefix
	}
	var occ []occurrence
	for i := 0; i+len(keys) <= len(d.Tokens); i++ {
		ok := true
		for k, key := range keys {
			if !tokenMatches(&d.Tokens[i+k], kind, key, prefix) {
				ok = false
				break
			}
		}
		if ok {
			occ = append(occ, occurrence{i, i + len(keys) - 1})
		}
	}
	return occ
}

// tokenMatches is the rule of the language for one token: a word matches
// any token by its folded text (an elongated word by its two-letter form
// too: "good" matches « goooood »), a hashtag by its parts too and a mention
// by the words of its handle's name ("sncf" matches @SNCF_Voyageurs);
// #tag only hashtags, @handle only mentions.
func tokenMatches(t *text.Token, kind TermKind, key string, prefix bool) bool {
	eq := func(s string) bool {
		if prefix {
			return strings.HasPrefix(s, key)
		}
		return s == key
	}
	switch kind {
	case Hashtag:
		return t.Kind == text.Hashtag && eq(t.Text)
	case Mention:
		return t.Kind == text.Mention && eq(t.Text)
	}
	if eq(t.Text) {
		return true
	}
	if w := text.ElongatedForm(t); w != "" && eq(w) {
		return true
	}
	if t.Kind == text.Hashtag {
		for _, p := range t.Parts {
			if eq(p) {
				return true
			}
		}
	}
	if t.Kind == text.Mention {
		for w := range handleWords(t.Text) {
			if eq(w) {
				return true
			}
		}
	}
	return false
}

func evalField(f *Field, d *Doc) bool {
	switch f.Name {
	case FieldLang:
		return d.Lang != "" && langMatches(normLang(d.Lang), normLang(f.Value))
	case FieldNetwork:
		return normName(d.Network) == normName(f.Value)
	case FieldAuthor:
		return d.Author != "" && normHandle(d.Author) == normHandle(f.Value)
	case FieldSource:
		return normName(d.Source) == normName(f.Value)
	case FieldKind:
		return normName(d.Kind) == normName(f.Value)
	case FieldSentiment:
		return normName(d.Sentiment) == normName(f.Value)
	case FieldURL:
		want := normURL(f.Value)
		for _, u := range d.URLs {
			if urlMatches(normURL(u), want) {
				return true
			}
		}
		for i := range d.Tokens {
			if d.Tokens[i].Kind == text.URL && urlMatches(normURL(d.Tokens[i].Text), want) {
				return true
			}
		}
		return false
	case FieldFollowers:
		return d.FollowersKnown && f.Op.holds(d.Followers, f.Number)
	}
	return false
}
