package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/model"
)

// TestEveryUsedKeyIsTranslated reads the templates and handlers for the
// translation keys they use and checks each exists in English and French.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	var used []string
	tmplKey := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	goKey := regexp.MustCompile(`"((?:flash|setup|login|account|tokens|wsnew|settings|members|audit|jobs|invite|error|home|nav|area)\.[a-z0-9_.]+)"`)
	files, _ := filepath.Glob("templates/*/*.html")
	top, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range append(append(files, top...), gofiles...) {
		if filepath.Ext(f) == ".go" && regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		re := tmplKey
		if filepath.Ext(f) == ".go" {
			re = goKey
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used = append(used, m[1])
		}
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys; is the pattern still right?", len(used))
	}
	// Keys built from data in the templates.
	for _, a := range []string{"listening", "publishing", "inbox", "moderation", "analytics"} {
		used = append(used, "nav."+a, "area."+a+".soon")
	}
	for _, r := range model.Roles {
		used = append(used, "role."+string(r))
	}
	used = append(used, "lang.en", "lang.fr", "jobs.state.failed", "jobs.state.retryable")
	for _, k := range used {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("key %q is used but missing in %q", k, l)
			}
		}
	}
}

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	if en, fr := i18n.Keys("en"), i18n.Keys("fr"); !slices.Equal(en, fr) {
		t.Fatalf("the English and French catalogs differ:\nen only: %v\nfr only: %v", minus(en, fr), minus(fr, en))
	}
}

func minus(a, b []string) []string {
	var d []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			d = append(d, x)
		}
	}
	return d
}
