package publish_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/store/storetest"
)

// fakeMastodon speaks the documented Mastodon API for what a real server
// will not do on demand. Like snac2 it ignores Idempotency-Key.
type fakeMastodon struct {
	mu       sync.Mutex
	statuses []map[string]any
	posts    int // POST /api/v1/statuses received
	// onPost answers the n-th POST (from 1) instead of the default;
	// it returns true when it answered.
	onPost func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool
}

func (m *fakeMastodon) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer good" && r.URL.Path != "/api/v1/instance" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"The access token is invalid"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/api/v1/accounts/verify_credentials":
		fmt.Fprint(w, `{"id":"1","acct":"lyon","url":"https://masto.example/@lyon"}`)
	case r.URL.Path == "/api/v1/instance":
		fmt.Fprint(w, `{"configuration":{"statuses":{"max_characters":500,"characters_reserved_per_url":23}}}`)
	case r.URL.Path == "/api/v1/accounts/1/statuses":
		m.mu.Lock()
		list := make([]map[string]any, 0, len(m.statuses))
		for i := len(m.statuses) - 1; i >= 0; i-- {
			list = append(list, m.statuses[i])
		}
		m.mu.Unlock()
		json.NewEncoder(w).Encode(list)
	case r.URL.Path == "/api/v1/statuses" && r.Method == "POST":
		var in struct {
			Status      string
			InReplyToID string `json:"in_reply_to_id"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		m.mu.Lock()
		m.posts++
		n := m.posts
		m.mu.Unlock()
		var st map[string]any
		accept := func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			id := fmt.Sprint(100 + len(m.statuses))
			st = map[string]any{"id": id, "url": "https://masto.example/@lyon/" + id, "created_at": time.Now().UTC().Format(time.RFC3339),
				"content": "<p>" + strings.ReplaceAll(in.Status, "&", "&amp;") + "</p>", "in_reply_to_id": in.InReplyToID}
			m.statuses = append(m.statuses, st)
		}
		if m.onPost != nil && m.onPost(n, w, r, accept) {
			return
		}
		accept()
		json.NewEncoder(w).Encode(st)
	default:
		http.NotFound(w, r)
	}
}

func TestMastodonFailuresAgainstTheDocumentedAPI(t *testing.T) {
	tests := []struct {
		name     string
		onPost   func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool
		token    string
		steps    []time.Duration
		want     model.VariantStatus
		statuses int // statuses on the server at the end
		posts    int // POSTs received
		outcomes string
	}{
		{"timeout after the server accepted the post", func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool {
			if n == 1 {
				accept()
				time.Sleep(700 * time.Millisecond) // longer than the client waits
				return true
			}
			return false
		}, "good", []time.Duration{0, 20 * time.Second}, model.VariantPublished, 1, 1, "unknown,recovered"},
		{"5xx then success", func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool {
			if n == 1 {
				http.Error(w, `{"error":"Internal Server Error"}`, http.StatusInternalServerError)
				return true
			}
			return false
		}, "good", []time.Duration{0, 20 * time.Second}, model.VariantPublished, 1, 2, "retry,published"},
		{"429 with Retry-After", func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool {
			if n == 1 {
				w.Header().Set("Retry-After", start.Add(5*time.Minute).Format(http.TimeFormat))
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":"Too many requests"}`)
				return true
			}
			return false
		}, "good", []time.Duration{0, 2 * time.Minute, 4 * time.Minute}, model.VariantPublished, 1, 2, "retry,published"},
		{"expired token", nil, "revoked", []time.Duration{0, time.Hour}, model.VariantFailed, 0, 0, "failed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc := clock.NewFake(start)
			db := storetest.SQLite(t, storetest.Options{Clock: fc})
			f := newFixture(t, db, fc, 300*time.Millisecond)
			m := &fakeMastodon{}
			srv := httptest.NewServer(m)
			defer srv.Close()
			c, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "mastodon", Name: "Masto",
				Config: json.RawMessage(`{"instance_url":"` + srv.URL + `","access_token":"good"}`)})
			if err != nil {
				t.Fatal(err)
			}
			if tc.token != "good" {
				// The token is revoked after the channel was connected.
				srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					r.Header.Set("Authorization", "Bearer "+tc.token)
					m.ServeHTTP(w, r)
				})
			}
			p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Concert & feu d'artifice", Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
			if err != nil {
				t.Fatal(err)
			}
			m.onPost = tc.onPost
			for _, d := range tc.steps {
				fc.Advance(d)
				f.run(t)
			}
			got := f.post(t, p.ID)
			v := got.Variants[0]
			attempts, _ := f.svc.Attempts(f.owner, "lyon", p.ID)
			var outcomes []string
			for _, a := range attempts[fmt.Sprint(c.ID)] {
				outcomes = append(outcomes, a.Outcome)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			if v.Status != tc.want || len(m.statuses) != tc.statuses || m.posts != tc.posts || strings.Join(outcomes, ",") != tc.outcomes {
				t.Fatalf("variant %s (%q); server has %d statuses after %d POSTs; attempts %v — want %s, %d, %d, %s",
					v.Status, v.LastError, len(m.statuses), m.posts, outcomes, tc.want, tc.statuses, tc.posts, tc.outcomes)
			}
			if v.Status == model.VariantPublished && v.ExternalID != "100" {
				t.Errorf("external id = %q", v.ExternalID)
			}
			if tc.token != "good" {
				ch, _ := f.svc.Channel(f.owner, "lyon", c.ID)
				if ch.Status != model.ChannelReconnect || !strings.Contains(v.LastError, "401") {
					t.Errorf("channel %s, error %q", ch.Status, v.LastError)
				}
			}
		})
	}
}
