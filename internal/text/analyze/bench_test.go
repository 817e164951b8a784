package analyze

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnalyzeStream measures the whole of `parvis analyze` (JSON in,
// language + sentiment + entities, JSON out) on the shared tweets, or on a
// built-in sample when the data directory is absent, and reports posts/s.
func BenchmarkAnalyzeStream(b *testing.B) {
	var in []byte
	for _, f := range []string{"tweeteval_sentiment_val.jsonl", "xlmt_fr_sentiment_train.jsonl"} {
		if dir := os.Getenv("PARVIS_SHARED_DATA"); dir != "" || true {
			if dir == "" {
				dir = filepath.Join("..", "..", "..", "..", "shared", "data")
			}
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err == nil {
				in = append(in, data...)
			}
		}
	}
	if len(in) == 0 {
		sample, err := os.ReadFile("testdata/posts.jsonl")
		if err != nil {
			b.Fatal(err)
		}
		for range 500 {
			in = append(in, sample...)
		}
	}
	lines := bytes.Count(in, []byte("\n"))
	e := testEngine(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if err := AnalyzeStream(context.Background(), e, bytes.NewReader(in), io.Discard, io.Discard, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "posts/s")
}
