package contacts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var cheap = auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}}

type fixture struct {
	t     *testing.T
	db    *store.DB
	clock *clock.Fake
	ws    *workspace.Service
	jobs  *jobs.Queue
	pipe  *ingest.Pipeline
	svc   *contacts.Service
	w     model.Workspace
	topic model.Topic
	users map[string]model.User
}

// topicStage stands for the topics service: items whose text says
// "parvis" match the workspace's topic (match stage), and the matches are
// written before the contacts stage, as in the application.
type topicStage struct{ f *fixture }

func (s topicStage) Match(wsID int64, items []model.Item) {
	for i := range items {
		if strings.Contains(strings.ToLower(items[i].Text), "parvis") {
			items[i].Topics = []int64{s.f.topic.ID}
		}
	}
}

func (s topicStage) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	var ms []model.TopicMatch
	for _, it := range items {
		if len(it.Topics) > 0 {
			ms = append(ms, model.TopicMatch{TopicID: s.f.topic.ID, ItemID: it.ID, CreatedAt: it.CreatedAt})
		}
	}
	_, err := q.InsertTopicMatches(ctx, wsID, ms)
	return err
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	return newFixtureWith(t, db, clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC)), contacts.Options{})
}

// newFixtureWith builds the fixture on clock fc (share it with the store
// for jobs), with the sender options of o.
func newFixtureWith(t *testing.T, db *store.DB, fc *clock.Fake, o contacts.Options) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db, clock: fc, users: map[string]model.User{}}
	a := auth.NewService(db, fc, cheap)
	f.ws = workspace.NewService(db, a, fc)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.jobs = jobs.New(db, fc, log)
	f.pipe = ingest.New(db, fc, log)
	f.pipe.AddMatcher(topicStage{f})
	f.pipe.AddPersister(topicStage{f})
	o.DB, o.Workspaces, o.Jobs, o.Pipeline, o.Clock, o.Log = db, f.ws, f.jobs, f.pipe, fc, log
	f.svc = contacts.New(o)
	sys := auth.SystemContext(context.Background(), "test")
	for _, name := range []string{"owner", "manager", "editor", "viewer"} {
		u, err := a.CreateUser(sys, auth.NewUser{Email: name + "@example.org", Password: "password-" + name, Name: strings.ToUpper(name[:1]) + name[1:]})
		if err != nil {
			t.Fatal(err)
		}
		f.users[name] = u
	}
	w, err := f.ws.Create(f.as("owner"), workspace.Input{Name: "Acme", TimeZone: "Europe/Paris", Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	f.w = w
	for _, r := range []string{"manager", "editor", "viewer"} {
		if _, err := f.ws.AddMember(f.as("owner"), w.Slug, r+"@example.org", r); err != nil {
			t.Fatal(err)
		}
	}
	f.topic = model.Topic{WorkspaceID: w.ID, Name: "Parvis", Query: "parvis", Kind: "brand", Active: true}
	if err := db.Q().CreateTopic(context.Background(), &f.topic); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) as(name string) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{User: f.users[name]})
}

func (f *fixture) ingest(items ...model.Item) {
	f.t.Helper()
	if _, err := f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: items}); err != nil {
		f.t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

var t0 = time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)

func item(network, id, handle, name, url string, followers int64, text string, hours int, likes int64, sentiment float64) model.Item {
	label := "neutral"
	if sentiment >= 0.2 {
		label = "positive"
	} else if sentiment <= -0.2 {
		label = "negative"
	}
	return model.Item{Network: network, ExternalID: id, Kind: model.KindPost, Text: text, CreatedAt: t0.Add(time.Duration(hours) * time.Hour),
		Author:    model.Author{Handle: handle, Name: name, URL: url, Followers: ptr(followers)},
		Metrics:   model.Metrics{Likes: likes},
		Sentiment: &model.Sentiment{Label: label, Score: sentiment}}
}

