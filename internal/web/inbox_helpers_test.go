package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	publishers "github.com/parvis/parvis/internal/publish/publisher/all"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/web"
	"github.com/parvis/parvis/internal/workspace"
)

// inboxWorld is a site wired as the app wires the inbox: one pipeline
// threads what listening imports into conversations, replies are durable
// jobs on the same queue (publishing too: it tells the channel's limits),
// and outbound calls may reach 127.0.0.0/8 (the
// test's Mastodon). Workspace "acme" has an owner (logged in), an editor,
// a viewer and a Mastodon channel served by Mastodon.
type inboxWorld struct {
	*site
	Inbox                 *inbox.Service
	Jobs                  *jobs.Queue
	Mastodon              *fakeMastodon
	Channel               model.Channel
	owner, editor, viewer model.User
	ownerC                *client
	// stopping is the server's shutdown signal (close it to shut down).
	stopping chan struct{}
}

func newInboxWorld(t *testing.T) *inboxWorld {
	t.Helper()
	db := storetest.SQLite(t, storetest.Options{})
	a := auth.NewService(db, clock.Real{}, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, a, clock.Real{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(db, clock.Real{}, log)
	p.AddEnricher(ingest.NewTextEnricher(engine))
	box, err := secret.NewBox(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	q := jobs.New(db, clock.Real{}, log)
	reg := connector.NewRegistry()
	all.Register(reg)
	mux := http.NewServeMux()
	var h http.Handler = httpx.Authenticate(a, log, mux)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, URL: srv.URL, DB: db, Auth: a, WS: wss, liveEnded: make(chan struct{}, 16)}
	s.Listen = listen.New(listen.Options{DB: db, Workspaces: wss, Pipeline: p, Registry: reg, Box: box, Jobs: q, Clock: clock.Real{}, Log: log, BaseURL: srv.URL})
	ib := inbox.New(inbox.Options{DB: db, Workspaces: wss, Jobs: q, Box: box, Pipeline: p, Clock: clock.Real{}, Log: log,
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	preg := publisher.NewRegistry()
	publishers.Register(preg)
	publishing := publish.New(publish.Options{DB: db, Workspaces: wss, Registry: preg, Box: box, Jobs: q, Clock: clock.Real{}, Log: log,
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, BaseURL: srv.URL})
	stopping := make(chan struct{})
	web.Routes(mux, &web.Deps{Log: log, Auth: a, Workspaces: wss, Listen: s.Listen, Publish: publishing, Inbox: ib, MaxBody: 1 << 20, Stopping: stopping})
	w := &inboxWorld{site: s, Inbox: ib, Jobs: q, owner: s.admin("ada@example.com"), Mastodon: &fakeMastodon{}, stopping: stopping}
	w.editor = s.user("ed@example.com")
	w.viewer = s.user("vic@example.com")
	if _, err := wss.Create(as(w.owner), workspace.Input{Name: "Acme", Slug: "acme", Language: "en", TimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	for email, role := range map[string]string{"ed@example.com": "editor", "vic@example.com": "viewer"} {
		if _, err := wss.AddMember(as(w.owner), "acme", email, role); err != nil {
			t.Fatal(err)
		}
	}
	ms := httptest.NewServer(w.Mastodon)
	t.Cleanup(ms.Close)
	ws, err := wss.Get(as(w.owner), "acme")
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := json.Marshal(map[string]any{"instance_url": ms.URL, "max_characters": 120})
	sec, _ := json.Marshal(map[string]any{"access_token": "tok"})
	w.Channel = model.Channel{WorkspaceID: ws.ID, Type: "mastodon", Name: "Acme on Mastodon", Account: "https://mastodon.example/@acme",
		Config: pub, Secrets: box.Seal(sec)}
	if err := db.Q().CreateChannel(context.Background(), &w.Channel); err != nil {
		t.Fatal(err)
	}
	w.ownerC = s.client()
	w.ownerC.login("ada@example.com")
	return w
}

// importJSONL imports lines into acme as its owner, through listening.
func (w *inboxWorld) importJSONL(lines ...string) {
	w.t.Helper()
	res, err := w.Listen.Import(as(w.owner), "acme", strings.NewReader(strings.Join(lines, "\n")), listen.ImportOptions{Format: "jsonl"}, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	if res.Imported != len(lines) {
		w.t.Fatalf("imported %+v, want %d items", res, len(lines))
	}
}

// conversations lists acme's conversations as its owner.
func (w *inboxWorld) conversations(q inbox.Query) []model.Conversation {
	w.t.Helper()
	p, err := w.Inbox.Conversations(as(w.owner), "acme", q)
	if err != nil {
		w.t.Fatal(err)
	}
	return p.Items
}

// only returns the single conversation of acme.
func (w *inboxWorld) only() model.Conversation {
	w.t.Helper()
	list := w.conversations(inbox.Query{})
	if len(list) != 1 {
		w.t.Fatalf("%d conversations, want 1", len(list))
	}
	return list[0]
}

// runJobs runs the due jobs until none is left.
func (w *inboxWorld) runJobs() {
	w.t.Helper()
	for range 20 {
		n, err := w.Jobs.RunDue(context.Background(), nil)
		if err != nil {
			w.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (w *inboxWorld) clientOf(email string) *client {
	c := w.client()
	c.login(email)
	return c
}

// mention is a JSONL record of a Mastodon mention of acme.
func mention(id, handle, name, text string) string {
	b, _ := json.Marshal(map[string]any{"external_id": id, "network": "mastodon", "kind": "mention", "thread_id": id,
		"text": text, "author": map[string]string{"handle": handle, "name": name}, "url": "https://piaille.example/@x/" + id})
	return string(b)
}

// fakeMastodon is the Mastodon API of the test: it accepts statuses
// (replies) with the right token, once per Idempotency-Key.
type fakeMastodon struct {
	mu    sync.Mutex
	posts []map[string]string
	keys  map[string]string
}

func (m *fakeMastodon) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer tok" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == "POST" && r.URL.Path == "/api/v1/statuses":
		var in map[string]string
		json.NewDecoder(r.Body).Decode(&in)
		if m.keys == nil {
			m.keys = map[string]string{}
		}
		key := r.Header.Get("Idempotency-Key")
		id, ok := m.keys[key]
		if !ok {
			id = "5550" + string(rune('0'+len(m.keys)))
			m.keys[key] = id
			m.posts = append(m.posts, in)
		}
		json.NewEncoder(w).Encode(map[string]any{"id": id, "url": "https://mastodon.example/@acme/" + id, "content": in["status"]})
	case r.URL.Path == "/api/v1/accounts/verify_credentials":
		w.Write([]byte(`{"id":"1","acct":"acme","url":"https://mastodon.example/@acme"}`))
	case r.URL.Path == "/api/v1/accounts/1/statuses":
		w.Write([]byte(`[]`))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// sent returns the statuses posted so far.
func (m *fakeMastodon) sent() []map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]map[string]string(nil), m.posts...)
}
