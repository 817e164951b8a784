package publish_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/testutil/peers"
)

// TestIntegrationMastodonOAuthAndPublish connects a Mastodon channel on the
// snac2 peer with the authorisation code flow (app registration, the
// person's consent through snac's login form, code exchange), then
// publishes a scheduled post there and finds it on the account.
func TestIntegrationMastodonOAuthAndPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	peer := peers.StartMastodon(t)
	fc := clock.NewFake(time.Now().UTC())
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	fc.Set(time.Now().UTC())

	redirect, err := f.svc.StartMastodonOAuth(f.manager, "lyon", publish.OAuthStart{InstanceURL: peer.BaseURL, Name: "Mastodon Lyon"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(redirect.AuthorizeURL)
	q := u.Query()
	if u.Path != "/oauth/authorize" || q.Get("redirect_uri") != "http://parvis.test"+publish.MastodonCallbackPath || q.Get("state") == "" {
		t.Fatalf("authorize URL = %s", redirect.AuthorizeURL)
	}
	// The person consents: snac's authorize page posts its login form.
	client := peers.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.PostForm(peer.BaseURL+"/oauth/x-snac-login", url.Values{"login": {"alice"}, "passwd": {peerPassword(t, peer, "alice")},
		"redir": {q.Get("redirect_uri")}, "cid": {q.Get("client_id")}, "state": {q.Get("state")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" || back.Query().Get("state") != q.Get("state") {
		t.Fatalf("snac sent back to %q (%s)", resp.Header.Get("Location"), resp.Status)
	}
	// Someone else cannot complete this person's authorisation.
	if _, _, err := f.svc.FinishMastodonOAuth(f.editor, back.Query().Get("state"), back.Query().Get("code")); !apperr.Is(err, apperr.KindForbidden) {
		t.Fatalf("another user finished the flow: %v", err)
	}
	// The state was used up by that attempt: start again, as a person would.
	redirect, _ = f.svc.StartMastodonOAuth(f.manager, "lyon", publish.OAuthStart{InstanceURL: peer.BaseURL, Name: "Mastodon Lyon"})
	u, _ = url.Parse(redirect.AuthorizeURL)
	q = u.Query()
	resp, err = client.PostForm(peer.BaseURL+"/oauth/x-snac-login", url.Values{"login": {"alice"}, "passwd": {peerPassword(t, peer, "alice")},
		"redir": {q.Get("redirect_uri")}, "cid": {q.Get("client_id")}, "state": {q.Get("state")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ = url.Parse(resp.Header.Get("Location"))
	ch, slug, err := f.svc.FinishMastodonOAuth(f.manager, back.Query().Get("state"), back.Query().Get("code"))
	if err != nil || slug != "lyon" || ch.Name != "Mastodon Lyon" || !strings.Contains(ch.Account, "alice") || ch.Rules.MaxLength != 100000 {
		t.Fatalf("channel = %+v, %q, %v", ch, slug, err)
	}
	if _, _, err := f.svc.FinishMastodonOAuth(f.manager, back.Query().Get("state"), back.Query().Get("code")); !apperr.Is(err, apperr.KindInvalid) {
		t.Fatalf("a state was used twice: %v", err)
	}

	text := "Publié par Parvis à " + time.Now().Format("15:04:05.000")
	p, err := f.svc.CreatePost(f.manager, "lyon", publish.PostInput{Text: text, Channels: []int64{ch.ID}, ScheduledAt: fc.Now().Add(time.Minute).Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	fc.Advance(time.Minute)
	f.run(t)
	got := f.post(t, p.ID)
	v := got.Variants[0]
	if got.Status != model.PostPublished || v.ExternalID == "" || !strings.HasPrefix(v.URL, peer.BaseURL) {
		t.Fatalf("post = %+v", got)
	}
	resp, err = http.Get(v.URL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the status page %s: %v %v", v.URL, resp.Status, err)
	}
	resp.Body.Close()
}

func peerPassword(t *testing.T, peer *peers.Mastodon, user string) string {
	t.Helper()
	pw := peer.Accounts[user].Password
	if pw == "" {
		t.Fatalf("the peer gave no password for %s", user)
	}
	return pw
}
