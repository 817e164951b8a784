package topics_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/topics"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type fixture struct {
	db       *store.DB
	clock    *clock.Fake
	svc      *topics.Service
	pipeline *ingest.Pipeline
	jobs     *jobs.Queue
	ws       model.Workspace
	owner    context.Context
	viewer   context.Context
}

func newFixture(t *testing.T, db *store.DB, fc *clock.Fake, sender *notify.Sender) *fixture {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	as := auth.NewService(db, fc, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, as, fc)
	q := jobs.New(db, fc, log)
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(db, fc, log)
	p.AddEnricher(ingest.NewTextEnricher(engine))
	box, _ := secret.NewBox(make([]byte, 32))
	if sender == nil {
		sender = notify.NewSender(notify.Options{})
	}
	svc := topics.New(topics.Options{DB: db, Workspaces: wss, Jobs: q, Pipeline: p, Clock: fc, Log: log, Box: box, Sender: sender,
		BaseURL: "http://parvis.test"})
	sys := auth.SystemContext(context.Background(), "test")
	owner, _ := as.CreateUser(sys, auth.NewUser{Email: "owner@example.org", Name: "Olga", Password: "long password 1"})
	viewer, _ := as.CreateUser(sys, auth.NewUser{Email: "viewer@example.org", Password: "long password 2"})
	f := &fixture{db: db, clock: fc, svc: svc, pipeline: p, jobs: q,
		owner:  auth.WithActor(context.Background(), &auth.Actor{User: owner}),
		viewer: auth.WithActor(context.Background(), &auth.Actor{User: viewer})}
	f.ws, err = wss.Create(f.owner, workspace.Input{Name: "Acme", Slug: "acme", TimeZone: "Europe/Paris", Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wss.AddMember(f.owner, "acme", "viewer@example.org", "viewer"); err != nil {
		t.Fatal(err)
	}
	return f
}

// post is a short way to write an item.
type post struct {
	text      string
	at        time.Time
	author    string
	followers int64
}

func (f *fixture) ingest(t *testing.T, posts ...post) []model.Item {
	t.Helper()
	items := make([]model.Item, len(posts))
	for i, p := range posts {
		items[i] = model.Item{Text: p.text, CreatedAt: p.at, Author: model.Author{Handle: p.author}, ExternalID: fmt.Sprintf("%s-%d-%s", p.at.Format(time.RFC3339Nano), i, p.text)}
		if p.followers > 0 {
			fl := p.followers
			items[i].Author.Followers = &fl
		}
	}
	res, err := f.pipeline.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.ws.ID, Network: "import"}, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejected) > 0 {
		t.Fatalf("rejected: %v", res.Rejected[0].Err)
	}
	return res.Persisted
}

func (f *fixture) runJobs(t *testing.T) {
	t.Helper()
	for range 20 {
		n, err := f.jobs.RunDue(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("jobs keep coming")
}

func (f *fixture) topicTexts(t *testing.T, id int64) []string {
	t.Helper()
	items, err := f.svc.TopicItems(f.viewer, "acme", id, store.ItemFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
	}
	return out
}

func TestTopicQueryErrors(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		cases := []struct {
			name, query, field, msg string
		}{
			{"unbalanced", "(greve AND sncf))", "query", "column 17"},
			{"unterminated", `a "grève`, "query", "column 3"},
			{"never matches", "greve NOT greve", "query", "never match"},
			{"empty", "  ", "query", "required"},
		}
		for _, c := range cases {
			_, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: c.name, Query: c.query})
			e := apperr.As(err)
			if err == nil || e.Kind != apperr.KindInvalid || e.Field != c.field || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("%s: %q: got %v, want a 400 on %s saying %q", c.name, c.query, err, c.field, c.msg)
			}
		}
		if _, err := f.svc.CreateTopic(f.viewer, "acme", topics.TopicInput{Name: "x", Query: "greve"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("viewer creates a topic: %v", err)
		}
		if _, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "x", Query: "greve", Kind: "rival"}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("bad kind: %v", err)
		}
		if _, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "x", Query: "greve"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "x", Query: "sncf"}); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("duplicate name: %v", err)
		}
	})
}

