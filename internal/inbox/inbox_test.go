package inbox_test

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/connector/mastodon"
	tgsource "github.com/parvis/parvis/internal/connector/telegram"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/testutil/smtptest"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var cheap = auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}}

type fixture struct {
	t     *testing.T
	db    *store.DB
	clock *clock.Fake
	box   *secret.Box
	ws    *workspace.Service
	jobs  *jobs.Queue
	pipe  *ingest.Pipeline
	svc   *inbox.Service
	w     model.Workspace
	users map[string]model.User
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	fc := clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
	f := &fixture{t: t, db: db, clock: fc, users: map[string]model.User{}}
	key := make([]byte, 32)
	f.box, _ = secret.NewBox(key)
	a := auth.NewService(db, fc, cheap)
	f.ws = workspace.NewService(db, a, fc)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.jobs = jobs.New(db, fc, log)
	f.pipe = ingest.New(db, fc, log)
	f.svc = inbox.New(inbox.Options{DB: db, Workspaces: f.ws, Jobs: f.jobs, Box: f.box, Pipeline: f.pipe, Clock: fc, Log: log,
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	sys := auth.SystemContext(context.Background(), "test")
	for _, name := range []string{"owner", "editor", "viewer"} {
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
	for _, r := range []string{"editor", "viewer"} {
		if _, err := f.ws.AddMember(f.as("owner"), w.Slug, r+"@example.org", r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// TestMastodonDirectMessagesGroupByThread: Mastodon's direct messages are
// statuses in threads; each thread is one conversation, even from the
// same person, and the workspace's answer on the network joins it.
func TestMastodonDirectMessagesGroupByThread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		srv := &mastodonServer{}
		hs := httptest.NewServer(srv)
		defer hs.Close()
		f.channel("mastodon", "https://mastodon.social/@parvis", map[string]any{"instance_url": hs.URL},
			map[string]any{"access_token": "tok"})
		items := fetchNotifications(t, notifications{file: "mastodon_direct.json"})
		if len(items) != 3 || items[0].Kind != model.KindMessage {
			t.Fatalf("connector gave %+v", items)
		}
		f.ingest(pick(items, "700")...)
		own := model.Author{Handle: "parvis", Name: "Parvis", URL: "https://mastodon.social/@parvis"}
		f.ingest(model.Item{Network: "mastodon", ExternalID: "113600000000000710", Kind: model.KindMessage, Author: own,
			Text: "@tom@social.example yes, see our jobs page", CreatedAt: utc("2026-03-30T09:20:00Z"), ParentID: "113600000000000700"})
		f.ingest(pick(items, "711", "720")...)
		p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Kind: "dm"})
		if err != nil || len(p.Items) != 2 {
			t.Fatalf("%d DM conversations (%v), want 2: %+v", len(p.Items), err, p.Items)
		}
		first := f.detail(f.byThread("dm:113600000000000700").ID)
		if got := externalIDs(first); got != "700:in 710:out 711:in" {
			t.Errorf("first thread = %s", got)
		}
		if first.FirstResponseAt == nil || !eqTime(first.FirstResponseAt, "2026-03-30T09:20:00Z") {
			t.Errorf("first response at %v", first.FirstResponseAt)
		}
		second := f.detail(f.byThread("dm:113600000000000720").ID)
		if got := externalIDs(second); got != "720:in" || second.AuthorHandle != "tom@social.example" {
			t.Errorf("second thread = %s by %s", got, second.AuthorHandle)
		}
		// A reply from Parvis stays private.
		if _, err := f.svc.Reply(f.as("editor"), f.w.Slug, second.ID, inbox.ReplyInput{Text: "Yes, we do."}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.jobs.RunDue(context.Background(), nil)
		}
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.posts) != 1 || srv.posts[0]["visibility"] != "direct" || srv.posts[0]["in_reply_to_id"] != "113600000000000720" ||
			!strings.HasPrefix(srv.posts[0]["status"], "@tom@social.example ") {
			t.Errorf("reply sent as %v", srv.posts)
		}
	})
}

