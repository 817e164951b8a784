package text

import (
	"encoding/binary"
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
	x := indexedWords(t, words)
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

// TestWordTableShortWords checks that only words of fewer than 8 bytes are
// compared by their hash: an 8-byte string made to share a short word's
// hash is not that word. (hash64 mixes a short word's packed bytes once,
// and an 8-byte string's bytes, xored with a constant, twice: the twin is
// the short word's packed bytes unmixed once.)
func TestWordTableShortWords(t *testing.T) {
	t.Parallel()
	words := []string{"", "a", "mot1", "sevenby", "eightbyt", "longer word é"}
	x := indexedWords(t, words)
	for e, w := range words[1:] {
		if short := x.shorts[e+1] != 0; short != (len(w) < shortWord) {
			t.Errorf("%q (%d bytes) compared by its hash: %v", w, len(w), short)
		}
	}
	for _, w := range words[1:] {
		if len(w) >= shortWord {
			continue
		}
		var b [8]byte
		lengthMul := uint64(0x9e3779b97f4a7c15) // ngramHash's multiplier of the length
		binary.LittleEndian.PutUint64(b[:], unmix64(ngramHash(w))^8*lengthMul)
		twin := string(b[:])
		if hash64(twin) != hash64(w) {
			t.Fatalf("%q: no 8-byte twin (hash64 changed?)", w)
		}
		if got := x.lookup(twin); got != 0 {
			t.Errorf("lookup(%q), an 8-byte string with the hash of %q, = %d, want 0", twin, w, got)
		}
	}
}

// unmix64 inverts mix64 (but for its 0 made 1): murmur3's finaliser undone
// step by step, each multiplier's inverse found by Newton's iteration.
func unmix64(h uint64) uint64 {
	inverse := func(a uint64) uint64 {
		x := a // a·a ≡ 1 mod 8 for odd a: three bits right, doubled each turn
		for range 5 {
			x *= 2 - a*x
		}
		return x
	}
	h ^= h >> 33
	h *= inverse(0xc4ceb9fe1a85ec53)
	h ^= h >> 33
	h *= inverse(0xff51afd7ed558ccd)
	h ^= h >> 33
	return h
}

// indexedWords returns the word table of words, having checked that it
// finds each at its entry.
func indexedWords(t *testing.T, words []string) wordTable {
	t.Helper()
	x, err := newWordTable(words)
	if err != nil {
		t.Fatal(err)
	}
	for e, w := range words[1:] {
		if got := x.lookup(w); got != int32(e+1) {
			t.Errorf("lookup(%q) = %d, want %d", w, got, e+1)
		}
	}
	return x
}
