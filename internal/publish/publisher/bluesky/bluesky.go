// Package bluesky publishes posts to an AT Protocol PDS (Bluesky) with a
// handle and an app password.
//
// Retries: each post is created with com.atproto.repo.createRecord and a
// record key (a TID) chosen before the first attempt — the variant's
// idempotency key. A second createRecord with the same key does not make a
// second post: the reference PDS answers it with an error (HTTP 500, not a
// clean conflict, checked against the local peer), so after any failed or
// unknown attempt the publisher asks getRecord whether the record exists.
package bluesky

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// Type is the channel type.
const Type = "bluesky"

// DefaultService is the entryway used when no PDS is given: it signs in
// accounts hosted on any Bluesky PDS.
const DefaultService = "https://bsky.social"

// Config configures a Bluesky channel.
type Config struct {
	Handle      string `json:"handle"`
	AppPassword string `json:"app_password"`
	Service     string `json:"service,omitempty"`
}

var rules = publisher.Rules{MaxLength: 300, Counting: publisher.Graphemes, MaxMedia: 4,
	MediaTypes: []string{"image/jpeg", "image/png", "image/webp"}, MaxMediaBytes: 1000000, AltText: true, Threads: true,
	// A PDS allows 5,000 points an hour; a created record costs 3.
	Rate: publisher.Rate{N: 1600, Per: time.Hour}}

// Spec registers the type.
func Spec() publisher.Spec {
	return publisher.Spec{Type: Type, NameEN: "Bluesky", NameFR: "Bluesky", Retry: publisher.Deduplicated, PartKey: PartKey,
		Fields: []connector.Field{
			{Name: "handle", Type: "string", Required: true, HelpEN: "The account's handle, e.g. example.bsky.social", HelpFR: "L'identifiant du compte, par ex. exemple.bsky.social"},
			{Name: "app_password", Type: "secret", Required: true, Secret: true, HelpEN: "An app password (Settings → App passwords), not the account password.", HelpFR: "Un mot de passe d'application (Réglages → Mots de passe d'application), pas celui du compte."},
			{Name: "service", Type: "url", HelpEN: "The PDS, when not " + DefaultService, HelpFR: "Le PDS, s'il ne s'agit pas de " + DefaultService},
		},
		Rules: rules, New: New}
}

type client struct {
	cfg  Config
	deps publisher.Deps

	mu     sync.Mutex
	access string
	did    string
	handle string
}

// New decodes the configuration.
func New(raw json.RawMessage, deps publisher.Deps) (publisher.Publisher, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	c.Handle = strings.TrimPrefix(strings.TrimSpace(c.Handle), "@")
	if err := connector.Required("handle", c.Handle); err != nil {
		return nil, err
	}
	if err := connector.Required("app_password", c.AppPassword); err != nil {
		return nil, err
	}
	s, err := connector.CheckHTTPURL("service", c.Service, DefaultService)
	if err != nil {
		return nil, err
	}
	c.Service = s
	return &client{cfg: c, deps: deps}, nil
}

func (b *client) Rules() publisher.Rules { return rules }

