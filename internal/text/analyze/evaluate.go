package analyze

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/parvis/parvis/internal/text"
)

// Scores are the quality figures of one labelled file.
type Scores struct {
	File string
	// Sentiment: posts of task "sentiment", scored with their labelled
	// language as the hint (as `parvis analyze` does when input has lang).
	SentimentN         int
	SentimentAccuracy  float64
	SentimentMacroF1   float64
	SentimentConfusion Confusion
	// Language: every post, detected without a hint; Und counts as wrong.
	LangN         int
	LangAccuracy  float64
	LangConfusion Confusion
}

// Confusion counts predictions per gold label: Confusion[gold][predicted].
type Confusion map[string]map[string]int

// Accuracy returns the share of the posts labelled gold that were
// predicted gold, and how many posts are labelled gold.
func (c Confusion) Accuracy(gold string) (float64, int) {
	n := 0
	for _, k := range c[gold] {
		n += k
	}
	if n == 0 {
		return 0, 0
	}
	return float64(c[gold][gold]) / float64(n), n
}

// golds returns the gold labels in order.
func (c Confusion) golds() []string {
	golds := make([]string, 0, len(c))
	for g := range c {
		golds = append(golds, g)
	}
	sort.Strings(golds)
	return golds
}

func (c Confusion) add(gold, pred string) {
	if c[gold] == nil {
		c[gold] = map[string]int{}
	}
	c[gold][pred]++
}

// EvaluateFile measures sentiment and language quality on a labelled JSONL
// file (fields text, lang, label, task). Only posts for which holdout
// returns true (given the text) are used; pass nil to use them all.
func EvaluateFile(e *text.Engine, path string, holdout func(text string) bool) (Scores, error) {
	f, err := os.Open(path)
	if err != nil {
		return Scores{}, err
	}
	defer f.Close()
	return Evaluate(e, f, filepath.Base(path), holdout)
}

