package bluesky_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/bluesky"
	"github.com/parvis/parvis/internal/testutil/peers"
)

func loopbackDeps() publisher.Deps {
	return connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}}
}

// TestIntegrationPDS publishes to the reference PDS and checks that a
// retry with the same record key does not make a second post.
func TestIntegrationPDS(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartBluesky(t, false)
	alice := peer.Accounts["alice"]
	ctx := context.Background()
	// The peer's account password serves as the app password here.
	cfg, _ := json.Marshal(bluesky.Config{Handle: alice.Handle, AppPassword: alice.Password, Service: peer.PDSURL})
	p, err := bluesky.New(cfg, loopbackDeps())
	if err != nil {
		t.Fatal(err)
	}
	acct, err := p.Verify(ctx)
	if err != nil || acct.Name != "@"+alice.Handle {
		t.Fatalf("Verify = %+v, %v", acct, err)
	}
	key := bluesky.TID(time.Now().UnixMicro(), 7)
	text := "Fête des lumières 🎆👨‍👩‍👧 — programme : https://example.org/lumieres?utm_source=bluesky"
	res, err := p.Publish(ctx, publisher.Content{Text: text}, key)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(res.ExternalID, "/app.bsky.feed.post/"+key) || !strings.HasSuffix(res.URL, "/post/"+key) {
		t.Fatalf("result = %+v", res)
	}
	// The same key again (a retry after a lost answer): same post, no second one.
	again, err := p.Publish(ctx, publisher.Content{Text: text}, key)
	if err != nil || again.ExternalID != res.ExternalID {
		t.Fatalf("retry = %+v, %v; want %s", again, err, res.ExternalID)
	}
	found, ok, err := p.(publisher.Finder).Find(ctx, publisher.Content{Text: text}, key, time.Time{})
	if err != nil || !ok || found.ExternalID != res.ExternalID {
		t.Fatalf("Find = %+v %v %v", found, ok, err)
	}
	if _, ok, err := p.(publisher.Finder).Find(ctx, publisher.Content{}, bluesky.TID(time.Now().UnixMicro(), 8), time.Time{}); err != nil || ok {
		t.Fatalf("Find of an unused key = %v %v", ok, err)
	}
	// Exactly one record holds the text, with its link facet.
	q := url.Values{"repo": {alice.DID}, "collection": {"app.bsky.feed.post"}, "limit": {"100"}}
	resp, err := http.Get(peer.PDSURL + "/xrpc/com.atproto.repo.listRecords?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Records []struct {
			URI   string `json:"uri"`
			Value struct {
				Text   string           `json:"text"`
				Facets []map[string]any `json:"facets"`
			} `json:"value"`
		} `json:"records"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	n := 0
	for _, r := range list.Records {
		if r.Value.Text == text {
			n++
			if len(r.Value.Facets) != 1 {
				t.Errorf("facets = %v", r.Value.Facets)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d records hold the text, want 1", n)
	}

	// With an image: uploaded as a blob, embedded with its alt text.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	imgKey := bluesky.TID(time.Now().UnixMicro(), 9)
	if _, err := p.Publish(ctx, publisher.Content{Text: "Avec image", Media: []publisher.Media{{MIME: "image/png", Alt: "Un carré", Data: buf.Bytes()}}}, imgKey); err != nil {
		t.Fatal(err)
	}
	gq := url.Values{"repo": {alice.DID}, "collection": {"app.bsky.feed.post"}, "rkey": {imgKey}}
	gresp, err := http.Get(peer.PDSURL + "/xrpc/com.atproto.repo.getRecord?" + gq.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer gresp.Body.Close()
	var rec struct {
		Value struct {
			Embed struct {
				Type   string `json:"$type"`
				Images []struct {
					Alt   string `json:"alt"`
					Image struct {
						MimeType string `json:"mimeType"`
					} `json:"image"`
				} `json:"images"`
			} `json:"embed"`
		} `json:"value"`
	}
	json.NewDecoder(gresp.Body).Decode(&rec)
	if e := rec.Value.Embed; e.Type != "app.bsky.embed.images" || len(e.Images) != 1 || e.Images[0].Alt != "Un carré" || e.Images[0].Image.MimeType != "image/png" {
		t.Fatalf("embed = %+v", rec.Value.Embed)
	}

	bad, _ := json.Marshal(bluesky.Config{Handle: alice.Handle, AppPassword: "wrong-password", Service: peer.PDSURL})
	pb, _ := bluesky.New(bad, loopbackDeps())
	if _, err := pb.Verify(ctx); connector.Classify(err) != connector.CredentialsExpired {
		t.Fatalf("wrong password: %v, want credentials expired", err)
	}
}
