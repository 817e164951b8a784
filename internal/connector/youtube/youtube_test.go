package youtube

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

func send(w http.ResponseWriter, status int, name string) {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	w.Write(b)
}

// replay is the Data API as documented, for key "test-key".
func replay() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("key") != "test-key" {
			send(w, http.StatusBadRequest, "error-keyInvalid.json")
			return
		}
		switch {
		case r.URL.Path == "/youtube/v3/channels" && q.Get("id") == "UC_x5XG1OV2P6uZZ5FSM9Ttw" && q.Get("part") == "contentDetails":
			send(w, 200, "channels.json")
		case r.URL.Path == "/youtube/v3/playlistItems" && q.Get("playlistId") == "UU_x5XG1OV2P6uZZ5FSM9Ttw" && q.Get("pageToken") == "":
			send(w, 200, "playlistItems-page1.json")
		case r.URL.Path == "/youtube/v3/playlistItems" && q.Get("playlistId") == "UU_x5XG1OV2P6uZZ5FSM9Ttw" && q.Get("pageToken") == "EAAaBlBUOkNBSQ":
			send(w, 200, "playlistItems-page2.json")
		case r.URL.Path == "/youtube/v3/commentThreads" && q.Get("allThreadsRelatedToChannelId") == "UC_x5XG1OV2P6uZZ5FSM9Ttw":
			send(w, 200, "commentThreads.json")
		case r.URL.Path == "/youtube/v3/search" && q.Get("q") == "parvis" && q.Get("type") == "video" && q.Get("order") == "date":
			send(w, 200, "search.json")
		default:
			http.Error(w, `{"error":{"code":404,"message":"not found","errors":[{"reason":"notFound"}]}}`, http.StatusNotFound)
		}
	})
}

func cfg(base, mode, key string) string {
	return fmt.Sprintf(`{"api_key":%q,"mode":%q,"channel_id":"UC_x5XG1OV2P6uZZ5FSM9Ttw","query":"parvis","base_url":%q}`, key, mode, base)
}

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      Spec(),
		Config:    func(base string) string { return cfg(base, "uploads", "test-key") },
		Handler:   replay(),
		WantItems: 3,
		WantPages: 2,
	})
}

func fetch(t *testing.T, base, mode, key string) (connector.Batch, error) {
	t.Helper()
	src, err := New(json.RawMessage(cfg(base, mode, key)), conformancetest.Deps(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	return src.Fetch(context.Background(), nil)
}

func TestModes(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(replay())
	defer srv.Close()

	b, err := fetch(t, srv.URL, "uploads", "test-key")
	if err != nil {
		t.Fatal(err)
	}
	v := b.Items[0]
	if v.ExternalID != "dxraVLldwr0" || v.Title != "Parvis & the community team: a tour" || v.Kind != model.KindPost ||
		!v.CreatedAt.Equal(time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)) || v.URL != "https://www.youtube.com/watch?v=dxraVLldwr0" ||
		v.Author.URL != "https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw" || !strings.HasPrefix(v.Text, "A 10-minute tour") {
		t.Errorf("upload = %+v", v)
	}

	b, err = fetch(t, srv.URL, "comments", "test-key")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 2 {
		t.Fatalf("comments: %d items, want the thread's comment and its reply", len(b.Items))
	}
	top, reply := b.Items[0], b.Items[1]
	if top.Kind != model.KindComment || top.ThreadID != "dxraVLldwr0" || top.Metrics.Replies != 1 || top.Metrics.Likes != 3 || top.Author.Handle != "@claire-dev" ||
		top.URL != "https://www.youtube.com/watch?v=dxraVLldwr0&lc=UgzDE2tasfmrYLyNkGt4AaABAg" {
		t.Errorf("top comment = %+v", top)
	}
	if reply.Kind != model.KindReply || reply.ParentID != "UgzDE2tasfmrYLyNkGt4AaABAg" || reply.Text != "Yes, any Mastodon-compatible instance." {
		t.Errorf("reply = %+v", reply)
	}

	b, err = fetch(t, srv.URL, "search", "test-key")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 || b.Items[0].Title != "I tried Parvis for a week 'so you don't have to'" || b.Items[0].Author.Name != "Homelab Weekly" {
		t.Errorf("search = %+v", b.Items)
	}
}

func TestQuotaAndKeyErrors(t *testing.T) {
	t.Parallel()
	quota := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		send(w, http.StatusForbidden, "error-quotaExceeded.json")
	}))
	defer quota.Close()
	_, err := fetch(t, quota.URL, "search", "test-key")
	// 12:00 UTC on 25 Nov 2026 is 04:00 in Los Angeles: the quota resets in 20 hours.
	if connector.Classify(err) != connector.RateLimited || connector.RetryAfterOf(err) != 20*time.Hour {
		t.Errorf("quotaExceeded: %v (retry %v), want rate limited for 20h", err, connector.RetryAfterOf(err))
	}
	if strings.Contains(err.Error(), "<a") {
		t.Errorf("message keeps markup: %v", err)
	}

	srv := httptest.NewServer(replay())
	defer srv.Close()
	_, err = fetch(t, srv.URL, "uploads", "wrong-key")
	if connector.Classify(err) != connector.CredentialsExpired || strings.Contains(err.Error(), "wrong-key") {
		t.Errorf("invalid key: %v, want credentials expired without the key in the message", err)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for c, want := range map[string]string{
		`{"mode":"search","query":"x"}`:           "config.api_key: required",
		`{"api_key":"k"}`:                         "config.mode: required",
		`{"api_key":"k","mode":"live"}`:           `config.mode: "live"`,
		`{"api_key":"k","mode":"uploads"}`:        "config.channel_id: required",
		`{"api_key":"k","mode":"search"}`:         "config.query: required",
		`{"api_key":"k","mode":"search","q":"x"}`: "config.q: unknown field",
	} {
		if _, err := New(json.RawMessage(c), conformancetest.Deps(time.Time{})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%s) = %v, want %q", c, err, want)
		}
	}
}
