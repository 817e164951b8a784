package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/workspace"
)

// newListen builds the listening service as the app wires it (real
// pipeline with text enrichment, every connector), with webhook addresses
// under baseURL.
func newListen(t *testing.T, db *store.DB, ws *workspace.Service, log *slog.Logger, baseURL string) *listen.Service {
	t.Helper()
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(db, clock.Real{}, log)
	p.AddEnricher(ingest.NewTextEnricher(engine))
	reg := connector.NewRegistry()
	all.Register(reg)
	box, err := secret.NewBox(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return listen.New(listen.Options{DB: db, Workspaces: ws, Pipeline: p, Registry: reg, Box: box,
		Jobs: jobs.New(db, clock.Real{}, log), Clock: clock.Real{}, Log: log, BaseURL: baseURL})
}

// webhookHandler receives webhook deliveries as the API does (the test site
// has no API).
func webhookHandler(l *listen.Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		res, err := l.ReceiveWebhook(r.Context(), r.PathValue("token"), body, r.Header.Get(listen.SignatureHeader))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		json.NewEncoder(w).Encode(res)
	})
}

// listenWorld is a site with a workspace "acme" whose owner is logged in,
// and a viewer.
type listenWorld struct {
	*site
	owner, viewer model.User
	ownerC        *client
}

func newListenWorld(t *testing.T) *listenWorld {
	t.Helper()
	s := newSite(t)
	w := &listenWorld{site: s, owner: s.admin("ada@example.com"), viewer: s.user("vic@example.com")}
	if _, err := s.WS.Create(as(w.owner), workspace.Input{Name: "Acme", Slug: "acme", Language: "en", TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WS.AddMember(as(w.owner), "acme", "vic@example.com", "viewer"); err != nil {
		t.Fatal(err)
	}
	w.ownerC = s.client()
	w.ownerC.login("ada@example.com")
	return w
}

// importJSONL imports lines into acme as its owner.
func (w *listenWorld) importJSONL(lines ...string) listen.ImportResult {
	w.t.Helper()
	res, err := w.Listen.Import(as(w.owner), "acme", strings.NewReader(strings.Join(lines, "\n")), listen.ImportOptions{Format: "jsonl"}, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// webhook creates a webhook source in acme and returns it.
func (w *listenWorld) webhook(name string) listen.SourceView {
	w.t.Helper()
	src, err := w.Listen.CreateSource(as(w.owner), "acme", listen.SourceInput{Type: "webhook", Name: name})
	if err != nil {
		w.t.Fatal(err)
	}
	return src
}
