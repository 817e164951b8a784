package analyze

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestMacroF1(t *testing.T) {
	t.Parallel()
	// gold negative: 8 right, 2 called neutral; gold neutral: 5 right,
	// 5 called positive; gold positive: 10 right.
	c := Confusion{
		"negative": {"negative": 8, "neutral": 2},
		"neutral":  {"neutral": 5, "positive": 5},
		"positive": {"positive": 10},
	}
	// F1: negative 2·8/(16+0+2) = 0.8889, neutral 2·5/(10+2+5) = 0.5882,
	// positive 2·10/(20+5+0) = 0.8.
	want := (16.0/18 + 10.0/17 + 20.0/25) / 3
	if got := macroF1(c, []string{"negative", "neutral", "positive"}); math.Abs(got-want) > 1e-9 {
		t.Errorf("macroF1 = %.6f, want %.6f", got, want)
	}
	// A class neither labelled nor predicted is left out of the mean:
	// two posts, both right, are a macro-F1 of 1.
	two := Confusion{"negative": {"negative": 1}, "positive": {"positive": 1}}
	if got := macroF1(two, []string{"negative", "neutral", "positive"}); got != 1 {
		t.Errorf("macroF1 without neutral posts = %v, want 1", got)
	}
	// A class only predicted counts, as 0.
	wrong := Confusion{"negative": {"negative": 1}, "positive": {"neutral": 1}}
	if got, want := macroF1(wrong, []string{"negative", "neutral", "positive"}), (1+0+0)/3.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("macroF1 with a neutral only predicted = %v, want %v", got, want)
	}
	if got := macroF1(Confusion{}, []string{"negative"}); got != 0 {
		t.Errorf("macroF1 of nothing = %v", got)
	}
	if acc, n := c.Accuracy("neutral"); acc != 0.5 || n != 10 {
		t.Errorf("Accuracy(neutral) = %v, %d", acc, n)
	}
	if acc, n := c.Accuracy("mixed"); acc != 0 || n != 0 {
		t.Errorf("Accuracy of an absent label = %v, %d", acc, n)
	}
}

func TestEvaluateAndReport(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"text":"Das Essen war super lecker, wir kommen gerne wieder!","lang":"de","task":"language"}`,
		`{"text":"franchement c'est pas terrible ce resto, jamais j'y retourne","lang":"fr","label":"negative","task":"sentiment"}`,
		`{"text":"Thanks for the quick reply, the issue is fixed now, you are the best!","lang":"en","label":"positive","task":"sentiment"}`,
		`{"text":"ok","lang":"en","label":"neutral","task":"sentiment"}`,
	}, "\n")
	s, err := Evaluate(testEngine(t), strings.NewReader(in), "mini", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.SentimentN != 3 || s.LangN != 4 {
		t.Fatalf("evaluated %d sentiment and %d language posts, want 3 and 4", s.SentimentN, s.LangN)
	}
	// "ok" has too few letters for a language: Und, wrong.
	if s.LangAccuracy != 0.75 || s.LangConfusion["en"]["und"] != 1 {
		t.Errorf("language accuracy %.2f, confusion %v", s.LangAccuracy, s.LangConfusion)
	}
	var buf bytes.Buffer
	WriteReport(&buf, s)
	out := buf.String()
	for _, want := range []string{"== mini", "sentiment: n=3", "language: n=4 accuracy=0.7500", "accuracy by language: de 1.0000 (n=1) en 0.5000 (n=2) fr 1.0000 (n=1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	// Blank lines and a byte order mark are skipped, as analyze skips
	// them: the same scores.
	s2, err := Evaluate(testEngine(t), strings.NewReader("\uFEFF"+strings.ReplaceAll(in, "\n", "\n\n")+"\n"), "mini", nil)
	if err != nil || s2.SentimentN != 3 || s2.LangN != 4 || s2.SentimentMacroF1 != s.SentimentMacroF1 {
		t.Errorf("with blank lines and a BOM: %+v, %v", s2, err)
	}

	for _, tc := range []struct{ in, want string }{
		{in + "\n{broken", "mini:5: "},
		{in + "\n" + `{"text":"super","lang":"fr","label":"Positive","task":"sentiment"}`, `mini:5: label "Positive"`},
		{in + "\n" + `{"text":"super","lang":"fr","task":"sentiment"}`, `mini:5: label ""`},
		{in + "\n" + `{"text":"super","lang":"und"}`, `mini:5: lang "und"`},
		{`{"text":"hello there"}`, "mini: no labelled post"},
		{"\n\n", "mini: no labelled post"},
	} {
		_, err = Evaluate(testEngine(t), strings.NewReader(tc.in), "mini", nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60q…: got %v, want an error with %q", tc.in[max(0, len(tc.in)-60):], err, tc.want)
		}
	}
	_, err = Evaluate(testEngine(t), strings.NewReader(in), "mini", func(string) bool { return false })
	if err == nil || !strings.Contains(err.Error(), "none of its 4 labelled posts is held out") {
		t.Errorf("nothing held out: %v", err)
	}
}
