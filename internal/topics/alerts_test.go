package topics_test

import (
	"encoding/json"
	"github.com/parvis/parvis/internal/testutil/smtptest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/topics"
)

// receiver records what chat and webhook endpoints received.
type receiver struct {
	mu     sync.Mutex
	bodies map[string][]string // path → bodies
	sigs   []string
}

func newReceiver(t *testing.T) (*receiver, *httptest.Server) {
	rc := &receiver{bodies: map[string][]string{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.bodies[r.URL.Path] = append(rc.bodies[r.URL.Path], string(b))
		if r.URL.Path == "/hook" {
			rc.sigs = append(rc.sigs, r.Header.Get("X-Parvis-Signature"))
		}
		rc.mu.Unlock()
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return rc, srv
}

func (rc *receiver) count(path string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.bodies[path])
}

func (rc *receiver) last(path string) string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b := rc.bodies[path]
	if len(b) == 0 {
		return ""
	}
	return b[len(b)-1]
}

// TestAlertIncidentNotifiesOnceWithReminders: an "any" rule opens one
// incident for a burst of items, notifies every channel once (SMTP, signed
// webhook, Slack, Mattermost, Discord, Teams), groups what follows,
// reminds while unacknowledged, stops after the ack, closes when quiet.
func TestAlertIncidentNotifiesOnceWithReminders(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fc := clock.NewFake(t0)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		fc.Set(t0)
		mail := smtptest.Start(t)
		rc, srv := newReceiver(t)
		sender := notify.NewSender(notify.Options{
			HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
			SMTP: notify.SMTP{Addr: mail.Addr, From: "parvis@example.org"}})
		f := newFixture(t, db, fc, sender)
		tp, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "Acme", Query: "acme", Kind: "brand"})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		chans := []notify.Channel{
			{Type: "email", To: []string{"cm@example.org"}},
			{Type: "webhook", URL: srv.URL + "/hook", Secret: "s3cret"},
			{Type: "slack", URL: srv.URL + "/slack"},
			{Type: "mattermost", URL: srv.URL + "/mattermost"},
			{Type: "discord", URL: srv.URL + "/discord"},
			{Type: "teams", URL: srv.URL + "/teams"},
			{Type: "slack", URL: srv.URL + "/gone"},
		}
		rule, err := f.svc.CreateRule(f.owner, "acme", topics.RuleInput{TopicID: tp.ID, Kind: "any",
			Params: topics.Params{Quiet: "12h", Remind: "1h"}, Notify: chans})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(rule.Notify[2].URL, "/slack") || rule.Notify[1].HasSecret != true {
			t.Errorf("channels shown = %+v", rule.Notify)
		}
		if _, err := f.svc.CreateRule(f.owner, "acme", topics.RuleInput{TopicID: tp.ID, Kind: "any",
			Notify: []notify.Channel{{Type: "email", To: []string{"not an address"}}}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("bad e-mail accepted: %v", err)
		}

		f.ingest(t, post{text: "Acme is down again", at: t0}, post{text: "acme support?", at: t0}, post{text: "other", at: t0})
		f.runJobs(t)
		ins, err := f.svc.Incidents(f.viewer, "acme", topics.IncidentQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ins.Items) != 1 || ins.Items[0].ItemsCount != 2 || ins.Items[0].State != model.IncidentOpen {
			t.Fatalf("incidents = %+v", ins.Items)
		}
		for _, p := range []string{"/hook", "/slack", "/mattermost", "/discord", "/teams"} {
			if n := rc.count(p); n != 1 {
				t.Errorf("%s got %d notifications, want 1", p, n)
			}
		}
		if n := len(mail.Messages()); n != 1 {
			t.Fatalf("%d e-mails, want 1", n)
		}
		if m := mail.Messages()[0]; !strings.Contains(m, "Subject: Nouvelles mentions : Acme") || !strings.Contains(m, "To: cm@example.org") {
			t.Errorf("e-mail:\n%s", m)
		}
		body := rc.last("/hook")
		if rc.sigs[0] != notify.Sign("s3cret", []byte(body)) {
			t.Errorf("webhook signature %q does not sign the body", rc.sigs[0])
		}
		var hook notify.Message
		if err := json.Unmarshal([]byte(body), &hook); err != nil || hook.Event != "incident.opened" || hook.IncidentID != ins.Items[0].ID ||
			!strings.HasPrefix(hook.Link, "http://parvis.test/w/acme/incidents/") {
			t.Errorf("webhook body %s (%v)", body, err)
		}
		for path, key := range map[string]string{"/slack": `"text"`, "/mattermost": `"text"`, "/discord": `"content"`, "/teams": `"AdaptiveCard"`} {
			if b := rc.last(path); !strings.Contains(b, key) || !strings.Contains(b, "Acme") {
				t.Errorf("%s body: %s", path, b)
			}
		}
		// The refused channel is a permanent failure, not retried.
		failed, _ := db.Q().ListJobs(t.Context(), store.JobFilter{States: []model.JobState{model.JobFailed}, Limit: 10})
		if len(failed) != 1 || !strings.Contains(failed[0].LastError, "404") {
			t.Errorf("failed jobs = %+v", failed)
		}

		// What follows joins the incident without notifying again.
		fc.Advance(10 * time.Minute)
		f.ingest(t, post{text: "acme outage continues", at: fc.Now()})
		f.runJobs(t)
		in, _ := f.svc.Incident(f.viewer, "acme", ins.Items[0].ID)
		if in.ItemsCount != 3 || len(in.Items) != 3 || rc.count("/slack") != 1 {
			t.Errorf("after more items: count %d, %d items, %d slack", in.ItemsCount, len(in.Items), rc.count("/slack"))
		}
		// A reminder after an hour without acknowledgement.
		fc.Advance(time.Hour)
		f.runJobs(t)
		if rc.count("/slack") != 2 || !strings.Contains(rc.last("/slack"), "Rappel") {
			t.Errorf("reminder: %d slack, last %s", rc.count("/slack"), rc.last("/slack"))
		}
		if _, err := f.svc.AckIncident(f.viewer, "acme", in.ID); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("viewer acks: %v", err)
		}
		acked, err := f.svc.AckIncident(f.owner, "acme", in.ID)
		if err != nil || acked.State != model.IncidentAcked || acked.AckedByName != "Olga" || acked.AckedAt == nil {
			t.Fatalf("ack: %+v %v", acked, err)
		}
		fc.Advance(2 * time.Hour)
		f.runJobs(t)
		if rc.count("/slack") != 2 {
			t.Errorf("reminded after ack: %d", rc.count("/slack"))
		}
		// Quiet for longer than 12h: closed; the next match opens a new one.
		fc.Advance(11 * time.Hour)
		f.runJobs(t)
		in, _ = f.svc.Incident(f.viewer, "acme", in.ID)
		if in.State != model.IncidentClosed || in.ClosedAt == nil {
			t.Errorf("not closed when quiet: %s", in.State)
		}
		f.ingest(t, post{text: "acme again", at: fc.Now()})
		f.runJobs(t)
		ins, _ = f.svc.Incidents(f.viewer, "acme", topics.IncidentQuery{})
		if len(ins.Items) != 2 || rc.count("/slack") != 3 {
			t.Errorf("after closing: %d incidents, %d slack", len(ins.Items), rc.count("/slack"))
		}
	})
}