// TestTopicMatchingAndBackfill: a topic created after items were stored
// finds them (backfill), new items are matched in the pipeline, a query
// change replaces the matches, and deleting the topic stops matching.
func TestTopicMatchingAndBackfill(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fc := clock.NewFake(t0)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		f.ingest(t,
			post{text: "Grève à la SNCF demain", at: t0.Add(-48 * time.Hour)},
			post{text: "la grève RATP", at: t0.Add(-47 * time.Hour)},
			post{text: "Beau temps à Lyon", at: t0.Add(-46 * time.Hour)},
		)
		tv, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "SNCF", Query: "greve sncf OR #GreveSNCF", Kind: "brand"})
		if err != nil {
			t.Fatal(err)
		}
		if tv.Color == "" || tv.Kind != model.TopicBrand {
			t.Errorf("topic = %+v", tv.Topic)
		}
		// Matching in the pipeline works before the backfill ran.
		got := f.ingest(t, post{text: "Encore une #GreveSNCF", at: t0}, post{text: "rien à voir", at: t0})
		if len(got[0].Topics) != 1 || got[0].Topics[0] != tv.ID || len(got[1].Topics) != 0 {
			t.Errorf("pipeline topics: %v / %v", got[0].Topics, got[1].Topics)
		}
		if texts := f.topicTexts(t, tv.ID); len(texts) != 1 {
			t.Errorf("before backfill: %q", texts)
		}
		f.runJobs(t)
		want := []string{"Encore une #GreveSNCF", "Grève à la SNCF demain"}
		if texts := f.topicTexts(t, tv.ID); strings.Join(texts, "|") != strings.Join(want, "|") {
			t.Errorf("after backfill: %q, want %q", texts, want)
		}
		top, _ := f.svc.Topic(f.viewer, "acme", tv.ID)
		if top.BackfilledAt == nil {
			t.Error("backfilled_at not set")
		}
		// A new query replaces what the topic matched.
		q := "ratp"
		if _, err := f.svc.UpdateTopic(f.owner, "acme", tv.ID, topics.TopicUpdate{Query: &q}); err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		if texts := f.topicTexts(t, tv.ID); strings.Join(texts, "|") != "la grève RATP" {
			t.Errorf("after query change: %q", texts)
		}
		if got := f.ingest(t, post{text: "RATP en retard", at: t0.Add(time.Minute)}); len(got[0].Topics) != 1 {
			t.Errorf("new query not matched in the pipeline: %v", got[0].Topics)
		}
		if err := f.svc.DeleteTopic(f.owner, "acme", tv.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.ingest(t, post{text: "RATP encore", at: t0.Add(2 * time.Minute)}); len(got[0].Topics) != 0 {
			t.Errorf("deleted topic still matched: %v", got[0].Topics)
		}
		if _, err := f.svc.Topic(f.viewer, "acme", tv.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("deleted topic: %v", err)
		}
	})
}

// TestLoadCompilesStoredTopics: a new service (a restart) matches the
// topics stored before.
func TestLoadCompilesStoredTopics(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		off := false
		a, _ := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "a", Query: "alpha"})
		f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "b", Query: "beta", Active: &off})
		log := slog.New(slog.DiscardHandler)
		box, _ := secret.NewBox(make([]byte, 32))
		s2 := topics.New(topics.Options{DB: db, Workspaces: workspace.NewService(db, auth.NewService(db, fc, auth.Options{}), fc),
			Jobs: jobs.New(db, fc, log), Clock: fc, Log: log, Box: box})
		if err := s2.Load(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := s2.Matcher().Len(); n != 1 {
			t.Fatalf("loaded %d topics, want the 1 active", n)
		}
		items := []model.Item{{Text: "alpha and beta"}}
		s2.Matcher().Match(f.ws.ID, items)
		if len(items[0].Topics) != 1 || items[0].Topics[0] != a.ID {
			t.Errorf("topics = %v", items[0].Topics)
		}
		other := []model.Item{{Text: "alpha"}}
		s2.Matcher().Match(f.ws.ID+1, other)
		if len(other[0].Topics) != 0 {
			t.Errorf("another workspace's item matched: %v", other[0].Topics)
		}
	})
}

func TestCrisisAudited(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		if _, err := f.svc.SetCrisis(f.viewer, "acme", topics.CrisisInput{Active: true, Reason: "x"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("viewer: %v", err)
		}
		if _, err := f.svc.SetCrisis(f.owner, "acme", topics.CrisisInput{Active: true}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("no reason: %v", err)
		}
		c, err := f.svc.SetCrisis(f.owner, "acme", topics.CrisisInput{Active: true, Reason: "Rappel produit"})
		if err != nil || !c.Active || c.Since == nil || !c.Since.Equal(fc.Now()) {
			t.Fatalf("start: %+v %v", c, err)
		}
		got, _ := f.svc.Crisis(f.viewer, "acme")
		if !got.Active || got.Reason != "Rappel produit" {
			t.Errorf("get = %+v", got)
		}
		if c, err = f.svc.SetCrisis(f.owner, "acme", topics.CrisisInput{Active: false}); err != nil || c.Active || c.Since != nil {
			t.Fatalf("end: %+v %v", c, err)
		}
		entries, err := db.Q().ListAudit(context.Background(), store.AuditFilter{WorkspaceID: f.ws.ID, Action: "crisis.", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			if strings.HasPrefix(e.Action, "crisis.") {
				actions = append(actions, e.Action)
			}
		}
		if strings.Join(actions, ",") != "crisis.end,crisis.start" {
			t.Errorf("audit = %v", actions)
		}
	})
}

var _ = errors.New
