// Package conformancetest is the test suite every listening connector
// passes. A connector's test calls Run with an http.Handler replaying the
// payloads recorded from the network's documentation; the suite checks the
// items (shape, plain text, stable ids), pagination and state, and how the
// connector classifies rate limits, expired credentials and malformed or
// hostile bodies.
package conformancetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/model"
)

// Case describes a connector under test.
type Case struct {
	Spec connector.Spec
	// Config returns the source configuration pointing at baseURL (every
	// base URL of the connector should point there).
	Config func(baseURL string) string
	// Handler replays the recorded payloads, pagination included.
	Handler http.Handler
	// WantItems is the number of distinct items the recorded pages hold.
	WantItems int
	// WantPages is the least number of Fetch calls needed to read them all
	// (1 when the recorded answer has a single page).
	WantPages int
	// Malformed is a body the connector cannot understand; it must fail
	// with a message saying so. Default: truncated JSON.
	Malformed string
	// ContentType of Malformed and the hostile bodies. Default: application/json.
	ContentType string
	// Now is the time of the fake clock. Default: 2026-11-25T12:00:00Z.
	Now time.Time
}

// Deps returns the dependencies the suite gives a connector: the guarded
// fetch client allowing loopback, a fake clock and a discarding logger.
func Deps(now time.Time) connector.Deps {
	if now.IsZero() {
		now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	}
	return connector.Deps{
		HTTP:   fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, Timeout: 10 * time.Second}),
		Clock:  clock.NewFake(now),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// htmlTag matches what is left of HTML markup in a text that should be plain.
var htmlTag = regexp.MustCompile(`<(/?[a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?/?>|&(amp|lt|gt|quot|nbsp|#\d+);`)

// Run runs the suite.
func Run(t *testing.T, c Case) {
	t.Helper()
	if c.WantPages < 1 {
		c.WantPages = 1
	}
	if c.Malformed == "" {
		c.Malformed = `{"data": [{"id": "1", "text": "cut here`
	}
	if c.ContentType == "" {
		c.ContentType = "application/json"
	}

	t.Run("spec", func(t *testing.T) { checkSpec(t, c.Spec) })

	t.Run("items", func(t *testing.T) {
		srv := httptest.NewServer(c.Handler)
		defer srv.Close()
		src := newSource(t, c, srv.URL)

		items, state, pages := fetchAll(t, src, nil)
		if pages < c.WantPages {
			t.Errorf("read everything in %d fetches, want at least %d: pagination not followed (Batch.More)", pages, c.WantPages)
		}
		if len(items) != c.WantItems {
			t.Errorf("got %d items, want %d", len(items), c.WantItems)
		}
		seen := map[string]bool{}
		texts := map[string]string{}
		for i, it := range items {
			checkItem(t, c.Spec, i, it)
			// The same id again is a bug (paging), unless it is news of the
			// item: an edit (another text) or its deletion.
			if seen[it.ExternalID] && !it.Deleted && texts[it.ExternalID] == it.Title+"\x00"+it.Text {
				t.Errorf("item %d: external id %q delivered twice", i, it.ExternalID)
			}
			seen[it.ExternalID], texts[it.ExternalID] = true, it.Title+"\x00"+it.Text
		}

		// A second source reading from scratch gets the same ids.
		again, _, _ := fetchAll(t, newSource(t, c, srv.URL), nil)
		if got, want := ids(again), ids(items); got != want {
			t.Errorf("external ids are not stable across fetches:\nfirst:  %s\nsecond: %s", want, got)
		}

		// Fetching again from the saved state gives nothing already delivered.
		later, _, _ := fetchAll(t, newSource(t, c, srv.URL), state)
		for _, it := range later {
			if seen[it.ExternalID] {
				t.Errorf("re-fetch with the saved state delivered %q again", it.ExternalID)
			}
		}
	})

	t.Run("rate limited", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "120")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}`)
		}))
		defer srv.Close()
		err := fetchErr(t, newSource(t, c, srv.URL))
		if connector.Classify(err) != connector.RateLimited {
			t.Errorf("429: error %v classified %v, want rate_limited", err, connector.Classify(err))
		}
		if got := connector.RetryAfterOf(err); got != 120*time.Second {
			t.Errorf("429 with Retry-After: 120: retry after %v, want 2m0s", got)
		}
	})

	t.Run("credentials expired", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"ExpiredToken","message":"Token has expired"}`)
		}))
		defer srv.Close()
		err := fetchErr(t, newSource(t, c, srv.URL))
		if connector.Classify(err) != connector.CredentialsExpired {
			t.Errorf("401: error %v classified %v, want credentials_expired", err, connector.Classify(err))
		}
	})

	t.Run("server error", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "upstream down", http.StatusBadGateway)
		}))
		defer srv.Close()
		err := fetchErr(t, newSource(t, c, srv.URL))
		if connector.Classify(err) != connector.Retryable {
			t.Errorf("502: error %v classified %v, want retryable", err, connector.Classify(err))
		}
	})

	t.Run("malformed", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", c.ContentType)
			fmt.Fprint(w, c.Malformed)
		}))
		defer srv.Close()
		err := fetchErr(t, newSource(t, c, srv.URL))
		class := connector.Classify(err)
		if class != connector.Permanent && class != connector.Retryable {
			t.Errorf("malformed body: error %v classified %v, want permanent or retryable", err, class)
		}
		if !strings.Contains(err.Error(), "malformed") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("malformed body: message %q should say the response was malformed and name the request", err)
		}
	})

	t.Run("hostile bodies", func(t *testing.T) {
		for _, body := range []string{"", "null", "[]", "{}", "0", `"x"`, "<html><body>Gateway</body></html>", `{"posts":null,"items":[null],"data":{"children":[null]},"hits":[{}],"cursor":5}`, strings.Repeat("[", 10000)} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.ContentType)
				fmt.Fprint(w, body)
			}))
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("body %.40q: panic: %v", body, p)
					}
				}()
				b, err := newSource(t, c, srv.URL).Fetch(context.Background(), nil)
				if err == nil {
					for i, it := range b.Items {
						checkItem(t, c.Spec, i, it)
					}
				}
			}()
			srv.Close()
		}
	})
}

