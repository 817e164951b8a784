package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/topics"
	"github.com/parvis/parvis/internal/web"
	"github.com/parvis/parvis/internal/workspace"
)

// topicWorld is a site wired as the app wires it with the topics service
// (the pipeline matches topics; alert jobs on the same queue), a workspace
// "acme" whose owner is logged in, and a viewer.
type topicWorld struct {
	*site
	Topics        *topics.Service
	Jobs          *jobs.Queue
	owner, viewer model.User
	ownerC        *client
}

func newTopicWorld(t *testing.T) *topicWorld {
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
	s := &site{t: t, DB: db, Auth: a, WS: wss, liveEnded: make(chan struct{}, 16)}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(rw, r)
		if strings.HasSuffix(r.URL.Path, "/live") {
			select {
			case s.liveEnded <- struct{}{}:
			default:
			}
		}
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	tp := topics.New(topics.Options{DB: db, Workspaces: wss, Jobs: q, Pipeline: p, Clock: clock.Real{}, Log: log, Box: box,
		Sender: notify.NewSender(notify.Options{HTTP: &http.Client{}}), BaseURL: srv.URL})
	s.Listen = listen.New(listen.Options{DB: db, Workspaces: wss, Pipeline: p, Registry: reg, Box: box, Jobs: q, Clock: clock.Real{}, Log: log, BaseURL: srv.URL})
	web.Routes(mux, &web.Deps{Log: log, Auth: a, Workspaces: wss, Listen: s.Listen, Topics: tp, MaxBody: 1 << 20})
	w := &topicWorld{site: s, Topics: tp, Jobs: q, owner: s.admin("ada@example.com"), viewer: s.user("vic@example.com")}
	if _, err := wss.Create(as(w.owner), workspace.Input{Name: "Acme", Slug: "acme", Language: "en", TimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	if _, err := wss.AddMember(as(w.owner), "acme", "vic@example.com", "viewer"); err != nil {
		t.Fatal(err)
	}
	w.ownerC = s.client()
	w.ownerC.login("ada@example.com")
	return w
}

// importJSONL imports lines into acme as its owner.
func (w *topicWorld) importJSONL(lines ...string) {
	w.t.Helper()
	if _, err := w.Listen.Import(as(w.owner), "acme", strings.NewReader(strings.Join(lines, "\n")), listen.ImportOptions{Format: "jsonl"}, nil); err != nil {
		w.t.Fatal(err)
	}
}

// runJobs runs the due jobs (backfills, alert evaluation, notifications)
// until none is left.
func (w *topicWorld) runJobs() {
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

// topic creates a topic in acme as its owner, and searches the history.
func (w *topicWorld) topic(name, query, kind string) model.Topic {
	w.t.Helper()
	t, err := w.Topics.CreateTopic(as(w.owner), "acme", topics.TopicInput{Name: name, Query: query, Kind: kind})
	if err != nil {
		w.t.Fatal(err)
	}
	w.runJobs()
	return t.Topic
}

// viewerClient is a logged-in client of the viewer.
func (w *topicWorld) viewerClient() *client {
	c := w.client()
	c.login("vic@example.com")
	return c
}
