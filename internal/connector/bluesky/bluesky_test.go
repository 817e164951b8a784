package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func fixture(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// appView replays searchPosts by cursor.
func appView(t testing.TB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/xrpc/app.bsky.feed.searchPosts" || q.Get("q") == "" || q.Get("sort") != "latest" {
			writeJSON(w, 400, []byte(`{"error":"InvalidRequest","message":"bad search"}`))
			return
		}
		switch q.Get("cursor") {
		case "":
			writeJSON(w, 200, fixture(t, "searchPosts-page1.json"))
		case "2":
			writeJSON(w, 200, fixture(t, "searchPosts-page2.json"))
		default:
			writeJSON(w, 200, []byte(`{"posts":[]}`))
		}
	})
}

// pds is a PDS with one account: sessions, refresh, and notifications
// needing a valid access token. expireAfter makes access tokens expire
// after that many uses.
type pds struct {
	t           testing.TB
	mu          sync.Mutex
	generation  int
	uses        int
	expireAfter int
	sessions    atomic.Int32
	refreshes   atomic.Int32
}

func (p *pds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	access := fmt.Sprintf("Bearer access-%d", p.generation)
	switch r.URL.Path {
	case "/xrpc/com.atproto.server.createSession":
		var in struct{ Identifier, Password string }
		json.NewDecoder(r.Body).Decode(&in)
		if in.Identifier != "parvis.bsky.social" || in.Password != "abcd-efgh-ijkl-mnop" {
			writeJSON(w, 401, []byte(`{"error":"AuthenticationRequired","message":"Invalid identifier or password"}`))
			return
		}
		p.sessions.Add(1)
		p.generation++
		p.uses = 0
		out := bytes.ReplaceAll(fixture(p.t, "createSession.json"), []byte("eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access-1"), []byte(fmt.Sprintf("access-%d", p.generation)))
		out = bytes.ReplaceAll(out, []byte("eyJ0eXAiOiJyZWZyZXNoK2p3dCJ9.refresh-1"), []byte(fmt.Sprintf("refresh-%d", p.generation)))
		writeJSON(w, 200, out)
	case "/xrpc/com.atproto.server.refreshSession":
		if r.Header.Get("Authorization") != fmt.Sprintf("Bearer refresh-%d", p.generation) {
			writeJSON(w, 400, []byte(`{"error":"ExpiredToken","message":"Token has expired"}`))
			return
		}
		p.refreshes.Add(1)
		p.generation++
		p.uses = 0
		writeJSON(w, 200, []byte(fmt.Sprintf(`{"accessJwt":"access-%d","refreshJwt":"refresh-%d","handle":"parvis.bsky.social","did":"did:plc:parvis4example0000000000"}`, p.generation, p.generation)))
	case "/xrpc/app.bsky.notification.listNotifications":
		if r.Header.Get("Authorization") != access || (p.expireAfter > 0 && p.uses >= p.expireAfter) {
			writeJSON(w, 400, []byte(`{"error":"ExpiredToken","message":"Token has expired"}`))
			return
		}
		p.uses++
		if r.URL.Query().Get("cursor") != "" {
			writeJSON(w, 200, []byte(`{"notifications":[]}`))
			return
		}
		writeJSON(w, 200, fixture(p.t, "listNotifications.json"))
	default:
		writeJSON(w, 404, []byte(`{"error":"MethodNotImplemented"}`))
	}
}

// jetstream replays the recorded messages from the requested cursor, then
// closes (close) or waits for the client to leave.
func jetstream(t testing.TB, extra []string, closeAfter bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/subscribe" || r.URL.Query().Get("wantedCollections") != "app.bsky.feed.post" {
			http.Error(w, "bad subscribe", 400)
			return
		}
		cursor, _ := strconv.ParseInt(r.URL.Query().Get("cursor"), 10, 64)
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		lines := strings.Split(strings.TrimSpace(string(fixture(t, "jetstream.jsonl"))), "\n")
		for _, line := range append(lines, extra...) {
			var ev struct {
				TimeUS int64 `json:"time_us"`
			}
			json.Unmarshal([]byte(line), &ev)
			if ev.TimeUS < cursor {
				continue
			}
			if err := conn.Write(r.Context(), websocket.MessageText, []byte(line)); err != nil {
				return
			}
		}
		if closeAfter {
			conn.Close(websocket.StatusNormalClosure, "end of replay")
			return
		}
		conn.Read(r.Context()) // until the client closes
	})
}

