package mastodon

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

// TestIntegrationSnac runs the connector against snac2, a real server of
// the Mastodon client API (../shared/peers/mastodon).
func TestIntegrationSnac(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartMastodon(t)
	alice, bob := peer.Accounts["alice"], peer.Accounts["bob"]
	marker := fmt.Sprintf("parvis%d", time.Now().UnixNano()%1_000_000)

	post := func(token, text string) string {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"status": text, "visibility": "public"})
		req, _ := http.NewRequest(http.MethodPost, peer.BaseURL+"/api/v1/statuses", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := peers.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var st Status
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != 200 || st.ID == "" {
			t.Fatalf("post status: %s %v %+v", resp.Status, err, st)
		}
		return st.ID
	}
	deps := connector.Deps{
		HTTP:  fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		Clock: clock.Real{},
	}
	source := func(timeline, token string) connector.Source {
		t.Helper()
		cfg, _ := json.Marshal(Config{InstanceURL: peer.BaseURL, Timeline: timeline, Hashtag: marker, Query: marker, AccessToken: token})
		src, err := New(cfg, deps)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	// waitFor polls src (as the scheduler does, keeping the state) until an
	// item satisfies ok; snac delivers notifications through its queue a
	// few seconds later.
	waitFor := func(src connector.Source, what string, ok func(model.Item) bool) model.Item {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		var state []byte
		var seen []string
		for {
			b, err := src.Fetch(ctx, state)
			if err != nil {
				t.Fatalf("%s: fetch: %v", what, err)
			}
			state = b.State
			for _, it := range b.Items {
				if ok(it) {
					return it
				}
				seen = append(seen, it.Text)
			}
			if b.More {
				continue
			}
			select {
			case <-ctx.Done():
				t.Fatalf("%s: not found within 40s; items seen: %q", what, seen)
			case <-tick.C:
			}
		}
	}

	id := post(alice.AccessToken, "Hello from alice about #"+marker+" and community tools")

	t.Run("hashtag", func(t *testing.T) {
		it := waitFor(source("hashtag", alice.AccessToken), "hashtag timeline", func(it model.Item) bool { return it.ExternalID == id })
		if !strings.Contains(it.Text, "Hello from alice about #"+marker) || it.Author.Handle == "" || it.CreatedAt.IsZero() || it.Kind != model.KindPost {
			t.Errorf("item = %+v", it)
		}
	})

	t.Run("public", func(t *testing.T) {
		waitFor(source("public", alice.AccessToken), "public timeline", func(it model.Item) bool { return it.ExternalID == id })
	})

	t.Run("notifications", func(t *testing.T) {
		src := source("notifications", alice.AccessToken)
		// Read what is there first, as a running source would have.
		b, err := src.Fetch(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for b.More {
			if b, err = src.Fetch(context.Background(), b.State); err != nil {
				t.Fatal(err)
			}
		}
		reply := post(bob.AccessToken, "@alice thanks for the "+marker+" tip")
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		state := b.State
		for {
			nb, err := src.Fetch(ctx, state)
			if err != nil {
				t.Fatal(err)
			}
			state = nb.State
			for _, it := range nb.Items {
				if strings.Contains(it.Text, marker+" tip") {
					if it.Kind != model.KindMention && it.Kind != model.KindReply {
						t.Errorf("mention kind = %q", it.Kind)
					}
					if it.ExternalID == "" || it.Author.Handle == "" {
						t.Errorf("mention = %+v", it)
					}
					t.Logf("bob's status %s arrived as %s %s", reply, it.Kind, it.ExternalID)
					return
				}
			}
			select {
			case <-ctx.Done():
				t.Fatalf("bob's mention did not reach alice's notifications within 40s")
			case <-tick.C:
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		waitFor(source("search", alice.AccessToken), "search", func(it model.Item) bool { return it.ExternalID == id })
	})

	t.Run("bad token", func(t *testing.T) {
		_, err := source("notifications", "not-a-token").Fetch(context.Background(), nil)
		if connector.Classify(err) != connector.CredentialsExpired {
			t.Errorf("bad token: %v (%v), want credentials expired", err, connector.Classify(err))
		}
	})
}
