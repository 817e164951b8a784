package analyze

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/testutil/textdata"
	"github.com/parvis/parvis/internal/text"
)

// TestQualityFloors evaluates on the held-out posts of the shared data and
// fails when a figure drops below its floor. The floors sit a little under
// the figures measured when the model was trained (docs/text.md), so they
// catch regressions in the tokenizer, lexicons, rules or model.
func TestQualityFloors(t *testing.T) {
	dir := textdata.Dir(t)
	e := testEngine(t)
	tests := []struct {
		file         string
		holdout      bool
		minMacroF1   float64
		minLangAcc   float64
		minSentiment int
	}{
		{"tweeteval_sentiment_val.jsonl", true, 0.60, 0.99, 300},
		{"xlmt_en_sentiment_trainval.jsonl", true, 0.62, 0.99, 300},
		{"xlmt_fr_sentiment_train.jsonl", true, 0.63, 0.98, 300},
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

// TestCustomerPostsFloors evaluates on posts written like those a
// community manager reads about a brand (testdata/README.md): the dev sets
// guided the rules, the test sets were written apart and only measure.
// Floors sit a little under the figures in docs/text.md.
func TestCustomerPostsFloors(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		file, lang string
		n          int
		minMacroF1 float64
	}{
		{"customer_posts_dev.jsonl", "fr", 200, 0.93},
		{"customer_posts_dev.jsonl", "en", 200, 0.88},
		{"customer_posts_test.jsonl", "fr", 200, 0.82},
		{"customer_posts_test.jsonl", "en", 200, 0.89},
		{"fact_posts_dev.jsonl", "fr", 80, 0.70},
		{"fact_posts_dev.jsonl", "en", 80, 0.82},
		{"fact_posts_test.jsonl", "fr", 80, 0.68},
		{"fact_posts_test.jsonl", "en", 80, 0.55},
		{"brand_posts_dev.jsonl", "fr", 200, 0.85},
		{"brand_posts_dev.jsonl", "en", 200, 0.85},
		{"brand_posts_test.jsonl", "fr", 120, 0.82},
		{"brand_posts_test.jsonl", "en", 120, 0.76},
		{"fact_near_posts.jsonl", "fr", 66, 0.42},
		{"fact_near_posts.jsonl", "en", 69, 0.42},
		{"measure_posts_dev.jsonl", "fr", 160, 0.72},
		{"measure_posts_dev.jsonl", "en", 160, 0.71},
		{"measure_posts_test.jsonl", "fr", 120, 0.72},
		{"measure_posts_test.jsonl", "en", 120, 0.77},
		{"price_posts_dev.jsonl", "fr", 120, 0.84},
		{"price_posts_dev.jsonl", "en", 120, 0.78},
		{"price_posts_test.jsonl", "fr", 100, 0.73},
		{"price_posts_test.jsonl", "en", 100, 0.74},
		{"thanks_posts_dev.jsonl", "fr", 120, 0.88},
		{"thanks_posts_dev.jsonl", "en", 120, 0.88},
		{"thanks_posts_test.jsonl", "fr", 100, 0.69},
		{"thanks_posts_test.jsonl", "en", 100, 0.62},
		{"thanks_posts_test2.jsonl", "fr", 100, 0.75},
		{"thanks_posts_test2.jsonl", "en", 100, 0.70},
		{"probe_posts_dev.jsonl", "fr", 140, 0.69},
		{"probe_posts_dev.jsonl", "en", 140, 0.70},
		{"probe2_posts_dev.jsonl", "fr", 158, 0.80},
		{"probe2_posts_dev.jsonl", "en", 197, 0.78},
		{"probe2_posts_test.jsonl", "fr", 63, 0.64},
		{"probe2_posts_test.jsonl", "en", 57, 0.65},
		{"laugh_posts_test.jsonl", "fr", 80, 0.66},
		{"laugh_posts_test.jsonl", "en", 80, 0.79},
		{"hyperbole_posts_test.jsonl", "fr", 40, 0.50},
		{"hyperbole_posts_test.jsonl", "en", 40, 0.55},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.lang, func(t *testing.T) {
			var posts []text.LabeledPost
			for _, p := range readLabeledPosts(t, filepath.Join("testdata", tt.file)) {
				if p.Lang == tt.lang {
					posts = append(posts, p)
				}
			}
			s := EvaluatePosts(e, posts, tt.file)
			t.Logf("sentiment n=%d acc=%.4f macro-F1=%.4f; language acc=%.4f", s.SentimentN, s.SentimentAccuracy, s.SentimentMacroF1, s.LangAccuracy)
			if s.SentimentN != tt.n {
				t.Errorf("%d posts evaluated, want %d", s.SentimentN, tt.n)
			}
			if s.SentimentMacroF1 < tt.minMacroF1 {
				t.Errorf("sentiment macro-F1 %.4f < floor %.2f", s.SentimentMacroF1, tt.minMacroF1)
			}
			if s.LangAccuracy < 0.99 {
				t.Errorf("language accuracy %.4f < floor 0.99", s.LangAccuracy)
			}
		})
	}
}