const (
	searchCfg = `{"query":"parvis","service_url":%q}`
	notifCfg  = `{"handle":"parvis.bsky.social","app_password":"abcd-efgh-ijkl-mnop","service_url":%q}`
	jetCfg    = `{"keywords":["Parvis"],"service_url":%q}`
)

func TestConformanceSearch(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      SearchSpec(),
		Config:    func(base string) string { return fmt.Sprintf(searchCfg, base) },
		Handler:   appView(t),
		WantItems: 3,
		WantPages: 2,
		Now:       now,
	})
}

func TestConformanceNotifications(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      NotificationsSpec(),
		Config:    func(base string) string { return fmt.Sprintf(notifCfg, base) },
		Handler:   &pds{t: t},
		WantItems: 3,
		Now:       now,
	})
}

func TestConformanceJetstream(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      JetstreamSpec(),
		Config:    func(base string) string { return fmt.Sprintf(jetCfg, base) },
		Handler:   jetstream(t, nil, true),
		WantItems: 4, // two posts naming Parvis, a deletion, an edit
		Now:       now,
	})
}

func newSource(t *testing.T, spec connector.Spec, cfg string) connector.Source {
	t.Helper()
	src, err := spec.New(json.RawMessage(cfg), conformancetest.Deps(now))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestSearchItems(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(appView(t))
	defer srv.Close()
	b, err := newSource(t, SearchSpec(), fmt.Sprintf(searchCfg, srv.URL)).Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Item{
		Network: "bluesky", ExternalID: "at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lbzk7wq2rs2c", Kind: model.KindPost,
		URL:    "https://bsky.app/profile/camille.bsky.social/post/3lbzk7wq2rs2c",
		Author: model.Author{Handle: "camille.bsky.social", Name: "Camille 🌿", URL: "https://bsky.app/profile/camille.bsky.social"},
		Text:   "On passe toute l'équipe sur Parvis pour suivre les mentions & les avis.", Lang: "fr",
		CreatedAt: time.Date(2026, 11, 25, 10, 15, 2, 123e6, time.UTC), ThreadID: "at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lbzk7wq2rs2c",
		Metrics: model.Metrics{Likes: 12, Reposts: 3, Replies: 3}, Source: "Bluesky search: parvis", FetchedAt: now,
	}
	if got := b.Items[0]; fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("post:\n got %+v\nwant %+v", got, want)
	}
	reply := b.Items[1]
	if reply.Kind != model.KindReply || reply.ParentID != "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lbxqhl2yzk2r" ||
		reply.Text != "Community managers: try Parvis with the Bluesky connector <3" {
		t.Errorf("reply = %+v", reply)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	p := &pds{t: t}
	srv := httptest.NewServer(p)
	defer srv.Close()
	b, err := newSource(t, NotificationsSpec(), fmt.Sprintf(notifCfg, srv.URL)).Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, it := range b.Items {
		kinds = append(kinds, string(it.Kind)+":"+it.Author.Handle)
	}
	if got := strings.Join(kinds, " "); got != "reply:camille.bsky.social mention:atproto.com mention:bsky.app" {
		t.Errorf("notifications = %s, want the reply, the mention and the quote (not the like)", got)
	}
	onlyMentions := fmt.Sprintf(`{"handle":"parvis.bsky.social","app_password":"abcd-efgh-ijkl-mnop","service_url":%q,"reasons":["mention"]}`, srv.URL)
	b, err = newSource(t, NotificationsSpec(), onlyMentions).Fetch(context.Background(), nil)
	if err != nil || len(b.Items) != 1 || b.Items[0].Author.Handle != "atproto.com" {
		t.Errorf("reasons [mention]: %v %+v", err, b.Items)
	}
}

func TestSessionRefreshedWhenTokenExpires(t *testing.T) {
	t.Parallel()
	p := &pds{t: t, expireAfter: 1}
	srv := httptest.NewServer(p)
	defer srv.Close()
	src := newSource(t, NotificationsSpec(), fmt.Sprintf(notifCfg, srv.URL))
	for i := 0; i < 3; i++ {
		if _, err := src.Fetch(context.Background(), nil); err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if s, r := p.sessions.Load(), p.refreshes.Load(); s != 1 || r != 2 {
		t.Errorf("%d sessions and %d refreshes, want 1 session then a refresh per expired token (2)", s, r)
	}
	bad := newSource(t, NotificationsSpec(), strings.Replace(fmt.Sprintf(notifCfg, srv.URL), "abcd-efgh-ijkl-mnop", "wrong", 1))
	_, err := bad.Fetch(context.Background(), nil)
	if connector.Classify(err) != connector.CredentialsExpired || !strings.Contains(err.Error(), "AuthenticationRequired") {
		t.Errorf("wrong app password: %v", err)
	}
}

func TestJetstreamFetchAndResume(t *testing.T) {
	t.Parallel()
	var dials []string
	var mu sync.Mutex
	inner := jetstream(t, nil, true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		dials = append(dials, r.URL.RawQuery)
		mu.Unlock()
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()
	src := newSource(t, JetstreamSpec(), fmt.Sprintf(jetCfg, srv.URL))
	b, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 4 {
		t.Fatalf("got %d items, want the 2 created posts naming Parvis, a deletion and an edit", len(b.Items))
	}
	first, reply, deleted, edited := b.Items[0], b.Items[1], b.Items[2], b.Items[3]
	if !deleted.Deleted || deleted.ExternalID != "at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lc0aaaaaaa2a" || deleted.Text != "" {
		t.Errorf("deletion = %+v", deleted)
	}
	if edited.ExternalID != first.ExternalID || edited.Text != "Le nouveau tableau de bord de Parvis est superbe (edit)" {
		t.Errorf("edit = %+v", edited)
	}
	if first.ExternalID != "at://did:plc:vc7f4oafdgxsihk4cry2xpze/app.bsky.feed.post/3lc0ggggggg2g" || first.Text != "Le nouveau tableau de bord de PARVIS est superbe" ||
		first.Author.Handle != "did:plc:vc7f4oafdgxsihk4cry2xpze" || first.Lang != "fr" || first.URL != "https://bsky.app/profile/did:plc:vc7f4oafdgxsihk4cry2xpze/post/3lc0ggggggg2g" {
		t.Errorf("post = %+v", first)
	}
	if reply.Kind != model.KindReply || reply.ParentID != first.ExternalID {
		t.Errorf("reply = %+v", reply)
	}
	var st jetstreamState
	if err := json.Unmarshal(b.State, &st); err != nil || st.Cursor != 1795607940008000 {
		t.Errorf("cursor = %d (%v), want the time_us of the last event", st.Cursor, err)
	}
	b2, err := src.Fetch(context.Background(), b.State)
	if err != nil || len(b2.Items) != 0 {
		t.Errorf("resume: %v, %d items, want none", err, len(b2.Items))
	}
	if !strings.Contains(dials[1], "cursor=1795607940008000") {
		t.Errorf("resume dialled %q, want the saved cursor", dials[1])
	}
}

func TestJetstreamFetchStopsWhenCaughtUp(t *testing.T) {
	t.Parallel()
	live := fmt.Sprintf(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":%d,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3lc0live0002a","record":{"$type":"app.bsky.feed.post","createdAt":"2026-11-25T12:00:01Z","text":"live parvis post"}}}`, now.Add(time.Second).UnixMicro())
	srv := httptest.NewServer(jetstream(t, []string{live}, false)) // never closes
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b, err := newSource(t, JetstreamSpec(), fmt.Sprintf(jetCfg, srv.URL)).Fetch(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Error("Fetch ran until the deadline instead of stopping once caught up with the present")
	}
	if len(b.Items) != 5 || b.Items[4].Text != "live parvis post" {
		t.Errorf("items = %+v", b.Items)
	}
}

func TestJetstreamStream(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(jetstream(t, nil, false))
	defer srv.Close()
	src := newSource(t, JetstreamSpec(), fmt.Sprintf(jetCfg, srv.URL)).(connector.Streamer)
	errEnough := errors.New("enough")
	var got []connector.Batch
	err := src.Stream(context.Background(), []byte(`{"cursor":1795607940002000}`), func(b connector.Batch) error {
		got = append(got, b)
		if len(got) == 1 {
			return errEnough
		}
		return nil
	})
	if !errors.Is(err, errEnough) {
		t.Fatalf("Stream returned %v, want emit's error", err)
	}
	// Resumed after the first post: only the reply is new.
	if len(got[0].Items) != 1 || got[0].Items[0].Kind != model.KindReply || !strings.Contains(string(got[0].State), "1795607940006000") {
		t.Errorf("first batch = %+v state %s", got[0].Items, got[0].State)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = src.Stream(ctx, nil, func(b connector.Batch) error {
		n += len(b.Items)
		if n >= 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n < 2 {
		t.Errorf("Stream after cancel: %v with %d items, want context.Canceled after at least 2", err, n)
	}
}

func TestJetstreamMalformedMessage(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		conn.Write(r.Context(), websocket.MessageText, []byte(`{"did":"x","time_us":`))
		conn.Read(r.Context())
	}))
	defer srv.Close()
	_, err := newSource(t, JetstreamSpec(), fmt.Sprintf(jetCfg, srv.URL)).Fetch(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "malformed") || !strings.Contains(err.Error(), `time_us`) {
		t.Errorf("malformed message: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec      connector.Spec
		cfg, want string
	}{
		{SearchSpec(), `{}`, "config.query: required"},
		{SearchSpec(), `{"query":"x","handle":"a.test"}`, "config.app_password: required with a handle"},
		{SearchSpec(), `{"query":"x","service_url":"ftp://x"}`, "config.service_url: "},
		{NotificationsSpec(), `{"app_password":"p"}`, "config.handle: required"},
		{NotificationsSpec(), `{"handle":"a.test"}`, "config.app_password: required"},
		{NotificationsSpec(), `{"handle":"a.test","app_password":"p","reasons":["like"]}`, `config.reasons: "like"`},
		{JetstreamSpec(), `{"keywords":[" "]}`, "config.keywords: required"},
		{JetstreamSpec(), `{"keywords":["x"],"service_url":"file:///x"}`, "config.service_url: "},
	}
	for _, tt := range tests {
		if _, err := tt.spec.New(json.RawMessage(tt.cfg), conformancetest.Deps(now)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s New(%s) = %v, want %q", tt.spec.Type, tt.cfg, err, tt.want)
		}
	}
}

// TestJetstreamDeletionsRideWithTheNextBatch: a deletion does not cost a
// batch (a transaction) of its own; it goes with the next matching post.
func TestJetstreamDeletionsRideWithTheNextBatch(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(jetstream(t, nil, false))
	defer srv.Close()
	src := newSource(t, JetstreamSpec(), fmt.Sprintf(jetCfg, srv.URL)).(connector.Streamer)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var batches [][]model.Item
	n := 0
	err := src.Stream(ctx, nil, func(b connector.Batch) error {
		batches = append(batches, b.Items)
		if n += len(b.Items); n >= 4 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream: %v", err)
	}
	if len(batches) != 3 || len(batches[2]) != 2 || !batches[2][0].Deleted || batches[2][1].Deleted {
		t.Fatalf("batches %+v", batches)
	}
}