// TestDeletionsOnTheNetwork: when authors delete what they wrote (the
// Jetstream delete commit, or a webhook record {"deleted": true}), Parvis
// erases the words, keeps the conversation's shape, closes a conversation
// left with nothing to answer, and a replay does not bring the text back.
func TestDeletionsOnTheNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.settings(60)
		uri := func(h, k string) string { return "at://did:plc:" + h + "/app.bsky.feed.post/" + k }
		first := model.Item{Network: "bluesky", ExternalID: uri("a", "1"), Kind: model.KindMention, Text: "@acme vos tarifs sont honteux",
			Author: model.Author{Handle: "a.bsky.social"}, CreatedAt: utc("2026-03-27T09:00:00Z"), ThreadID: uri("a", "1")}
		second := model.Item{Network: "bluesky", ExternalID: uri("b", "1"), Kind: model.KindMention, Text: "@acme question sur ma commande",
			Author: model.Author{Handle: "b.bsky.social", Name: "Hélène Strauß"}, CreatedAt: utc("2026-03-27T09:05:00Z"), ThreadID: uri("b", "1")}
		followUp := model.Item{Network: "bluesky", ExternalID: uri("b", "2"), Kind: model.KindReply, Text: "toujours rien reçu",
			Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc("2026-03-27T09:10:00Z"), ParentID: uri("b", "1"), ThreadID: uri("b", "1")}
		f.ingest(first, second, followUp)
		a, b := f.byThreadOn("bluesky", uri("a", "1")), f.byThreadOn("bluesky", uri("b", "1"))

		res, err := f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{
			{Network: "bluesky", ExternalID: uri("a", "1"), Deleted: true},
			{Network: "bluesky", ExternalID: uri("b", "2"), Deleted: true},
			{Network: "bluesky", ExternalID: uri("z", "9"), Deleted: true}, // never stored: nothing to do
		}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Deleted != 2 || res.Inserted != 0 {
			t.Errorf("deleted %d, inserted %d; want 2, 0", res.Deleted, res.Inserted)
		}
		da := f.detail(a.ID)
		if da.Status != model.ConvClosed || da.Preview != "" || len(da.Items) != 1 || da.Items[0].DeletedAt == nil || da.Items[0].Text != "" {
			t.Errorf("conversation of the deleted mention: status %s preview %q items %+v", da.Status, da.Preview, da.Items)
		}
		db2 := f.detail(b.ID)
		if db2.Status != model.ConvOpen || db2.Preview != "@acme question sur ma commande" || len(db2.Items) != 2 || db2.Items[1].DeletedAt == nil {
			t.Errorf("conversation with a deleted reply: status %s preview %q", db2.Status, db2.Preview)
		}
		// Lists and search no longer find the words; a replay of the post
		// does not bring them back.
		f.ingest(first)
		items, err := db.Q().ListItems(context.Background(), store.ItemFilter{WorkspaceID: f.w.ID, Query: "honteux", Limit: 10})
		if err != nil || len(items) != 0 {
			t.Errorf("search finds the deleted words: %d items (%v)", len(items), err)
		}
		// The author's handle and name are found as written or folded.
		for q, want := range map[string]int{"honteux": 0, "rien": 0, "commande": 1, "helene": 1, "Hélène": 1, "strauss": 1, "b.bsky.social": 1} {
			p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: q})
			if err != nil || len(p.Items) != want {
				t.Errorf("inbox search %q: %d conversations (%v), want %d", q, len(p.Items), err, want)
			}
		}
		if again := f.detail(a.ID); again.Items[0].Text != "" || again.Status != model.ConvClosed {
			t.Errorf("after a replay: %+v", again.Items[0])
		}
		// A deletion needs the item's identity.
		res, _ = f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID},
			Items: []model.Item{{Network: "bluesky", Deleted: true}}})
		if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Err.Error(), "external_id") {
			t.Errorf("deletion without an id: %+v", res.Rejected)
		}
	})
}