// TestHateCheckPolarity reads the functional tests of HateCheck (English)
// and Multilingual HateCheck (French) whose polarity no reader disputes:
// threats, dehumanisation, insults and slurs of a group are negative
// ("Je vais massacrer tous les …", "… are vermin"), praise of a group is
// positive ("I absolutely adore …"). Hand-written by linguists, not
// tweets, so they check what the lexicons know beyond what the shared
// tweets hold. Floors sit a little under docs/text.md.
func TestHateCheckPolarity(t *testing.T) {
	dir := textdata.Dir(t)
	a := testEngine(t).NewAnalyzer()
	// The functionalities whose sentiment is plain; the others
	// (counter-speech quoting hate, negated hate, neutral mentions,
	// spellings of slurs…) are left out.
	polarity := map[string]string{
		"ident_pos_nh":       text.LabelPositive,
		"derog_neg_emote_h":  text.LabelNegative,
		"derog_neg_attrib_h": text.LabelNegative,
		"derog_dehum_h":      text.LabelNegative,
		"threat_dir_h":       text.LabelNegative,
		"threat_norm_h":      text.LabelNegative,
		"negate_pos_h":       text.LabelNegative,
	}
	for _, tt := range []struct {
		file, lang  string
		min, maxOpp float64 // share read with the expected label; with the opposite one
	}{
		{"hatecheck_en.jsonl", "en", 0.77, 0.06},
		{"mhc_fr_sample.jsonl", "fr", 0.68, 0.06},
	} {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			n, ok, opp := 0, 0, 0
			for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
				var p struct{ Text, Functionality string }
				if err := json.Unmarshal(line, &p); err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				want, ok2 := polarity[p.Functionality]
				if !ok2 {
					continue
				}
				n++
				switch got := a.Analyze(p.Text, tt.lang).Sentiment.Label; {
				case got == want:
					ok++
				case got != text.LabelNeutral:
					opp++
				}
			}
			share, oppShare := float64(ok)/float64(n), float64(opp)/float64(n)
			t.Logf("%d posts: %.4f read with their polarity, %.4f with the opposite one", n, share, oppShare)
			if n < 300 {
				t.Errorf("only %d posts of a clear polarity, want at least 300", n)
			}
			if share < tt.min || oppShare > tt.maxOpp {
				t.Errorf("polarity %.4f (floor %.2f), opposite %.4f (ceiling %.2f)", share, tt.min, oppShare, tt.maxOpp)
			}
		})
	}
}

