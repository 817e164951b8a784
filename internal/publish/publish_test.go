package publish_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/all"
	"github.com/parvis/parvis/internal/publish/publisher/webhook"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

type fixture struct {
	db      *store.DB
	clock   *clock.Fake
	svc     *publish.Service
	jobs    *jobs.Queue
	ws      model.Workspace
	owner   context.Context
	manager context.Context
	editor  context.Context
	opts    publish.Options
}

var start = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func newFixture(t *testing.T, db *store.DB, fc *clock.Fake, httpTimeout ...time.Duration) *fixture {
	t.Helper()
	fc.Set(start) // the clock is shared by the engines' sub-tests
	as := auth.NewService(db, fc, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, as, fc)
	q := jobs.New(db, fc, slog.New(slog.DiscardHandler))
	reg := publisher.NewRegistry()
	all.Register(reg)
	box, _ := secret.NewBox(make([]byte, 32))
	o := publish.Options{DB: db, Workspaces: wss, Registry: reg, Box: box, Jobs: q, Clock: fc, AllowNetworks: loopback, BaseURL: "http://parvis.test"}
	if len(httpTimeout) > 0 {
		o.HTTPTimeout = httpTimeout[0]
	}
	svc := publish.New(o)
	o.Jobs = nil
	sys := auth.SystemContext(context.Background(), "test")
	users := map[string]model.User{}
	for _, name := range []string{"owner", "manager", "editor"} {
		u, err := as.CreateUser(sys, auth.NewUser{Email: name + "@example.org", Password: "long password " + name})
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	ctxOf := func(name string) context.Context {
		return auth.WithActor(context.Background(), &auth.Actor{User: users[name]})
	}
	f := &fixture{db: db, clock: fc, svc: svc, jobs: q, owner: ctxOf("owner"), manager: ctxOf("manager"), editor: ctxOf("editor"), opts: o}
	var err error
	if f.ws, err = wss.Create(f.owner, workspace.Input{Name: "Ville de Lyon", Slug: "lyon", TimeZone: "Europe/Paris", Language: "fr"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"manager", "editor"} {
		if _, err := wss.AddMember(f.owner, "lyon", m+"@example.org", m); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// receiver is a webhook endpoint that deduplicates by Idempotency-Key, as
// the generic webhook asks receivers to, and records every delivery.
type receiver struct {
	mu         sync.Mutex
	deliveries map[string]int    // by key
	texts      map[string]string // by key
	badSig     int
	// script answers the n-th delivery (from 1) instead of the default.
	script func(n int, w http.ResponseWriter, r *http.Request) bool
	n      int
	secret string
}

func newReceiver(t *testing.T, secret string) (*receiver, *httptest.Server) {
	rc := &receiver{deliveries: map[string]int{}, texts: map[string]string{}, secret: secret}
	srv := httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(srv.Close)
	return rc, srv
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.n++
	n, script := rc.n, rc.script
	rc.mu.Unlock()
	if script != nil && script(n, w, r) {
		return
	}
	key := rc.record(r, body)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(webhook.Answer{ID: "msg-" + key, URL: "https://example.org/m/" + key})
}

// record notes a delivery and returns its key.
func (rc *receiver) record(r *http.Request, body []byte) string {
	var p webhook.Payload
	json.Unmarshal(body, &p)
	key := r.Header.Get("Idempotency-Key")
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.secret != "" && r.Header.Get(webhook.SignatureHeader) != webhook.Sign(rc.secret, body) {
		rc.badSig++
	}
	rc.deliveries[key]++
	rc.texts[key] = p.Text
	return key
}

func (rc *receiver) snapshot() (map[string]int, map[string]string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	d, tx := map[string]int{}, map[string]string{}
	for k, v := range rc.deliveries {
		d[k] = v
	}
	for k, v := range rc.texts {
		tx[k] = v
	}
	return d, tx
}

func (f *fixture) webhookChannel(t *testing.T, name, url, secret string) publish.ChannelView {
	t.Helper()
	cfg, _ := json.Marshal(map[string]string{"url": url, "secret": secret})
	c, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "webhook", Name: name, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// otherProcess returns the job queue of a second service on the same
// database, as another process of the same installation would run.
func (f *fixture) otherProcess() *jobs.Queue {
	o := f.opts
	o.Jobs = jobs.New(f.db, f.clock, slog.New(slog.DiscardHandler))
	publish.New(o)
	return o.Jobs
}

func (f *fixture) run(t *testing.T) {
	t.Helper()
	if _, err := f.jobs.RunDue(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) post(t *testing.T, id int64) model.Post {
	t.Helper()
	p, err := f.svc.Post(f.owner, "lyon", id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantKind(t *testing.T, err error, k apperr.Kind) {
	t.Helper()
	if !apperr.Is(err, k) {
		t.Fatalf("error = %v, want kind %v", err, k)
	}
}

func TestScheduledPostPublishesOnceAtItsTime(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		rc, srv := newReceiver(t, "s3cret")
		c1 := f.webhookChannel(t, "Hook A", srv.URL+"/a", "s3cret")
		c2 := f.webhookChannel(t, "Hook B", srv.URL+"/b", "s3cret")
		p, err := f.svc.CreatePost(f.owner, "lyon", publish.PostInput{Text: "Fête des lumières ce soir",
			Channels: []int64{c1.ID, c2.ID}, Variants: publish.Variants{strconv.FormatInt(c2.ID, 10): {Text: "B: Fête des lumières"}},
			ScheduledAt: "2026-11-20T10:00", Campaign: "lumieres"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != model.PostScheduled || len(p.Variants) != 2 {
			t.Fatalf("post = %+v", p)
		}
		// 10:00 in Paris (UTC+1 in November) is 09:00 UTC.
		if want := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC); !p.ScheduledAt.Equal(want) {
			t.Fatalf("scheduled_at = %v, want %v", p.ScheduledAt, want)
		}
		f.run(t)
		if d, _ := rc.snapshot(); len(d) != 0 {
			t.Fatalf("published before its time: %v", d)
		}
		fc.Advance(time.Hour)
		f.run(t)
		f.run(t)
		d, texts := rc.snapshot()
		if len(d) != 2 || rc.badSig != 0 {
			t.Fatalf("deliveries = %v, bad signatures %d", d, rc.badSig)
		}
		got := f.post(t, p.ID)
		if got.Status != model.PostPublished {
			t.Fatalf("status = %s", got.Status)
		}
		for _, v := range got.Variants {
			if v.Status != model.VariantPublished || v.Attempts != 1 || !strings.HasPrefix(v.ExternalID, "msg-") || v.URL == "" || v.PublishedAt == nil {
				t.Errorf("variant %+v", v)
			}
		}
		var sawB bool
		for _, tx := range texts {
			sawB = sawB || tx == "B: Fête des lumières"
		}
		if !sawB {
			t.Errorf("variant text not sent: %v", texts)
		}
		// Running again publishes nothing more.
		fc.Advance(time.Hour)
		f.run(t)
		if d2, _ := rc.snapshot(); len(d2) != 2 || d2[got.Variants[0].ExternalID[4:]] != 1 {
			t.Fatalf("deliveries after rerun = %v", d2)
		}
	})
}

func TestPublishFailuresAndRetries(t *testing.T) {
	type want struct {
		variant   model.VariantStatus
		channel   string
		delivered int // distinct keys the receiver accepted
		requests  int
		errPart   string
		// sameKey is how many deliveries carried the post's one key (a
		// deduplicating receiver publishes it once).
		sameKey int
	}
	var rc *receiver
	tests := []struct {
		name   string
		script func(n int, w http.ResponseWriter, r *http.Request) bool
		steps  []time.Duration // clock advances, each followed by a run
		want   want
	}{
		{"5xx then success", func(n int, w http.ResponseWriter, r *http.Request) bool {
			if n == 1 {
				http.Error(w, "upstream down", http.StatusBadGateway)
				return true
			}
			return false
		}, []time.Duration{0, 20 * time.Second}, want{model.VariantPublished, model.ChannelOK, 1, 2, "", 1}},
		{"429 waits Retry-After", func(n int, w http.ResponseWriter, r *http.Request) bool {
			if n == 1 {
				w.Header().Set("Retry-After", "120")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return true
			}
			return false
		}, []time.Duration{0, 60 * time.Second, 61 * time.Second}, want{model.VariantPublished, model.ChannelOK, 1, 2, "", 1}},
		{"429 is not retried early", func(n int, w http.ResponseWriter, r *http.Request) bool {
			if n == 1 {
				w.Header().Set("Retry-After", "120")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return true
			}
			return false
		}, []time.Duration{0, 60 * time.Second}, want{model.VariantScheduled, model.ChannelOK, 0, 1, "429", 0}},
		{"answer lost after the receiver accepted", func(n int, w http.ResponseWriter, r *http.Request) bool {
			if n == 1 {
				// Accept the post (record it), then cut the connection.
				body, _ := io.ReadAll(r.Body)
				rc.record(r, body)
				hj, _ := w.(http.Hijacker)
				conn, _, _ := hj.Hijack()
				conn.Close()
				return true
			}
			return false
		}, []time.Duration{0, 20 * time.Second}, want{model.VariantPublished, model.ChannelOK, 1, 2, "", 2}},
		{"expired credentials", func(n int, w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, `{"error":"token revoked"}`, http.StatusUnauthorized)
			return true
		}, []time.Duration{0, time.Hour}, want{model.VariantFailed, model.ChannelReconnect, 0, 1, "token revoked", 0}},
		{"permanent refusal", func(n int, w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, `{"error":"text refused"}`, http.StatusUnprocessableEntity)
			return true
		}, []time.Duration{0, time.Hour}, want{model.VariantFailed, model.ChannelOK, 0, 1, "text refused", 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc := clock.NewFake(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
			db := storetest.SQLite(t, storetest.Options{Clock: fc})
			f := newFixture(t, db, fc)
			var srv *httptest.Server
			rc, srv = newReceiver(t, "")
			rc.script = tc.script
			c := f.webhookChannel(t, "Hook", srv.URL, "")
			p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Hello", Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range tc.steps {
				fc.Advance(d)
				f.run(t)
			}
			got := f.post(t, p.ID)
			v := got.Variants[0]
			d, _ := rc.snapshot()
			if v.Status != tc.want.variant || len(d) != tc.want.delivered || rc.n != tc.want.requests {
				t.Fatalf("variant %s (%q), receiver accepted %v in %d requests; want %s, %d keys, %d requests",
					v.Status, v.LastError, d, rc.n, tc.want.variant, tc.want.delivered, tc.want.requests)
			}
			if !strings.Contains(v.LastError, tc.want.errPart) {
				t.Errorf("last_error = %q, want it to contain %q", v.LastError, tc.want.errPart)
			}
			ch, _ := f.svc.Channel(f.owner, "lyon", c.ID)
			if ch.Status != tc.want.channel {
				t.Errorf("channel status = %s, want %s", ch.Status, tc.want.channel)
			}
			for _, n := range d {
				if n != tc.want.sameKey {
					t.Errorf("the key was delivered %d times, want %d", n, tc.want.sameKey)
				}
			}
		})
	}
}

func TestInterruptedAttemptIsResolvedWithTheSameKey(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		rc, srv := newReceiver(t, "")
		var tgCalls int
		tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.HasSuffix(r.URL.Path, "/getMe"), strings.HasSuffix(r.URL.Path, "/getChat"):
				io.WriteString(w, `{"ok":true,"result":{"id":1,"title":"Lyon","username":"lyon"}}`)
			default:
				tgCalls++
				io.WriteString(w, `{"ok":true,"result":{"message_id":7,"chat":{"id":-1001,"username":"lyon"}}}`)
			}
		}))
		defer tg.Close()
		hook := f.webhookChannel(t, "Hook", srv.URL, "")
		tgc, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "telegram", Name: "TG",
			Config: json.RawMessage(`{"bot_token":"123:abc","chat_id":"@lyon","api_url":"` + tg.URL + `"}`)})
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.CreatePost(f.owner, "lyon", publish.PostInput{Text: "Hello", Channels: []int64{hook.ID, tgc.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
		if err != nil {
			t.Fatal(err)
		}
		// A worker claimed both variants, recorded the attempts, sent the
		// webhook one, and died before recording the outcome.
		var hookKey string
		for _, v := range p.Variants {
			if _, _, ok, err := db.Q().BeginVariantAttempt(context.Background(), v.ID); err != nil || !ok {
				t.Fatal(ok, err)
			}
			if v.ChannelID == hook.ID {
				var k string
				db.Q().QueryRow(context.Background(), `SELECT idempotency_key FROM post_variants WHERE id = ?`, v.ID).Scan(&k)
				hookKey = k
				req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(`{"text":"Hello"}`))
				req.Header.Set("Idempotency-Key", k)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
		}
		f.run(t)
		got := f.post(t, p.ID)
		for _, v := range got.Variants {
			switch v.ChannelID {
			case hook.ID:
				if v.Status != model.VariantPublished || v.Attempts != 2 || v.ExternalID != "msg-"+hookKey {
					t.Errorf("webhook variant %+v", v)
				}
			case tgc.ID:
				if v.Status != model.VariantFailed || !strings.Contains(v.LastError, "cannot tell") {
					t.Errorf("telegram variant %+v", v)
				}
			}
		}
		if tgCalls != 0 {
			t.Errorf("telegram message re-sent blindly %d times", tgCalls)
		}
		d, _ := rc.snapshot()
		if len(d) != 1 || d[hookKey] != 2 {
			t.Errorf("receiver deliveries = %v (want one key delivered twice, accepted once)", d)
		}
		if got.Status != model.PostFailed {
			t.Errorf("post status = %s, want failed (one variant failed)", got.Status)
		}
	})
}

