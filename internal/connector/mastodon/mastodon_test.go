package mastodon

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

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

// replay serves the recorded pages as an instance does, with Link headers,
// and records the queries.
type replay struct {
	mu      sync.Mutex
	queries []string
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	rp.queries = append(rp.queries, r.URL.Path+"?"+r.URL.RawQuery)
	rp.mu.Unlock()
	send := func(name string) {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			panic(err)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
	}
	base := "http://" + r.Host
	q := r.URL.Query()
	authed := r.Header.Get("Authorization") == "Bearer tok"
	switch {
	case r.URL.Path == "/api/v1/timelines/tag/parvis":
		switch {
		case q.Get("max_id") == "" && q.Get("min_id") == "":
			w.Header().Set("Link", fmt.Sprintf(`<%s/api/v1/timelines/tag/parvis?max_id=113519999999999001>; rel="next", <%s/api/v1/timelines/tag/parvis?min_id=113520000000000002>; rel="prev"`, base, base))
			send("tag-page1.json")
		case q.Get("max_id") == "113519999999999001":
			w.Header().Set("Link", fmt.Sprintf(`<%s/api/v1/timelines/tag/parvis?min_id=113510000000000123>; rel="prev"`, base))
			send("tag-page2.json")
		default: // nothing newer than min_id
			w.Write([]byte("[]"))
		}
	case r.URL.Path == "/api/v1/notifications" && authed:
		if q.Get("min_id") != "" {
			w.Write([]byte("[]"))
			return
		}
		send("notifications.json")
	case r.URL.Path == "/api/v2/search" && authed && q.Get("type") == "statuses" && q.Get("q") == "parvis":
		send("search.json")
	case !authed && r.URL.Path != "/api/v1/timelines/tag/parvis":
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"The access token is invalid"}`))
	default:
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"Record not found"}`))
	}
}

func cfg(base, timeline string) string {
	return fmt.Sprintf(`{"instance_url":%q,"timeline":%q,"hashtag":"#parvis","query":"parvis","access_token":"tok"}`, base, timeline)
}

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      Spec(),
		Config:    func(base string) string { return cfg(base, "hashtag") },
		Handler:   &replay{},
		WantItems: 3,
		WantPages: 2,
	})
}

func newSource(t *testing.T, base, timeline string) connector.Source {
	t.Helper()
	src, err := New(json.RawMessage(cfg(base, timeline)), conformancetest.Deps(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestHashtagPolling(t *testing.T) {
	t.Parallel()
	rp := &replay{}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	src := newSource(t, srv.URL, "hashtag")
	b1, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b1.Items) != 2 || !b1.More {
		t.Fatalf("first page: %d items, more %v", len(b1.Items), b1.More)
	}
	lea, camille := b1.Items[0], b1.Items[1]
	if lea.ExternalID != "113520000000000002" || lea.Kind != model.KindPost || lea.Lang != "fr" ||
		lea.Text != "Nous testons #Parvis pour l'écoute de notre asso & ça marche bien.\n\nRetour complet bientôt." ||
		lea.Author.Handle != "lea@piaille.fr" || lea.Author.Name != "Léa" || *lea.Author.Followers != 88 ||
		lea.URL != "https://mastodon.social/@lea/113520000000000002" || lea.Metrics != (model.Metrics{Likes: 4, Reposts: 1, Replies: 1}) {
		t.Errorf("status = %+v", lea)
	}
	if camille.Kind != model.KindReply || camille.ParentID != "113519999999990000" {
		t.Errorf("reply = %+v", camille)
	}
	b2, err := src.Fetch(context.Background(), b1.State)
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Items) != 1 || b2.More || b2.Items[0].Title != "Parvis review" || b2.Items[0].Text != "Spoiler: it's self-hosted." {
		t.Fatalf("history page: %+v more %v", b2.Items, b2.More)
	}
	if _, err := src.Fetch(context.Background(), b2.State); err != nil {
		t.Fatal(err)
	}
	// The cursor is the newest status of the first page, as a string.
	if last := rp.queries[len(rp.queries)-1]; !strings.Contains(last, "min_id=113520000000000002") {
		t.Errorf("poll after history asked %q, want min_id=113520000000000002", last)
	}
}

func TestNotificationsAndSearch(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&replay{})
	defer srv.Close()
	b, err := newSource(t, srv.URL, "notifications").Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 2 {
		t.Fatalf("notifications: %d items, want the 2 mentions (not the favourite)", len(b.Items))
	}
	if b.Items[0].Kind != model.KindMention || b.Items[0].Text != "@parvis bravo pour la sortie !" {
		t.Errorf("mention = %+v", b.Items[0])
	}
	if b.Items[1].Kind != model.KindReply || b.Items[1].ParentID != "113520000000000001" {
		t.Errorf("reply mention = %+v", b.Items[1])
	}
	var st state
	if err := json.Unmarshal(b.State, &st); err != nil || st.Cursor != "34975861" {
		t.Errorf("cursor = %q (%v), want the newest notification id 34975861", st.Cursor, err)
	}

	b, err = newSource(t, srv.URL, "search").Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 || b.Items[0].ExternalID != "113510000000000123" {
		t.Errorf("search = %+v", b.Items)
	}
}

func TestParseLinks(t *testing.T) {
	t.Parallel()
	l := parseLinks([]string{`<https://m.example/api/v1/timelines/public?max_id=abc>; rel="next", <https://m.example/api/v1/timelines/public?min_id=def>; rel="prev"`})
	if l["next"].Get("max_id") != "abc" || l["prev"].Get("min_id") != "def" {
		t.Errorf("parseLinks = %v", l)
	}
	if len(parseLinks(nil)) != 0 || parseLinks([]string{"garbage"})["next"].Get("max_id") != "" {
		t.Error("parseLinks of nothing")
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for c, want := range map[string]string{
		`{"timeline":"public"}`:                                                     "config.instance_url: required",
		`{"instance_url":"https://m.example"}`:                                      "config.timeline: required",
		`{"instance_url":"https://m.example","timeline":"home"}`:                    `config.timeline: "home"`,
		`{"instance_url":"https://m.example","timeline":"hashtag"}`:                 "config.hashtag: required",
		`{"instance_url":"https://m.example","timeline":"hashtag","hashtag":"a b"}`: `config.hashtag: "a b"`,
		`{"instance_url":"https://m.example","timeline":"notifications"}`:           "config.access_token: required",
		`{"instance_url":"https://m.example","timeline":"search","query":"x"}`:      "config.access_token: required",
	} {
		if _, err := New(json.RawMessage(c), conformancetest.Deps(time.Time{})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%s) = %v, want %q", c, err, want)
		}
	}
}
