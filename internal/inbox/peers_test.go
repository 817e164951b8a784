package inbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	connectors "github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	publishers "github.com/parvis/parvis/internal/publish/publisher/all"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/testutil/peers"
	"github.com/parvis/parvis/internal/workspace"
)

// These tests take issue 8's "done when" path through the real local
// servers of ../shared/peers: a mention arrives through a listening source,
// lands in the inbox, is assigned, answered from Parvis through the
// workspace's channel (a durable job, run twice as after a crash), the
// answer comes back through listening and confirms the reply, and the
// closed conversation is counted against the response target.

// skewClock is the wall clock moved by an offset the test controls: the
// peers stamp their posts with the real time, and the test jumps past a
// response target without waiting for it.
type skewClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *skewClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.off)
}

func (c *skewClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// peerRig wires the services as internal/app does (store, workspaces, jobs,
// pipeline, listening, publishing, inbox) with loopback addresses allowed.
type peerRig struct {
	t       *testing.T
	db      *store.DB
	clock   *skewClock
	jobs    *jobs.Queue
	listen  *listen.Service
	publish *publish.Service
	inbox   *inbox.Service
	w       model.Workspace
	owner   model.User
	agent   model.User
}

// newPeerRig builds the services on db, whose store runs on clk (the
// clock starts again at the wall clock).
func newPeerRig(t *testing.T, db *store.DB, clk *skewClock) *peerRig {
	t.Helper()
	clk.mu.Lock()
	clk.off = 0
	clk.mu.Unlock()
	r := &peerRig{t: t, db: db, clock: clk}
	key := make([]byte, 32)
	box, _ := secret.NewBox(key)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	a := auth.NewService(db, r.clock, cheap)
	ws := workspace.NewService(db, a, r.clock)
	r.jobs = jobs.New(db, r.clock, log)
	pipe := ingest.New(db, r.clock, log)
	reg := connector.NewRegistry()
	connectors.Register(reg)
	r.listen = listen.New(listen.Options{DB: db, Workspaces: ws, Pipeline: pipe, Registry: reg, Box: box, Jobs: r.jobs, Clock: r.clock,
		Log: log, AllowNetworks: allow})
	pubReg := publisher.NewRegistry()
	publishers.Register(pubReg)
	r.publish = publish.New(publish.Options{DB: db, Workspaces: ws, Registry: pubReg, Box: box, Jobs: r.jobs, Clock: r.clock, Log: log,
		AllowNetworks: allow})
	r.inbox = inbox.New(inbox.Options{DB: db, Workspaces: ws, Jobs: r.jobs, Box: box, Pipeline: pipe, Clock: r.clock, Log: log,
		AllowNetworks: allow})
	sys := auth.SystemContext(context.Background(), "test")
	var err error
	if r.owner, err = a.CreateUser(sys, auth.NewUser{Email: "owner@example.org", Password: "password-owner", Name: "Owner"}); err != nil {
		t.Fatal(err)
	}
	if r.agent, err = a.CreateUser(sys, auth.NewUser{Email: "agent@example.org", Password: "password-agent", Name: "Agent"}); err != nil {
		t.Fatal(err)
	}
	if r.w, err = ws.Create(r.as(r.owner), workspace.Input{Name: "Acme", TimeZone: "Europe/Paris", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddMember(r.as(r.owner), r.w.Slug, "agent@example.org", "editor"); err != nil {
		t.Fatal(err)
	}
	// A first answer is due 30 minutes after a message, round the clock
	// (an empty calendar), so that the outcome does not depend on the hour
	// the test runs at.
	if _, err := r.inbox.SetSettings(r.as(r.owner), r.w.Slug, model.InboxSettings{FirstResponseMinutes: 30}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *peerRig) as(u model.User) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{User: u})
}

// runJobs runs the due jobs (polls, replies) until none is left.
func (r *peerRig) runJobs() {
	r.t.Helper()
	for range 20 {
		n, err := r.jobs.RunDue(context.Background(), nil)
		if err != nil {
			r.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (r *peerRig) source(typ, name string, cfg any) int64 {
	r.t.Helper()
	raw, _ := json.Marshal(cfg)
	src, err := r.listen.CreateSource(r.as(r.owner), r.w.Slug, listen.SourceInput{Type: typ, Name: name, Config: raw, Interval: "5m"})
	if err != nil {
		r.t.Fatalf("source %s: %v", name, err)
	}
	return src.ID
}

func (r *peerRig) channel(typ string, cfg any) publish.ChannelView {
	r.t.Helper()
	raw, _ := json.Marshal(cfg)
	ch, err := r.publish.CreateChannel(r.as(r.owner), r.w.Slug, publish.ChannelInput{Type: typ, Config: raw})
	if err != nil {
		r.t.Fatalf("channel %s: %v", typ, err)
	}
	return ch
}

// pollUntil polls the sources as the scheduler would (RunSource, then the
// due jobs) until done reports true, within a bounded time: the peers
// deliver notifications and index posts a few seconds later.
func (r *peerRig) pollUntil(what string, sources []int64, done func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		for _, id := range sources {
			if err := r.listen.RunSource(r.as(r.owner), r.w.Slug, id); err != nil {
				r.t.Fatalf("run source %d: %v", id, err)
			}
		}
		r.runJobs()
		if done() {
			return
		}
		if time.Now().After(deadline) {
			var errs []string
			for _, id := range sources {
				if src, err := r.listen.Source(r.as(r.owner), r.w.Slug, id); err == nil && src.LastError != "" {
					errs = append(errs, src.Name+": "+src.LastError)
				}
			}
			r.t.Fatalf("%s: not within 60s (source errors: %q)", what, errs)
		}
		time.Sleep(500 * time.Millisecond) // the peer's delivery delay, not an assertion
	}
}

// conversationWith returns the conversation holding the item of external
// id, if any.
func (r *peerRig) conversationWith(externalID string) (inbox.Detail, bool) {
	r.t.Helper()
	page, err := r.inbox.Conversations(r.as(r.agent), r.w.Slug, inbox.Query{})
	if err != nil {
		r.t.Fatal(err)
	}
	for _, c := range page.Items {
		d, err := r.inbox.Conversation(r.as(r.agent), r.w.Slug, c.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		for _, it := range d.Items {
			if it.ExternalID == externalID {
				return d, true
			}
		}
	}
	return inbox.Detail{}, false
}

func (r *peerRig) detail(id int64) inbox.Detail {
	r.t.Helper()
	d, err := r.inbox.Conversation(r.as(r.agent), r.w.Slug, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return d
}

// assign gives the conversation to the agent.
func (r *peerRig) assign(id int64) {
	r.t.Helper()
	agent := r.agent.ID
	c, err := r.inbox.UpdateConversation(r.as(r.owner), r.w.Slug, id, inbox.Update{Assignee: &agent})
	if err != nil || c.AssigneeID == nil || *c.AssigneeID != agent {
		r.t.Fatalf("assign: %v %+v", err, c)
	}
}

// replyTwice queues a reply from the agent, runs its job, then makes the
// job run again as after a crash between the network call and its record
// (the reply left "sending"), and returns the reply as recorded.
func (r *peerRig) replyTwice(convID int64, text string) model.Reply {
	r.t.Helper()
	ctx := context.Background()
	rep, err := r.inbox.Reply(r.as(r.agent), r.w.Slug, convID, inbox.ReplyInput{Text: text})
	if err != nil {
		r.t.Fatalf("reply: %v", err)
	}
	r.runJobs()
	sent, err := r.db.Q().GetReply(ctx, 0, rep.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	if sent.Status != model.ReplySent || sent.ExternalID == "" {
		r.t.Fatalf("after its job the reply is %s (external id %q, error %q), want sent", sent.Status, sent.ExternalID, sent.LastError)
	}
	// The crash: the network has the reply, the store says "sending".
	crashed := sent
	crashed.Status, crashed.ExternalID, crashed.URL, crashed.SentAt = model.ReplySending, "", "", nil
	if err := r.db.Q().UpdateReply(ctx, &crashed); err != nil {
		r.t.Fatal(err)
	}
	if _, _, err := r.jobs.Enqueue(ctx, r.db.Q(), inbox.ReplyJob, map[string]int64{"reply_id": rep.ID}, jobs.EnqueueOptions{WorkspaceID: r.w.ID}); err != nil {
		r.t.Fatal(err)
	}
	r.runJobs()
	again, err := r.db.Q().GetReply(ctx, 0, rep.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	if again.Status != model.ReplySent || again.ExternalID != sent.ExternalID {
		r.t.Fatalf("after the retry the reply is %s with external id %q (error %q), want sent as %q", again.Status, again.ExternalID,
			again.LastError, sent.ExternalID)
	}
	return again
}

// closeAndCount closes the conversation and returns it with the inbox's
// counts.
func (r *peerRig) closeAndCount(id int64) (model.Conversation, *store.ConversationCounts) {
	r.t.Helper()
	closed := string(model.ConvClosed)
	c, err := r.inbox.UpdateConversation(r.as(r.agent), r.w.Slug, id, inbox.Update{Status: &closed})
	if err != nil {
		r.t.Fatalf("close: %v", err)
	}
	page, err := r.inbox.Conversations(r.as(r.agent), r.w.Slug, inbox.Query{})
	if err != nil {
		r.t.Fatal(err)
	}
	return c, page.Counts
}

func marker() string { return fmt.Sprintf("parvis%d", time.Now().UnixNano()%1_000_000_000) }

// httpJSON calls a peer's API and decodes its JSON answer.
func httpJSON(t *testing.T, method, url, token string, in, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := peers.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s %s", method, url, resp.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, b)
		}
	}
}

// TestMentionToClosedConversationOnSnac: bob mentions alice on snac2; the
// workspace, whose account is alice, answers from Parvis.
func TestMentionToClosedConversationOnSnac(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test with a real server")
	}
	peer := peers.StartMastodon(t)
	alice, bob := peer.Accounts["alice"], peer.Accounts["bob"]
	clk := &skewClock{}
	storetest.EachWith(t, storetest.Options{Clock: clk}, func(t *testing.T, db *store.DB) {
		r := newPeerRig(t, db, clk)
		mark := marker()
		ch := r.channel("mastodon", map[string]any{"instance_url": peer.BaseURL, "access_token": alice.AccessToken})
		notif := r.source("mastodon", "alice's notifications", map[string]any{"instance_url": peer.BaseURL, "timeline": "notifications",
			"access_token": alice.AccessToken})

		// Bob mentions alice.
		var mention struct{ ID string }
		httpJSON(t, http.MethodPost, peer.BaseURL+"/api/v1/statuses", bob.AccessToken,
			map[string]string{"status": "@alice my order " + mark + " never arrived", "visibility": "public"}, &mention)
		var conv inbox.Detail
		r.pollUntil("bob's mention in the inbox", []int64{notif}, func() bool {
			var ok bool
			conv, ok = r.conversationWith(mention.ID)
			return ok
		})
		if conv.Status != model.ConvOpen || conv.AwaitingSince == nil || conv.DueAt == nil ||
			conv.DueAt.Sub(*conv.AwaitingSince) != 30*time.Minute || conv.ChannelID == nil || *conv.ChannelID != ch.ID {
			t.Fatalf("new conversation: status %s, awaiting since %v, due %v, channel %v (want %d)", conv.Status, conv.AwaitingSince, conv.DueAt,
				conv.ChannelID, ch.ID)
		}
		if !strings.Contains(conv.Items[0].Text, mark) || conv.Items[0].Direction != "in" || conv.AuthorHandle == "" {
			t.Fatalf("mention item: %+v (author %q)", conv.Items[0], conv.AuthorHandle)
		}

		r.assign(conv.ID)
		rep := r.replyTwice(conv.ID, "sorry about "+mark+", we are on it")
		if !strings.HasPrefix(rep.Text, "@bob") {
			t.Errorf("reply text %q does not start with a mention of bob", rep.Text)
		}

		// On snac, alice's account holds the reply once, and it answers
		// bob's status (snac shows the thread in alice's view of it).
		type status struct {
			ID          string  `json:"id"`
			InReplyToID *string `json:"in_reply_to_id"`
			Content     string  `json:"content"`
		}
		var statuses []status
		httpJSON(t, http.MethodGet, peer.BaseURL+"/api/v1/accounts/"+alice.ID+"/statuses?limit=40", alice.AccessToken, nil, &statuses)
		var replies []string
		for _, st := range statuses {
			if strings.Contains(st.Content, mark) {
				replies = append(replies, st.ID)
				if st.InReplyToID == nil || *st.InReplyToID != mention.ID {
					t.Errorf("reply %s answers %v, want %s", st.ID, st.InReplyToID, mention.ID)
				}
			}
		}
		if len(replies) != 1 || replies[0] != rep.ExternalID {
			t.Fatalf("alice's replies on snac = %v, want exactly [%s]", replies, rep.ExternalID)
		}
		var thread struct{ Descendants []status }
		httpJSON(t, http.MethodGet, peer.BaseURL+"/api/v1/statuses/"+mention.ID+"/context", alice.AccessToken, nil, &thread)
		if len(thread.Descendants) != 1 || thread.Descendants[0].ID != rep.ExternalID {
			t.Errorf("descendants of bob's status = %+v, want the reply %s", thread.Descendants, rep.ExternalID)
		}
		answered := r.detail(conv.ID)
		if answered.Status != model.ConvPending || answered.FirstResponseSeconds == nil || answered.FirstResponseAt == nil || answered.DueAt != nil {
			t.Fatalf("answered conversation: status %s, first response %v s at %v, due %v", answered.Status, answered.FirstResponseSeconds,
				answered.FirstResponseAt, answered.DueAt)
		}

		// The reply comes back through listening: alice's notifications do
		// not carry her own statuses, the instance's local timeline does.
		local := r.source("mastodon", "local timeline", map[string]any{"instance_url": peer.BaseURL, "timeline": "public", "local": true})
		r.pollUntil("the reply confirmed", []int64{notif, local}, func() bool {
			rs := r.detail(conv.ID).Replies
			return len(rs) == 1 && rs[0].Status == model.ReplyConfirmed
		})
		back := r.detail(conv.ID)
		var dirs []string
		for _, it := range back.Items {
			dirs = append(dirs, it.Direction)
		}
		if got := strings.Join(dirs, " "); got != "in out" || back.Items[1].ExternalID != rep.ExternalID {
			t.Errorf("conversation items after the reply came back: %s (%+v)", got, back.Items)
		}

		c, counts := r.closeAndCount(conv.ID)
		if c.Status != model.ConvClosed || c.ResolvedAt == nil || c.ResolutionSeconds == nil || c.FirstResponseSeconds == nil ||
			*c.FirstResponseSeconds > 30*60 || c.Breached {
			t.Errorf("closed conversation: %+v", c)
		}
		if counts == nil || counts.Closed != 1 || counts.Breached != 0 || counts.Overdue != 0 {
			t.Errorf("counts = %+v, want 1 closed within the target", counts)
		}
	})
}

// TestReplyToPostToClosedConversationOnBluesky: bob answers alice's post
// on the reference PDS, mentioning her; the AppView notifies alice; the
// workspace (alice) answers from Parvis, late.
func TestReplyToPostToClosedConversationOnBluesky(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test with a real server")
	}
	peer := peers.StartBluesky(t, true)
	if peer.AppViewURL == "" {
		t.Fatal("the Bluesky peer started without an AppView")
	}
	// Fresh accounts for each engine: a notifications source reads the
	// account's history, which must not hold the other engine's run.
	createAccount := func(name string) peers.BlueskyAccount {
		t.Helper()
		a := peers.BlueskyAccount{Handle: name + ".test", Password: "password-" + name}
		var out struct {
			DID       string `json:"did"`
			AccessJWT string `json:"accessJwt"`
		}
		httpJSON(t, http.MethodPost, peer.PDSURL+"/xrpc/com.atproto.server.createAccount", "",
			map[string]string{"handle": a.Handle, "email": name + "@example.com", "password": a.Password}, &out)
		a.DID, a.AccessJWT = out.DID, out.AccessJWT
		return a
	}
	createPost := func(who peers.BlueskyAccount, record map[string]any) (uri, cid string) {
		t.Helper()
		record["$type"] = "app.bsky.feed.post"
		record["createdAt"] = time.Now().UTC().Format(time.RFC3339Nano)
		var out struct{ URI, CID string }
		httpJSON(t, http.MethodPost, peer.PDSURL+"/xrpc/com.atproto.repo.createRecord", who.AccessJWT,
			map[string]any{"repo": who.DID, "collection": "app.bsky.feed.post", "record": record}, &out)
		return out.URI, out.CID
	}
	clk := &skewClock{}
	storetest.EachWith(t, storetest.Options{Clock: clk}, func(t *testing.T, db *store.DB) {
		r := newPeerRig(t, db, clk)
		mark := marker()
		alice, bob := createAccount("alice"+mark[6:]), createAccount("bob"+mark[6:])
		ch := r.channel("bluesky", map[string]any{"handle": alice.Handle, "app_password": alice.Password, "service": peer.PDSURL})
		notif := r.source("bluesky_notifications", "alice's notifications", map[string]any{"handle": alice.Handle,
			"app_password": alice.Password, "service_url": peer.PDSURL})

		// Alice posted outside Parvis; bob answers her post and mentions her.
		postURI, postCID := createPost(alice, map[string]any{"text": "Our new opening hours " + mark})
		ref := map[string]string{"uri": postURI, "cid": postCID}
		at := "@" + alice.Handle
		bobURI, _ := createPost(bob, map[string]any{
			"text":  at + " the shop " + mark + " was closed at noon",
			"reply": map[string]any{"root": ref, "parent": ref},
			"facets": []any{map[string]any{
				"index":    map[string]int{"byteStart": 0, "byteEnd": len(at)},
				"features": []any{map[string]string{"$type": "app.bsky.richtext.facet#mention", "did": alice.DID}},
			}},
		})
		var conv inbox.Detail
		r.pollUntil("bob's reply in the inbox", []int64{notif}, func() bool {
			var ok bool
			conv, ok = r.conversationWith(bobURI)
			return ok
		})
		if conv.Status != model.ConvOpen || conv.DueAt == nil || conv.ChannelID == nil || *conv.ChannelID != ch.ID ||
			conv.AuthorHandle != bob.Handle {
			t.Fatalf("new conversation: status %s, due %v, channel %v (want %d), author %q", conv.Status, conv.DueAt, conv.ChannelID, ch.ID,
				conv.AuthorHandle)
		}
		r.assign(conv.ID)

		// The answer leaves after the due time: a breach.
		r.clock.Advance(31 * time.Minute)
		if p, _ := r.inbox.Conversations(r.as(r.agent), r.w.Slug, inbox.Query{Overdue: true}); p.Counts == nil || p.Counts.Overdue != 1 {
			t.Fatalf("31 minutes later: counts %+v, want 1 overdue", p.Counts)
		}
		rep := r.replyTwice(conv.ID, "sorry, the shop "+mark+" reopens at two")
		if want := "at://" + alice.DID + "/app.bsky.feed.post/" + rep.Key; rep.ExternalID != want {
			t.Errorf("reply recorded as %s, want the chosen record key: %s", rep.ExternalID, want)
		}

		// On the PDS: one reply by alice, under bob's post, with the chosen
		// record key.
		var list struct {
			Records []struct {
				URI   string `json:"uri"`
				Value struct {
					Text  string `json:"text"`
					Reply struct {
						Root, Parent struct{ URI string }
					} `json:"reply"`
				} `json:"value"`
			} `json:"records"`
		}
		httpJSON(t, http.MethodGet, peer.PDSURL+"/xrpc/com.atproto.repo.listRecords?collection=app.bsky.feed.post&limit=100&repo="+alice.DID, "", nil, &list)
		var got []string
		for _, rec := range list.Records {
			if strings.Contains(rec.Value.Text, mark+" reopens at two") {
				got = append(got, rec.URI)
				if rec.Value.Reply.Parent.URI != bobURI || rec.Value.Reply.Root.URI != postURI {
					t.Errorf("reply %s: parent %s root %s, want parent %s root %s", rec.URI, rec.Value.Reply.Parent.URI, rec.Value.Reply.Root.URI,
						bobURI, postURI)
				}
			}
		}
		if len(got) != 1 || got[0] != rep.ExternalID {
			t.Fatalf("alice's replies on the PDS = %v, want exactly [%s]", got, rep.ExternalID)
		}

		// The reply comes back through listening: a search of the
		// workspace's word on the AppView finds it.
		search := r.source("bluesky_search", "search", map[string]any{"query": mark, "service_url": peer.AppViewURL})
		r.pollUntil("the reply confirmed", []int64{notif, search}, func() bool {
			rs := r.detail(conv.ID).Replies
			return len(rs) == 1 && rs[0].Status == model.ReplyConfirmed
		})

		c, counts := r.closeAndCount(conv.ID)
		if c.Status != model.ConvClosed || c.ResolvedAt == nil || c.FirstResponseSeconds == nil || *c.FirstResponseSeconds < 30*60 || !c.Breached {
			t.Errorf("closed conversation: %+v", c)
		}
		if counts == nil || counts.Closed != 1 || counts.Breached != 1 || counts.Overdue != 0 {
			t.Errorf("counts = %+v, want 1 closed, breached", counts)
		}
	})
}