// seed ingests Alice on Bluesky and Mastodon (two contacts, one person),
// Bob the critic, and a lurker with no handle.
func (f *fixture) seed() {
	f.ingest(
		item("bluesky", "b1", "alice.bsky.social", "Alice Martin", "https://bsky.app/profile/alice.bsky.social", 1200, "I love Parvis", 0, 40, 0.8),
		item("bluesky", "b2", "alice.bsky.social", "Alice Martin", "https://bsky.app/profile/alice.bsky.social", 1500, "Nice weather", 5, 10, 0.4),
		item("mastodon", "m1", "alice@mastodon.social", "Alice Martin 🌻", "https://mastodon.social/@alice", 300, "Parvis rocks", 2, 5, 0.6),
		item("mastodon", "m2", "bob@mastodon.social", "Bob", "https://mastodon.social/@bob", 90000, "Parvis is broken again", 3, 300, -0.7),
		item("bluesky", "b3", "", "", "", 0, "anonymous", 1, 0, 0),
	)
}

func (f *fixture) list(who string, q contacts.ListQuery) []contacts.Entry {
	f.t.Helper()
	p, err := f.svc.List(f.as(who), f.w.Slug, q)
	if err != nil {
		f.t.Fatal(err)
	}
	return p.Contacts
}

func (f *fixture) byHandle(handle string) contacts.Entry {
	f.t.Helper()
	for _, e := range f.list("viewer", contacts.ListQuery{Limit: 200}) {
		for _, id := range e.Identities {
			if id.Handle == handle {
				return e
			}
		}
	}
	f.t.Fatalf("no contact with handle %s", handle)
	return contacts.Entry{}
}

func wantKind(t *testing.T, err error, kind apperr.Kind) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Kind != kind {
		t.Fatalf("error = %v, want kind %v", err, kind)
	}
}

func TestAuthorsBecomeContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.seed()
		all := f.list("viewer", contacts.ListQuery{})
		if len(all) != 3 {
			t.Fatalf("contacts = %d, want 3 (alice twice, bob; no anonymous)", len(all))
		}
		// Bob: huge reach and engagement, first by influence.
		if all[0].Name != "Bob" {
			t.Errorf("first by influence = %q, want Bob", all[0].Name)
		}
		a := f.byHandle("alice.bsky.social")
		st := a.Stats
		if st.Items != 2 || st.Reach != 1500 || st.Engagement != 50 || st.TopicItems != 1 {
			t.Errorf("alice bluesky stats = %+v, want 2 items, reach 1500, engagement 50, 1 topic item", st)
		}
		if !st.FirstSeen.Equal(t0) || !st.LastSeen.Equal(t0.Add(5*time.Hour)) {
			t.Errorf("seen %v–%v", st.FirstSeen, st.LastSeen)
		}
		if s := st.Sentiment(); s < 0.59 || s > 0.61 {
			t.Errorf("average sentiment = %v, want 0.6", s)
		}
		// Re-delivery with new metrics: counts stay, engagement follows.
		again := item("bluesky", "b1", "alice.bsky.social", "Alice Martin", "https://bsky.app/profile/alice.bsky.social", 1600, "I love Parvis", 0, 90, 0.8)
		f.ingest(again)
		st = f.byHandle("alice.bsky.social").Stats
		if st.Items != 2 || st.Engagement != 100 || st.Reach != 1600 {
			t.Errorf("after re-delivery: %+v, want 2 items, engagement 100, reach 1600", st)
		}
		// Filters.
		if got := f.list("viewer", contacts.ListQuery{Network: "bluesky"}); len(got) != 1 {
			t.Errorf("network filter: %d contacts", len(got))
		}
		if got := f.list("viewer", contacts.ListQuery{Search: "MARTIN"}); len(got) != 2 {
			t.Errorf("search: %d contacts, want 2", len(got))
		}
		if got := f.list("viewer", contacts.ListQuery{Sort: "last_seen"}); got[0].Name != "Alice Martin" || got[0].Stats.LastSeen != t0.Add(5*time.Hour) {
			t.Errorf("last_seen sort: first %q", got[0].Name)
		}
		// A period: only what was written in it.
		got := f.list("viewer", contacts.ListQuery{Period: contacts.Period{From: t0.Add(90 * time.Minute), To: t0.Add(4 * time.Hour)}})
		if len(got) != 2 {
			t.Errorf("period: %d contacts, want 2 (alice on mastodon, bob)", len(got))
		}
		d, err := f.svc.Get(f.as("viewer"), f.w.Slug, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != 2 || len(d.Topics) != 1 || d.Topics[0].Items != 1 || d.Topics[0].Name != "Parvis" {
			t.Errorf("detail: %d items, topics %+v", len(d.Items), d.Topics)
		}
		if len(d.Suggestions) != 1 || !contains(d.Suggestions[0].Reasons, "handle") || !contains(d.Suggestions[0].Reasons, "name") {
			t.Errorf("suggestions for alice = %+v, want the mastodon alice by handle and name", d.Suggestions)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMergeUnmergeAndRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.seed()
		a, m := f.byHandle("alice.bsky.social"), f.byHandle("alice@mastodon.social")
		// Editors annotate; viewers read only.
		_, err := f.svc.UpdateContact(f.as("viewer"), f.w.Slug, a.ID, contacts.Update{Notes: ptr("x")})
		wantKind(t, err, apperr.KindForbidden)
		if _, err := f.svc.UpdateContact(f.as("editor"), f.w.Slug, a.ID, contacts.Update{Notes: ptr("Met at FOSDEM"),
			Tags: ptr([]string{"Ambassador", "customer", "ambassador"})}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.UpdateContact(f.as("editor"), f.w.Slug, a.ID, contacts.Update{Tags: ptr([]string{"<b>"})})
		wantKind(t, err, apperr.KindInvalid)
		if _, err := f.svc.UpdateContact(f.as("editor"), f.w.Slug, m.ID, contacts.Update{Notes: ptr("Mastodon notes"), Tags: ptr([]string{"journalist"})}); err != nil {
			t.Fatal(err)
		}
		// Merging is for managers.
		_, err = f.svc.Merge(f.as("editor"), f.w.Slug, a.ID, m.ID)
		wantKind(t, err, apperr.KindForbidden)
		_, err = f.svc.Merge(f.as("manager"), f.w.Slug, a.ID, a.ID)
		wantKind(t, err, apperr.KindInvalid)
		c, err := f.svc.Merge(f.as("manager"), f.w.Slug, a.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Identities) != 2 || c.Stats.Items != 3 || c.Stats.Reach != 1500 || c.Stats.TopicItems != 2 {
			t.Errorf("merged: %d identities, stats %+v", len(c.Identities), c.Stats)
		}
		if strings.Join(c.Tags, ",") != "ambassador,customer,journalist" || c.Notes != "Met at FOSDEM\n\nMastodon notes" {
			t.Errorf("merged tags %v notes %q", c.Tags, c.Notes)
		}
		if _, err := f.svc.Get(f.as("viewer"), f.w.Slug, m.ID); err == nil {
			t.Error("merged-away contact still exists")
		}
		if sg, _ := f.svc.Suggestions(f.as("viewer"), f.w.Slug); len(sg) != 0 {
			t.Errorf("suggestions after merge = %+v", sg)
		}
		if got := f.list("viewer", contacts.ListQuery{Tag: "journalist"}); len(got) != 1 || got[0].ID != a.ID {
			t.Errorf("tag filter after merge: %+v", got)
		}
		// New items of either identity land on the merged contact.
		f.ingest(item("mastodon", "m3", "alice@mastodon.social", "Alice Martin", "", 310, "hello", 6, 0, 0.1))
		if got := f.byHandle("alice@mastodon.social"); got.ID != a.ID || got.Stats.Items != 4 {
			t.Errorf("after merge, new item went to contact %d (%d items)", got.ID, got.Stats.Items)
		}
		// Unmerge.
		var mastodonID int64
		for _, id := range c.Identities {
			if id.Network == "mastodon" {
				mastodonID = id.ID
			}
		}
		_, err = f.svc.Unmerge(f.as("editor"), f.w.Slug, a.ID, mastodonID)
		wantKind(t, err, apperr.KindForbidden)
		n, err := f.svc.Unmerge(f.as("manager"), f.w.Slug, a.ID, mastodonID)
		if err != nil {
			t.Fatal(err)
		}
		if n.ID == a.ID || len(n.Identities) != 1 || n.Stats.Items != 2 {
			t.Errorf("unmerged contact: %+v", n)
		}
		_, err = f.svc.Unmerge(f.as("manager"), f.w.Slug, n.ID, mastodonID)
		wantKind(t, err, apperr.KindInvalid) // its only identity
		// Separated on purpose: not suggested again.
		if sg, _ := f.svc.Suggestions(f.as("viewer"), f.w.Slug); len(sg) != 0 {
			t.Errorf("suggestions after unmerge = %+v", sg)
		}
		var audit int
		db.Q().QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action IN ('contact.merge', 'contact.unmerge', 'contact.update')`).Scan(&audit)
		if audit != 4 {
			t.Errorf("audit entries = %d, want 4", audit)
		}
	})
}

func TestErasure(t *testing.T) {
	for _, policy := range []string{"anonymize", "delete"} {
		t.Run(policy, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				ctx := context.Background()
				f.seed()
				if _, err := f.svc.PutSettings(f.as("owner"), f.w.Slug, contacts.Settings{ErasurePolicy: policy}); err != nil {
					t.Fatal(err)
				}
				bob := f.byHandle("bob@mastodon.social")
				// Bob's direct messages: a conversation keyed by his handle.
				var bobItem int64
				db.Q().QueryRow(ctx, `SELECT id FROM items WHERE external_id = 'm2'`).Scan(&bobItem)
				dm := model.Conversation{WorkspaceID: f.w.ID, Network: "mastodon", ThreadKey: "dm:bob@mastodon.social", Kind: "dm",
					AuthorHandle: "bob@mastodon.social", AuthorName: "Bob", Preview: "Parvis is broken again", LastInboundAt: t0, LastActivityAt: t0}
				if err := db.Q().CreateConversation(ctx, &dm, "parvis is broken again bob"); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Q().AddConversationItem(ctx, f.w.ID, dm.ID, bobItem, "in", t0); err != nil {
					t.Fatal(err)
				}
				if d, _ := f.svc.Get(f.as("viewer"), f.w.Slug, bob.ID); len(d.Conversations) != 1 {
					t.Fatalf("bob's conversations = %+v", d.Conversations)
				}
				if hits, _ := db.Q().ListItems(ctx, store.ItemFilter{WorkspaceID: f.w.ID, Query: "broken"}); len(hits) != 1 {
					t.Fatalf("search before erasure: %d hits", len(hits))
				}
				// Export and erasure are for managers.
				_, err := f.svc.Export(f.as("editor"), f.w.Slug, bob.ID)
				wantKind(t, err, apperr.KindForbidden)
				_, err = f.svc.Erase(f.as("editor"), f.w.Slug, bob.ID)
				wantKind(t, err, apperr.KindForbidden)
				ex, err := f.svc.Export(f.as("manager"), f.w.Slug, bob.ID)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := json.Marshal(ex)
				if len(ex.Items) != 1 || !strings.Contains(string(b), "Parvis is broken again") || !strings.Contains(string(b), "bob@mastodon.social") {
					t.Errorf("export lacks bob's data: %s", b)
				}
				r, err := f.svc.Erase(f.as("manager"), f.w.Slug, bob.ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.Policy != policy || r.Items != 1 {
					t.Errorf("erasure = %+v", r)
				}
				for _, term := range []string{"broken", "bob"} {
					if hits, _ := db.Q().ListItems(ctx, store.ItemFilter{WorkspaceID: f.w.ID, Query: term}); len(hits) != 0 {
						t.Errorf("search %q after erasure: %d hits", term, len(hits))
					}
				}
				var n int
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE author_handle LIKE '%bob%' OR text LIKE '%broken%'`).Scan(&n)
				if n != 0 {
					t.Errorf("%d items still hold bob's data", n)
				}
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM conversations WHERE author_handle LIKE '%bob%' OR author_name = 'Bob'
					OR preview LIKE '%broken%' OR search_text LIKE '%bob%' OR thread_key LIKE '%bob%'`).Scan(&n)
				if n != 0 {
					t.Errorf("%d conversations still hold bob's data", n)
				}
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE workspace_id = ?`, f.w.ID).Scan(&n)
				if want := map[string]int{"anonymize": 5, "delete": 4}[policy]; n != want {
					t.Errorf("items left = %d, want %d", n, want)
				}
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM topic_matches`).Scan(&n)
				if want := map[string]int{"anonymize": 3, "delete": 2}[policy]; n != want {
					t.Errorf("topic matches left = %d, want %d", n, want)
				}
				_, err = f.svc.Export(f.as("manager"), f.w.Slug, bob.ID)
				wantKind(t, err, apperr.KindNotFound)
				for _, e := range f.list("viewer", contacts.ListQuery{}) {
					if strings.Contains(e.Name, "Bob") {
						t.Errorf("bob still in the directory")
					}
				}
				// The network delivers bob's post again (a refreshed count) and a
				// new one: they stay erased, and bob does not come back.
				res, err := f.pipe.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{
					item("mastodon", "m2", "bob@mastodon.social", "Bob", "https://mastodon.social/@bob", 90000, "Parvis is broken again", 3, 301, -0.7),
					item("mastodon", "m7", "bob@mastodon.social", "Bob", "", 90000, "Still broken", 9, 0, -0.5),
					item("mastodon", "m8", "carol@mastodon.social", "Carol", "", 5, "hello", 9, 0, 0)}})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range res.Persisted {
					if it.Author.Handle == "bob@mastodon.social" || strings.Contains(it.Text, "broken") {
						t.Errorf("the stages after contacts see bob's item: %+v", it)
					}
				}
				for _, term := range []string{"broken", "bob"} {
					if hits, _ := db.Q().ListItems(ctx, store.ItemFilter{WorkspaceID: f.w.ID, Query: term}); len(hits) != 0 {
						t.Errorf("search %q after re-delivery: %d hits", term, len(hits))
					}
				}
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE author_handle LIKE '%bob%' OR text LIKE '%broken%'`).Scan(&n)
				if n != 0 {
					t.Errorf("after re-delivery, %d items hold bob's data", n)
				}
				names := map[string]bool{}
				for _, e := range f.list("viewer", contacts.ListQuery{}) {
					names[e.Name] = true
				}
				if names["Bob"] || !names["Carol"] {
					t.Errorf("contacts after re-delivery: %v", names)
				}
				var details string
				db.Q().QueryRow(ctx, `SELECT details FROM audit_log WHERE action = 'contact.erase'`).Scan(&details)
				if details == "" || strings.Contains(details, "bob") {
					t.Errorf("erase audit = %q (want one, without personal data)", details)
				}
				db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'contact.export'`).Scan(&n)
				if n != 1 {
					t.Errorf("export audit entries = %d", n)
				}
			})
		})
	}
}

func TestTopAmbassadorsAndCritics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.seed()
		p := contacts.Period{From: t0.Add(-time.Hour), To: t0.Add(24 * time.Hour)}
		amb, err := f.svc.Top(f.as("viewer"), f.w.Slug, "ambassadors", p, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(amb) != 2 || amb[0].Name != "Alice Martin" || amb[0].Score.Stance != "ambassador" {
			t.Errorf("ambassadors = %+v", amb)
		}
		cr, err := f.svc.Top(f.as("viewer"), f.w.Slug, "critics", p, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(cr) != 1 || cr[0].Name != "Bob" {
			t.Errorf("critics = %+v", cr)
		}
		// Outside the period: nobody.
		cr, _ = f.svc.Top(f.as("viewer"), f.w.Slug, "critics", contacts.Period{From: t0.Add(4 * time.Hour), To: t0.Add(24 * time.Hour)}, 10)
		if len(cr) != 0 {
			t.Errorf("critics after bob's post: %+v", cr)
		}
		_, err = f.svc.Top(f.as("viewer"), f.w.Slug, "fans", p, 10)
		wantKind(t, err, apperr.KindInvalid)
		// Dates are days of the workspace's time zone (Paris, UTC+1 in
		// March): Eve's posts at 23:00 and 23:30 UTC on the 20th are on the
		// 21st there.
		f.ingest(item("mastodon", "e1", "eve@m.social", "Eve", "", 10, "meh", 13, 0, -0.8))
		f.ingest(model.Item{Network: "mastodon", ExternalID: "e2", Kind: model.KindPost, Text: "bad", CreatedAt: t0.Add(13*time.Hour + 30*time.Minute),
			Author: model.Author{Handle: "eve@m.social", Name: "Eve"}, Sentiment: &model.Sentiment{Label: "negative", Score: -0.8}})
		names := func(es []contacts.Entry) string {
			var n []string
			for _, e := range es {
				n = append(n, e.Name)
			}
			return strings.Join(n, ",")
		}
		day, _ := contacts.ParsePeriod("2026-03-20", "2026-03-20")
		if cr, _ = f.svc.Top(f.as("viewer"), f.w.Slug, "critics", day, 10); names(cr) != "Bob" {
			t.Errorf("critics of the 20th = %s, want Bob (Eve's 23:00 UTC is the 21st in Paris)", names(cr))
		}
		late, _ := contacts.ParsePeriod("2026-03-21", "2026-03-21")
		if cr, _ = f.svc.Top(f.as("viewer"), f.w.Slug, "critics", late, 10); names(cr) != "Eve" {
			t.Errorf("critics of the 21st = %s, want Eve (23:30 UTC on the 20th)", names(cr))
		}
	})
}

func TestFeedback(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		fc.Set(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
		f := newFixtureWith(t, db, fc, contacts.Options{})
		ctx := context.Background()
		f.seed()
		f.ingest(item("mastodon", "m9", "carol@mastodon.social", "Carol", "", 10, "Too expensive for us", 7, 2, -0.5),
			item("mastodon", "m10", "dan@mastodon.social", "Dan", "", 10, "Prices went up again", 8, 0, -0.4))
		ids := map[string]int64{}
		items, _ := db.Q().ListItems(ctx, store.ItemFilter{WorkspaceID: f.w.ID, Limit: 100})
		for _, it := range items {
			ids[it.ExternalID] = it.ID
		}
		mark := func(who, ext, cat string) error {
			_, err := f.svc.MarkFeedback(f.as(who), f.w.Slug, contacts.MarkInput{ItemID: ptr(ids[ext]), Category: cat})
			return err
		}
		wantKind(t, mark("viewer", "m2", "complaint"), apperr.KindForbidden)
		wantKind(t, mark("editor", "m2", "rant"), apperr.KindInvalid)
		for _, m := range [][2]string{{"m2", "product"}, {"m9", "price"}, {"m10", "price"}, {"b1", "praise"}, {"m1", "praise"}} {
			if err := mark("editor", m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		// Re-marking replaces; an empty category unmarks.
		if err := mark("editor", "m1", "idea"); err != nil {
			t.Fatal(err)
		}
		if err := mark("editor", "m1", ""); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.MarkFeedback(f.as("editor"), f.w.Slug, contacts.MarkInput{Category: "idea"})
		wantKind(t, err, apperr.KindInvalid)
		// Conversations: one marked here (the inbox shows its category), one
		// whose category was set in the inbox.
		conv := func(key, preview, category string) model.Conversation {
			c := model.Conversation{WorkspaceID: f.w.ID, Network: "mastodon", ThreadKey: key, Kind: "thread", AuthorName: "Eve",
				Preview: preview, Sentiment: "negative", ItemsCount: 3, LastInboundAt: t0, LastActivityAt: t0, FeedbackCategory: category}
			if err := db.Q().CreateConversation(ctx, &c, ""); err != nil {
				t.Fatal(err)
			}
			return c
		}
		c1 := conv("t1", "Your support never answers", "")
		conv("t2", "Please add dark mode", "idea")
		if _, err := f.svc.MarkFeedback(f.as("editor"), f.w.Slug, contacts.MarkInput{ConversationID: &c1.ID, Category: "service"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Q().GetConversation(ctx, f.w.ID, c1.ID); got.FeedbackCategory != "service" {
			t.Errorf("the conversation's category in the inbox = %q", got.FeedbackCategory)
		}
		_, err = f.svc.MarkFeedback(f.as("editor"), f.w.Slug, contacts.MarkInput{ConversationID: ptr(c1.ID + 100), Category: "service"})
		wantKind(t, err, apperr.KindInvalid)
		both, _ := f.svc.Feedback(f.as("viewer"), f.w.Slug, contacts.Period{}, "")
		cats := map[string]int{}
		for _, c := range both.Categories {
			cats[c.Category] = c.Count
			if c.Category == "service" && (len(c.Quotes) != 1 || c.Quotes[0].ConversationID != c1.ID || c.Sentiment["negative"] != 1) {
				t.Errorf("service = %+v", c)
			}
		}
		if both.Total != 6 || cats["service"] != 1 || cats["idea"] != 1 {
			t.Errorf("with conversations: total %d, %v", both.Total, cats)
		}
		if _, err := f.svc.MarkFeedback(f.as("editor"), f.w.Slug, contacts.MarkInput{ConversationID: &c1.ID}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Q().GetConversation(ctx, f.w.ID, c1.ID); got.FeedbackCategory != "" {
			t.Errorf("unmarked conversation keeps category %q", got.FeedbackCategory)
		}
		db.Q().Exec(ctx, `UPDATE conversations SET feedback_category = '' WHERE thread_key = 't2'`)
		sum, err := f.svc.Feedback(f.as("viewer"), f.w.Slug, contacts.Period{}, "")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]contacts.CategorySummary{}
		for _, c := range sum.Categories {
			got[c.Category] = c
		}
		if sum.Total != 4 || len(sum.Categories) != 3 {
			t.Fatalf("summary = %+v", sum)
		}
		price := got["price"]
		if price.Count != 2 || price.Sentiment["negative"] != 2 || len(price.Quotes) != 2 {
			t.Errorf("price = %+v", price)
		}
		if price.Quotes[0].Text != "Too expensive for us" || price.Quotes[0].Reason != "engaged" || price.Quotes[1].Reason != "typical" {
			t.Errorf("price quotes = %+v", price.Quotes)
		}
		if got["praise"].Count != 1 || got["praise"].Sentiment["positive"] != 1 || got["product"].Quotes[0].Author != "Bob" {
			t.Errorf("praise/product = %+v / %+v", got["praise"], got["product"])
		}
		only, _ := f.svc.Feedback(f.as("viewer"), f.w.Slug, contacts.Period{}, "price")
		if only.Total != 2 {
			t.Errorf("category filter: total %d", only.Total)
		}
		// Marking queued the weekly digest, once.
		var jobsN int
		db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ?`, contacts.DigestJob).Scan(&jobsN)
		if jobsN != 1 {
			t.Errorf("digest jobs = %d, want 1", jobsN)
		}
		d, err := f.svc.MakeDigest(ctx, f.w.ID, f.clock.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var s contacts.Summary
		if err := json.Unmarshal(d.Body, &s); err != nil || s.Total != 4 || d.Lang != "fr" {
			t.Errorf("digest = %+v (%v)", d, err)
		}
		ds, _ := f.svc.Digests(f.as("viewer"), f.w.Slug, 5)
		if len(ds) != 1 {
			t.Errorf("digests = %d", len(ds))
		}
		msg := contacts.DigestMessage(f.w, s, "https://parvis.example")
		if !strings.Contains(msg.Text, "Prix") || !strings.Contains(msg.Text, "Too expensive for us") || msg.Link != "https://parvis.example/w/"+f.w.Slug+"/feedback" {
			t.Errorf("digest message (fr):\n%s\n%s", msg.Title, msg.Text)
		}
	})
}