// TestHostileRepliesFloors scores the English tweets of OLID
// (tweeteval_offensive_train5k.jsonl, mostly quarrels about politics)
// against the sentiment readers gave them for Parvis
// (testdata/olid_reader_labels.tsv), the labels they were sure of only.
// The tweets of even number are the development half, whose misread
// posts guided the rules of 2026-11-27 ("Hostile replies" in
// docs/text.md); those of odd number the test half, only measured.
// Floors sit a little under docs/text.md.
func TestHostileRepliesFloors(t *testing.T) {
	dir := textdata.Dir(t)
	b, err := os.ReadFile(filepath.Join("testdata", "olid_reader_labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for n, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		id, label, ok := strings.Cut(line, "\t")
		if l := strings.TrimSuffix(label, "?"); !ok || l != text.LabelPositive && l != text.LabelNegative && l != text.LabelNeutral {
			t.Fatalf("olid_reader_labels.tsv:%d: want an id, a tab and a label, got %q", n+1, line)
		}
		labels[id] = label
	}
	var halves [2][]text.LabeledPost // development, test
	for _, p := range readLabeledPosts(t, filepath.Join(dir, "tweeteval_offensive_train5k.jsonl")) {
		label, ok := labels[p.ID]
		if !ok {
			t.Fatalf("%s: no label in olid_reader_labels.tsv", p.ID)
		}
		delete(labels, p.ID)
		if strings.HasSuffix(label, "?") {
			continue
		}
		i, err := strconv.Atoi(p.ID[strings.LastIndexByte(p.ID, '-')+1:])
		if err != nil {
			t.Fatalf("%s: want an id ending in its number", p.ID)
		}
		p.Label, p.Task = label, "sentiment"
		halves[i%2] = append(halves[i%2], p)
	}
	if len(labels) > 0 {
		t.Errorf("%d labels of olid_reader_labels.tsv name no tweet of the shared file", len(labels))
	}
	e := testEngine(t)
	for i, tt := range []struct {
		name     string
		n        int
		minMacro float64
	}{
		{"development", 1782, 0.63},
		{"test", 1736, 0.60},
	} {
		s := EvaluatePosts(e, halves[i], tt.name)
		t.Logf("%s half: sentiment n=%d acc=%.4f macro-F1=%.4f", tt.name, s.SentimentN, s.SentimentAccuracy, s.SentimentMacroF1)
		if s.SentimentN != tt.n {
			t.Errorf("%s half: %d posts evaluated, want %d", tt.name, s.SentimentN, tt.n)
		}
		if s.SentimentMacroF1 < tt.minMacro {
			t.Errorf("%s half: sentiment macro-F1 %.4f < floor %.2f", tt.name, s.SentimentMacroF1, tt.minMacro)
		}
	}
}

// readLabeledPosts reads a JSONL file of labelled posts, failing the test
// on the first line that is not one, by its number.
func readLabeledPosts(t *testing.T, path string) []text.LabeledPost {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var posts []text.LabeledPost
	for n, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var p text.LabeledPost
		if err := json.Unmarshal(line, &p); err != nil {
			t.Fatalf("%s:%d: %v", filepath.Base(path), n+1, err)
		}
		posts = append(posts, p)
	}
	return posts
}

// TestShortRepliesFloors evaluates on replies of one to four words
// (testdata/README.md), as they come under a brand's posts: with their
// language given, and without it, as most networks send them, where the
// language of one word is often und and the sentiment reads it with both
// lexicons. Language accuracy counts und as wrong. Floors sit a little
// under the figures in docs/text.md.
func TestShortRepliesFloors(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		file, lang             string
		n                      int
		minHinted, minUnhinted float64 // sentiment macro-F1
		minLangAcc             float64
	}{
		{"short_replies_dev.jsonl", "fr", 150, 0.97, 0.96, 0.77},
		{"short_replies_dev.jsonl", "en", 150, 0.93, 0.92, 0.70},
		{"short_replies_test.jsonl", "fr", 121, 0.82, 0.82, 0.84},
		{"short_replies_test.jsonl", "en", 116, 0.85, 0.84, 0.87},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.lang, func(t *testing.T) {
			var posts, unhinted []text.LabeledPost
			for _, p := range readLabeledPosts(t, filepath.Join("testdata", tt.file)) {
				if p.Lang == tt.lang {
					posts = append(posts, p)
					p.Lang = ""
					unhinted = append(unhinted, p)
				}
			}
			s := EvaluatePosts(e, posts, tt.file)
			u := EvaluatePosts(e, unhinted, tt.file)
			t.Logf("n=%d sentiment macro-F1 %.4f with the language given, %.4f without; language acc=%.4f", s.SentimentN, s.SentimentMacroF1, u.SentimentMacroF1, s.LangAccuracy)
			if s.SentimentN != tt.n || u.SentimentN != tt.n {
				t.Errorf("%d and %d posts evaluated, want %d", s.SentimentN, u.SentimentN, tt.n)
			}
			if s.SentimentMacroF1 < tt.minHinted || u.SentimentMacroF1 < tt.minUnhinted {
				t.Errorf("sentiment macro-F1 %.4f with the language, %.4f without; floors %.2f, %.2f", s.SentimentMacroF1, u.SentimentMacroF1, tt.minHinted, tt.minUnhinted)
			}
			if s.LangAccuracy < tt.minLangAcc {
				t.Errorf("language accuracy %.4f < floor %.2f", s.LangAccuracy, tt.minLangAcc)
			}
		})
	}
}
