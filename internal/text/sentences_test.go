package text

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBreakMarks compares sentenceBreak, clauseBreak and quoteMark, which
// test bytes, with strings.ContainsAny on their marks, on gaps drawn from
// the marks, spaces, letters, other non-ASCII runes and broken UTF-8.
func TestBreakMarks(t *testing.T) {
	t.Parallel()
	pieces := []string{" ", "  ", "a", "é", "\u00a0", "—", "«", "»", "“", "”", "‘", "’", "…", "！", "？", "\"", "'",
		".", ",", ";", ":", "!", "?", "\n", "(", ")", "[", "]", "-", "\xe2", "\x80", "\xc2", "🙂", "\t"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		g := b.String()
		if got, want := sentenceBreak(g), strings.ContainsAny(g, sentenceMarks); got != want {
			t.Fatalf("sentenceBreak(%q) = %v, want %v", g, got, want)
		}
		if got, want := clauseBreak(g), strings.ContainsAny(g, clauseMarks); got != want {
			t.Fatalf("clauseBreak(%q) = %v, want %v", g, got, want)
		}
		if got, want := quoteMark(g), strings.ContainsAny(g, quoteMarks); got != want {
			t.Fatalf("quoteMark(%q) = %v, want %v", g, got, want)
		}
	}
	// Every ASCII byte, alone and among spaces (clauseBreak's table).
	for c := range utf8.RuneSelf {
		for _, g := range []string{string(rune(c)), " " + string(rune(c)), string(rune(c)) + "  ", " a" + string(rune(c))} {
			if got, want := clauseBreak(g), strings.ContainsAny(g, clauseMarks); got != want {
				t.Fatalf("clauseBreak(%q) = %v, want %v", g, got, want)
			}
		}
	}
}