// TestTelegramMessagesAnsweredThroughTheBot: a private message to the
// workspace's bot (the recorded getUpdates answer, read by the real
// connector) opens a direct-message conversation; the reply goes back
// through the Bot API to that chat, answering that message.
func TestTelegramMessagesAnsweredThroughTheBot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var mu sync.Mutex
		var sent []map[string]any
		updates, err := os.ReadFile(filepath.Join("..", "connector", "telegram", "testdata", "getUpdates.json"))
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch r.URL.Path {
			case "/bot123:abc/getUpdates":
				w.Write(updates)
			case "/bot123:abc/sendMessage":
				var in map[string]any
				json.NewDecoder(r.Body).Decode(&in)
				mu.Lock()
				sent = append(sent, in)
				mu.Unlock()
				w.Write([]byte(`{"ok":true,"result":{"message_id":79,"chat":{"id":5551234,"type":"private"},"date":1795600400,"text":"ok"}}`))
			default:
				w.WriteHeader(404)
				w.Write([]byte(`{"ok":false,"error_code":404,"description":"Not Found"}`))
			}
		}))
		defer hs.Close()
		f.channel("telegram", "@acme", map[string]any{"chat_id": "@acme", "api_url": hs.URL}, map[string]any{"bot_token": "123:abc"})
		src, err := tgsource.New(json.RawMessage(`{"bot_token":"123:abc","api_url":"`+hs.URL+`"}`), conformancetest.Deps(time.Time{}))
		if err != nil {
			t.Fatal(err)
		}
		b, err := src.Fetch(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		f.ingest(b.Items...)
		c := f.byThreadOn("telegram", "dm:chat5551234")
		if c.Kind != model.ConvDM || c.ChannelID == nil || c.AuthorHandle != "ines_m" {
			t.Fatalf("conversation %+v", c)
		}
		d := f.detail(c.ID)
		if len(d.Items) != 1 || !strings.Contains(d.Items[0].Text, "envoyée le 2/11") {
			t.Errorf("items %+v (the edit replaces the text, one item)", d.Items)
		}
		if _, err := f.svc.Reply(f.as("editor"), f.w.Slug, c.ID, inbox.ReplyInput{Text: "Bonjour Inès, nous regardons tout de suite."}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.jobs.RunDue(context.Background(), nil)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(sent) != 1 {
			t.Fatalf("sendMessage calls %v", sent)
		}
		rp, _ := sent[0]["reply_parameters"].(map[string]any)
		if sent[0]["chat_id"] != "5551234" || rp["message_id"] != float64(77) || sent[0]["text"] != "Bonjour Inès, nous regardons tout de suite." {
			t.Errorf("sent %v", sent[0])
		}
		after := f.detail(c.ID)
		if len(after.Replies) != 1 || after.Replies[0].Status != model.ReplySent || after.Replies[0].ExternalID != "5551234/79" || after.Status != model.ConvPending {
			t.Errorf("after the reply: %s, replies %+v", after.Status, after.Replies)
		}
		// Noé's comment on the channel's post, in its discussion group,
		// calls for a response; the answer goes to the group, under his
		// message.
		post := f.byThreadOn("telegram", "-1001234/42")
		pd := f.detail(post.ID)
		if got := externalIDs(pd); got != "-1001987654321/901:in" || pd.Kind != model.ConvThread {
			t.Fatalf("conversation on the channel post: %s (%s)", got, pd.Kind)
		}
		mu.Unlock()
		if _, err := f.svc.Reply(f.as("editor"), f.w.Slug, post.ID, inbox.ReplyInput{Text: "Oui, dès Android 9."}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.jobs.RunDue(context.Background(), nil)
		}
		mu.Lock()
		if len(sent) != 2 {
			t.Fatalf("sendMessage calls %v", sent)
		}
		rp, _ = sent[1]["reply_parameters"].(map[string]any)
		if sent[1]["chat_id"] != "-1001987654321" || rp["message_id"] != float64(901) {
			t.Errorf("comment answered with %v", sent[1])
		}
	})
}

// A private answer in a public thread joins the thread, and the reply to
// it stays private.
func TestReplyToADirectMessageInAPublicThreadStaysPrivate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		srv := &mastodonServer{}
		hs := httptest.NewServer(srv)
		defer hs.Close()
		f.channel("mastodon", "https://mastodon.example/@parvis", map[string]any{"instance_url": hs.URL}, map[string]any{"access_token": "tok"})
		lea := model.Author{Handle: "lea@piaille.fr", Name: "Léa"}
		f.ingest(model.Item{Network: "mastodon", ExternalID: "500", Kind: model.KindMention, Author: lea, Text: "@parvis question publique",
			CreatedAt: utc("2026-03-27T08:30:00Z"), ThreadID: "500"},
			model.Item{Network: "mastodon", ExternalID: "501", Kind: model.KindMessage, Author: lea, Text: "@parvis et mon numéro de client est 4412",
				CreatedAt: utc("2026-03-27T08:31:00Z"), ParentID: "500"})
		c := f.byThread("500")
		if c.Kind != model.ConvThread || c.ItemsCount != 2 {
			t.Fatalf("conversation %+v", c)
		}
		if _, err := f.svc.Reply(f.as("editor"), f.w.Slug, c.ID, inbox.ReplyInput{Text: "Merci, nous regardons."}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.jobs.RunDue(context.Background(), nil)
		}
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.posts) != 1 || srv.posts[0]["in_reply_to_id"] != "501" || srv.posts[0]["visibility"] != "direct" {
			t.Fatalf("reply sent as %v", srv.posts)
		}
	})
}

func TestMentionedTeammatesAreEmailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		srv := smtptest.Start(t)
		f.svc.SetMailer(notify.NewSender(notify.Options{SMTP: notify.SMTP{Addr: srv.Addr, From: "parvis@example.org"}}))
		f.ingest(model.Item{Network: "bluesky", ExternalID: "at://did:plc:z/app.bsky.feed.post/1", Kind: model.KindMention,
			Text: "@acme la piscine est fermée ?", Author: model.Author{Handle: "zoe.bsky.social", Name: "Zoé"}, CreatedAt: f.clock.Now()})
		p, _ := f.svc.Conversations(f.as("owner"), f.w.Slug, inbox.Query{})
		if len(p.Items) != 1 {
			t.Fatalf("%d conversations", len(p.Items))
		}
		if _, err := f.svc.AddNote(f.as("editor"), f.w.Slug, p.Items[0].ID, inbox.NoteInput{Body: "@owner tu confirmes ? @editor"}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := f.jobs.RunDue(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
		}
		rcpt, msgs := srv.Recipients(), srv.Messages()
		if len(rcpt) != 1 || strings.Join(rcpt[0], ",") != "owner@example.org" {
			t.Fatalf("recipients %v (the author mentioning themself is not e-mailed)", rcpt)
		}
		if !strings.Contains(msgs[0], "Editor vous a mentionn") || !strings.Contains(msgs[0], "/inbox/"+strconv.FormatInt(p.Items[0].ID, 10)) {
			t.Errorf("message:\n%s", msgs[0])
		}
	})
}

