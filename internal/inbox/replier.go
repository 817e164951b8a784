package inbox

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
	pubbluesky "github.com/parvis/parvis/internal/publish/publisher/bluesky"
	pubmastodon "github.com/parvis/parvis/internal/publish/publisher/mastodon"
)

// Target is the item a reply answers.
type Target struct {
	ExternalID string
	ThreadID   string
	Author     string // handle of its author
}

// Replier sends replies through one channel. The publishing package's
// publishers post top-level statuses only; a reply needs the network's
// reply reference, so each network's reply call lives here, next to the
// publisher it reuses (rules, lookups, record keys).
type Replier interface {
	// Rules are the channel's limits, as its publisher states them.
	Rules() publisher.Rules
	// Compose returns the text as it will be sent (Mastodon replies start
	// with a mention of the author, as its clients do).
	Compose(to Target, text string) string
	// Reply sends text in reply to the target. key is the same for every
	// attempt; the network uses it to recognise a retry.
	Reply(ctx context.Context, to Target, text, key string) (publisher.Result, error)
	// Find looks for a reply made with key since an attempt whose outcome
	// is unknown.
	Find(ctx context.Context, to Target, text, key string, since time.Time) (publisher.Result, bool, error)
}

// ReplierFactory opens a replier for a channel's full configuration.
type ReplierFactory func(cfg json.RawMessage, deps connector.Deps) (Replier, error)

// --- Mastodon ---

type mastodonReplier struct {
	cfg  pubmastodon.Config
	pub  publisher.Publisher
	deps connector.Deps
}

func newMastodonReplier(raw json.RawMessage, deps connector.Deps) (Replier, error) {
	pub, err := pubmastodon.New(raw, deps)
	if err != nil {
		return nil, err
	}
	var c pubmastodon.Config
	json.Unmarshal(raw, &c)
	c.InstanceURL = strings.TrimRight(c.InstanceURL, "/")
	return &mastodonReplier{cfg: c, pub: pub, deps: deps}, nil
}

func (m *mastodonReplier) Rules() publisher.Rules { return m.pub.Rules() }

func (m *mastodonReplier) Compose(to Target, text string) string {
	h := strings.TrimPrefix(to.Author, "@")
	if h == "" || strings.Contains(strings.ToLower(text), "@"+strings.ToLower(h)) {
		return text
	}
	return "@" + h + " " + text
}

func (m *mastodonReplier) Reply(ctx context.Context, to Target, text, key string) (publisher.Result, error) {
	body, _ := json.Marshal(map[string]string{"status": text, "in_reply_to_id": to.ExternalID,
		"visibility": cmp.Or(m.cfg.Visibility, "public")})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.cfg.InstanceURL+"/api/v1/statuses", bytes.NewReader(body))
	if err != nil {
		return publisher.Result{}, connector.Errorf(connector.Permanent, "mastodon: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+m.cfg.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", key)
	_, respBody, err := connector.Do(m.deps, req)
	if err != nil {
		return publisher.Result{}, err
	}
	var s struct {
		ID  string  `json:"id"`
		URL *string `json:"url"`
		URI string  `json:"uri"`
	}
	if err := connector.DecodeJSONBody(respBody, &s); err != nil || s.ID == "" {
		return publisher.Result{}, connector.Malformed("POST "+m.cfg.InstanceURL+"/api/v1/statuses", err)
	}
	u := s.URI
	if s.URL != nil && *s.URL != "" {
		u = *s.URL
	}
	return publisher.Result{ExternalID: s.ID, URL: u}, nil
}

// Find reuses the publisher's lookup among the account's latest statuses.
func (m *mastodonReplier) Find(ctx context.Context, to Target, text, key string, since time.Time) (publisher.Result, bool, error) {
	f, ok := m.pub.(publisher.Finder)
	if !ok {
		return publisher.Result{}, false, nil
	}
	return f.Find(ctx, publisher.Content{Text: text}, key, since)
}

// --- Bluesky ---