// TestReachAndNegativeShareRules: reach fires only above its follower
// threshold; negative_share only when enough of the window is negative.
func TestReachAndNegativeShareRules(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fc := clock.NewFake(t0)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		fc.Set(t0)
		f := newFixture(t, db, fc, nil)
		tp, _ := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "Acme", Query: "acme"})
		f.runJobs(t)
		reach, _ := f.svc.CreateRule(f.owner, "acme", topics.RuleInput{TopicID: tp.ID, Kind: "reach", Params: topics.Params{Followers: 10000}})
		neg, _ := f.svc.CreateRule(f.owner, "acme", topics.RuleInput{TopicID: tp.ID, Kind: "negative_share",
			Params: topics.Params{MinCount: 4, Threshold: 0.5, Window: "1h"}})
		byRule := func() map[int64]int {
			ins, _ := f.svc.Incidents(f.viewer, "acme", topics.IncidentQuery{})
			m := map[int64]int{}
			for _, in := range ins.Items {
				m[in.RuleID]++
			}
			return m
		}
		f.ingest(t, post{text: "acme est nul, vraiment horrible", at: t0, author: "small", followers: 10},
			post{text: "acme c'est génial, j'adore", at: t0, author: "fan", followers: 20})
		f.runJobs(t)
		if m := byRule(); m[reach.ID] != 0 || m[neg.ID] != 0 {
			t.Errorf("fired too early: %v", m)
		}
		f.ingest(t, post{text: "acme horrible service, nul, honteux", at: t0.Add(time.Minute), author: "star", followers: 50000},
			post{text: "acme : nul, catastrophe, je déteste", at: t0.Add(time.Minute)},
			post{text: "acme arnaque honteuse, horrible", at: t0.Add(time.Minute)})
		fc.Advance(2 * time.Minute)
		f.runJobs(t)
		if m := byRule(); m[reach.ID] != 1 || m[neg.ID] != 1 {
			t.Errorf("incidents by rule = %v, want one each", m)
		}
	})
}

