package publish_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// A thread goes out part after part, each in reply to the one before;
// a failure or an interruption in the middle neither repeats a part that
// went out nor skips one.
func TestThreadsPublishEachPartOnceInOrder(t *testing.T) {
	fc := clock.NewFake(start)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, 300*time.Millisecond)
		m := &fakeMastodon{}
		srv := httptest.NewServer(m)
		defer srv.Close()
		c, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "mastodon", Name: "Masto",
			Config: json.RawMessage(`{"instance_url":"` + srv.URL + `","access_token":"good"}`)})
		if err != nil {
			t.Fatal(err)
		}
		rc, hsrv := newReceiver(t, "")
		hook := f.webhookChannel(t, "Hook", hsrv.URL, "")
		// The second POST (part 2) fails with a 5xx; the third (part 2
		// again) is accepted but answers too late.
		m.onPost = func(n int, w http.ResponseWriter, r *http.Request, accept func()) bool {
			switch n {
			case 2:
				http.Error(w, `{"error":"Internal Server Error"}`, http.StatusInternalServerError)
				return true
			case 3:
				accept()
				time.Sleep(700 * time.Millisecond)
				return true
			}
			return false
		}
		p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "1/3 Travaux sur la ligne A", Channels: []int64{c.ID, hook.ID},
			Thread: []string{"2/3 Bus de remplacement toutes les 10 min", "3/3 Détails : https://example.org/travaux", "  "},
			Labels: []string{"transports", " Transports ", "travaux"}, ScheduledAt: "2026-11-20T08:00:00Z"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Thread) != 2 || fmt.Sprint(p.Labels) != "[transports travaux]" {
			t.Fatalf("thread %q, labels %q", p.Thread, p.Labels)
		}
		for _, d := range []time.Duration{0, 20 * time.Second, 40 * time.Second, time.Minute} {
			fc.Advance(d)
			f.run(t)
		}
		got := f.post(t, p.ID)
		if got.Status != model.PostPublished {
			t.Fatalf("post %s: %+v", got.Status, got.Variants)
		}
		m.mu.Lock()
		var chain []string
		for _, st := range m.statuses {
			chain = append(chain, fmt.Sprintf("%s<-%s:%s", st["id"], st["in_reply_to_id"], strings.SplitN(st["content"].(string), " ", 2)[0]))
		}
		m.mu.Unlock()
		if want := "100<-:<p>1/3 101<-100:<p>2/3 102<-101:<p>3/3"; strings.Join(chain, " ") != want {
			t.Errorf("statuses on the server: %s, want %s", strings.Join(chain, " "), want)
		}
		for _, v := range got.Variants {
			if len(v.Parts) != 3 || v.ExternalID != v.Parts[0].ExternalID {
				t.Errorf("%s: parts %+v, external id %q", v.ChannelName, v.Parts, v.ExternalID)
			}
		}
		d, tx := rc.snapshot()
		if len(d) != 3 {
			t.Errorf("webhook deliveries by key: %v", d)
		}
		var texts []string
		for _, tt := range tx {
			texts = append(texts, strings.SplitN(tt, " ", 2)[0])
		}
		if len(texts) != 3 {
			t.Errorf("webhook texts %q", texts)
		}
		attempts, _ := f.svc.Attempts(f.owner, "lyon", p.ID)
		var outcomes []string
		for _, a := range attempts[fmt.Sprint(c.ID)] {
			outcomes = append(outcomes, a.Outcome)
		}
		if want := "part_published,retry,unknown,part_published,published"; strings.Join(outcomes, ",") != want {
			t.Errorf("attempts %s, want %s", strings.Join(outcomes, ","), want)
		}
		// Labels filter the list.
		if list, err := f.svc.Posts(f.owner, "lyon", publish.PostQuery{Label: "travaux"}); err != nil || len(list) != 1 {
			t.Errorf("label filter: %d posts, %v", len(list), err)
		}
		if list, _ := f.svc.Posts(f.owner, "lyon", publish.PostQuery{Label: "travau"}); len(list) != 0 {
			t.Errorf("a label prefix matched %d posts", len(list))
		}
		// A published thread cannot change.
		other := []string{"autre"}
		if _, err := f.svc.UpdatePost(f.owner, "lyon", p.ID, publish.PostUpdate{Thread: &other}); err == nil {
			t.Error("the thread of a published post changed")
		}
	})
}

func TestThreadsAreCheckedAgainstEachChannel(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	m := &fakeMastodon{}
	srv := httptest.NewServer(m)
	defer srv.Close()
	masto, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "mastodon", Name: "Masto",
		Config: json.RawMessage(`{"instance_url":"` + srv.URL + `","access_token":"good"}`)})
	if err != nil {
		t.Fatal(err)
	}
	discord := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"id":"1","name":"hook","channel_id":"2"}`)
	}))
	defer discord.Close()
	dc, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "discord", Name: "Discord",
		Config: json.RawMessage(`{"webhook_url":"` + discord.URL + `/api/webhooks/1/tok"}`)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		in       publish.PostInput
		field    string
		contains string
	}{
		{"network without threads", publish.PostInput{Text: "a", Channels: []int64{masto.ID, dc.ID}, Thread: []string{"b"}}, "thread", "Discord"},
		{"follow-up too long", publish.PostInput{Text: "a", Channels: []int64{masto.ID}, Thread: []string{"ok", strings.Repeat("x", 501)}}, "thread.1", "Masto"},
		{"empty part in the middle", publish.PostInput{Text: "a", Channels: []int64{masto.ID}, Thread: []string{"", "b"}}, "thread.0", ""},
		{"too many labels", publish.PostInput{Text: "a", Channels: []int64{masto.ID}, Labels: strings.Split("a b c d e f g h i j k", " ")}, "labels", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.CreatePost(f.owner, "lyon", tc.in)
			e := apperr.As(err)
			if e == nil || e.Kind != apperr.KindInvalid || e.Field != tc.field || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %v, want invalid %s naming %q", err, tc.field, tc.contains)
			}
		})
	}
}

// A Telegram send whose answer never comes may have gone out: Telegram
// cannot tell, so the variant fails for a person to check instead of
// being sent again.
func TestTelegramTimeoutIsNeverResent(t *testing.T) {
	fc := clock.NewFake(start)
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc, 300*time.Millisecond)
	var mu sync.Mutex
	sends := 0
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			mu.Lock()
			sends++
			mu.Unlock()
			time.Sleep(700 * time.Millisecond) // accepted, answered too late
		}
		fmt.Fprint(w, `{"ok":true,"result":{"message_id":7,"chat":{"id":-1001,"username":"lyon","title":"Lyon"}}}`)
	}))
	defer tg.Close()
	c, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "telegram", Name: "TG",
		Config: json.RawMessage(`{"bot_token":"1:a","chat_id":"@lyon","api_url":"` + tg.URL + `"}`)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Fête de quartier", Channels: []int64{c.ID}, ScheduledAt: "2026-11-20T08:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{0, time.Minute, time.Hour} {
		fc.Advance(d)
		f.run(t)
	}
	v := f.post(t, p.ID).Variants[0]
	mu.Lock()
	defer mu.Unlock()
	if sends != 1 || v.Status != model.VariantFailed || !strings.Contains(v.LastError, "may have published") {
		t.Fatalf("%d sends; variant %s (%q)", sends, v.Status, v.LastError)
	}
}
