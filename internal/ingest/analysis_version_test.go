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

// TestAnalysisVersion: what the enrich stage writes of the posts of
// internal/text's test data and of testdata/analysis_posts.jsonl (language, sentiment label, entities, search
// words; not the scores, whose last digits vary with the platform's
// floating point) is pinned by a fingerprint under AnalysisVersion. A
// change that moves any of it fails here until AnalysisVersion is
// bumped, so that servers read the stored items again after an upgrade;
// then -update records the new fingerprint. Posts added to those files
// change it too: bump then as well (a reading that changes nothing costs
// about 10 s per million items).
func TestAnalysisVersion(t *testing.T) {
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("..", "text", "analyze", "testdata", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("..", "text", "testdata", "*.jsonl"))
	// analysis_posts.jsonl: what the others hold little of (other
	// scripts, apostrophes typed otherwise, escapes, invisible characters).
	files = append(append(files, more...), filepath.Join("testdata", "analysis_posts.jsonl"))
	var items []model.Item
	for _, f := range files {
		fh, err := os.Open(f)
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
			items = append(items, model.Item{Text: p.Text}, model.Item{Text: p.Text, Lang: text.NormalizeLang(p.Lang)})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if len(items) < 4000 {
		t.Fatalf("%d posts in %d files: the test data moved?", len(items)/2, len(files))
	}
	ingest.NewTextEnricher(engine).Enrich(items)
	h := sha256.New()
	for _, it := range items {
		ents, _ := json.Marshal(it.Entities)
		fmt.Fprintf(h, "%s\t%s\t%s\t%s\n", it.Lang, it.Sentiment.Label, ents, it.SearchText)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	file := filepath.Join("testdata", "analysis_version.txt")
	want := fmt.Sprintf("%d %s\n", ingest.AnalysisVersion, sum)
	got, _ := os.ReadFile(file)
	if string(got) == want {
		return
	}
	var version int
	var pinned string
	fmt.Sscanf(string(got), "%d %s", &version, &pinned)
	if pinned != sum && version == ingest.AnalysisVersion {
		t.Fatalf("the enrich stage now writes another language, sentiment, entities or search words for some of the %d posts "+
			"(fingerprint %s, pinned %s) under the same AnalysisVersion %d, or the posts changed: bump ingest.AnalysisVersion, so that "+
			"servers read stored items again, then run go test ./internal/ingest -run AnalysisVersion -update", len(items), sum, pinned, version)
	}
	if !*update {
		t.Fatalf("%s holds %q, want %q (go test ./internal/ingest -run AnalysisVersion -update)", file, strings.TrimSpace(string(got)), strings.TrimSpace(want))
	}
	if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
}