func (b *client) xrpc(ctx context.Context, method, nsid string, query url.Values, in any, token string, out any) error {
	u := b.cfg.Service + "/xrpc/" + nsid
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body *bytes.Reader
	if in != nil {
		j, _ := json.Marshal(in)
		body = bytes.NewReader(j)
	} else {
		body = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return connector.Errorf(connector.Permanent, "bluesky: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if method == http.MethodPost {
		// The procedures called here are createSession (another session
		// does no harm) and createRecord with the post's key as rkey (a
		// second copy cannot be made; Publish finds the first by its key).
		connector.MarkReplayable(req)
	}
	resp, respBody, err := connector.Do(b.deps, req)
	if err != nil {
		var ce *connector.Error
		if resp != nil && resp.StatusCode == http.StatusBadRequest && errors.As(err, &ce) {
			var x struct{ Error string }
			if json.Unmarshal(respBody, &x) == nil && (x.Error == "ExpiredToken" || x.Error == "InvalidToken") {
				ce.Class = connector.CredentialsExpired
			}
		}
		return err
	}
	if out != nil {
		if err := connector.DecodeJSONBody(respBody, out); err != nil {
			return connector.Malformed(method+" "+nsid, err)
		}
	}
	return nil
}

// signIn creates a session; the caller holds mu.
func (b *client) signIn(ctx context.Context) error {
	var out struct {
		AccessJwt string `json:"accessJwt"`
		DID       string `json:"did"`
		Handle    string `json:"handle"`
	}
	err := b.xrpc(ctx, http.MethodPost, "com.atproto.server.createSession", nil,
		map[string]string{"identifier": b.cfg.Handle, "password": b.cfg.AppPassword}, "", &out)
	if err != nil {
		if connector.Classify(err) == connector.Permanent {
			return &connector.Error{Class: connector.CredentialsExpired, Msg: "bluesky: sign-in of " + b.cfg.Handle + " refused", Err: err}
		}
		return err
	}
	if out.AccessJwt == "" || out.DID == "" {
		return connector.Malformed("createSession", errors.New("no accessJwt or did"))
	}
	b.access, b.did, b.handle = out.AccessJwt, out.DID, out.Handle
	return nil
}

// session returns a valid access token and DID, signing in when needed.
func (b *client) session(ctx context.Context, renew bool) (string, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.access == "" || renew {
		if err := b.signIn(ctx); err != nil {
			return "", "", err
		}
	}
	return b.access, b.did, nil
}

// authed runs f with a session, signing in again once if the token expired.
func (b *client) authed(ctx context.Context, f func(token, did string) error) error {
	tok, did, err := b.session(ctx, false)
	if err != nil {
		return err
	}
	err = f(tok, did)
	if connector.Classify(err) != connector.CredentialsExpired {
		return err
	}
	if tok, did, err = b.session(ctx, true); err != nil {
		return err
	}
	return f(tok, did)
}

func (b *client) Verify(ctx context.Context) (publisher.Account, error) {
	if _, _, err := b.session(ctx, true); err != nil {
		return publisher.Account{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return publisher.Account{Name: "@" + b.handle, Config: map[string]any{"service": b.cfg.Service}}, nil
}

func (b *client) postURL(did, rkey string) string {
	b.mu.Lock()
	h := b.handle
	b.mu.Unlock()
	if h == "" {
		h = did
	}
	return "https://bsky.app/profile/" + h + "/post/" + rkey
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)\]]`)

// Facets makes the links of text clickable (byte offsets, as the
// lexicon wants).
func Facets(text string) []any {
	var out []any
	for _, m := range linkRE.FindAllStringIndex(text, -1) {
		out = append(out, map[string]any{
			"index":    map[string]int{"byteStart": m[0], "byteEnd": m[1]},
			"features": []any{map[string]string{"$type": "app.bsky.richtext.facet#link", "uri": text[m[0]:m[1]]}},
		})
	}
	return out
}

func (b *client) Publish(ctx context.Context, c publisher.Content, key string) (publisher.Result, error) {
	if !ValidTID(key) {
		return publisher.Result{}, connector.Errorf(connector.Permanent, "bluesky: idempotency key %q is not a record key (TID)", key)
	}
	var res publisher.Result
	err := b.authed(ctx, func(tok, did string) error {
		record := map[string]any{"$type": "app.bsky.feed.post", "text": c.Text, "createdAt": b.deps.Clock.Now().UTC().Format(time.RFC3339Nano)}
		if f := Facets(c.Text); len(f) > 0 {
			record["facets"] = f
		}
		if len(c.Media) > 0 {
			var images []any
			for _, md := range c.Media {
				blob, err := b.uploadBlob(ctx, tok, md)
				if err != nil {
					return err
				}
				images = append(images, map[string]any{"alt": md.Alt, "image": blob})
			}
			record["embed"] = map[string]any{"$type": "app.bsky.embed.images", "images": images}
		}
		if c.ReplyTo != "" {
			parent, root, err := b.replyRefs(ctx, tok, c.ReplyTo)
			if err != nil {
				return err
			}
			record["reply"] = map[string]any{"root": root, "parent": parent}
		}
		var out struct{ URI, CID string }
		err := b.xrpc(ctx, http.MethodPost, "com.atproto.repo.createRecord", nil,
			map[string]any{"repo": did, "collection": "app.bsky.feed.post", "rkey": key, "record": record}, tok, &out)
		if err != nil {
			return err
		}
		res = publisher.Result{ExternalID: out.URI, URL: b.postURL(did, key)}
		return nil
	})
	if err == nil {
		return res, nil
	}
	switch connector.Classify(err) {
	case connector.CredentialsExpired, connector.RateLimited:
		return publisher.Result{}, err
	}
	// The record may exist already (an earlier attempt went out, or this
	// one did and its answer was lost): the key tells.
	if found, ok, ferr := b.Find(ctx, c, key, time.Time{}); ferr == nil && ok {
		return found, nil
	}
	return publisher.Result{}, err
}

// StrongRef names one version of a record.
type StrongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// SplitATURI returns the repo, collection and record key of an at:// URI.
func SplitATURI(u string) (repo, coll, rkey string, ok bool) {
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

// replyRefs returns the strong references of the post answered (uri and
// cid) and of its thread's root, read from the record on this PDS or,
// for a post held elsewhere, from the app view.
func (b *client) replyRefs(ctx context.Context, tok, uri string) (parent, root StrongRef, err error) {
	repo, coll, rkey, ok := SplitATURI(uri)
	if !ok {
		return parent, root, connector.Errorf(connector.Permanent, "bluesky: %q is not a post URI", uri)
	}
	type replyRef struct {
		Root StrongRef `json:"root"`
	}
	var rec struct {
		URI   string `json:"uri"`
		CID   string `json:"cid"`
		Value struct {
			Reply *replyRef `json:"reply"`
		} `json:"value"`
	}
	_, _, err = b.get(ctx, "com.atproto.repo.getRecord", url.Values{"repo": {repo}, "collection": {coll}, "rkey": {rkey}}, tok, &rec)
	if err != nil || rec.CID == "" {
		var posts struct {
			Posts []struct {
				URI    string `json:"uri"`
				CID    string `json:"cid"`
				Record struct {
					Reply *replyRef `json:"reply"`
				} `json:"record"`
			} `json:"posts"`
		}
		if _, _, err2 := b.get(ctx, "app.bsky.feed.getPosts", url.Values{"uris": {uri}}, tok, &posts); err2 != nil {
			return parent, root, cmp.Or(err, err2)
		}
		if len(posts.Posts) == 0 || posts.Posts[0].CID == "" {
			return parent, root, connector.Errorf(connector.Permanent, "bluesky: the post answered (%s) was not found", uri)
		}
		rec.URI, rec.CID, rec.Value.Reply = posts.Posts[0].URI, posts.Posts[0].CID, posts.Posts[0].Record.Reply
	}
	parent = StrongRef{URI: cmp.Or(rec.URI, uri), CID: rec.CID}
	root = parent
	if rec.Value.Reply != nil && rec.Value.Reply.Root.URI != "" && rec.Value.Reply.Root.CID != "" {
		root = rec.Value.Reply.Root
	}
	return parent, root, nil
}

// Find reads the record with the variant's key.
func (b *client) Find(ctx context.Context, c publisher.Content, key string, since time.Time) (publisher.Result, bool, error) {
	var res publisher.Result
	var found bool
	err := b.authed(ctx, func(tok, did string) error {
		var out struct{ URI, CID string }
		q := url.Values{"repo": {did}, "collection": {"app.bsky.feed.post"}, "rkey": {key}}
		resp, body, err := b.get(ctx, "com.atproto.repo.getRecord", q, tok, &out)
		if err != nil {
			if resp != nil && resp.StatusCode == http.StatusBadRequest && strings.Contains(string(body), "RecordNotFound") {
				return nil
			}
			return err
		}
		res, found = publisher.Result{ExternalID: out.URI, URL: b.postURL(did, key)}, true
		return nil
	})
	return res, found, err
}

func (b *client) get(ctx context.Context, nsid string, q url.Values, tok string, out any) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.cfg.Service+"/xrpc/"+nsid+"?"+q.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, body, err := connector.Do(b.deps, req)
	if err != nil {
		return resp, body, err
	}
	return resp, body, connector.DecodeJSONBody(body, out)
}

// uploadBlob stores an image on the PDS and returns its blob reference.
// A blob no record uses is dropped by the PDS, so a retry may upload again.
func (b *client) uploadBlob(ctx context.Context, tok string, md publisher.Media) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.Service+"/xrpc/com.atproto.repo.uploadBlob", bytes.NewReader(md.Data))
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, "bluesky: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", md.MIME)
	req.Header.Set("Accept", "application/json")
	_, body, err := connector.Do(b.deps, req)
	if err != nil {
		return nil, err
	}
	var out struct {
		Blob json.RawMessage `json:"blob"`
	}
	if err := connector.DecodeJSONBody(body, &out); err != nil || len(out.Blob) == 0 {
		return nil, connector.Malformed("uploadBlob", err)
	}
	return out.Blob, nil
}
