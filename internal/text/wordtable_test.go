package text

import (
	"fmt"
	"strings"
	"testing"
)

func TestWordTable(t *testing.T) {
	t.Parallel()
	words := []string{""}
	for i := range 5000 {
		words = append(words, fmt.Sprint("mot", i), fmt.Sprint("word", i, "é"))
	}
	x, err := newWordTable(words)
	if err != nil {
		t.Fatal(err)
	}
	for e, w := range words[1:] {
		if got := x.lookup(w); got != int32(e+1) {
			t.Errorf("lookup(%q) = %d, want %d", w, got, e+1)
		}
	}
	for _, w := range []string{"", "mot", "mot5000", "word1", "Mot1", "mot1 ", "mot12345"} {
		if got := x.lookup(w); got != 0 {
			t.Errorf("lookup(%q) = %d, want 0", w, got)
		}
	}
	if _, err := newWordTable([]string{"", strings.Repeat("a", 256)}); err == nil {
		t.Error("a word of 256 bytes was accepted")
	}
}

// TestWordTableHoldsTheLexicons checks that every word the rules know is
// found with its own entry, and that a word none knows has entry 0.
func TestWordTableHoldsTheLexicons(t *testing.T) {
	t.Parallel()
	m := testEngine(t).senti
	n := 0
	for _, lex := range []map[string]float64{m.en, m.fr, m.afinn, m.afinnFR} {
		for w := range lex {
			e := m.words.lookup(w)
			if e == 0 {
				t.Fatalf("%q is not in the word table", w)
			}
			if sp := m.words.spans[e]; m.words.words[sp>>8:sp>>8+sp&0xff] != w {
				t.Fatalf("%q found at the entry of another word", w)
			}
			n++
		}
	}
	for w, r := range m.roles {
		if e := m.words.lookup(w); m.infos[e].role != r {
			t.Errorf("role of %q: %b, want %b", w, m.infos[e].role, r)
		}
	}
	if e := m.words.lookup("xqzzyv"); e != 0 {
		t.Errorf("an unknown word has entry %d", e)
	}
	if n < 10000 {
		t.Errorf("only %d lexicon words checked", n)
	}
}
