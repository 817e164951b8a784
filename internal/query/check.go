package query

import (
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// check validates what the lexer cannot see: that every term and phrase
// leaves something to search once tokenised (`!!!` does not), that a
// prefix is one word of at least minPrefix characters, and that #tag and
// @handle are a hashtag and a mention for the tokenizer too.
func check(input string, e Expr) error {
	var err error
	walk(e, func(n Expr) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *Term, *Phrase:
			if _, msg := operandKeys(n); msg != "" {
				err = newError(input, n.PositionRange().Start, "%s", msg)
			}
		}
		return err == nil
	})
	return err
}

// walk calls fn on e and, while fn returns true, on its descendants.
func walk(e Expr, fn func(Expr) bool) {
	if !fn(e) {
		return
	}
	switch e := e.(type) {
	case *Near:
		walk(e.A, fn)
		walk(e.B, fn)
	case *Not:
		walk(e.Arg, fn)
	case *And:
		for _, a := range e.Args {
			walk(a, fn)
		}
	case *Or:
		for _, a := range e.Args {
			walk(a, fn)
		}
	}
}

// operandKeys returns the folded token texts that a *Term or *Phrase must
// match at consecutive positions, using the shared tokenizer so that a
// query term and a post agree on folding, elision ("l'avion" → "l'",
// "avion") and hyphens ("e-mail" → "e", "mail"). A word that tokenises
// into several tokens is therefore searched as a phrase. For hashtags and
// mentions the single key is the tag or handle without its sigil. On
// failure it returns a message for the user instead.
func operandKeys(e Expr) ([]string, string) {
	switch e := e.(type) {
	case *Phrase:
		keys := tokenTexts(text.Tokenize(e.Value))
		if len(keys) == 0 {
			return nil, "nothing to search for in phrase " + quote(e.Value)
		}
		return keys, ""
	case *Term:
		written := e.Kind.sigil() + e.Value
		if e.Prefix {
			written += "*"
		}
		toks := text.Tokenize(e.Kind.sigil() + e.Value)
		switch e.Kind {
		case Hashtag, Mention:
			want := text.Hashtag
			if e.Kind == Mention {
				want = text.Mention
			}
			if len(toks) != 1 || toks[0].Kind != want {
				return nil, "invalid " + e.Kind.String() + " " + written
			}
		default:
			if len(toks) == 0 {
				return nil, "nothing to search for in " + quote(written)
			}
			if e.Prefix && len(toks) != 1 {
				return nil, "prefix " + quote(written) + " must be a single word"
			}
		}
		if e.Prefix && utf8.RuneCountInString(toks[0].Text) < minPrefix {
			return nil, "prefix " + quote(written) + " needs at least 3 characters before '*'"
		}
		return tokenTexts(toks), ""
	}
	return nil, "not a term or phrase"
}

func tokenTexts(toks []text.Token) []string {
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.Text
	}
	return keys
}
