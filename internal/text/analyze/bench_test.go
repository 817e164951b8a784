package analyze

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnalyzeStream measures the whole of `parvis analyze` (JSON in,
// language + sentiment + entities, JSON out) on the shared tweets, as
// scripts/text/make_bench.sh writes them, or on a built-in sample when the
// data directory is absent, and reports posts/s. "detect" gives only the
// text, as the figures of docs/text.md do; "given" gives each post's
// language, so that the detector does not run (but for the built-in
// sample's lines that have none).
func BenchmarkAnalyzeStream(b *testing.B) {
	detect, given := benchLines(b)
	e := testEngine(b)
	for _, c := range []struct {
		name string
		in   []byte
	}{{"detect", detect}, {"given", given}} {
		b.Run(c.name, func(b *testing.B) {
			lines := bytes.Count(c.in, []byte("\n"))
			b.ReportAllocs()
			b.SetBytes(int64(len(c.in)))
			for b.Loop() {
				if err := AnalyzeStream(context.Background(), e, bytes.NewReader(c.in), io.Discard, io.Discard, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// benchLines returns the benchmark's posts as {"id":N,"text":…} lines, and
// as {"id":N,"text":…,"lang":…} lines.
func benchLines(b *testing.B) (detect, given []byte) {
	dir := os.Getenv("PARVIS_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	var posts []struct {
		ID   int    `json:"id"`
		Text string `json:"text"`
		Lang string `json:"lang,omitempty"`
	}
	read := func(path string) {
		f, err := os.Open(path)
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, maxLine)
		for sc.Scan() {
			var p struct{ Text, Lang string }
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				b.Fatalf("%s: %v", path, err)
			}
			posts = append(posts, struct {
				ID   int    `json:"id"`
				Text string `json:"text"`
				Lang string `json:"lang,omitempty"`
			}{len(posts), p.Text, p.Lang})
		}
		if err := sc.Err(); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
	}
	for _, f := range []string{"tweeteval_sentiment_val.jsonl", "xlmt_fr_sentiment_train.jsonl", "xlmt_en_sentiment_trainval.jsonl"} {
		read(filepath.Join(dir, f))
	}
	if len(posts) == 0 {
		for range 500 {
			read(filepath.Join("testdata", "posts.jsonl"))
		}
	}
	// As make_bench.sh writes them: "<", ">" and "&" unescaped.
	var d, g bytes.Buffer
	dEnc, gEnc := json.NewEncoder(&d), json.NewEncoder(&g)
	dEnc.SetEscapeHTML(false)
	gEnc.SetEscapeHTML(false)
	for _, p := range posts {
		if err := gEnc.Encode(p); err != nil {
			b.Fatal(err)
		}
		p.Lang = ""
		if err := dEnc.Encode(p); err != nil {
			b.Fatal(err)
		}
	}
	return d.Bytes(), g.Bytes()
}
