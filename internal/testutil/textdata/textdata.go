// Package textdata finds the labelled posts of shared/data for tests.
package textdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the directory of the labelled data: $PARVIS_SHARED_DATA, or
// ../shared/data beside the repository root (where CI and developers keep
// the shared directory). When it holds no labelled file the test is
// skipped, or fails with PARVIS_REQUIRE_TEXT_DATA=1 (as in CI).
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("PARVIS_SHARED_DATA")
	if dir == "" {
		dir = besideRepository(t)
	}
	if _, err := os.Stat(filepath.Join(dir, "tweeteval_sentiment_val.jsonl")); err != nil {
		if os.Getenv("PARVIS_REQUIRE_TEXT_DATA") == "1" {
			t.Fatalf("labelled data required (PARVIS_REQUIRE_TEXT_DATA=1) but not found in %q: %v", dir, err)
		}
		t.Skipf("labelled data not found in %q (set PARVIS_SHARED_DATA, or PARVIS_REQUIRE_TEXT_DATA=1 to make this a failure): %v", dir, err)
	}
	return dir
}

// besideRepository returns ../shared/data from the directory of go.mod
// above the test's working directory, or "" when there is none.
func besideRepository(t testing.TB) string {
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
