package analyze

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parvis/parvis/internal/text"
)

// sharedDataDir finds the labelled data: $PARVIS_SHARED_DATA, or
// ../shared/data beside the repository root (where CI and developers keep
// the shared directory).
func sharedDataDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("PARVIS_SHARED_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestQualityFloors evaluates on the held-out posts of the shared data and
// fails when a figure drops below its floor. The floors sit a little under
// the figures measured when the model was trained (docs/text.md), so they
// catch regressions in the tokenizer, lexicons, rules or model.
func TestQualityFloors(t *testing.T) {
	dir := sharedDataDir(t)
	if _, err := os.Stat(filepath.Join(dir, "tweeteval_sentiment_val.jsonl")); err != nil {
		if os.Getenv("PARVIS_REQUIRE_TEXT_DATA") == "1" {
			t.Fatalf("labelled data required (PARVIS_REQUIRE_TEXT_DATA=1) but not found in %q: %v", dir, err)
		}
		t.Skipf("labelled data not found in %q (set PARVIS_SHARED_DATA, or PARVIS_REQUIRE_TEXT_DATA=1 to make this a failure): %v", dir, err)
	}
	e := testEngine(t)
	tests := []struct {
		file         string
		holdout      bool
		minMacroF1   float64
		minLangAcc   float64
		minSentiment int
	}{
		{"tweeteval_sentiment_val.jsonl", true, 0.59, 0.99, 300},
		{"xlmt_en_sentiment_trainval.jsonl", true, 0.61, 0.99, 300},
		{"xlmt_fr_sentiment_train.jsonl", true, 0.60, 0.98, 300},
		{"mlma_fr_sample.jsonl", false, 0, 0.93, 0},
		{"hatecheck_en.jsonl", false, 0, 0.99, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var filter func(string) bool
			if tt.holdout {
				filter = text.IsHeldOut
			}
			s, err := EvaluateFile(e, filepath.Join(dir, tt.file), filter)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("sentiment n=%d acc=%.4f macro-F1=%.4f; language n=%d acc=%.4f", s.SentimentN, s.SentimentAccuracy, s.SentimentMacroF1, s.LangN, s.LangAccuracy)
			if s.SentimentN < tt.minSentiment {
				t.Errorf("only %d sentiment posts evaluated, want at least %d", s.SentimentN, tt.minSentiment)
			}
			if s.SentimentN > 0 && s.SentimentMacroF1 < tt.minMacroF1 {
				t.Errorf("sentiment macro-F1 %.4f < floor %.2f", s.SentimentMacroF1, tt.minMacroF1)
			}
			if s.LangAccuracy < tt.minLangAcc {
				t.Errorf("language accuracy %.4f < floor %.2f", s.LangAccuracy, tt.minLangAcc)
			}
		})
	}
}