func (f *fixture) as(name string) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{User: f.users[name]})
}

func (f *fixture) channel(typ, account string, public, secrets map[string]any) model.Channel {
	f.t.Helper()
	pub, _ := json.Marshal(public)
	sec, _ := json.Marshal(secrets)
	c := model.Channel{WorkspaceID: f.w.ID, Type: typ, Name: typ, Account: account, Config: pub, Secrets: f.box.Seal(sec)}
	if err := f.db.Q().CreateChannel(context.Background(), &c); err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) ingest(items ...model.Item) {
	f.t.Helper()
	if _, err := f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: items}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) settings(minutes int) {
	f.t.Helper()
	week := [7][]string{}
	for d := 1; d <= 5; d++ {
		week[d] = []string{"09:00-18:00"}
	}
	if _, err := f.svc.SetSettings(f.as("owner"), f.w.Slug, model.InboxSettings{FirstResponseMinutes: minutes,
		BusinessHours: model.BusinessHours{Week: week}}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) byThread(key string) model.Conversation {
	f.t.Helper()
	return f.byThreadOn("mastodon", key)
}

func (f *fixture) byThreadOn(network, key string) model.Conversation {
	f.t.Helper()
	c, err := f.db.Q().ConversationByThread(context.Background(), f.w.ID, network, key)
	if err != nil {
		f.t.Fatalf("conversation of thread %s: %v", key, err)
	}
	return c
}

func (f *fixture) detail(id int64) inbox.Detail {
	f.t.Helper()
	d, err := f.svc.Conversation(f.as("viewer"), f.w.Slug, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func externalIDs(d inbox.Detail) string {
	var ids []string
	for _, it := range d.Items {
		ids = append(ids, strings.TrimPrefix(it.ExternalID, "113600000000000")+":"+it.Direction)
	}
	return strings.Join(ids, " ")
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func eqTime(p *time.Time, want string) bool { return p != nil && p.Equal(utc(want)) }

// notifications replays the recorded notifications page; edit changes the
// text of one status, as an edit on the network would.
type notifications struct{ edit, file string }

func (n notifications) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, err := os.ReadFile(filepath.Join("testdata", cmp.Or(n.file, "mastodon_notifications.json")))
	if err != nil {
		panic(err)
	}
	if n.edit != "" {
		b = []byte(strings.Replace(string(b), "je n'arrive pas à me connecter depuis la mise à jour", n.edit, 1))
	}
	if r.URL.Path != "/api/v1/notifications" || r.URL.Query().Get("min_id") != "" {
		w.Write([]byte("[]"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

func fetchNotifications(t *testing.T, h http.Handler) []model.Item {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	src, err := mastodon.Spec().New(json.RawMessage(`{"instance_url":"`+srv.URL+`","timeline":"notifications","access_token":"tok"}`),
		conformancetest.Deps(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.Items
}

func pick(items []model.Item, ids ...string) []model.Item {
	var out []model.Item
	for _, it := range items {
		for _, id := range ids {
			if it.ExternalID == "113600000000000"+id {
				out = append(out, it)
			}
		}
	}
	return out
}

// TestThreadingFromRecordedMastodonNotifications feeds the recorded page
// through the real Mastodon connector and the pipeline, in the order the
// network would deliver it, and checks the conversations, their response
// targets (business hours in Paris across the spring clock change) and
// that an edit does not count as a new message.
func TestThreadingFromRecordedMastodonNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.settings(120)
		f.channel("mastodon", "https://mastodon.social/@parvis", map[string]any{"instance_url": "https://mastodon.social"},
			map[string]any{"access_token": "tok"})
		own := model.Author{Handle: "parvis", Name: "Parvis", URL: "https://mastodon.social/@parvis"}
		// The workspace's post, published outside Parvis, came back through listening.
		f.ingest(model.Item{Network: "mastodon", ExternalID: "113600000000000100", Kind: model.KindPost, Author: own,
			Text: "Version 2 est sortie.", CreatedAt: utc("2026-03-26T12:00:00Z"), ThreadID: "113600000000000100"})
		items := fetchNotifications(t, notifications{})
		if len(items) != 5 {
			t.Fatalf("connector gave %d items, want 5", len(items))
		}
		f.ingest(pick(items, "200", "300", "201")...)
		// The workspace answers Léa natively on the network at 16:00 Paris.
		f.ingest(model.Item{Network: "mastodon", ExternalID: "113600000000000250", Kind: model.KindReply, Author: own,
			Text: "@lea nous regardons, pouvez-vous réessayer ?", CreatedAt: utc("2026-03-27T15:00:00Z"), ParentID: "113600000000000300"})
		f.ingest(pick(items, "301", "500")...)

		page, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 3 {
			t.Fatalf("%d conversations, want 3: %+v", len(page.Items), page.Items)
		}
		camille := f.detail(f.byThread("113600000000000200").ID)
		if got := externalIDs(camille); got != "200:in 201:in" {
			t.Errorf("Camille's thread = %s", got)
		}
		// 10:00 Paris (UTC+1) + 2 business hours = 12:00 Paris.
		if !eqTime(camille.DueAt, "2026-03-27T11:00:00Z") || camille.AuthorHandle != "camille" || camille.Status != model.ConvOpen {
			t.Errorf("Camille's conversation: due %v author %q status %s", camille.DueAt, camille.AuthorHandle, camille.Status)
		}
		lea := f.detail(f.byThread("113600000000000100").ID)
		if got := externalIDs(lea); got != "300:in 250:out 301:in" {
			t.Errorf("Léa's thread = %s", got)
		}
		// Answered at 16:00 Paris for a message of 10:30: 5 h 30 of business
		// time, past the 12:30 due time.
		if lea.FirstResponseSeconds == nil || *lea.FirstResponseSeconds != 19800 || !lea.Breached ||
			!eqTime(lea.FirstResponseAt, "2026-03-27T15:00:00Z") {
			t.Errorf("Léa's first response: %v s at %v, breached %v", lea.FirstResponseSeconds, lea.FirstResponseAt, lea.Breached)
		}
		// Léa wrote again on Friday at 17:00 Paris: one business hour on
		// Friday, one on Monday from 09:00 — now summer time (UTC+2).
		if !eqTime(lea.AwaitingSince, "2026-03-27T16:00:00Z") || !eqTime(lea.DueAt, "2026-03-30T08:00:00Z") {
			t.Errorf("Léa waits since %v, due %v", lea.AwaitingSince, lea.DueAt)
		}
		tom := f.byThread("dm:113600000000000500")
		if tom.AuthorHandle != "tom@social.example" || tom.Kind != model.ConvDM || !eqTime(tom.DueAt, "2026-03-30T10:10:00Z") {
			t.Errorf("Tom's direct message: %+v", tom)
		}

		// An edit of Léa's first message comes through again.
		edited := pick(fetchNotifications(t, notifications{edit: "impossible de me connecter (édité)"}), "300")
		f.ingest(edited...)
		again := f.detail(lea.ID)
		if again.ItemsCount != 3 || again.Items[0].Text != "@parvis impossible de me connecter (édité)" {
			t.Errorf("after the edit: %d items, first text %q", again.ItemsCount, again.Items[0].Text)
		}
		if !eqTime(again.AwaitingSince, "2026-03-27T16:00:00Z") {
			t.Errorf("an edit changed the wait: %v", again.AwaitingSince)
		}

		// Search finds the edited words, folded; filters narrow the list.
		for _, c := range []struct {
			q    inbox.Query
			want int
		}{
			{inbox.Query{Search: "edite"}, 1},
			{inbox.Query{Search: "tarifs"}, 1},
			{inbox.Query{Search: "absent"}, 0},
			{inbox.Query{Overdue: true}, 0},
			{inbox.Query{Status: "open"}, 3},
			{inbox.Query{Assignee: "none"}, 3},
			{inbox.Query{Network: "bluesky"}, 0},
		} {
			p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != c.want {
				t.Errorf("%+v: %d conversations, want %d", c.q, len(p.Items), c.want)
			}
		}
		// The language filter takes a tag as the items API does.
		fr, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Lang: "fr"})
		if err != nil || len(fr.Items) == 0 {
			t.Fatalf("lang=fr: %d conversations, %v", len(fr.Items), err)
		}
		if p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Lang: "FR-fr"}); err != nil || len(p.Items) != len(fr.Items) {
			t.Errorf("lang=FR-fr: %d conversations (%v), want %d", len(p.Items), err, len(fr.Items))
		}
		if _, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Lang: "french"}); apperr.As(err).Field != "lang" {
			t.Errorf("lang=french: %v, want an error on lang", err)
		}
		// A search of no words would list every conversation.
		if _, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: "🔥 :)"}); apperr.As(err).Field != "q" {
			t.Errorf("search of emoji: %v, want an error on q", err)
		}
		f.clock.Set(utc("2026-03-30T09:00:00Z"))
		p, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Overdue: true})
		if len(p.Items) != 2 || p.Counts.Overdue != 2 || p.Counts.Breached != 2 {
			t.Errorf("on Monday 11:00 Paris: %d overdue listed, counts %+v", len(p.Items), p.Counts)
		}
	})
}

