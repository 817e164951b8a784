package feed

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

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serveFeed serves one fixture with an ETag and answers conditional
// requests with 304, as a well-behaved server does.
func serveFeed(t testing.TB, name, contentType string) http.Handler {
	body := readFixture(t, name)
	etag := fmt.Sprintf(`"%x"`, len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Tue, 10 Jun 2003 09:41:01 GMT")
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:        Spec(),
		Config:      func(base string) string { return fmt.Sprintf(`{"url": %q}`, base+"/rss.xml") },
		Handler:     serveFeed(t, "rss2sample.xml", "application/rss+xml"),
		WantItems:   4,
		Malformed:   `<?xml version="1.0"?><rss version="2.0"><channel><title>cut`,
		ContentType: "application/rss+xml",
		Now:         now,
	})
}

func fetchOnce(t *testing.T, handler http.Handler, path string, state []byte, deps connector.Deps) (connector.Batch, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	src, err := New(json.RawMessage(fmt.Sprintf(`{"url": %q}`, srv.URL+path)), deps)
	if err != nil {
		t.Fatal(err)
	}
	b, err := src.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	return b, srv
}

func TestFormats(t *testing.T) {
	t.Parallel()
	deps := conformancetest.Deps(now)
	tests := []struct {
		file, contentType string
		want              []model.Item // only the fields compared below
	}{
		{"rss2sample.xml", "application/rss+xml", []model.Item{
			{ExternalID: "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573", Title: "Star City", Lang: "en-us", URL: "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp",
				Text:      "How do Americans get ready to work with Russians aboard the International Space Station? They take a crash course in culture, language and protocol at Russia's Star City.",
				CreatedAt: time.Date(2003, 6, 3, 9, 39, 21, 0, time.UTC)},
			{ExternalID: "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572", Lang: "en-us", Text: "Sky watchers in Europe, Asia, and parts of Alaska and Canada will experience a partial eclipse of the Sun on Saturday, May 31st.",
				CreatedAt: time.Date(2003, 5, 30, 11, 6, 42, 0, time.UTC)},
		}},
		{"atom-rfc4287.xml", "application/atom+xml", []model.Item{
			{ExternalID: "tag:example.org,2003:3.2397", Title: "Atom draft-07 snapshot", URL: "http://example.org/2005/04/02/atom",
				Text: "[Update: The Atom draft is finished.]", Author: model.Author{Name: "Mark Pilgrim"},
				CreatedAt: time.Date(2003, 12, 13, 12, 29, 29, 0, time.UTC)},
		}},
		{"jsonfeed-1.1.json", "application/feed+json", []model.Item{
			{ExternalID: "2", Text: "This is a second item.", URL: "https://example.org/second-item", CreatedAt: now},
			{ExternalID: "1", Text: "Hello, world!", URL: "https://example.org/initial-post", CreatedAt: now},
		}},
		{"rss-iso-8859-1.xml", "text/xml", []model.Item{
			{ExternalID: "journal-2026-1123", Title: "Fête de l'école à Besançon", Lang: "fr-FR", Text: "Les élèves ont préparé un spectacle très réussi.",
				URL: "SERVER/2026/11/fete-ecole", CreatedAt: time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC)},
			// Unreadable and future dates fall back to the fetch time; relative links resolve against the feed URL.
			{ExternalID: "SERVER/feeds/articles/date-illisible.html", Title: "Date illisible", Lang: "fr-FR", Text: "Un article dont la date est cassée.",
				URL: "SERVER/feeds/articles/date-illisible.html", CreatedAt: now},
			{ExternalID: "https://journal.example/futur", Title: "Date dans le futur", Lang: "fr-FR", Text: "Publié en l'an 2999, paraît-il.",
				URL: "https://journal.example/futur", CreatedAt: now},
		}},
		{"rss-windows-1252-undeclared.xml", "application/rss+xml; charset=windows-1252", []model.Item{
			{ExternalID: "cp-1", Title: "Prices in € and “smart quotes”", Text: "It’s 5€ – cheaper than you think…", Lang: "en-GB",
				CreatedAt: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)},
		}},
		// Windows-1252 bytes served as if UTF-8: read as windows-1252 rather than failing.
		{"rss-windows-1252-undeclared.xml", "application/rss+xml", []model.Item{
			{ExternalID: "cp-1", Title: "Prices in € and “smart quotes”", Text: "It’s 5€ – cheaper than you think…", Lang: "en-GB",
				CreatedAt: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.contentType, func(t *testing.T) {
			t.Parallel()
			b, srv := fetchOnce(t, serveFeed(t, tt.file, tt.contentType), "/feeds/feed.xml", nil, deps)
			if len(b.Items) < len(tt.want) {
				t.Fatalf("got %d items, want at least %d", len(b.Items), len(tt.want))
			}
			for i, want := range tt.want {
				got := b.Items[i]
				want.ExternalID = strings.ReplaceAll(want.ExternalID, "SERVER", srv.URL)
				want.URL = strings.ReplaceAll(want.URL, "SERVER", srv.URL)
				if got.ExternalID != want.ExternalID || got.Title != want.Title || got.Text != want.Text ||
					got.URL != want.URL || !got.CreatedAt.Equal(want.CreatedAt) || got.Author.Name != want.Author.Name || got.Lang != want.Lang {
					t.Errorf("item %d:\n got id=%q title=%q text=%q url=%q created=%v author=%q lang=%q\nwant id=%q title=%q text=%q url=%q created=%v author=%q lang=%q",
						i, got.ExternalID, got.Title, got.Text, got.URL, got.CreatedAt, got.Author.Name, got.Lang,
						want.ExternalID, want.Title, want.Text, want.URL, want.CreatedAt, want.Author.Name, want.Lang)
				}
				if got.Network != "web" || got.Kind != model.KindArticle {
					t.Errorf("item %d: network %q kind %q", i, got.Network, got.Kind)
				}
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	t.Parallel()
	var requests, notModified atomic.Int32
	inner := serveFeed(t, "rss2sample.xml", "application/rss+xml")
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("If-None-Match") != "" && r.Header.Get("If-Modified-Since") == "Tue, 10 Jun 2003 09:41:01 GMT" {
			notModified.Add(1)
		}
		inner.ServeHTTP(w, r)
	})
	deps := conformancetest.Deps(now)
	first, srv := fetchOnce(t, handler, "/rss.xml", nil, deps)
	if len(first.Items) != 4 {
		t.Fatalf("first fetch: %d items, want 4", len(first.Items))
	}
	src, _ := New(json.RawMessage(fmt.Sprintf(`{"url": %q}`, srv.URL+"/rss.xml")), deps)
	second, err := src.Fetch(context.Background(), first.State)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Items) != 0 || string(second.State) != string(first.State) {
		t.Errorf("304: got %d items and state %s, want none and the state kept", len(second.Items), second.State)
	}
	if requests.Load() != 2 || notModified.Load() != 1 {
		t.Errorf("requests %d, conditional %d; want 2 and 1", requests.Load(), notModified.Load())
	}
}

func TestRetryAfterHonouredPerHost(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "Wed, 25 Nov 2026 12:10:00 GMT")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	deps := conformancetest.Deps(now)
	deps.Hosts = connector.NewHostLimiter(deps.Clock, 0)
	a, _ := New(json.RawMessage(fmt.Sprintf(`{"url": %q}`, srv.URL+"/a.xml")), deps)
	b, _ := New(json.RawMessage(fmt.Sprintf(`{"url": %q}`, srv.URL+"/b.xml")), deps)

	_, err := a.Fetch(context.Background(), nil)
	if connector.Classify(err) != connector.RateLimited || connector.RetryAfterOf(err) != 10*time.Minute {
		t.Fatalf("429: %v (retry after %v), want rate limited for 10m", err, connector.RetryAfterOf(err))
	}
	// Another feed of the same host waits too, without asking the server.
	_, err = b.Fetch(context.Background(), nil)
	if connector.Classify(err) != connector.RateLimited || hits.Load() != 1 {
		t.Errorf("second feed of the host: %v after %d requests, want rate limited after 1", err, hits.Load())
	}
}