func newSource(t *testing.T, c Case, baseURL string) connector.Source {
	t.Helper()
	src, err := c.Spec.New(json.RawMessage(c.Config(baseURL)), Deps(c.Now))
	if err != nil {
		t.Fatalf("New(%s): %v", c.Config(baseURL), err)
	}
	return src
}

func fetchAll(t *testing.T, src connector.Source, state []byte) (items []model.Item, _ []byte, pages int) {
	t.Helper()
	for pages = 1; pages <= 50; pages++ {
		b, err := src.Fetch(context.Background(), state)
		if err != nil {
			t.Fatalf("fetch %d: %v", pages, err)
		}
		items = append(items, b.Items...)
		if b.State != nil {
			state = b.State
		}
		if !b.More {
			return items, state, pages
		}
	}
	t.Fatalf("still More after 50 fetches")
	return nil, nil, 0
}

func fetchErr(t *testing.T, src connector.Source) error {
	t.Helper()
	b, err := src.Fetch(context.Background(), nil)
	if err == nil {
		t.Fatalf("fetch succeeded with %d items, want an error", len(b.Items))
	}
	return err
}

func ids(items []model.Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.ExternalID)
		b.WriteByte(' ')
	}
	return b.String()
}

func checkSpec(t *testing.T, s connector.Spec) {
	t.Helper()
	if s.Type == "" || s.Network == "" || s.NameEN == "" || s.NameFR == "" || s.New == nil {
		t.Errorf("spec %q: type, network, names and New are required", s.Type)
	}
	if len(s.Fields) == 0 {
		t.Errorf("spec %q has no fields", s.Type)
	}
	valid := map[string]bool{"string": true, "url": true, "secret": true, "int": true, "bool": true, "duration": true, "list": true}
	for _, f := range s.Fields {
		if f.Name == "" || f.HelpEN == "" || f.HelpFR == "" || !valid[f.Type] {
			t.Errorf("spec %q field %q: name, help in both languages and a known type are required (type %q)", s.Type, f.Name, f.Type)
		}
		if f.Type == "secret" && !f.Secret {
			t.Errorf("spec %q field %q: a secret field must set Secret", s.Type, f.Name)
		}
	}
	if _, err := s.New(json.RawMessage(`{"no_such_field": 1}`), Deps(time.Time{})); err == nil || !strings.Contains(err.Error(), "no_such_field") {
		t.Errorf("spec %q: an unknown config field gives %v, want an error naming it", s.Type, err)
	}
}

func checkItem(t *testing.T, s connector.Spec, i int, it model.Item) {
	t.Helper()
	where := fmt.Sprintf("item %d (%s)", i, it.ExternalID)
	if it.Network != s.Network {
		t.Errorf("%s: network %q, want %q", where, it.Network, s.Network)
	}
	if it.ExternalID == "" {
		t.Errorf("%s: no external id", where)
	}
	if it.Deleted {
		// A deletion names the item and says nothing of it.
		if it.Text != "" || it.Title != "" || it.Author != (model.Author{}) {
			t.Errorf("%s: a deletion carries content", where)
		}
		return
	}
	if !it.Kind.Valid() {
		t.Errorf("%s: kind %q is not valid", where, it.Kind)
	}
	if strings.TrimSpace(it.Text) == "" && strings.TrimSpace(it.Title) == "" {
		t.Errorf("%s: neither text nor title", where)
	}
	if it.CreatedAt.IsZero() {
		t.Errorf("%s: created_at not set", where)
	}
	for name, v := range map[string]string{"text": it.Text, "title": it.Title, "author.name": it.Author.Name} {
		if m := htmlTag.FindString(v); m != "" {
			t.Errorf("%s: %s holds markup %q; want plain text: %q", where, name, m, v)
		}
	}
}