// TestDirectMessagesGroupByAuthor: items of kind message (webhooks,
// imports) make one conversation per author.
func TestDirectMessagesGroupByAuthor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		msg := func(id, author, at string) model.Item {
			return model.Item{Network: "telegram", ExternalID: id, Kind: model.KindMessage, Author: model.Author{Handle: author},
				Text: "bonjour " + id, CreatedAt: utc(at)}
		}
		f.ingest(msg("m1", "@Alice", "2026-03-27T09:00:00Z"), msg("m2", "bob", "2026-03-27T09:01:00Z"))
		f.ingest(msg("m3", "alice", "2026-03-27T09:02:00Z"))
		a, err := db.Q().ConversationByThread(context.Background(), f.w.ID, "telegram", "dm:alice")
		if err != nil {
			t.Fatal(err)
		}
		if a.ItemsCount != 2 || a.Kind != model.ConvDM {
			t.Errorf("Alice's conversation: %+v", a)
		}
		p, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Kind: "dm"})
		if len(p.Items) != 2 {
			t.Errorf("%d DM conversations, want 2", len(p.Items))
		}
		// Items that call for no response make no conversation.
		f.ingest(model.Item{Network: "web", ExternalID: "https://example.org/a", Kind: model.KindArticle, Text: "x", CreatedAt: utc("2026-03-27T10:00:00Z")})
		p, _ = f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{})
		if len(p.Items) != 2 {
			t.Errorf("an article made a conversation: %d", len(p.Items))
		}
	})
}