func TestApprovalWorkflowAndAudit(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		rc, srv := newReceiver(t, "")
		c := f.webhookChannel(t, "Hook", srv.URL, "")
		at := "2026-11-20T12:00:00+01:00"

		// An editor's post with a time goes to review.
		p, err := f.svc.CreatePost(f.editor, "lyon", publish.PostInput{Text: "Conseil municipal jeudi", Channels: []int64{c.ID}, ScheduledAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != model.PostInReview {
			t.Fatalf("editor's post status = %s, want in_review", p.Status)
		}
		_, err = f.svc.Approve(f.editor, "lyon", p.ID)
		wantKind(t, err, apperr.KindForbidden)
		_, err = f.svc.PublishNow(f.editor, "lyon", p.ID)
		wantKind(t, err, apperr.KindForbidden)
		_, err = f.svc.Reject(f.manager, "lyon", p.ID, " ")
		wantKind(t, err, apperr.KindInvalid)
		p, err = f.svc.Reject(f.manager, "lyon", p.ID, "Ajoutez l'heure")
		if err != nil || p.Status != model.PostDraft || p.ReviewComment != "Ajoutez l'heure" {
			t.Fatalf("reject: %+v %v", p, err)
		}
		_, err = f.svc.Approve(f.manager, "lyon", p.ID)
		wantKind(t, err, apperr.KindConflict)
		text := "Conseil municipal jeudi à 18 h"
		if p, err = f.svc.UpdatePost(f.editor, "lyon", p.ID, publish.PostUpdate{Text: &text}); err != nil || p.Variants[0].Text != text {
			t.Fatalf("edit: %+v %v", p, err)
		}
		if p, err = f.svc.Submit(f.editor, "lyon", p.ID); err != nil || p.Status != model.PostInReview {
			t.Fatalf("submit: %+v %v", p, err)
		}
		fc.Advance(time.Hour) // nothing goes out while in review
		f.run(t)
		if d, _ := rc.snapshot(); len(d) != 0 {
			t.Fatalf("published before approval: %v", d)
		}
		if p, err = f.svc.Approve(f.manager, "lyon", p.ID); err != nil || p.Status != model.PostScheduled || p.ApprovedBy == nil {
			t.Fatalf("approve: %+v %v", p, err)
		}
		_, err = f.svc.UpdatePost(f.editor, "lyon", p.ID, publish.PostUpdate{Text: &text})
		wantKind(t, err, apperr.KindForbidden)
		fc.Advance(2 * time.Hour)
		f.run(t)
		if got := f.post(t, p.ID); got.Status != model.PostPublished {
			t.Fatalf("status = %s", got.Status)
		}
		_, err = f.svc.Cancel(f.manager, "lyon", p.ID)
		wantKind(t, err, apperr.KindConflict)
		err = f.svc.DeletePost(f.manager, "lyon", p.ID)
		wantKind(t, err, apperr.KindConflict)

		// A manager's post is scheduled at once, unless approval is required.
		p2, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Marché de Noël", Channels: []int64{c.ID}, ScheduledAt: "2026-12-01T10:00"})
		if err != nil || p2.Status != model.PostScheduled {
			t.Fatalf("manager post: %+v %v", p2, err)
		}
		yes := true
		_, err = f.svc.UpdateSettings(f.manager, "lyon", publish.SettingsUpdate{RequireApproval: &yes})
		wantKind(t, err, apperr.KindForbidden)
		if _, err := f.svc.UpdateSettings(f.owner, "lyon", publish.SettingsUpdate{RequireApproval: &yes}); err != nil {
			t.Fatal(err)
		}
		p3, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Vœux du maire", Channels: []int64{c.ID}, ScheduledAt: "2026-12-31T18:00"})
		if err != nil || p3.Status != model.PostInReview {
			t.Fatalf("post under required approval: %+v %v", p3, err)
		}
		p4, _ := f.svc.CreatePost(f.editor, "lyon", publish.PostInput{Text: "Brouillon", Channels: []int64{c.ID}})
		_, err = f.svc.PublishNow(f.manager, "lyon", p4.ID)
		wantKind(t, err, apperr.KindConflict)
		if p4.Status != model.PostDraft {
			t.Fatalf("post without time = %s", p4.Status)
		}
		if err := f.svc.DeletePost(f.editor, "lyon", p4.ID); err != nil {
			t.Fatal(err)
		}

		entries, err := db.Q().ListAudit(context.Background(), store.AuditFilter{WorkspaceID: f.ws.ID, ObjectType: "post", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			if entries[i].ObjectID == strconv.FormatInt(p.ID, 10) {
				actions = append(actions, entries[i].Action+" by "+entries[i].Actor)
			}
		}
		want := []string{"post.create by editor@example.org", "post.reject by manager@example.org", "post.update by editor@example.org",
			"post.submit by editor@example.org", "post.approve by manager@example.org", "post.published by system:job:publish.variant"}
		if strings.Join(actions, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(actions, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestCrisisHoldsDuePostsUntilSomeoneDecides(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		rc, srv := newReceiver(t, "")
		c := f.webhookChannel(t, "Hook", srv.URL, "")
		var ids []int64
		for _, text := range []string{"Un", "Deux", "Trois", "Quatre"} {
			p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: text, Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:30:00Z"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		since := fc.Now()
		crisis := model.Crisis{WorkspaceID: f.ws.ID, Active: true, Reason: "accident", Since: &since}
		if err := db.Q().SetCrisis(context.Background(), &crisis); err != nil {
			t.Fatal(err)
		}
		fc.Advance(time.Hour)
		f.run(t)
		if d, _ := rc.snapshot(); len(d) != 0 {
			t.Fatalf("published during a crisis: %v", d)
		}
		held, err := f.svc.Posts(f.owner, "lyon", publish.PostQuery{Status: "held"})
		if err != nil || len(held) != 4 {
			t.Fatalf("held posts = %d, %v", len(held), err)
		}
		_, err = f.svc.PublishNow(f.manager, "lyon", ids[0])
		wantKind(t, err, apperr.KindConflict)
		fc.Advance(24 * time.Hour) // still held, however long the crisis lasts
		f.run(t)
		crisis.Active = false
		db.Q().SetCrisis(context.Background(), &crisis)
		f.run(t)
		if d, _ := rc.snapshot(); len(d) != 0 {
			t.Fatalf("held posts went out without a decision: %v", d)
		}
		// Publish one now, reschedule one, cancel one, leave one held.
		if _, err := f.svc.PublishNow(f.manager, "lyon", ids[0]); err != nil {
			t.Fatal(err)
		}
		later := fc.Now().Add(2 * time.Hour).Format(time.RFC3339)
		if p, err := f.svc.UpdatePost(f.manager, "lyon", ids[1], publish.PostUpdate{ScheduledAt: &later}); err != nil || p.Status != model.PostScheduled {
			t.Fatalf("reschedule: %+v %v", p, err)
		}
		if p, err := f.svc.Cancel(f.manager, "lyon", ids[2]); err != nil || p.Status != model.PostCancelled {
			t.Fatalf("cancel: %+v %v", p, err)
		}
		f.run(t)
		want := map[int64]model.PostStatus{ids[0]: model.PostPublished, ids[1]: model.PostScheduled, ids[2]: model.PostCancelled, ids[3]: model.PostHeld}
		for id, st := range want {
			if got := f.post(t, id).Status; got != st {
				t.Errorf("post %d: %s, want %s", id, got, st)
			}
		}
		fc.Advance(3 * time.Hour)
		f.run(t)
		if got := f.post(t, ids[1]).Status; got != model.PostPublished {
			t.Errorf("rescheduled post: %s", got)
		}
		if d, _ := rc.snapshot(); len(d) != 2 {
			t.Errorf("deliveries = %v, want 2", d)
		}
	})
}

func TestCalendarFeedNeedsItsToken(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		_, srv := newReceiver(t, "")
		c := f.webhookChannel(t, "Hook", srv.URL, "")
		if _, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Dans le calendrier", Channels: []int64{c.ID}, ScheduledAt: "2026-12-01T10:00"}); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.NewCalendarToken(f.editor, "lyon")
		wantKind(t, err, apperr.KindForbidden)
		feed, err := f.svc.NewCalendarToken(f.manager, "lyon")
		if err != nil || !strings.Contains(feed.URL, "/api/v1/workspaces/lyon/calendar.ics?token=cal_") {
			t.Fatalf("feed = %+v, %v", feed, err)
		}
		ics, err := f.svc.CalendarICS(context.Background(), "lyon", feed.Token)
		if err != nil || !strings.Contains(string(ics), "SUMMARY:[scheduled] Dans le calendrier") || !strings.Contains(string(ics), "DTSTART:20261201T090000Z") {
			t.Fatalf("ics = %s, %v", ics, err)
		}
		for _, bad := range []string{"", "cal_wrong", feed.Token + "x"} {
			_, err := f.svc.CalendarICS(context.Background(), "lyon", bad)
			wantKind(t, err, apperr.KindNotFound)
		}
		// A new token replaces the old one.
		if _, err := f.svc.NewCalendarToken(f.manager, "lyon"); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CalendarICS(context.Background(), "lyon", feed.Token)
		wantKind(t, err, apperr.KindNotFound)
	})
}

func TestBulkScheduleIsAllOrNothing(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		_, srv := newReceiver(t, "")
		a := f.webhookChannel(t, "Hook A", srv.URL, "")
		f.webhookChannel(t, "Hook B", srv.URL, "")
		bad := "text,channels,time\n" +
			"Un,Hook A;hook b,2026-12-01T10:00\n" +
			"Deux,Hook C,2026-12-01T10:00\n" +
			"Trois,Hook A,2020-01-01T10:00\n" +
			"Quatre,Hook A,demain\n"
		res, err := f.svc.BulkSchedule(f.manager, "lyon", strings.NewReader(bad), false)
		wantKind(t, err, apperr.KindInvalid)
		got := map[int]string{}
		for _, e := range res.Errors {
			got[e.Line] = e.Field + ": " + e.Message
		}
		want := map[int]string{3: `channels: no channel is named "Hook C"`, 4: "scheduled_at: is in the past", 5: "time: must be an RFC 3339 time"}
		for line, msg := range want {
			if !strings.HasPrefix(got[line], msg) {
				t.Errorf("line %d: %q, want %q", line, got[line], msg)
			}
		}
		if len(res.Created) != 0 || len(got) != 3 {
			t.Fatalf("result = %+v", res)
		}
		if posts, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{}); len(posts) != 0 {
			t.Fatalf("%d posts created from a file with errors", len(posts))
		}
		good := "text;channels;time\nUn;Hook A|Hook B;2026-12-01T10:00\nDeux;" + strconv.FormatInt(a.ID, 10) + ";2026-12-02 10:00\n"
		if res, err := f.svc.BulkSchedule(f.manager, "lyon", strings.NewReader(good), true); err != nil || len(res.Created) != 0 {
			t.Fatalf("dry run: %+v %v", res, err)
		}
		res, err = f.svc.BulkSchedule(f.manager, "lyon", strings.NewReader(good), false)
		if err != nil || len(res.Created) != 2 {
			t.Fatalf("bulk: %+v %v", res, err)
		}
		p := f.post(t, res.Created[0])
		if p.Status != model.PostScheduled || len(p.Variants) != 2 || p.ScheduledAt.Format(time.RFC3339) != "2026-12-01T09:00:00Z" {
			t.Fatalf("post = %+v", p)
		}
	})
}

