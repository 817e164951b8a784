package hackernews

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

// replay serves the recorded pages by their page parameter and records the
// queries it was asked.
type replay struct {
	t       testing.TB
	mu      sync.Mutex
	queries []string
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	rp.queries = append(rp.queries, r.URL.RawQuery)
	rp.mu.Unlock()
	if r.URL.Path != "/api/v1/search_by_date" || r.URL.Query().Get("query") == "" {
		http.Error(w, `{"message":"unknown path or no query","status":400}`, http.StatusBadRequest)
		return
	}
	b, err := os.ReadFile(filepath.Join("testdata", "search_by_date-page"+r.URL.Query().Get("page")+".json"))
	if err != nil {
		http.Error(w, `{"hits":[],"page":9,"nbPages":2}`, http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

func config(base string) string { return fmt.Sprintf(`{"query":"parvis","base_url":%q}`, base) }

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      Spec(),
		Config:    config,
		Handler:   &replay{t: t},
		WantItems: 3,
		WantPages: 2,
	})
}

func TestItemsAndPasses(t *testing.T) {
	t.Parallel()
	rp := &replay{t: t}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	src, err := New(json.RawMessage(config(srv.URL)), conformancetest.Deps(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	b1, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !b1.More || len(b1.Items) != 2 {
		t.Fatalf("page 0: %d items, more %v", len(b1.Items), b1.More)
	}
	c := b1.Items[0]
	if c.Kind != model.KindComment || c.ParentID != "41234567" || c.ThreadID != "41234567" || c.Author.Handle != "pvl_dev" ||
		c.Text != "We moved our community tooling to Parvis last month.\nThe feed monitoring alone saved us hours & the inbox is much calmer: https://example.org/notes" ||
		!c.CreatedAt.Equal(time.Unix(1795543331, 0)) || c.URL != "https://news.ycombinator.com/item?id=41234890" {
		t.Errorf("comment = %+v", c)
	}
	s := b1.Items[1]
	if s.Kind != model.KindPost || s.Title != "Show HN: Parvis – self-hosted community management" || s.Metrics.Likes != 87 || s.Metrics.Replies != 12 {
		t.Errorf("story = %+v", s)
	}
	b2, err := src.Fetch(context.Background(), b1.State)
	if err != nil {
		t.Fatal(err)
	}
	if b2.More || len(b2.Items) != 1 || b2.Items[0].Text != `We are a team of four. Is the "single binary" setup enough, or should we go straight to PostgreSQL?` {
		t.Fatalf("page 1: %+v more %v", b2.Items, b2.More)
	}
	// The next pass asks only for items newer than the newest seen.
	if _, err := src.Fetch(context.Background(), b2.State); err != nil {
		t.Fatal(err)
	}
	last := rp.queries[len(rp.queries)-1]
	if !strings.Contains(last, "numericFilters=created_at_i%3E1795543331") || !strings.Contains(last, "page=0") {
		t.Errorf("next pass query %q, want created_at_i>1795543331 from page 0", last)
	}
	if !strings.Contains(rp.queries[0], "tags=%28story%2Ccomment%29") || strings.Contains(rp.queries[0], "numericFilters") {
		t.Errorf("first query %q", rp.queries[0])
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for cfg, want := range map[string]string{
		`{}`:                              "config.query: required",
		`{"query":"x","tags":"poll"}`:     "config.tags: ",
		`{"query":"x","base_url":"nope"}`: "config.base_url: ",
	} {
		if _, err := New(json.RawMessage(cfg), conformancetest.Deps(time.Time{})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%s) = %v, want %q", cfg, err, want)
		}
	}
}
