package ingest_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

var update = flag.Bool("update", false, "rewrite testdata/analysis_version.txt")

// analysisPostFiles are the posts TestAnalysisVersion reads: named, so
// that a file of posts added to internal/text's test data does not move
// the fingerprint (it would ask for a new AnalysisVersion, and every
// server would read its items again for nothing).
var analysisPostFiles = []string{
	"../text/analyze/testdata/brand_posts_dev.jsonl", "../text/analyze/testdata/brand_posts_test.jsonl",
	"../text/analyze/testdata/customer_posts_dev.jsonl", "../text/analyze/testdata/customer_posts_test.jsonl",
	"../text/analyze/testdata/fact_near_posts.jsonl", "../text/analyze/testdata/fact_posts_dev.jsonl",
	"../text/analyze/testdata/fact_posts_test.jsonl", "../text/analyze/testdata/hyperbole_posts_test.jsonl",
	"../text/analyze/testdata/laugh_posts_test.jsonl", "../text/analyze/testdata/measure_posts_dev.jsonl",
	"../text/analyze/testdata/measure_posts_test.jsonl", "../text/analyze/testdata/posts.jsonl",
	"../text/analyze/testdata/price_posts_dev.jsonl", "../text/analyze/testdata/price_posts_test.jsonl",
	"../text/analyze/testdata/probe2_posts_dev.jsonl", "../text/analyze/testdata/probe2_posts_test.jsonl",
	"../text/analyze/testdata/probe_posts_dev.jsonl", "../text/analyze/testdata/thanks_posts_dev.jsonl",
	"../text/analyze/testdata/thanks_posts_test.jsonl", "../text/analyze/testdata/thanks_posts_test2.jsonl",
	"../text/testdata/short_posts_lang.jsonl", "../text/testdata/social_posts_lang.jsonl",
	// What the others hold little of (other scripts, apostrophes typed
	// otherwise, escapes, invisible characters, full-width signs).
	"testdata/analysis_posts.jsonl",
}

// TestAnalysisVersion: what the enrich stage writes of the posts of
// analysisPostFiles (language, sentiment label, entities, search words;
// not the scores, whose last digits vary with the platform's floating
// point) is pinned by a fingerprint under AnalysisVersion, next to a
// fingerprint of the posts themselves. A change that moves what it
// writes of the same posts fails here until AnalysisVersion is bumped,
// so that servers read the stored items again after an upgrade; then
// -update records the new fingerprint. A change of the posts (a file
// edited) fails too, as the test cannot tell then whether the engine
// moved: -update records them under the same version (change the posts
// and the engine in separate commits).
func TestAnalysisVersion(t *testing.T) {
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	posts := sha256.New()
	var items []model.Item
	for _, f := range analysisPostFiles {
		fh, err := os.Open(filepath.FromSlash(f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var p struct{ Text, Lang string }
			if json.Unmarshal(sc.Bytes(), &p) != nil || p.Text == "" {
				continue // the stream's malformed lines
			}
			fmt.Fprintf(posts, "%q\t%q\n", p.Lang, p.Text)
			items = append(items, model.Item{Text: p.Text}, model.Item{Text: p.Text, Lang: text.NormalizeLang(p.Lang)})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	ingest.NewTextEnricher(engine).Enrich(items)
	h := sha256.New()
	for _, it := range items {
		ents, _ := json.Marshal(it.Entities)
		fmt.Fprintf(h, "%s\t%s\t%s\t%s\n", it.Lang, it.Sentiment.Label, ents, it.SearchText)
	}
	sum, postsSum := hex.EncodeToString(h.Sum(nil)), hex.EncodeToString(posts.Sum(nil))
	file := filepath.Join("testdata", "analysis_version.txt")
	want := fmt.Sprintf("%d %s %s\n", ingest.AnalysisVersion, sum, postsSum)
	got, _ := os.ReadFile(file)
	if string(got) == want {
		return
	}
	var version int
	var pinned, pinnedPosts string
	fmt.Sscanf(string(got), "%d %s %s", &version, &pinned, &pinnedPosts)
	if pinned != sum && version == ingest.AnalysisVersion && pinnedPosts == postsSum {
		t.Fatalf("the enrich stage now writes another language, sentiment, entities or search words for some of the %d posts "+
			"(fingerprint %s, pinned %s) under the same AnalysisVersion %d: bump ingest.AnalysisVersion, so that servers read "+
			"stored items again, then run go test ./internal/ingest -run AnalysisVersion -update", len(items)/2, sum, pinned, version)
	}
	if !*update {
		msg := ""
		if pinnedPosts != postsSum {
			msg = " (the posts read changed: if the enrich stage did not, -update records them under the same AnalysisVersion)"
		}
		t.Fatalf("%s holds %q, want %q%s (go test ./internal/ingest -run AnalysisVersion -update)", file, strings.TrimSpace(string(got)), strings.TrimSpace(want), msg)
	}
	if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
}
