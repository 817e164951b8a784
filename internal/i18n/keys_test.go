package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCatalogsMatch: every message exists in both languages.
func TestCatalogsMatch(t *testing.T) {
	en, fr := Keys("en"), Keys("fr")
	if strings.Join(en, ",") != strings.Join(fr, ",") {
		t.Fatalf("en and fr catalogs differ")
	}
	for _, k := range en {
		if T("fr", k) == "" || T("en", k) == "" {
			t.Errorf("%s: empty message", k)
		}
	}
}

// TestErrorKeysUsedInCodeExist scans the Go sources for error keys given to
// apperr and checks each has a message, so no user sees a raw key.
func TestErrorKeysUsedInCodeExist(t *testing.T) {
	root := filepath.Join("..", "..")
	re := regexp.MustCompile(`"(error\.[a-z0-9_]+)"`)
	found := 0
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(path, string(filepath.Separator)+"i18n"+string(filepath.Separator)) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if !Has("en", m[1]) || !Has("fr", m[1]) {
				t.Errorf("%s: key %s has no message", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 20 {
		t.Fatalf("found only %d error keys; the scan is not working", found)
	}
}