func TestWorkflowAssignLabelsNotesSeenBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.settings(60)
		for i, h := range []string{"a", "b", "c"} {
			f.ingest(model.Item{Network: "bluesky", ExternalID: "at://did:plc:" + h + "/app.bsky.feed.post/1", Kind: model.KindMention,
				Author: model.Author{Handle: h + ".bsky.social"}, Text: "hello " + h, CreatedAt: utc("2026-03-27T09:00:00Z").Add(time.Duration(i) * time.Minute),
				ThreadID: "at://did:plc:" + h + "/app.bsky.feed.post/1"})
		}
		p, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{})
		if len(p.Items) != 3 || p.Items[0].AuthorHandle != "c.bsky.social" {
			t.Fatalf("list: %+v", p.Items)
		}
		oldest, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Oldest: true, Limit: 2})
		if len(oldest.Items) != 2 || oldest.Items[0].AuthorHandle != "a.bsky.social" || oldest.NextCursor == "" {
			t.Fatalf("oldest first: %+v", oldest)
		}
		rest, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Oldest: true, Limit: 2, Cursor: oldest.NextCursor})
		if len(rest.Items) != 1 || rest.Items[0].AuthorHandle != "c.bsky.social" {
			t.Fatalf("second page: %+v", rest.Items)
		}
		id := p.Items[0].ID
		editor := f.users["editor"].ID
		status := "pending"
		labels := []string{"Bug", "bug", "urgent"}
		if _, err := f.svc.UpdateConversation(f.as("viewer"), f.w.Slug, id, inbox.Update{Status: &status}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("a viewer changed a conversation: %v", err)
		}
		outsider := int64(999999)
		if _, err := f.svc.UpdateConversation(f.as("editor"), f.w.Slug, id, inbox.Update{Assignee: &outsider}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("assigned to a stranger: %v", err)
		}
		c, err := f.svc.UpdateConversation(f.as("editor"), f.w.Slug, id, inbox.Update{Status: &status, Assignee: &editor, Labels: &labels})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.ConvPending || c.AssigneeID == nil || *c.AssigneeID != editor || strings.Join(c.Labels, ",") != "bug,urgent" ||
			c.AssigneeName != "Editor" {
			t.Errorf("updated: %+v", c)
		}
		mine, _ := f.svc.Conversations(f.as("editor"), f.w.Slug, inbox.Query{Assignee: "me", Label: "urgent"})
		if len(mine.Items) != 1 || mine.Items[0].ID != id {
			t.Errorf("assigned to me with label urgent: %+v", mine.Items)
		}
		n, err := f.svc.AddNote(f.as("editor"), f.w.Slug, id, inbox.NoteInput{Body: "@owner can you check? cc @Viewer@example.org and @nobody"})
		if err != nil {
			t.Fatal(err)
		}
		if len(n.Mentions) != 2 || n.Mentions[0] != f.users["owner"].ID || n.Mentions[1] != f.users["viewer"].ID {
			t.Errorf("mentions = %v", n.Mentions)
		}
		// The members mentioned find it ("mentions of me"), unseen until
		// they open it; the author's own mention counts for no one.
		for who, want := range map[string]int{"owner": 1, "viewer": 1, "editor": 0} {
			mine, err := f.svc.Conversations(f.as(who), f.w.Slug, inbox.Query{Mentioned: "me"})
			if err != nil || len(mine.Items) != want {
				t.Errorf("%s: %d conversations mention them (%v), want %d", who, len(mine.Items), err, want)
			}
			if n, _ := f.svc.UnseenMentions(f.as(who), f.w.Slug); n != int64(want) {
				t.Errorf("%s: %d unseen mentions, want %d", who, n, want)
			}
		}
		if _, err := f.svc.Conversations(f.as("owner"), f.w.Slug, inbox.Query{Mentioned: "you"}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("mentioned=you: %v", err)
		}
		if err := f.svc.MarkSeen(f.as("owner"), f.w.Slug, id); err != nil {
			t.Fatal(err)
		}
		if n, _ := f.svc.UnseenMentions(f.as("owner"), f.w.Slug); n != 0 {
			t.Errorf("%d unseen mentions after opening the conversation", n)
		}
		d := f.detail(id)
		if len(d.Notes) != 1 || len(d.SeenBy) != 1 || d.SeenBy[0].UserName != "Owner" {
			t.Errorf("notes %+v seen %+v", d.Notes, d.SeenBy)
		}
		// The author writes again: the conversation reopens.
		f.ingest(model.Item{Network: "bluesky", ExternalID: "at://did:plc:c/app.bsky.feed.post/2", Kind: model.KindReply,
			Author: model.Author{Handle: "c.bsky.social"}, Text: "still there?", CreatedAt: utc("2026-03-27T10:00:00Z"),
			ParentID: "at://did:plc:c/app.bsky.feed.post/1", ThreadID: "at://did:plc:c/app.bsky.feed.post/1"})
		if c := f.detail(id); c.Status != model.ConvOpen || c.ItemsCount != 2 {
			t.Errorf("after the author wrote again: %s, %d items", c.Status, c.ItemsCount)
		}
		// Bulk: close all, label them; one bad id rolls everything back.
		closed := "closed"
		ids := []int64{p.Items[0].ID, p.Items[1].ID, p.Items[2].ID}
		if _, err := f.svc.Bulk(f.as("editor"), f.w.Slug, inbox.BulkInput{IDs: append(ids, 424242), Update: inbox.Update{Status: &closed}}); err == nil {
			t.Error("bulk with an unknown id succeeded")
		}
		if p, _ := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Status: "closed"}); len(p.Items) != 0 {
			t.Errorf("a failed bulk closed %d", len(p.Items))
		}
		f.clock.Set(utc("2026-03-27T10:30:00Z"))
		if n, err := f.svc.Bulk(f.as("editor"), f.w.Slug, inbox.BulkInput{IDs: ids, Update: inbox.Update{Status: &closed, AddLabels: []string{"done"}}}); err != nil || n != 3 {
			t.Fatal(n, err)
		}
		a := f.detail(ids[2])
		// a's mention at 10:00 Paris, closed at 11:30 Paris: 90 minutes,
		// past its 60-minute target.
		if a.Status != model.ConvClosed || a.ResolutionSeconds == nil || *a.ResolutionSeconds != 5400 || !a.Breached ||
			strings.Join(a.Labels, ",") != "done" {
			t.Errorf("closed: %s res %v breached %v labels %v", a.Status, a.ResolutionSeconds, a.Breached, a.Labels)
		}
		entries, err := db.Q().ListAudit(context.Background(), store.AuditFilter{WorkspaceID: f.w.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		updates := 0
		for _, e := range entries {
			if e.Action == "conversation.update" {
				updates++
			}
		}
		if updates != 4 {
			t.Errorf("%d conversation.update audit entries, want 4", updates)
		}
	})
}