// Evaluate is EvaluateFile on a reader. Blank lines are skipped, as
// `parvis analyze` skips them; a line that is no labelled post, a
// sentiment label other than negative, neutral or positive, and a gold
// language that is no ISO 639-1 code ("und", "fr-FR") are errors that
// name the line; a file with no labelled post is an error too.
func Evaluate(e *text.Engine, r io.Reader, name string, holdout func(text string) bool) (Scores, error) {
	var posts []text.LabeledPost
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	n, labelled := 0, 0
	for sc.Scan() {
		n++
		line := bytes.TrimPrefix(bytes.TrimSpace(sc.Bytes()), []byte("\uFEFF"))
		if len(line) == 0 {
			continue
		}
		var p text.LabeledPost
		if err := json.Unmarshal(line, &p); err != nil {
			return Scores{File: name}, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if err := checkLabels(p); err != nil {
			return Scores{File: name}, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if p.Lang == "" && p.Task != "sentiment" {
			continue
		}
		labelled++
		if holdout == nil || holdout(p.Text) {
			posts = append(posts, p)
		}
	}
	if err := sc.Err(); err != nil {
		return Scores{File: name}, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	if labelled == 0 {
		return Scores{File: name}, fmt.Errorf("%s: no labelled post (a post needs a lang, or task \"sentiment\" and a label)", name)
	}
	if len(posts) == 0 {
		return Scores{File: name}, fmt.Errorf("%s: none of its %d labelled posts is held out", name, labelled)
	}
	return EvaluatePosts(e, posts, name), nil
}

// checkLabels reports what is wrong with a labelled post's labels.
func checkLabels(p text.LabeledPost) error {
	if p.Lang != "" && text.NormalizeLang(p.Lang) != p.Lang {
		return fmt.Errorf("lang %q: want a lower-case ISO 639-1 code such as fr or en", p.Lang)
	}
	if p.Task == "sentiment" {
		switch p.Label {
		case text.LabelNegative, text.LabelNeutral, text.LabelPositive:
		default:
			return fmt.Errorf("label %q: want negative, neutral or positive", p.Label)
		}
	}
	return nil
}

// EvaluatePosts measures sentiment and language quality on labelled posts.
func EvaluatePosts(e *text.Engine, posts []text.LabeledPost, name string) Scores {
	a := e.NewAnalyzer()
	s := Scores{File: name, SentimentConfusion: Confusion{}, LangConfusion: Confusion{}}
	sentOK, langOK := 0, 0
	for _, p := range posts {
		if p.Lang != "" {
			got := a.Analyze(p.Text, "")
			s.LangN++
			s.LangConfusion.add(p.Lang, got.Lang)
			if got.Lang == p.Lang {
				langOK++
			}
		}
		if p.Task == "sentiment" {
			got := a.Analyze(p.Text, p.Lang)
			s.SentimentN++
			s.SentimentConfusion.add(p.Label, got.Sentiment.Label)
			if got.Sentiment.Label == p.Label {
				sentOK++
			}
		}
	}
	if s.SentimentN > 0 {
		s.SentimentAccuracy = float64(sentOK) / float64(s.SentimentN)
		s.SentimentMacroF1 = macroF1(s.SentimentConfusion, []string{text.LabelNegative, text.LabelNeutral, text.LabelPositive})
	}
	if s.LangN > 0 {
		s.LangAccuracy = float64(langOK) / float64(s.LangN)
	}
	return s
}

// macroF1 averages the F1 of the classes that are in the gold labels or
// the predictions (a class in neither would count as 0 and pull the mean
// down for nothing).
func macroF1(c Confusion, classes []string) float64 {
	var sum float64
	seen := 0
	for _, k := range classes {
		tp := c[k][k]
		fp, fn := 0, 0
		for gold, row := range c {
			for pred, n := range row {
				if pred == k && gold != k {
					fp += n
				}
				if gold == k && pred != k {
					fn += n
				}
			}
		}
		if tp+fp+fn == 0 {
			continue
		}
		seen++
		if tp > 0 {
			p := float64(tp) / float64(tp+fp)
			r := float64(tp) / float64(tp+fn)
			sum += 2 * p * r / (p + r)
		}
	}
	if seen == 0 {
		return 0
	}
	return sum / float64(seen)
}

// WriteReport prints scores in a form meant for people and docs.
func WriteReport(w io.Writer, s Scores) {
	fmt.Fprintf(w, "== %s\n", s.File)
	if s.SentimentN > 0 {
		fmt.Fprintf(w, "sentiment: n=%d accuracy=%.4f macro-F1=%.4f\n", s.SentimentN, s.SentimentAccuracy, s.SentimentMacroF1)
		writeConfusion(w, s.SentimentConfusion, []string{text.LabelNegative, text.LabelNeutral, text.LabelPositive})
	}
	if s.LangN > 0 {
		fmt.Fprintf(w, "language: n=%d accuracy=%.4f\n", s.LangN, s.LangAccuracy)
		writeConfusion(w, s.LangConfusion, nil)
		if len(s.LangConfusion) > 1 {
			fmt.Fprint(w, "  accuracy by language:")
			for _, g := range s.LangConfusion.golds() {
				acc, n := s.LangConfusion.Accuracy(g)
				fmt.Fprintf(w, " %s %.4f (n=%d)", g, acc, n)
			}
			fmt.Fprintln(w)
		}
	}
}

func writeConfusion(w io.Writer, c Confusion, classes []string) {
	if classes == nil {
		seen := map[string]bool{}
		for gold, row := range c {
			seen[gold] = true
			for pred := range row {
				seen[pred] = true
			}
		}
		for k := range seen {
			classes = append(classes, k)
		}
		sort.Strings(classes)
	}
	fmt.Fprintf(w, "  %-10s", "gold\\pred")
	for _, k := range classes {
		fmt.Fprintf(w, " %8s", abbrev(k))
	}
	fmt.Fprintln(w)
	for _, g := range c.golds() {
		fmt.Fprintf(w, "  %-10s", abbrev(g))
		for _, k := range classes {
			fmt.Fprintf(w, " %8d", c[g][k])
		}
		fmt.Fprintln(w)
	}
}

func abbrev(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return strings.TrimSpace(s)
}