func TestDetectSpike(t *testing.T) {
	cases := []struct {
		name          string
		observed      int64
		weekly, daily []int64
		method        string
		fires         bool // at sensitivity 3
	}{
		{"no history", 50, nil, []int64{1, 2}, "none", false},
		{"daily baseline, spike", 40, nil, []int64{4, 5, 6, 5, 4}, "daily", true},
		{"daily baseline, usual", 7, nil, []int64{4, 5, 6, 5, 4}, "daily", false},
		{"weekly wins over daily", 30, []int64{28, 31, 26}, []int64{2, 3, 2, 3, 2, 2}, "weekly", false},
		{"flat zero history: Poisson floor", 2, []int64{0, 0, 0, 0}, nil, "weekly", false},
		{"flat zero history: burst", 9, []int64{0, 0, 0, 0}, nil, "weekly", true},
		{"one outlier week does not mask", 60, []int64{10, 12, 200, 11}, nil, "weekly", true},
	}
	for _, c := range cases {
		sp := topics.DetectSpike(c.observed, c.weekly, c.daily)
		if sp.Method != c.method || (sp.Score >= 3) != c.fires {
			t.Errorf("%s: %+v, want method %s fires %v", c.name, sp, c.method, c.fires)
		}
	}
}

func TestBucketsFollowTheWorkspaceClock(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	cases := []struct {
		name     string
		from, to time.Time
		interval string
		n        int
		first    string
	}{
		// 29 March 2026: clocks go from 02:00 to 03:00 in Paris.
		{"spring forward hours", time.Date(2026, 3, 29, 0, 0, 0, 0, paris), time.Date(2026, 3, 30, 0, 0, 0, 0, paris), "hour", 23, "2026-03-29T00:00:00+01:00"},
		{"fall back hours", time.Date(2026, 10, 25, 0, 0, 0, 0, paris), time.Date(2026, 10, 26, 0, 0, 0, 0, paris), "hour", 25, "2026-10-25T00:00:00+02:00"},
		{"days across DST", time.Date(2026, 3, 28, 12, 0, 0, 0, paris), time.Date(2026, 3, 31, 0, 0, 0, 0, paris), "day", 3, "2026-03-28T00:00:00+01:00"},
		{"weeks start on Monday", time.Date(2026, 3, 26, 0, 0, 0, 0, paris), time.Date(2026, 4, 7, 0, 0, 0, 0, paris), "week", 3, "2026-03-23T00:00:00+01:00"},
	}
	for _, c := range cases {
		b := topics.Buckets(c.from.UTC(), c.to.UTC(), c.interval, paris)
		if len(b) != c.n || b[0].Format(time.RFC3339) != c.first {
			t.Errorf("%s: %d buckets from %s, want %d from %s", c.name, len(b), b[0].Format(time.RFC3339), c.n, c.first)
		}
		for i := 1; i < len(b); i++ {
			if !b[i].After(b[i-1]) {
				t.Errorf("%s: buckets not increasing at %d", c.name, i)
			}
		}
	}
}
