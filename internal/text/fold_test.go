package text

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestFoldLatinMatchesGeneralPath checks the table-driven fast path against
// the Unicode tables for every letter it covers.
func TestFoldLatinMatchesGeneralPath(t *testing.T) {
	t.Parallel()
	for r := rune(0xC0); r < 0x180; r++ {
		if latinBase[r-0xC0] == 0 {
			continue
		}
		s := string(r)
		d := []rune(norm.NFD.String(s))
		want := Fold(string(d[0]))
		if got := Fold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
	for _, tt := range []struct{ in, want string }{{"Éléphant Œuvre", "elephant oeuvre"}, {"Ærø", "aero"}, {"ŁÓDŹ", "lodz"}, {"ĳ", "ij"}, {"ẞtraße’s þ ʼ‘ ıđ", "sstrasse's th '' id"},
		{"A`A don´t", "a'a don't"}, {"Ὀδός c´est", "οδοσ c'est"}, {"ΆΈΉΊΌΎΏ ϊϋ", "αεηιουω ιυ"}} {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldSqueezesLikeTokens(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"TROOOP", "goooood", "Géniaaaal", "#Looove", "@aaaron"} {
		body := w
		if w[0] == '#' || w[0] == '@' {
			body = w[1:]
		}
		ts := Tokenize(w)
		if len(ts) != 1 {
			t.Fatalf("Tokenize(%q) = %d tokens", w, len(ts))
		}
		if f := Fold(body); f != ts[0].Text {
			t.Errorf("Fold(%q) = %q, token text %q", body, f, ts[0].Text)
		}
	}
	if got := Fold("aller 1000"); got != "aller 1000" {
		t.Errorf("Fold squeezed a double letter or digits: %q", got)
	}
}

// TestFoldCharsASCII checks foldChars on ASCII text, whose short words take
// a path of their own: their lower case, at every length around that
// path's limit, and the same as the general path (appendFold) otherwise.
func TestFoldCharsASCII(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	const chars = "aZbYmM09'_-.é"
	for n := 0; n <= 40; n++ {
		for range 200 {
			b := make([]byte, 0, n)
			for len(b) < n {
				b = append(b, chars[r.IntN(len(chars)-2)]) // ASCII only
			}
			s := string(b)
			if got := foldChars(s); got != strings.ToLower(s) {
				t.Fatalf("foldChars(%q) = %q", s, got)
			}
			// With a non-ASCII letter somewhere, the general path.
			k := r.IntN(n + 1)
			s = s[:k] + "É" + s[k:]
			var want strings.Builder
			appendFold(&want, s)
			if got := foldChars(s); got != want.String() {
				t.Fatalf("foldChars(%q) = %q, want %q", s, got, want.String())
			}
		}
	}
}

// TestFoldAllocatesOnce: a folded word costs one allocation, the string
// itself, whether short and on the stack or long and in a Builder; text
// beyond Western European letters costs one more (NFKC).
func TestFoldAllocatesOnce(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
	}{{"Merci", 1}, {"Été", 1}, {"Électricitéélectricitéélectricité", 1}, {"ÉLECTRICITÉ ÉLECTRICITÉ ÉLECTRICITÉ", 1}, {"Ωmega", 2}} {
		if got := testing.AllocsPerRun(50, func() { _ = Fold(c.s) }); got != c.want {
			t.Errorf("Fold(%q): %v allocations, want %v", c.s, got, c.want)
		}
	}
}

// TestFoldGreekAsNFD: every Greek letter folds to what NFD without its
// marks gives in lower case (greekBase is a shortcut for the common ones),
// final sigma to sigma.
func TestFoldGreekAsNFD(t *testing.T) {
	for r := rune(0x370); r < 0x2000; r++ {
		if r == 0x400 {
			r = 0x1F00
		}
		if !unicode.Is(unicode.Greek, r) || !unicode.IsLetter(r) {
			continue
		}
		s := string(r)
		if strings.ContainsRune(norm.NFKC.String(s), ' ') {
			continue // ͺ: a space and a mark, which Fold drops in a word
		}
		var want strings.Builder
		for _, d := range norm.NFD.String(norm.NFKC.String(s)) {
			if !unicode.Is(unicode.Mn, d) {
				want.WriteRune(unicode.ToLower(d))
			}
		}
		w := strings.ReplaceAll(want.String(), "ς", "σ")
		if got := Fold(s); got != w {
			t.Errorf("Fold(%q U+%04X) = %q, want %q", s, r, got, w)
		}
	}
	// Modern Greek, whose words have a tonos, as cheap as without it.
	for _, w := range []string{"Οδός", "είναι", "ΐ", "κλειστή"} {
		if n, plain := testing.AllocsPerRun(100, func() { _ = Fold(w) }), testing.AllocsPerRun(100, func() { _ = Fold("οδοσ") }); n > plain {
			t.Errorf("Fold(%q): %v allocations, %v without accents", w, n, plain)
		}
	}
}
