package analyze

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/text"
)

// TestDevPostsGolden pins what the analyser says of every post of the
// development sets (testdata/*_dev.jsonl and fact_near_posts.jsonl, whose
// posts were read while the rules were written; the test sets stay
// unread and out of it): the sentiment with the post's language given,
// and the language, its confidence and the sentiment with it detected. A
// change that moves any post fails here, post by post, even when the
// sets stay above their floors; a refactoring that should move nothing
// (the rules split into passes, a faster table) is checked by it. After
// a change meant to move posts, `go test ./internal/text/analyze -run
// DevPostsGolden -update` rewrites the file, and its diff is what the
// change did.
func TestDevPostsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*_dev.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no development sets in testdata (%v)", err)
	}
	files = append(files, filepath.Join("testdata", "fact_near_posts.jsonl"))
	a := testEngine(t).NewAnalyzer()
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var got bytes.Buffer
	for _, f := range files {
		ids, posts, langs := readDevPosts(t, f)
		given, detected := make([]text.Analysis, len(posts)), make([]text.Analysis, len(posts))
		a.AnalyzeBatch(posts, langs, given)
		a.AnalyzeBatch(posts, nil, detected)
		for i := range posts {
			g, d := given[i], detected[i]
			fmt.Fprintf(&got, "%s\t%s %s %s\t%s %s %s %s\n", ids[i], g.Lang, g.Sentiment.Label, num(g.Sentiment.Score),
				d.Lang, num(d.LangConfidence), d.Sentiment.Label, num(d.Sentiment.Score))
		}
	}
	golden := filepath.Join("testdata", "dev_posts.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got.Bytes(), want) {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got.String(), "\n")
	if len(wl) != len(gl) {
		t.Fatalf("%s has %d lines, the sets give %d (run go test -update)", golden, len(wl), len(gl))
	}
	moved := 0
	for i := range wl {
		if wl[i] != gl[i] {
			if moved++; moved <= 20 {
				t.Errorf("%s:%d: want %q, got %q", golden, i+1, wl[i], gl[i])
			}
		}
	}
	t.Errorf("%d of %d posts moved (run go test -update if the change meant to move them)", moved, len(wl)-1)
}

// readDevPosts returns the id, text and language of each post of a
// labelled JSONL file.
func readDevPosts(t *testing.T, path string) (ids, posts, langs []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var p struct{ ID, Text, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil || p.ID == "" || p.Text == "" {
			t.Fatalf("%s:%d: want an object with an id and a text (%v)", path, n, err)
		}
		ids, posts, langs = append(ids, p.ID), append(posts, p.Text), append(langs, p.Lang)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids, posts, langs
}
