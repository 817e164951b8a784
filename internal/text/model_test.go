package text

import "testing"

// TestSentimentModelClearCases checks the whole sentiment layer (rules and
// the embedded linear model) on posts whose label no reader would dispute.
// It guards against the model learning quirks of its training data, such
// as the ironic French tweets where happy emoji and "!!!" mean the
// opposite, and turning a plain signal around.
func TestSentimentModelClearCases(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	tests := []struct{ lang, text, want string }{
		{"fr", "C'est trooop bien !!! 😍", LabelPositive},
		{"fr", "J'adore ce film, il est magnifique", LabelPositive},
		{"fr", "Merci beaucoup pour votre aide, super service :)", LabelPositive},
		{"fr", "Service horrible, je suis furieux 😡", LabelNegative},
		{"fr", "c'est nul, jamais j'y retourne", LabelNegative},
		{"en", "I love this, best day ever!!! 😍", LabelPositive},
		{"en", "Thank you so much, great service :)", LabelPositive},
		{"en", "This is the worst service, I hate it 😡", LabelNegative},
		{"en", "I don\u2019t like this at all :(", LabelNegative},
		{"en", "I can\\u2019t stand this app, it is awful", LabelNegative},
		{"en", "The meeting is at 3pm in room 4", LabelNeutral},
		// The rules' special cases must survive the model: a negation that
		// praises is not read as a negation, an interjection as one.
		{"en", "I couldn't be happier with this update", LabelPositive},
		{"en", "never been so proud of my team", LabelPositive},
		{"fr", "je n'ai jamais été aussi heureux", LabelPositive},
		{"fr", "ça ne peut pas être pire", LabelNegative},
		{"en", "no I love that series", LabelPositive},
		{"en", "hell no, not again", LabelNegative},
		{"en", "damn good burger", LabelPositive},
		{"fr", "un super concert hier soir", LabelPositive},
	}
	for _, tt := range tests {
		if got := a.Analyze(tt.text, tt.lang).Sentiment; got.Label != tt.want {
			t.Errorf("%s %q: %s (%.3f), want %s", tt.lang, tt.text, got.Label, got.Score, tt.want)
		}
	}
}

func TestUnescapePost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{`I can\u2019t go\u002c sorry`, "I can’t go, sorry"},
		{`laughing \ud83d\ude02`, "laughing 😂"},
		{"Tom &amp; Jerry &lt;3 &gt;.&lt; &quot;hi&quot;", `Tom & Jerry <3 >.< "hi"`},
		{`AT&T \u12 \uZZZZ \ud83d alone &copy;`, `AT&T \u12 \uZZZZ \ud83d alone &copy;`},
	}
	for _, tt := range tests {
		if got := unescapePost(tt.in); got != tt.want {
			t.Errorf("unescapePost(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { unescapePost("no escapes here, 100% plain") }); n != 0 {
		t.Errorf("%v allocations on plain text, want 0", n)
	}
}