func TestNextDigest(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, c := range []struct{ now, want string }{
		{"2026-03-25T10:00:00+01:00", "2026-03-30T08:00:00+02:00"}, // Wednesday; DST starts on the 29th
		{"2026-03-30T07:59:00+02:00", "2026-03-30T08:00:00+02:00"}, // Monday before 8
		{"2026-03-30T08:00:00+02:00", "2026-04-06T08:00:00+02:00"}, // Monday at 8: next week
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		want, _ := time.Parse(time.RFC3339, c.want)
		if got := contacts.NextDigest(now, paris); !got.Equal(want) {
			t.Errorf("NextDigest(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}

// TestBulkBatchesRecordAuthorsByJob: an import-sized batch only writes
// items in its transaction; the job that follows records the same figures
// a small batch would, and running it again (a crash before it was marked
// done) changes nothing.
func TestBulkBatchesRecordAuthorsByJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var bulk []model.Item
		for i := range 1200 {
			handle := fmt.Sprintf("user%d.bsky.social", i%40)
			text := "hello"
			if i%3 == 0 {
				text = "parvis again"
			}
			bulk = append(bulk, item("bluesky", fmt.Sprint("x", i), handle, "User", "", int64(i), text, i%100, int64(i%5), 0.5))
		}
		f.ingest(bulk...)
		if got := f.list("viewer", contacts.ListQuery{Limit: 200}); len(got) != 0 {
			t.Fatalf("%d contacts recorded in the bulk batch's transaction", len(got))
		}
		run := func() (total int) {
			for {
				n, err := f.jobs.RunDue(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					return total
				}
				total += n
			}
		}
		if n := run(); n != 1 { // one batch, one job
			t.Fatalf("%d record jobs ran, want 1", n)
		}
		check := func(when string) {
			got := f.list("viewer", contacts.ListQuery{Limit: 200})
			if len(got) != 40 {
				t.Fatalf("%s: %d contacts, want 40", when, len(got))
			}
			e := f.byHandle("user7.bsky.social")
			// Items i ≡ 7 (mod 40): 30 of them; a third of those say parvis
			// (i ≡ 0 mod 3: i = 27, 67, …, every third one).
			var eng, topics int64
			for i := 7; i < 1200; i += 40 {
				eng += int64(i % 5)
				if i%3 == 0 {
					topics++
				}
			}
			if e.Stats.Items != 30 || e.Stats.Engagement != eng || e.Stats.TopicItems != topics || e.Stats.Reach != 1167 {
				t.Errorf("%s: stats %+v, want 30 items, engagement %d, %d on topic, reach 1167", when, e.Stats, eng, topics)
			}
		}
		check("after the job")
		// The job again, as after a crash before it was marked done.
		res, err := db.Q().Exec(context.Background(), `UPDATE jobs SET state = 'available', run_at = 0 WHERE kind = ?`, contacts.RecordJob)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			t.Fatal("no record job to run again")
		}
		if n := run(); n == 0 {
			t.Fatal("the record job did not run again")
		}
		check("after the job ran twice")
		// A small batch is recorded in its own transaction.
		f.ingest(item("bluesky", "y1", "new.bsky.social", "New", "", 5, "salut", 1, 0, 0))
		f.byHandle("new.bsky.social")
	})
}