func TestPostingLimitsSpacePublications(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	var mu sync.Mutex
	var sent []time.Time
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			mu.Lock()
			sent = append(sent, fc.Now())
			n := len(sent)
			mu.Unlock()
			io.WriteString(w, `{"ok":true,"result":{"message_id":`+strconv.Itoa(n)+`,"chat":{"id":-1001,"username":"lyon"}}}`)
			return
		}
		io.WriteString(w, `{"ok":true,"result":{"id":1,"title":"Lyon"}}`)
	}))
	defer tg.Close()
	c, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "telegram", Name: "TG",
		Config: json.RawMessage(`{"bot_token":"1:a","chat_id":"@lyon","api_url":"` + tg.URL + `"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules.Rate.N != 20 || c.Rules.Rate.Per != time.Minute {
		t.Fatalf("telegram rate = %+v", c.Rules.Rate)
	}
	for i := range 25 {
		if _, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "n° " + strconv.Itoa(i), Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:10:00Z"}); err != nil {
			t.Fatal(err)
		}
	}
	// Two processes share the work, and the limit.
	other := f.otherProcess()
	f.jobs.Workers, other.Workers = 1, 1 // one job per turn: they alternate
	drain := func() {
		for {
			n, err := f.jobs.RunDue(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			m, err := other.RunDue(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if n+m == 0 {
				return
			}
		}
	}
	fc.Advance(10 * time.Minute)
	drain()
	if len(sent) != 20 {
		t.Fatalf("%d messages in the first minute, want the limit of 20", len(sent))
	}
	fc.Advance(30 * time.Second)
	drain()
	if len(sent) != 20 {
		t.Fatalf("%d messages before the window freed", len(sent))
	}
	fc.Advance(31 * time.Second)
	drain()
	if len(sent) != 25 {
		t.Fatalf("%d messages after the window, want 25", len(sent))
	}
	posts, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{Status: "published"})
	if len(posts) != 25 {
		t.Fatalf("%d published posts", len(posts))
	}
	for _, p := range posts {
		if p.Variants[0].Attempts != 1 {
			t.Errorf("post %d: %d attempts (waiting for the limit must not count)", p.ID, p.Variants[0].Attempts)
		}
	}
}

func TestShortLinksCountPeopleNotBots(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	rc, srv := newReceiver(t, "")
	c := f.webhookChannel(t, "Hook", srv.URL, "")
	yes := true
	if _, err := f.svc.UpdateSettings(f.owner, "lyon", publish.SettingsUpdate{ShortLinks: &yes}); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Programme : https://example.org/lumieres", Channels: []int64{c.ID},
		Campaign: "lumieres", ScheduledAt: "2026-11-20T08:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	f.run(t)
	_, texts := rc.snapshot()
	var sent string
	for _, tx := range texts {
		sent = tx
	}
	if !strings.HasPrefix(sent, "Programme : http://parvis.test/l/") {
		t.Fatalf("sent %q", sent)
	}
	code := strings.TrimPrefix(sent, "Programme : http://parvis.test/l/")
	ctx := context.Background()
	for _, ua := range []string{"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Googlebot/2.1", "http.rb/5.1.1 (Mastodon/4.2.0; +https://m.example/)"} {
		target, err := f.svc.FollowShortLink(ctx, code, "GET", ua)
		if err != nil || target != "https://example.org/lumieres?utm_campaign=lumieres&utm_medium=social&utm_source=webhook" {
			t.Fatalf("follow = %q %v", target, err)
		}
	}
	f.svc.FollowShortLink(ctx, code, "HEAD", "Mozilla/5.0 Firefox/128.0")
	if _, err := f.svc.FollowShortLink(ctx, "nope", "GET", "Firefox"); !apperr.Is(err, apperr.KindNotFound) {
		t.Fatalf("unknown code: %v", err)
	}
	links, err := f.svc.Links(f.owner, "lyon", p.ID)
	if err != nil || len(links) != 1 || links[0].Clicks != 2 || links[0].Code != code {
		t.Fatalf("links = %+v %v", links, err)
	}
}

type fakeMailer struct {
	mu   sync.Mutex
	sent []string // "to|title|text|fields"
}

func (m *fakeMailer) Send(ctx context.Context, ch notify.Channel, msg notify.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var fields []string
	for _, f := range msg.Fields {
		fields = append(fields, f.Label+"="+f.Value)
	}
	m.sent = append(m.sent, strings.Join(ch.To, ",")+"|"+msg.Title+"|"+msg.Text+"|"+strings.Join(fields, ";")+"|"+msg.Link)
	return nil
}

func TestApproversAndAuthorsAreNotified(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	mail := &fakeMailer{}
	f.svc.SetMailer(mail)
	rc, srv := newReceiver(t, "")
	rc.script = func(n int, w http.ResponseWriter, r *http.Request) bool {
		http.Error(w, `{"error":"refusé"}`, http.StatusUnprocessableEntity)
		return true
	}
	c := f.webhookChannel(t, "Hook", srv.URL, "")
	if _, err := f.svc.CreatePost(f.editor, "lyon", publish.PostInput{Text: "À valider", Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T10:00"}); err != nil {
		t.Fatal(err)
	}
	f.run(t)
	if len(mail.sent) != 1 || !strings.HasPrefix(mail.sent[0], "owner@example.org,manager@example.org|Ville de Lyon : une publication attend votre validation|À valider|Heure de publication=2026-11-20 10:00 CET|http://parvis.test/w/lyon/publishing/posts/") {
		t.Fatalf("review mail = %q", mail.sent)
	}
	if _, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Refusée", Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	f.run(t) // publishes (refused), which enqueues the mail
	f.run(t)
	if len(mail.sent) != 2 || !strings.HasPrefix(mail.sent[1], "manager@example.org|Ville de Lyon : une publication n'a pas pu être publiée|Refusée|Erreur=Hook: POST") {
		t.Fatalf("failure mail = %q", mail.sent)
	}
}

func TestFeedEntriesBecomePosts(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		var mu sync.Mutex
		entries := []string{"Vieille nouvelle|https://ville.example/1", "Autre ancienne|https://ville.example/2"}
		feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Ville</title><link>https://ville.example/</link>`)
			for i := len(entries) - 1; i >= 0; i-- {
				title, link, _ := strings.Cut(entries[i], "|")
				io.WriteString(w, `<item><title>`+title+`</title><link>`+link+`</link><guid>`+link+`</guid><description>Résumé de `+title+`</description></item>`)
			}
			io.WriteString(w, `</channel></rss>`)
		}))
		defer feedSrv.Close()
		_, srv := newReceiver(t, "")
		c := f.webhookChannel(t, "Hook", srv.URL, "")
		_, err := f.svc.CreateFeed(f.editor, "lyon", publish.FeedInput{URL: feedSrv.URL, Channels: []int64{c.ID}})
		wantKind(t, err, apperr.KindForbidden)
		_, err = f.svc.CreateFeed(f.manager, "lyon", publish.FeedInput{URL: feedSrv.URL, Channels: []int64{c.ID}, Template: "pas de champ"})
		wantKind(t, err, apperr.KindInvalid)
		_, err = f.svc.CreateFeed(f.manager, "lyon", publish.FeedInput{URL: feedSrv.URL, Channels: []int64{c.ID}, Mode: "schedule"})
		wantKind(t, err, apperr.KindInvalid) // the channel has no posting schedule
		feed, err := f.svc.CreateFeed(f.manager, "lyon", publish.FeedInput{URL: feedSrv.URL, Channels: []int64{c.ID}, Template: "Nouveau : {title} {link}", Campaign: "actu"})
		if err != nil {
			t.Fatal(err)
		}
		fc.Advance(publish.FeedInterval)
		f.run(t)
		if posts, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{}); len(posts) != 0 {
			t.Fatalf("entries from before the feed was added became %d posts", len(posts))
		}
		mu.Lock()
		entries = append(entries, "Fête des lumières|https://ville.example/3")
		mu.Unlock()
		fc.Advance(publish.FeedInterval)
		f.run(t)
		posts, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{})
		if len(posts) != 1 || posts[0].Text != "Nouveau : Fête des lumières https://ville.example/3" || posts[0].Status != model.PostDraft || posts[0].Campaign != "actu" {
			t.Fatalf("posts = %+v", posts)
		}
		fc.Advance(publish.FeedInterval)
		f.run(t)
		if posts, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{}); len(posts) != 1 {
			t.Fatalf("an entry became %d posts", len(posts))
		}
		feeds, _ := f.svc.Feeds(f.owner, "lyon")
		if len(feeds) != 1 || feeds[0].PostsCreated != 1 || feeds[0].LastPolledAt == nil || feeds[0].ID != feed.ID {
			t.Fatalf("feeds = %+v", feeds)
		}
		if err := f.svc.DeleteFeed(f.manager, "lyon", feed.ID); err != nil {
			t.Fatal(err)
		}
		fc.Advance(publish.FeedInterval)
		f.run(t) // the planned poll finds no feed and stops
	})
}

