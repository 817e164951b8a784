package fortunes

import (
	"os"
	"strings"
	"testing"
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
	got := parseAll(t, in)
	want := []string{
		"Non vorrei mai far parte di un club che accettasse tra i suoi soci uno come me.",
		strings.TrimSpace(long[:8*35]), // cut at the last space within 280 characters
		"Eu não bebo água! Peixes transam nela!",
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
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxRunes || s != strings.TrimSpace(s) || s == "" {
				t.Fatalf("bad fortune %q", s)
			}
		})
		if err == nil && !utf8.ValidString(in) {
			t.Fatalf("invalid UTF-8 accepted")
		}
	})
}

// TestLanguageOnDebianFortunes measures language detection in German,
// Spanish, Italian, Portuguese and English on the Debian fortune packages
// (shared/data has labelled tweets in French and English only) and fails
// below the 96 % the issue asks for. Skipped when the packages are not
// installed, unless PARVIS_REQUIRE_TEXT_DATA=1 (CI installs them).
func TestLanguageOnDebianFortunes(t *testing.T) {
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
	// The same posts as they are often typed on social networks: lower
	// case without accents ("nao", "strasse"), a mention, an emoji, a link.
	noisy := make([]text.LabeledPost, len(posts))
	for i, p := range posts {
		p.Text = "@user " + text.Fold(p.Text) + " 😂 https://t.co/x"
		noisy[i] = p
	}
	for _, set := range []struct {
		name  string
		posts []text.LabeledPost
	}{{"as written", posts}, {"folded, with a mention, emoji and link", noisy}} {
		s := analyze.EvaluatePosts(e, set.posts, "fortunes")
		minN := map[string]int{"de": 10000, "es": 5000, "it": 5000, "pt": 2000, "en": 500}
		for lang, min := range minN {
			acc, n := s.LangConfusion.Accuracy(lang)
			t.Logf("%s, %s: n=%d accuracy %.4f", set.name, lang, n, acc)
			if n < min {
				t.Errorf("%s: only %d fortunes read, want at least %d", lang, n, min)
			}
			if acc < 0.96 {
				t.Errorf("%s, %s: language accuracy %.4f < 0.96 (confusion %v)", set.name, lang, acc, s.LangConfusion[lang])
			}
		}
	}
}
