package mastodon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/mastodon"
	"github.com/parvis/parvis/internal/testutil/peers"
)

func loopbackDeps() publisher.Deps {
	return connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}}
}

// TestIntegrationSnac publishes to the snac2 peer (Mastodon client API).
func TestIntegrationSnac(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartMastodon(t)
	alice := peer.Accounts["alice"]
	ctx := context.Background()
	cfg, _ := json.Marshal(mastodon.Config{InstanceURL: peer.BaseURL, AccessToken: alice.AccessToken})
	p, err := mastodon.New(cfg, loopbackDeps())
	if err != nil {
		t.Fatal(err)
	}
	acct, err := p.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(acct.Name, "alice") || acct.Config["max_characters"] == nil {
		t.Fatalf("account = %+v", acct)
	}
	since := time.Now()
	text := "Parvis publie ceci : https://example.org/agenda?utm_source=mastodon & <b>rien</b> d'autre " + since.Format("150405.000")
	key := "3n2q4krr222mb"
	res, err := p.Publish(ctx, publisher.Content{Text: text}, key)
	if err != nil {
		t.Fatal(err)
	}
	if res.ExternalID == "" || !strings.HasPrefix(res.URL, peer.BaseURL) {
		t.Fatalf("result = %+v", res)
	}
	// After an attempt whose answer was lost, Find recognises the status.
	found, ok, err := p.(publisher.Finder).Find(ctx, publisher.Content{Text: text}, key, since)
	if err != nil || !ok || found.ExternalID != res.ExternalID {
		t.Fatalf("Find = %+v %v %v, want %s", found, ok, err, res.ExternalID)
	}
	if _, ok, err := p.(publisher.Finder).Find(ctx, publisher.Content{Text: text + " (autre)"}, key, since); err != nil || ok {
		t.Fatalf("Find of a text never published = %v %v", ok, err)
	}
	// snac2 ignores Idempotency-Key (a second POST makes a second status):
	// that is why Mastodon channels resolve unknown attempts with Find.
	again, err := p.Publish(ctx, publisher.Content{Text: text}, key)
	if err != nil {
		t.Fatal(err)
	}
	if again.ExternalID == res.ExternalID {
		t.Logf("the server honoured Idempotency-Key")
	}

	// A follow-up in reply to it (a thread's next part).
	reply, err := p.Publish(ctx, publisher.Content{Text: "Suite du fil " + since.Format("150405.000"), ReplyTo: res.ExternalID}, key+"-1")
	if err != nil {
		t.Fatal(err)
	}
	var replied struct {
		InReplyToID *string `json:"in_reply_to_id"`
	}
	req, _ := http.NewRequest("GET", peer.BaseURL+"/api/v1/statuses/"+reply.ExternalID, nil)
	req.Header.Set("Authorization", "Bearer "+alice.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&replied)
	resp.Body.Close()
	if replied.InReplyToID == nil || *replied.InReplyToID != res.ExternalID {
		t.Errorf("the follow-up answers %v, want %s", replied.InReplyToID, res.ExternalID)
	}

	// With an image and its description.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	withImage, err := p.Publish(ctx, publisher.Content{Text: "Avec image " + since.Format("150405.000"),
		Media: []publisher.Media{{MIME: "image/png", Alt: "Un carré", Data: buf.Bytes()}}}, "3n2q4krr222md")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		MediaAttachments []struct {
			Type        string `json:"type"`
			Description string `json:"description"`
		} `json:"media_attachments"`
	}
	if _, err := connector.GetJSON(ctx, loopbackDeps(), peer.BaseURL+"/api/v1/statuses/"+withImage.ExternalID, http.Header{"Authorization": {"Bearer " + alice.AccessToken}}, &st); err != nil {
		t.Fatal(err)
	}
	if len(st.MediaAttachments) != 1 || st.MediaAttachments[0].Type != "image" {
		t.Fatalf("attachments = %+v", st.MediaAttachments)
	}
	if st.MediaAttachments[0].Description != "Un carré" {
		t.Logf("the server did not keep the description: %+v", st.MediaAttachments[0])
	}

	bad, _ := json.Marshal(mastodon.Config{InstanceURL: peer.BaseURL, AccessToken: "not-a-token"})
	pb, _ := mastodon.New(bad, loopbackDeps())
	if _, err := pb.Verify(ctx); connector.Classify(err) != connector.CredentialsExpired {
		t.Fatalf("bad token: %v (class %v), want credentials expired", err, connector.Classify(err))
	}
	if _, err := pb.Publish(ctx, publisher.Content{Text: "x"}, "3n2q4krr222mc"); connector.Classify(err) != connector.CredentialsExpired {
		t.Fatalf("publish with a bad token: %v, want credentials expired", err)
	}
}