func TestRenderFeedTemplate(t *testing.T) {
	long := strings.Repeat("é ", 150)
	got := publish.RenderFeedTemplate("{title} — {summary} {link}", publish.FeedEntry{Title: " Titre ", Link: "https://x.example/a", Summary: long})
	if !strings.HasPrefix(got, "Titre — é é") || !strings.HasSuffix(got, "… https://x.example/a") || utf8.RuneCountInString(got) > 240 {
		t.Fatalf("rendered %q", got)
	}
}

func publisherDeps() publisher.Deps {
	return connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: loopback}), Clock: clock.Real{}}
}

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMediaAreSniffedCheckedAndSent(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	var payload webhook.Payload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&payload)
		io.WriteString(w, `{"id":"m1"}`)
	}))
	defer hook.Close()
	c := f.webhookChannel(t, "Hook", hook.URL, "")
	tg, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "telegram", Name: "TG",
		Config: json.RawMessage(`{"bot_token":"1:a","chat_id":"@lyon","api_url":"` + newTelegram(t) + `"}`)})
	if err != nil {
		t.Fatal(err)
	}
	pic := pngImage(t, 40, 20)
	// The declared type does not matter: the bytes do.
	for _, bad := range []string{"just text, not an image", "GIF89a", "\x89PNG\r\n\x1a\n but not a PNG"} {
		_, err = f.svc.UploadMedia(f.editor, "lyon", strings.NewReader(bad), "")
		wantKind(t, err, apperr.KindInvalid)
	}
	_, err = f.svc.UploadMedia(f.editor, "lyon", bytes.NewReader(nil), "")
	wantKind(t, err, apperr.KindInvalid)
	m, err := f.svc.UploadMedia(f.editor, "lyon", bytes.NewReader(pic), "Affiche rouge")
	if err != nil || m.MIME != "image/png" || m.Size != int64(len(pic)) || m.Alt != "Affiche rouge" {
		t.Fatalf("upload = %+v %v", m, err)
	}
	_, err = f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: strings.Repeat("a", 1100), Channels: []int64{c.ID, tg.ID}, Media: []int64{m.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
	if err == nil || !strings.Contains(err.Error(), "with attachments the text counts 1100 characters; the limit is 1024") {
		t.Fatalf("a Telegram caption over 1,024: %v", err)
	}
	if _, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: strings.Repeat("a", 1100), Channels: []int64{tg.ID}}); err != nil {
		t.Fatalf("the same text without attachments: %v", err)
	}
	_, err = f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Trop d'images", Channels: []int64{c.ID}, Media: []int64{m.ID, m.ID, m.ID, m.ID, m.ID}})
	if err == nil || !strings.Contains(err.Error(), "5 attachments; the limit is 4") {
		t.Fatalf("five images: %v", err)
	}
	_, err = f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Image d'un autre", Channels: []int64{c.ID}, Media: []int64{m.ID + 100}})
	wantKind(t, err, apperr.KindInvalid)
	p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Avec image", Channels: []int64{c.ID}, Media: []int64{m.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
	if err != nil || len(p.Media) != 1 || p.Media[0].ID != m.ID {
		t.Fatalf("post = %+v %v", p, err)
	}
	f.run(t)
	if len(payload.Media) != 1 || payload.Media[0].MIME != "image/png" || payload.Media[0].Alt != "Affiche rouge" || !bytes.Equal(payload.Media[0].Data, pic) {
		t.Fatalf("sent media = %+v", payload.Media)
	}
}

func newTelegram(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true,"result":{"id":1,"title":"Lyon","message_id":1,"chat":{"id":1}}}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
