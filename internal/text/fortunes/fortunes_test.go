package fortunes

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/text/analyze"
)

func parseAll(t *testing.T, in string) []string {
	t.Helper()
	var got []string
	if err := Parse(strings.NewReader(in), func(s string) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestParse(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("palavra ", 60) // 480 characters
	in := "Non vorrei mai far parte di un club che accettasse tra i suoi soci uno\ncome me.\n\t\t-- Groucho Marx\n%\n" +
		"    ______ ______\n   / ____// __  /\n  / /_   / / / /\n%\n" +
		"ok\n%\n" +
		long + "\n%\n" +
		"Eu não bebo água!\n\nPeixes transam nela!\n"
	in += "\n%\n--Oba, Doutor! -- disse o paciente.\n-- Tudo bem?\nclaro que sim.\n\t\t-- Henrique de Moraes\n\t\t   (hmh), lista debian-br\n" +
		"%\nDer " + strings.Repeat("x", 400) + "\n"
	got := parseAll(t, in)
	want := []string{
		"Non vorrei mai far parte di un club che accettasse tra i suoi soci uno come me.",
		strings.TrimSpace(long[:8*35]), // cut at the last space within 280 characters
		"Eu não bebo água! Peixes transam nela!",
		// dialogue kept, the two-line author dropped
		"--Oba, Doutor! -- disse o paciente. -- Tudo bem? claro que sim.",
		// "Der xxx…" cut to "Der": too few letters once cut, skipped
	}
	if len(got) != len(want) {
		t.Fatalf("got %d fortunes %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fortune %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestParseSkipsAByteOrderMark(t *testing.T) {
	t.Parallel()
	got := parseAll(t, "\uFEFFBonjour tout le monde\n")
	if len(got) != 1 || got[0] != "Bonjour tout le monde" {
		t.Fatalf("got %q", got)
	}
}

func TestParseNamesTheBadLine(t *testing.T) {
	t.Parallel()
	err := Parse(strings.NewReader("Bonjour tout le monde\n%\nfin \xff du texte\n"), func(string) {})
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want invalid UTF-8 at line 3", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Il cervello e' un organo favoloso.\n\t-- Robert Frost\n%\nok\n")
	f.Add("%\n%\n" + strings.Repeat("é", 400) + "\n")
	f.Add(strings.Repeat("mot ", 100))
	f.Fuzz(func(t *testing.T, in string) {
		err := Parse(strings.NewReader(in), func(s string) {
			letters := 0
			for _, r := range s {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxRunes || s != strings.TrimSpace(s) || letters < 10 {
				t.Fatalf("bad fortune %q", s)
			}
		})
		if err == nil && !utf8.ValidString(in) {
			t.Fatalf("invalid UTF-8 accepted")
		}
	})
}

// fortunesAndEngine reads the installed fortunes and builds the text
// engine; without the packages it skips the test, unless
// PARVIS_REQUIRE_TEXT_DATA=1 (CI installs them) makes that a failure.
func fortunesAndEngine(t *testing.T) ([]text.LabeledPost, *text.Engine) {
	t.Helper()
	posts, err := Read(Dir)
	if err != nil {
		if os.Getenv("PARVIS_REQUIRE_TEXT_DATA") == "1" {
			t.Fatalf("fortunes required (PARVIS_REQUIRE_TEXT_DATA=1): %v", err)
		}
		t.Skipf("%v; set PARVIS_REQUIRE_TEXT_DATA=1 to make this a failure", err)
	}
	e, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	return posts, e
}

// TestLanguageOnDebianFortunes measures language detection on the Debian
// fortune packages (shared/data has labelled tweets in French and English
// only). The floors sit about a point under the figures measured when the
// detector was last changed (docs/text.md), so that they catch a
// regression, and never under the 96 % the issue asks for in the six
// common languages; Esperanto, which the detector does not know, must
// mostly not be passed off as one of the six (at most 24 %; 46 % when
// typed without the diacritics that give it away). Skipped when the packages
// are not installed, unless PARVIS_REQUIRE_TEXT_DATA=1 (CI installs them).
func TestLanguageOnDebianFortunes(t *testing.T) {
	posts, e := fortunesAndEngine(t)
	// The same posts as they are often typed on social networks: lower
	// case without accents ("nao", "strasse"), a mention, an emoji, a link.
	noisy := make([]text.LabeledPost, len(posts))
	for i, p := range posts {
		p.Text = "@user " + text.Fold(p.Text) + " 😂 https://t.co/x"
		noisy[i] = p
	}
	floors := []struct {
		lang           string
		minN           int
		written, typed float64 // typed 0: not measured (Polish, Czech and Slovak without their diacritics are other words)
	}{
		{"de", 10000, 0.985, 0.985}, {"es", 5000, 0.98, 0.97}, {"it", 5000, 0.975, 0.975},
		{"pt", 2000, 0.975, 0.96}, {"en", 500, 0.99, 0.99},
		{"pl", 5000, 0.915, 0}, {"cs", 5000, 0.98, 0}, {"sk", 250, 0.95, 0}, {"ru", 10000, 0.965, 0.965},
	}
	six := map[string]bool{"fr": true, "en": true, "es": true, "de": true, "it": true, "pt": true}
	for _, set := range []struct {
		name    string
		typed   bool
		posts   []text.LabeledPost
		maxSixE float64 // share of Esperanto given one of the six
	}{{"as written", false, posts, 0.24}, {"folded, with a mention, emoji and link", true, noisy, 0.46}} {
		s := analyze.EvaluatePosts(e, set.posts, "fortunes")
		for _, f := range floors {
			floor := f.written
			if set.typed {
				floor = f.typed
			}
			if floor == 0 {
				continue
			}
			acc, n := s.LangConfusion.Accuracy(f.lang)
			t.Logf("%s, %s: n=%d accuracy %.4f", set.name, f.lang, n, acc)
			if n < f.minN {
				t.Errorf("%s: only %d fortunes read, want at least %d", f.lang, n, f.minN)
			}
			if acc < floor {
				t.Errorf("%s, %s: language accuracy %.4f < %.3f (confusion %v)", set.name, f.lang, acc, floor, s.LangConfusion[f.lang])
			}
		}
		guessed, n := 0, 0
		for pred, k := range s.LangConfusion["eo"] {
			n += k
			if six[pred] {
				guessed += k
			}
		}
		share := float64(guessed) / float64(max(n, 1))
		t.Logf("%s, eo (unknown to the detector): n=%d, %.4f given one of the six languages", set.name, n, share)
		if n < 1000 || share > set.maxSixE {
			t.Errorf("%s: %d of %d Esperanto fortunes given one of the six languages (want at most %.0f %%, and 1,000 posts)", set.name, guessed, n, 100*set.maxSixE)
		}
	}
}

// TestLanguageOfShortWindows reads windows of two and three words cut
// from the fortunes of bucket 0 (text.SplitBucket; langShortPrior and the
// reading of two-word posts by their n-grams were chosen on the other
// buckets): posts as short as "concert tonight", where a handful of
// n-grams can score a hair higher in a rarer language, or "love it",
// whose two n-grams were too few to be read at all. The six common
// languages are right on 89.5 % of two-word windows and 96.2 % of
// three-word ones (75.2 % and 95.5 % before both; floors 88.5 % and
// 95.5 %), and must seldom be given
// another language (0.72 % and 0.38 %, against 1.63 % and 0.84 %);
// Polish, Czech and Slovak keep their right answers within a point or so
// (0.485, 0.775, 0.682 of two-word windows; 0.685, 0.921, 0.857 of
// three-word ones), and Esperanto, which the table lacks, is given one of
// the six on at most 42 % of two-word windows (39.7 %; 26.5 % before:
// two words of it were mostly und, three words are given one of the six
// on 36 %). Skipped as TestLanguageOnDebianFortunes is.
func TestLanguageOfShortWindows(t *testing.T) {
	posts, e := fortunesAndEngine(t)
	a := e.NewAnalyzer()
	six := map[string]bool{"fr": true, "en": true, "es": true, "de": true, "it": true, "pt": true}
	for _, c := range []struct {
		words         int
		minSix        float64            // share of the six's windows right
		maxSixToOther float64            // share of the six's windows given a language outside them
		floors        map[string]float64 // share right
		maxEoSix      float64            // share of Esperanto windows given one of the six
	}{
		{2, 0.885, 0.011, map[string]float64{"pl": 0.47, "cs": 0.76, "sk": 0.66}, 0.42},
		{3, 0.955, 0.006, map[string]float64{"pl": 0.67, "cs": 0.91, "sk": 0.83}, 0.38},
	} {
		var sixN, sixOther, sixRight int
		right, n := map[string]int{}, map[string]int{}
		givenEo := 0 // Esperanto windows given one of the six
		for _, p := range posts {
			if text.SplitBucket(p.Text) != 0 {
				continue
			}
			w := strings.Fields(p.Text)
			// Up to three windows a fortune, from its start.
			for j := 0; j+c.words <= len(w) && j < 3*c.words; j += c.words {
				got := a.Analyze(strings.Join(w[j:j+c.words], " "), "").Lang
				n[p.Lang]++
				if got == p.Lang {
					right[p.Lang]++
				}
				if p.Lang == "eo" && six[got] {
					givenEo++
				}
				if six[p.Lang] {
					sixN++
					if got == p.Lang {
						sixRight++
					}
					if got != text.Und && !six[got] {
						sixOther++
					}
				}
			}
		}
		share, acc := float64(sixOther)/float64(max(sixN, 1)), float64(sixRight)/float64(max(sixN, 1))
		t.Logf("%d words: %d windows of the six, %.4f right, %.4f given another language", c.words, sixN, acc, share)
		if sixN < 20000 || share > c.maxSixToOther || acc < c.minSix {
			t.Errorf("%d words: %d windows of the six languages, %.4f right (want at least %.3f), %.4f given a language outside them (want at most %.3f)", c.words, sixN, acc, c.minSix, share, c.maxSixToOther)
		}
		eo := float64(givenEo) / float64(max(n["eo"], 1))
		t.Logf("%d words, eo: %d windows, %.4f given one of the six", c.words, n["eo"], eo)
		if n["eo"] < 500 || eo > c.maxEoSix {
			t.Errorf("%d words: %.4f of %d Esperanto windows given one of the six languages, want at most %.2f of 500 or more", c.words, eo, n["eo"], c.maxEoSix)
		}
		for l, floor := range c.floors {
			acc := float64(right[l]) / float64(max(n[l], 1))
			t.Logf("%d words, %s: %d windows, %.4f right", c.words, l, n[l], acc)
			if n[l] < 150 || acc < floor {
				t.Errorf("%d words, %s: %.4f of %d windows right, want at least %.2f of 150 or more", c.words, l, acc, n[l], floor)
			}
		}
	}
}
