package query

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that its errors carry a
// position inside the input, and that accepted queries survive a round
// trip through their canonical form and can be compiled and linted.
func FuzzParse(f *testing.F) {
	for _, tc := range parseTests {
		f.Add(tc.input)
	}
	for _, tc := range semanticsTests {
		f.Add(tc.query)
	}
	m := NewMatcher[int]()
	doc := NewDoc("Grève SNCF #GreveSNCF @sncf l'avion https://example.com/blog 🔥")
	f.Fuzz(func(t *testing.T, input string) {
		e, err := Parse(input)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) error %T is not *Error", input, err)
			}
			if qe.Line < 1 || qe.Column < 1 || qe.Offset < 0 || qe.Offset > len(input) {
				t.Fatalf("Parse(%q) error position %+v outside the input", input, qe)
			}
			if utf8.ValidString(input) && qe.Column > utf8.RuneCountInString(input)+1 {
				t.Fatalf("Parse(%q) error column %d past the end", input, qe.Column)
			}
			return
		}
		printed := Print(e)
		again, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) ok but its canonical form %q fails: %v", input, printed, err)
		}
		if diff := cmp.Diff(e, again, ignorePos); diff != "" {
			t.Fatalf("round trip of %q through %q (-first +second):\n%s", input, printed, diff)
		}
		if p2 := Print(again); p2 != printed {
			t.Fatalf("canonical form is not stable: %q then %q", printed, p2)
		}
		Lint(e)
		if err := m.Add(0, e); err != nil {
			t.Fatalf("Add(%q): %v", printed, err)
		}
		if got, want := len(m.Match(doc, nil)) == 1, Eval(e, doc); got != want {
			t.Fatalf("query %q: matcher %v, Eval %v", printed, got, want)
		}
	})
}
