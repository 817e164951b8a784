package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/testutil/peers"
)

// TestIntegrationATProto runs the search and notifications sources against
// the reference AT Protocol servers (PDS + AppView) of ../shared/peers/bluesky.
func TestIntegrationATProto(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartBluesky(t, true)
	if peer.AppViewURL == "" {
		t.Fatal("peer started without an AppView")
	}
	alice, bob := peer.Accounts["alice"], peer.Accounts["bob"]
	marker := fmt.Sprintf("parvis%d", time.Now().UnixNano()%1_000_000)

	createPost := func(who peers.BlueskyAccount, record map[string]any) string {
		t.Helper()
		record["$type"] = "app.bsky.feed.post"
		record["createdAt"] = time.Now().UTC().Format(time.RFC3339Nano)
		body, _ := json.Marshal(map[string]any{"repo": who.DID, "collection": "app.bsky.feed.post", "record": record})
		req, _ := http.NewRequest(http.MethodPost, peer.PDSURL+"/xrpc/com.atproto.repo.createRecord", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+who.AccessJWT)
		req.Header.Set("Content-Type", "application/json")
		resp, err := peers.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ URI, CID string }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out.URI == "" {
			t.Fatalf("createRecord: %s %v", resp.Status, err)
		}
		return out.URI + " " + out.CID
	}
	aliceRef := strings.Fields(createPost(alice, map[string]any{"text": "Our community listens with " + marker + " today", "langs": []string{"en"}}))
	aliceURI := aliceRef[0]
	mention := "@" + alice.Handle
	ref := map[string]string{"uri": aliceRef[0], "cid": aliceRef[1]}
	bobURI := strings.Fields(createPost(bob, map[string]any{
		"text":  mention + " great news about " + marker,
		"reply": map[string]any{"root": ref, "parent": ref},
		"facets": []any{map[string]any{
			"index":    map[string]int{"byteStart": 0, "byteEnd": len(mention)},
			"features": []any{map[string]string{"$type": "app.bsky.richtext.facet#mention", "did": alice.DID}},
		}},
	}))[0]

	deps := connector.Deps{
		HTTP:  fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		Clock: clock.Real{},
	}
	// waitFor polls src like the scheduler (keeping the state) until an item
	// has the wanted id; the AppView indexes the PDS firehose within seconds.
	waitFor := func(t *testing.T, src connector.Source, id string) model.Item {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
		defer cancel()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		var state []byte
		for {
			b, err := src.Fetch(ctx, state)
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			state = b.State
			for _, it := range b.Items {
				if it.ExternalID == id {
					return it
				}
			}
			if b.More {
				continue
			}
			select {
			case <-ctx.Done():
				t.Fatalf("%s not delivered within 45s", id)
			case <-tick.C:
			}
		}
	}
	newSrc := func(t *testing.T, spec connector.Spec, cfg any) connector.Source {
		t.Helper()
		raw, _ := json.Marshal(cfg)
		src, err := spec.New(raw, deps)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}

	t.Run("search on the AppView", func(t *testing.T) {
		it := waitFor(t, newSrc(t, SearchSpec(), SearchConfig{Query: marker, ServiceURL: peer.AppViewURL}), aliceURI)
		if it.Text != "Our community listens with "+marker+" today" || it.Author.Handle != alice.Handle || it.Kind != model.KindPost || it.Lang != "en" {
			t.Errorf("item = %+v", it)
		}
	})

	t.Run("search through the PDS signed in", func(t *testing.T) {
		waitFor(t, newSrc(t, SearchSpec(), SearchConfig{Query: marker, ServiceURL: peer.PDSURL, Handle: alice.Handle, AppPassword: alice.Password}), bobURI)
	})

	t.Run("notifications", func(t *testing.T) {
		it := waitFor(t, newSrc(t, NotificationsSpec(), NotificationsConfig{Handle: alice.Handle, AppPassword: alice.Password, ServiceURL: peer.PDSURL}), bobURI)
		if it.Kind != model.KindReply || it.ParentID != aliceURI || it.Author.Handle != bob.Handle || !strings.Contains(it.Text, marker) {
			t.Errorf("notification item = %+v", it)
		}
	})

	t.Run("wrong app password", func(t *testing.T) {
		src := newSrc(t, NotificationsSpec(), NotificationsConfig{Handle: alice.Handle, AppPassword: "not-the-password", ServiceURL: peer.PDSURL})
		_, err := src.Fetch(context.Background(), nil)
		if connector.Classify(err) != connector.CredentialsExpired {
			t.Errorf("wrong password: %v (%v), want credentials expired", err, connector.Classify(err))
		}
	})
}
