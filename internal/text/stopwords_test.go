package text_test

import (
	"testing"

	"github.com/parvis/parvis/internal/text"
)

func TestStopWords(t *testing.T) {
	sw := text.NewStopWords()
	for _, w := range []string{"les", "dont", "apres", "etaient", "the", "which", "their", "about"} {
		if !sw.Has(w) {
			t.Errorf("%q is not a stop word", w)
		}
	}
	// Content words stay, in either language, and so do accented forms
	// (only folded words are looked up).
	for _, w := range []string{"greve", "train", "fire", "bill", "acme", "sncf", "après", "Les"} {
		if sw.Has(w) {
			t.Errorf("%q is a stop word", w)
		}
	}
}