// mastodonServer is an httptest Mastodon API that accepts replies,
// honours Idempotency-Key and can be told to fail.
type mastodonServer struct {
	mu       sync.Mutex
	fail     []int // statuses to answer, in order, before succeeding
	posts    []map[string]string
	keys     map[string]string
	statuses []map[string]any
}

func (m *mastodonServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer tok" {
		w.WriteHeader(401)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == "POST" && r.URL.Path == "/api/v1/statuses":
		var in map[string]string
		json.NewDecoder(r.Body).Decode(&in)
		if len(m.fail) > 0 {
			code := m.fail[0]
			m.fail = m.fail[1:]
			w.WriteHeader(code)
			w.Write([]byte(`{"error":"failure"}`))
			return
		}
		key := r.Header.Get("Idempotency-Key")
		if m.keys == nil {
			m.keys = map[string]string{}
		}
		id, seen := m.keys[key]
		if !seen {
			id = "9990" + string(rune('0'+len(m.keys)))
			m.keys[key] = id
			in["key"] = key
			m.posts = append(m.posts, in)
		}
		json.NewEncoder(w).Encode(map[string]any{"id": id, "url": "https://mastodon.example/@parvis/" + id, "content": in["status"]})
	case r.URL.Path == "/api/v1/accounts/verify_credentials":
		w.Write([]byte(`{"id":"1","acct":"parvis","url":"https://mastodon.example/@parvis"}`))
	case r.URL.Path == "/api/v1/accounts/1/statuses":
		w.Write([]byte(`[]`))
	default:
		w.WriteHeader(404)
	}
}

func TestReplyThroughMastodonExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.settings(120)
		srv := &mastodonServer{fail: []int{503}}
		hs := httptest.NewServer(srv)
		defer hs.Close()
		ch := f.channel("mastodon", "https://mastodon.example/@parvis", map[string]any{"instance_url": hs.URL, "max_characters": 80},
			map[string]any{"access_token": "tok"})
		f.ingest(model.Item{Network: "mastodon", ExternalID: "777", Kind: model.KindMention, Author: model.Author{Handle: "lea@piaille.fr", Name: "Léa"},
			Text: "@parvis bonjour ?", CreatedAt: utc("2026-03-27T08:30:00Z"), ThreadID: "777"})
		c := f.byThread("777")
		if c.ChannelID == nil || *c.ChannelID != ch.ID {
			t.Fatalf("conversation channel = %v, want %d", c.ChannelID, ch.ID)
		}
		sr, err := f.svc.CreateSavedReply(f.as("editor"), f.w.Slug, inbox.SavedReplyInput{Name: "merci", Lang: "fr", Body: "Merci {{author_name}} ! — {{agent_name}}"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateSavedReply(f.as("editor"), f.w.Slug, inbox.SavedReplyInput{Name: "x", Body: "Hi {{nom}}"}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("unknown variable accepted: %v", err)
		}
		if _, err := f.svc.Reply(f.as("editor"), f.w.Slug, c.ID, inbox.ReplyInput{Text: strings.Repeat("trop long ", 10)}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("a reply over the instance's 80 characters was accepted: %v", err)
		}
		if _, err := f.svc.Reply(f.as("viewer"), f.w.Slug, c.ID, inbox.ReplyInput{Text: "hi"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("a viewer replied: %v", err)
		}
		f.clock.Set(utc("2026-03-27T09:00:00Z"))
		rep, err := f.svc.Reply(f.as("editor"), f.w.Slug, c.ID, inbox.ReplyInput{SavedReplyID: sr.ID})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Text != "@lea@piaille.fr Merci Léa ! — Editor" || rep.Status != model.ReplyQueued {
			t.Fatalf("reply = %+v", rep)
		}
		ctx := context.Background()
		f.jobs.RunDue(ctx, nil) // 503: retried later
		d := f.detail(c.ID)
		if d.Replies[0].Status != model.ReplySending || d.Replies[0].LastError == "" || d.Replies[0].Attempts != 1 {
			t.Fatalf("after a 503: %+v", d.Replies[0])
		}
		f.clock.Advance(time.Minute)
		f.jobs.RunDue(ctx, nil)
		f.jobs.RunDue(ctx, nil)
		d = f.detail(c.ID)
		r0 := d.Replies[0]
		if r0.Status != model.ReplySent || r0.ExternalID != "99900" || r0.LastError != "" {
			t.Fatalf("after the retry: %+v", r0)
		}
		srv.mu.Lock()
		if len(srv.posts) != 1 || srv.posts[0]["in_reply_to_id"] != "777" || srv.posts[0]["visibility"] != "public" || srv.posts[0]["key"] == "" {
			t.Errorf("posts = %+v", srv.posts)
		}
		srv.mu.Unlock()
		// 09:30 Paris → 10:01 Paris: 31 minutes of business time.
		if d.Status != model.ConvPending || d.FirstResponseSeconds == nil || *d.FirstResponseSeconds != 31*60 || d.Breached {
			t.Errorf("after the reply: %s first response %v breached %v", d.Status, d.FirstResponseSeconds, d.Breached)
		}
		// The reply comes back through listening: confirmed, in the thread.
		f.ingest(model.Item{Network: "mastodon", ExternalID: "99900", Kind: model.KindReply, Author: model.Author{Handle: "parvis", URL: "https://mastodon.example/@parvis"},
			Text: rep.Text, CreatedAt: utc("2026-03-27T09:01:00Z"), ParentID: "777"})
		d = f.detail(c.ID)
		if d.Replies[0].Status != model.ReplyConfirmed || len(d.Items) != 2 || d.Items[1].Direction != "out" {
			t.Errorf("after confirmation: reply %s, items %+v", d.Replies[0].Status, d.Items)
		}

		// A refused reply fails at once with the network's error shown.
		srv.mu.Lock()
		srv.fail = []int{422}
		srv.mu.Unlock()
		rep2, err := f.svc.Reply(f.as("editor"), f.w.Slug, c.ID, inbox.ReplyInput{Text: "encore"})
		if err != nil {
			t.Fatal(err)
		}
		f.jobs.RunDue(ctx, nil)
		got, _ := db.Q().GetReply(ctx, f.w.ID, rep2.ID)
		if got.Status != model.ReplyFailed || !strings.Contains(got.LastError, "422") {
			t.Errorf("refused reply: %+v", got)
		}
	})
}
