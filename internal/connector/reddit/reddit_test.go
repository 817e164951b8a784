package reddit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

// replay is Reddit as documented: a token endpoint checking the app's
// credentials, and listings that need the token.
type replay struct {
	tokens    atomic.Int32
	remaining string // X-Ratelimit-Remaining to send
	expired   atomic.Bool
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	send := func(name string) {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			panic(err)
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Write(b)
	}
	if r.URL.Path == "/api/v1/access_token" {
		id, secret, ok := r.BasicAuth()
		if r.Method != http.MethodPost || !ok || id != "app-id" || secret != "app-secret" || r.FormValue("grant_type") != "client_credentials" {
			http.Error(w, `{"message": "Unauthorized", "error": 401}`, http.StatusUnauthorized)
			return
		}
		rp.tokens.Add(1)
		rp.expired.Store(false)
		send("access_token.json")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer eyJ") || rp.expired.Load() {
		http.Error(w, `{"message": "Unauthorized", "error": 401}`, http.StatusUnauthorized)
		return
	}
	if r.URL.Query().Get("raw_json") != "1" {
		http.Error(w, "raw_json missing", http.StatusBadRequest)
		return
	}
	w.Header().Set("X-Ratelimit-Used", "1")
	w.Header().Set("X-Ratelimit-Remaining", rp.remaining)
	w.Header().Set("X-Ratelimit-Reset", "420")
	switch {
	case r.URL.Path == "/r/france+golang/new" && r.URL.Query().Get("after") == "":
		send("new-page1.json")
	case r.URL.Path == "/r/france+golang/new" && r.URL.Query().Get("after") == "t3_1h2b3c4":
		send("new-page2.json")
	case r.URL.Path == "/r/golang/comments":
		send("comments.json")
	case r.URL.Path == "/r/golang/search" && r.URL.Query().Get("q") == "parvis" && r.URL.Query().Get("restrict_sr") == "1" && r.URL.Query().Get("sort") == "new":
		send("new-page2.json")
	default:
		http.Error(w, `{"message": "Not Found", "error": 404}`, http.StatusNotFound)
	}
}

func cfg(base, listing, subs string) string {
	return fmt.Sprintf(`{"client_id":"app-id","client_secret":"app-secret","listing":%q,"subreddits":%s,"query":"parvis","auth_url":%q,"api_url":%q}`,
		listing, subs, base, base)
}

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      Spec(),
		Config:    func(base string) string { return cfg(base, "posts", `["france","golang"]`) },
		Handler:   &replay{remaining: "99"},
		WantItems: 3,
		WantPages: 2,
	})
}

func newSource(t *testing.T, srv *httptest.Server, listing, subs string, c clock.Clock) connector.Source {
	t.Helper()
	deps := conformancetest.Deps(time.Time{})
	if c != nil {
		deps.Clock = c
	}
	src, err := New(json.RawMessage(cfg(srv.URL, listing, subs)), deps)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestListings(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&replay{remaining: "99"})
	defer srv.Close()

	b, err := newSource(t, srv, "posts", `["france","golang"]`, nil).Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := b.Items[0]
	if p.ExternalID != "t3_1h2b3c5" || p.Kind != model.KindPost || p.Title != "Parvis pour une petite association ?" ||
		p.Text != "Quelqu'un a essayé Parvis pour gérer la page de l'asso ? On hésite entre ça & un tableur.\n\n> avis bienvenus" ||
		p.URL != "https://www.reddit.com/r/france/comments/1h2b3c5/parvis_pour_une_petite_association/" || p.Author.Handle != "asso_lyon" ||
		p.Metrics.Likes != 14 || p.Metrics.Replies != 6 || !p.CreatedAt.Equal(time.Unix(1795540000, 0)) || p.Source != "r/france" {
		t.Errorf("self post = %+v", p)
	}
	if link := b.Items[1]; link.Text != "https://parvis.example/blog/one-binary" {
		t.Errorf("link post text = %q, want its URL", link.Text)
	}

	b, err = newSource(t, srv, "comments", `["golang"]`, nil).Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 2 || b.Items[0].Kind != model.KindComment || b.Items[0].ParentID != "t1_lz9w000" || b.Items[0].ThreadID != "t3_1h2b3c4" ||
		b.Items[0].Text != "Thanks! The SQLite default is what sold me." {
		t.Errorf("comments = %+v", b.Items)
	}

	b, err = newSource(t, srv, "search", `["golang"]`, nil).Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 || b.Items[0].Author.Handle != "" || b.Items[0].Text != "Looking at how **Parvis** classifies connector errors <- nice pattern." {
		t.Errorf("search = %+v", b.Items)
	}
}

func TestTokenReusedThenRenewedWhenRefused(t *testing.T) {
	t.Parallel()
	rp := &replay{remaining: "99"}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	src := newSource(t, srv, "comments", `["golang"]`, nil)
	for i := 0; i < 2; i++ {
		if _, err := src.Fetch(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := rp.tokens.Load(); n != 1 {
		t.Errorf("%d tokens asked for two fetches, want 1", n)
	}
	rp.expired.Store(true) // the server revokes the token
	if _, err := src.Fetch(context.Background(), nil); err != nil {
		t.Fatalf("fetch after revocation: %v", err)
	}
	if n := rp.tokens.Load(); n != 2 {
		t.Errorf("%d tokens asked, want a second one after the 401", n)
	}
}

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&replay{remaining: "0.0"})
	defer srv.Close()
	fc := clock.NewFake(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	src := newSource(t, srv, "comments", `["golang"]`, fc)
	if _, err := src.Fetch(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	fc.Advance(20 * time.Second)
	_, err := src.Fetch(context.Background(), nil)
	if connector.Classify(err) != connector.RateLimited || connector.RetryAfterOf(err) != 400*time.Second {
		t.Errorf("after X-Ratelimit-Remaining: 0: %v (retry %v), want rate limited for 400s", err, connector.RetryAfterOf(err))
	}
	fc.Advance(400 * time.Second)
	if _, err := src.Fetch(context.Background(), nil); err != nil {
		t.Errorf("after the reset: %v", err)
	}
}

func TestBadCredentials(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&replay{remaining: "99"})
	defer srv.Close()
	src, err := New(json.RawMessage(strings.Replace(cfg(srv.URL, "posts", `["golang"]`), "app-secret", "wrong", 1)), conformancetest.Deps(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background(), nil)
	if connector.Classify(err) != connector.CredentialsExpired || !strings.Contains(err.Error(), "/api/v1/access_token") {
		t.Errorf("wrong secret: %v, want credentials expired naming the token endpoint", err)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	base := `"client_id":"a","client_secret":"b"`
	for c, want := range map[string]string{
		`{"client_secret":"b","listing":"posts","subreddits":["x1"]}`: "config.client_id: required",
		`{` + base + `}`: "config.listing: required",
		`{` + base + `,"listing":"hot","subreddits":["ab"]}`:          `config.listing: "hot"`,
		`{` + base + `,"listing":"posts"}`:                            "config.subreddits: required",
		`{` + base + `,"listing":"posts","subreddits":["no spaces"]}`: `config.subreddits: "no spaces"`,
		`{` + base + `,"listing":"search"}`:                           "config.query: required",
		`{` + base + `,"listing":"posts","subreddits":"golang"}`:      "config.subreddits: want []string",
	} {
		if _, err := New(json.RawMessage(c), conformancetest.Deps(time.Time{})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%s) = %v, want %q", c, err, want)
		}
	}
}