type blueskyReplier struct {
	cfg  pubbluesky.Config
	pub  publisher.Publisher
	deps connector.Deps

	mu     sync.Mutex
	access string
	did    string
	handle string
}

func newBlueskyReplier(raw json.RawMessage, deps connector.Deps) (Replier, error) {
	pub, err := pubbluesky.New(raw, deps)
	if err != nil {
		return nil, err
	}
	var c pubbluesky.Config
	json.Unmarshal(raw, &c)
	c.Handle = strings.TrimPrefix(strings.TrimSpace(c.Handle), "@")
	c.Service = strings.TrimRight(cmp.Or(c.Service, pubbluesky.DefaultService), "/")
	return &blueskyReplier{cfg: c, pub: pub, deps: deps}, nil
}

func (b *blueskyReplier) Rules() publisher.Rules { return b.pub.Rules() }

func (b *blueskyReplier) Compose(_ Target, text string) string { return text }

func (b *blueskyReplier) call(ctx context.Context, method, nsid string, q url.Values, in any, out any) (*http.Response, []byte, error) {
	u := b.cfg.Service + "/xrpc/" + nsid
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, connector.Errorf(connector.Permanent, "bluesky: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	b.mu.Lock()
	tok := b.access
	b.mu.Unlock()
	if tok != "" && nsid != "com.atproto.server.createSession" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, respBody, err := connector.Do(b.deps, req)
	if err != nil {
		return resp, respBody, err
	}
	if out != nil {
		if err := connector.DecodeJSONBody(respBody, out); err != nil {
			return resp, respBody, connector.Malformed(method+" "+nsid, err)
		}
	}
	return resp, respBody, nil
}

func (b *blueskyReplier) signIn(ctx context.Context) error {
	b.mu.Lock()
	ok := b.access != ""
	b.mu.Unlock()
	if ok {
		return nil
	}
	var out struct {
		AccessJwt string `json:"accessJwt"`
		DID       string `json:"did"`
		Handle    string `json:"handle"`
	}
	_, _, err := b.call(ctx, http.MethodPost, "com.atproto.server.createSession", nil,
		map[string]string{"identifier": b.cfg.Handle, "password": b.cfg.AppPassword}, &out)
	if err != nil {
		if connector.Classify(err) == connector.Permanent {
			return &connector.Error{Class: connector.CredentialsExpired, Msg: "bluesky: sign-in of " + b.cfg.Handle + " refused", Err: err}
		}
		return err
	}
	b.mu.Lock()
	b.access, b.did, b.handle = out.AccessJwt, out.DID, out.Handle
	b.mu.Unlock()
	return nil
}

type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// splitATURI returns the repo, collection and record key of an at:// URI.
func splitATURI(u string) (repo, coll, rkey string, ok bool) {
	rest, found := strings.CutPrefix(u, "at://")
	if !found {
		return "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// refs returns the strong references (uri and cid) of the post answered
// and of its thread's root, from the record (the PDS that holds it) or,
// failing that, from the app view.
func (b *blueskyReplier) refs(ctx context.Context, to Target) (parent, root strongRef, err error) {
	repo, coll, rkey, ok := splitATURI(to.ExternalID)
	if !ok {
		return parent, root, connector.Errorf(connector.Permanent, "bluesky: %q is not a post URI", to.ExternalID)
	}
	var rec struct {
		URI   string `json:"uri"`
		CID   string `json:"cid"`
		Value struct {
			Reply *struct {
				Root strongRef `json:"root"`
			} `json:"reply"`
		} `json:"value"`
	}
	_, _, err = b.call(ctx, http.MethodGet, "com.atproto.repo.getRecord", url.Values{"repo": {repo}, "collection": {coll}, "rkey": {rkey}}, nil, &rec)
	if err != nil || rec.CID == "" {
		var posts struct {
			Posts []struct {
				URI    string `json:"uri"`
				CID    string `json:"cid"`
				Record struct {
					Reply *struct {
						Root strongRef `json:"root"`
					} `json:"reply"`
				} `json:"record"`
			} `json:"posts"`
		}
		if _, _, err2 := b.call(ctx, http.MethodGet, "app.bsky.feed.getPosts", url.Values{"uris": {to.ExternalID}}, nil, &posts); err2 != nil {
			return parent, root, cmp.Or(err, err2)
		}
		if len(posts.Posts) == 0 || posts.Posts[0].CID == "" {
			return parent, root, connector.Errorf(connector.Permanent, "bluesky: the post answered (%s) was not found", to.ExternalID)
		}
		rec.URI, rec.CID = posts.Posts[0].URI, posts.Posts[0].CID
		rec.Value.Reply = posts.Posts[0].Record.Reply
	}
	parent = strongRef{URI: cmp.Or(rec.URI, to.ExternalID), CID: rec.CID}
	root = parent
	if rec.Value.Reply != nil && rec.Value.Reply.Root.URI != "" && rec.Value.Reply.Root.CID != "" {
		root = rec.Value.Reply.Root
	}
	return parent, root, nil
}

func (b *blueskyReplier) Reply(ctx context.Context, to Target, text, key string) (publisher.Result, error) {
	if !pubbluesky.ValidTID(key) {
		return publisher.Result{}, connector.Errorf(connector.Permanent, "bluesky: idempotency key %q is not a record key (TID)", key)
	}
	if err := b.signIn(ctx); err != nil {
		return publisher.Result{}, err
	}
	parent, root, err := b.refs(ctx, to)
	if err != nil {
		return publisher.Result{}, err
	}
	record := map[string]any{"$type": "app.bsky.feed.post", "text": text, "createdAt": b.deps.Clock.Now().UTC().Format(time.RFC3339Nano),
		"reply": map[string]any{"root": root, "parent": parent}}
	if f := pubbluesky.Facets(text); len(f) > 0 {
		record["facets"] = f
	}
	b.mu.Lock()
	did := b.did
	b.mu.Unlock()
	var out strongRef
	_, _, err = b.call(ctx, http.MethodPost, "com.atproto.repo.createRecord", nil,
		map[string]any{"repo": did, "collection": "app.bsky.feed.post", "rkey": key, "record": record}, &out)
	if err == nil {
		return publisher.Result{ExternalID: out.URI, URL: b.postURL(did, key)}, nil
	}
	if c := connector.Classify(err); c == connector.CredentialsExpired || c == connector.RateLimited {
		return publisher.Result{}, err
	}
	// The record may exist already (an earlier attempt went out): the key
	// tells.
	if res, ok, ferr := b.Find(ctx, to, text, key, time.Time{}); ferr == nil && ok {
		return res, nil
	}
	return publisher.Result{}, err
}

func (b *blueskyReplier) postURL(did, rkey string) string {
	b.mu.Lock()
	h := cmp.Or(b.handle, did)
	b.mu.Unlock()
	return "https://bsky.app/profile/" + h + "/post/" + rkey
}

// Find reads the record with the reply's key.
func (b *blueskyReplier) Find(ctx context.Context, _ Target, _ string, key string, _ time.Time) (publisher.Result, bool, error) {
	if err := b.signIn(ctx); err != nil {
		return publisher.Result{}, false, err
	}
	b.mu.Lock()
	did := b.did
	b.mu.Unlock()
	var out strongRef
	resp, body, err := b.call(ctx, http.MethodGet, "com.atproto.repo.getRecord",
		url.Values{"repo": {did}, "collection": {"app.bsky.feed.post"}, "rkey": {key}}, nil, &out)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusBadRequest && strings.Contains(string(body), "RecordNotFound") {
			return publisher.Result{}, false, nil
		}
		return publisher.Result{}, false, err
	}
	if out.URI == "" {
		return publisher.Result{}, false, errors.New("bluesky: getRecord answered without a uri")
	}
	return publisher.Result{ExternalID: out.URI, URL: b.postURL(did, key)}, true, nil
}
