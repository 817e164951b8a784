package publish_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/bluesky"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/testutil/peers"
)

// TestIntegrationBlueskyExactlyOnce schedules two posts on the reference
// PDS through the service. For the second, a worker "dies" after sending
// it and before recording the outcome; the next run recognises the record
// by its key. Each text is on the PDS exactly once.
func TestIntegrationBlueskyExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartBluesky(t, false)
	alice := peer.Accounts["alice"]
	fc := clock.NewFake(time.Now().UTC())
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	fc.Set(time.Now().UTC())
	ctx := context.Background()
	cfg, _ := json.Marshal(map[string]string{"handle": alice.Handle, "app_password": alice.Password, "service": peer.PDSURL})
	ch, err := f.svc.CreateChannel(f.owner, "lyon", publish.ChannelInput{Type: "bluesky", Name: "Bluesky", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Account != "@"+alice.Handle || ch.Rules.MaxLength != 300 {
		t.Fatalf("channel = %+v", ch)
	}
	// 301 graphemes are refused before anything is scheduled.
	_, err = f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: strings.Repeat("é", 301), Channels: []int64{ch.ID}, ScheduledAt: fc.Now().Add(time.Hour).Format(time.RFC3339)})
	if err == nil || !strings.Contains(err.Error(), "limit is 300") {
		t.Fatalf("a 301-grapheme post: %v", err)
	}
	marker := time.Now().Format("150405.000")
	texts := []string{"Premier " + marker + " 👨‍👩‍👧", "Second " + marker + " https://example.org/x"}
	var ids []int64
	for _, text := range texts {
		p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: text, Channels: []int64{ch.ID}, ScheduledAt: fc.Now().Add(time.Minute).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	// The second post: the attempt is recorded, the record created, then
	// the worker dies.
	second := f.post(t, ids[1]).Variants[0]
	if _, _, ok, err := db.Q().BeginVariantAttempt(ctx, second.ID); err != nil || !ok {
		t.Fatal(ok, err)
	}
	var key string
	db.Q().QueryRow(ctx, `SELECT idempotency_key FROM post_variants WHERE id = ?`, second.ID).Scan(&key)
	direct, _ := bluesky.New(cfg, publisherDeps())
	sent, _ := publish.TrackLinks(texts[1], publish.LinkOptions{UTM: true, Source: "bluesky"})
	if _, err := direct.Publish(ctx, publisher.Content{Text: sent}, key); err != nil {
		t.Fatal(err)
	}
	fc.Advance(time.Minute)
	f.run(t)
	for i, id := range ids {
		p := f.post(t, id)
		v := p.Variants[0]
		if p.Status != model.PostPublished || !strings.HasPrefix(v.ExternalID, "at://"+alice.DID+"/app.bsky.feed.post/") {
			t.Fatalf("post %d = %+v", i, p)
		}
	}
	if v := f.post(t, ids[1]).Variants[0]; !strings.HasSuffix(v.ExternalID, "/"+key) || v.Attempts != 2 {
		t.Errorf("second post: %+v (want the record with key %s, 2 attempts)", v, key)
	}
	q := url.Values{"repo": {alice.DID}, "collection": {"app.bsky.feed.post"}, "limit": {"100"}}
	resp, err := http.Get(peer.PDSURL + "/xrpc/com.atproto.repo.listRecords?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Records []struct {
			Value struct{ Text string } `json:"value"`
		} `json:"records"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	for _, text := range texts {
		n := 0
		for _, r := range list.Records {
			if strings.HasPrefix(r.Value.Text, strings.Fields(text)[0]+" "+marker) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%q is on the PDS %d times, want once", text, n)
		}
	}

	// A thread: each follow-up answers the part before, under the first.
	tp, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: "Fil " + marker + " 1/3", Channels: []int64{ch.ID},
		Thread: []string{"Fil " + marker + " 2/3", "Fil " + marker + " 3/3"}, ScheduledAt: fc.Now().Add(time.Minute).Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	fc.Advance(time.Minute)
	f.run(t)
	tv := f.post(t, tp.ID).Variants[0]
	if tv.Status != model.VariantPublished || len(tv.Parts) != 3 {
		t.Fatalf("thread variant %+v", tv)
	}
	for i, part := range tv.Parts {
		repo, coll, rkey, _ := bluesky.SplitATURI(part.ExternalID)
		r, err := http.Get(peer.PDSURL + "/xrpc/com.atproto.repo.getRecord?" + url.Values{"repo": {repo}, "collection": {coll}, "rkey": {rkey}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			Value struct {
				Text  string
				Reply *struct{ Root, Parent bluesky.StrongRef }
			}
		}
		json.NewDecoder(r.Body).Decode(&rec)
		r.Body.Close()
		if !strings.HasSuffix(rec.Value.Text, fmt.Sprintf("%d/3", i+1)) {
			t.Errorf("part %d is %q", i, rec.Value.Text)
		}
		switch {
		case i == 0 && rec.Value.Reply != nil:
			t.Errorf("the first part answers %+v", rec.Value.Reply)
		case i > 0 && (rec.Value.Reply == nil || rec.Value.Reply.Parent.URI != tv.Parts[i-1].ExternalID || rec.Value.Reply.Root.URI != tv.Parts[0].ExternalID):
			t.Errorf("part %d answers %+v", i, rec.Value.Reply)
		}
	}
}