func TestPolitenessSpacesRequestsToOneHost(t *testing.T) {
	t.Parallel()
	deps := conformancetest.Deps(now)
	var waits []time.Duration
	deps.Hosts = connector.NewHostLimiter(deps.Clock, 2*time.Second).WithSleep(func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	})
	srv := httptest.NewServer(serveFeed(t, "rss2sample.xml", "application/rss+xml"))
	defer srv.Close()
	for _, path := range []string{"/a.xml", "/b.xml"} {
		src, _ := New(json.RawMessage(fmt.Sprintf(`{"url": %q}`, srv.URL+path)), deps)
		if _, err := src.Fetch(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(waits) != "[2s]" {
		t.Errorf("waits %v, want [2s]: the second feed of the host waits for the first", waits)
	}
}

func TestGofeedTestdata(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/gofeed/*.*")
	if err != nil || len(files) < 8 {
		t.Fatalf("gofeed test files: %v %v", files, err)
	}
	counts := map[string]int{}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		items, err := Parse(body, "", "http://example.org/feeds/feed.xml", now)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		counts[filepath.Base(f)] = len(items)
		for _, it := range items {
			if it.ExternalID == "" || it.Title+it.Text == "" || it.CreatedAt.IsZero() || strings.ContainsAny(it.Title+it.Text, "<>") {
				t.Errorf("%s: bad item %+v", f, it)
			}
		}
	}
	// Spot checks of what the files hold.
	items, _ := Parse(readFixture(t, "gofeed/rdf_item_description_cdata_escaped_markup.xml"), "", "http://example.org/", now)
	if len(items) != 1 || items[0].Text != "Item Description" {
		t.Errorf("escaped markup: %+v", items)
	}
	items, _ = Parse(readFixture(t, "gofeed/rss_channel_item_xml_base.xml"), "", "http://other.example/", now)
	if len(items) != 1 || items[0].URL != "http://example.org/feeds/post/1" {
		t.Errorf("xml:base: %+v", items)
	}
	items, _ = Parse(readFixture(t, "gofeed/issue_346_root_default_namespace.xml"), "", "http://example.org/", now)
	if len(items) != 2 || !items[0].CreatedAt.Equal(time.Date(2023, 12, 21, 23, 4, 55, 0, time.UTC)) || !strings.HasPrefix(items[0].Title, "Торгівля") {
		t.Errorf("namespaced rss: %+v", items)
	}
	if counts["json11_feed.json"] < 1 || counts["issue_275_extensions_and_source.xml"] != 4 {
		t.Errorf("item counts %v", counts)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for cfg, want := range map[string]string{
		`{}`:                               "config.url: required",
		`{"url":"ftp://x/feed"}`:           "config.url: ",
		`{"url":"https://x","interval":1}`: "config.interval: unknown field",
	} {
		if _, err := New(json.RawMessage(cfg), conformancetest.Deps(now)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%s) = %v, want %q", cfg, err, want)
		}
	}
}

func FuzzFeed(f *testing.F) {
	for _, pattern := range []string{"testdata/*.xml", "testdata/*.json", "testdata/gofeed/*.*"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, "")
			f.Add(b, "text/xml; charset=iso-8859-1")
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		items, err := Parse(body, contentType, "https://example.org/feeds/feed.xml", now)
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, it := range items {
			if it.ExternalID == "" || ids[it.ExternalID] {
				t.Fatalf("empty or duplicate external id %q", it.ExternalID)
			}
			ids[it.ExternalID] = true
			if strings.TrimSpace(it.Title) == "" && strings.TrimSpace(it.Text) == "" {
				t.Fatalf("item %q has neither title nor text", it.ExternalID)
			}
			if it.CreatedAt.IsZero() || it.CreatedAt.After(now.Add(48*time.Hour)) {
				t.Fatalf("item %q created at %v", it.ExternalID, it.CreatedAt)
			}
			if it.URL != "" && !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item %q has a non-http link %q", it.ExternalID, it.URL)
			}
		}
	})
}
