// Package bluesky is the connector for Bluesky and the AT Protocol. It
// registers three source types: keyword search through an AppView
// (app.bsky.feed.searchPosts), a connected account's notifications
// (mentions, replies, quotes; handle and app password), and live listening
// on Jetstream (websocket, keyword prefilter, cursor resume). It speaks
// XRPC with net/http and encoding/json.
package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of Bluesky items.
const Network = "bluesky"

// Default services.
const (
	DefaultAppView   = "https://public.api.bsky.app"
	DefaultPDS       = "https://bsky.social"
	DefaultJetstream = "wss://jetstream2.us-east.bsky.network"
)

const maxPages = 10

// Specs returns the specs of the three Bluesky source types.
func Specs() []connector.Spec {
	return []connector.Spec{SearchSpec(), NotificationsSpec(), JetstreamSpec()}
}

// PostRecord is an app.bsky.feed.post record.
type PostRecord struct {
	Type      string   `json:"$type"`
	Text      string   `json:"text"`
	CreatedAt string   `json:"createdAt"`
	Langs     []string `json:"langs"`
	Reply     *struct {
		Root   strongRef `json:"root"`
		Parent strongRef `json:"parent"`
	} `json:"reply"`
	Embed *struct {
		Type   string     `json:"$type"`
		Record *strongRef `json:"record"`
	} `json:"embed"`
}

type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// ProfileView is the author of a post or notification.
type ProfileView struct {
	DID         string `json:"did"`
	Handle      string `json:"handle"`
	DisplayName string `json:"displayName"`
}

// PostView is app.bsky.feed.defs#postView.
type PostView struct {
	URI         string          `json:"uri"`
	CID         string          `json:"cid"`
	Author      ProfileView     `json:"author"`
	Record      json.RawMessage `json:"record"`
	ReplyCount  int64           `json:"replyCount"`
	RepostCount int64           `json:"repostCount"`
	LikeCount   int64           `json:"likeCount"`
	QuoteCount  int64           `json:"quoteCount"`
	IndexedAt   string          `json:"indexedAt"`
}

// postItem turns a post record at uri by author into an item.
func postItem(uri string, author ProfileView, raw json.RawMessage, indexedAt string) (model.Item, bool) {
	var rec PostRecord
	if len(raw) == 0 || json.Unmarshal(raw, &rec) != nil {
		return model.Item{}, false
	}
	if rec.Type != "" && rec.Type != "app.bsky.feed.post" {
		return model.Item{}, false
	}
	created := parseTime(rec.CreatedAt)
	if created.IsZero() {
		created = parseTime(indexedAt)
	}
	text := connector.PlainText(rec.Text)
	if uri == "" || created.IsZero() || text == "" {
		return model.Item{}, false
	}
	it := model.Item{
		Network:    Network,
		ExternalID: uri,
		Kind:       model.KindPost,
		URL:        webURL(uri, author.Handle),
		Text:       text,
		CreatedAt:  created,
		ThreadID:   uri,
	}
	if len(rec.Langs) > 0 {
		it.Lang = rec.Langs[0]
	}
	if rec.Reply != nil && rec.Reply.Parent.URI != "" {
		it.Kind = model.KindReply
		it.ParentID = rec.Reply.Parent.URI
		it.ThreadID = firstNonEmpty(rec.Reply.Root.URI, rec.Reply.Parent.URI)
	}
	handle := firstNonEmpty(author.Handle, author.DID)
	it.Author = model.Author{Handle: handle, Name: connector.PlainText(firstNonEmpty(author.DisplayName, handle))}
	if handle != "" {
		it.Author.URL = "https://bsky.app/profile/" + handle
	}
	return it, true
}

// webURL is the bsky.app address of a post at-uri
// (at://did/app.bsky.feed.post/rkey).
func webURL(uri, handle string) string {
	rest, ok := strings.CutPrefix(uri, "at://")
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[1] != "app.bsky.feed.post" {
		return ""
	}
	who := firstNonEmpty(handle, parts[0])
	return "https://bsky.app/profile/" + url.PathEscape(who) + "/post/" + url.PathEscape(parts[2])
}

// xrpcError is the error body of XRPC.
type xrpcError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// xrpcGet calls a query method and decodes its output.
func xrpcGet(ctx context.Context, deps connector.Deps, service, method string, q url.Values, token string, v any) error {
	rawURL := service + "/xrpc/" + method
	if len(q) > 0 {
		rawURL += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return connector.Errorf(connector.Permanent, "bluesky: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	_, body, err := connector.Do(deps, req)
	if err != nil {
		return classifyXRPC(body, err)
	}
	if err := connector.DecodeJSONBody(body, v); err != nil {
		return connector.Malformed("GET "+connector.Redact(rawURL), err)
	}
	return nil
}

// xrpcPost calls a procedure with a JSON input: only createSession and
// refreshSession, which may be sent twice.
func xrpcPost(ctx context.Context, deps connector.Deps, service, method string, in any, token string, v any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	rawURL := service + "/xrpc/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return connector.Errorf(connector.Permanent, "bluesky: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	// Only sessions are created and refreshed here: asking again is harmless.
	connector.MarkReplayable(req)
	_, out, err := connector.Do(deps, req)
	if err != nil {
		return classifyXRPC(out, err)
	}
	if err := connector.DecodeJSONBody(out, v); err != nil {
		return connector.Malformed("POST "+rawURL, err)
	}
	return nil
}

// errTokenExpired marks an access token the server no longer accepts.
type errTokenExpired struct{ err error }

func (e errTokenExpired) Error() string { return e.err.Error() }
func (e errTokenExpired) Unwrap() error { return e.err }

// classifyXRPC refines HTTP classification with the XRPC error name of
// the body: an expired access token comes back as 400 ExpiredToken, which
// a session refresh fixes.
func classifyXRPC(body []byte, err error) error {
	var xe xrpcError
	if json.Unmarshal(body, &xe) != nil {
		return err
	}
	switch xe.Error {
	case "ExpiredToken", "InvalidToken":
		return errTokenExpired{&connector.Error{Class: connector.CredentialsExpired, Msg: "bluesky: session token expired", Err: err}}
	case "AccountTakedown", "AuthFactorTokenRequired", "AuthenticationRequired":
		return &connector.Error{Class: connector.CredentialsExpired, Msg: "bluesky: account cannot sign in (" + xe.Error + ")", Err: err}
	}
	return err
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// pageState is the polling state of search and notifications: a pass
// reads pages newest first until an item already delivered.
type pageState struct {
	Cursor string         `json:"cursor,omitempty"`
	Pages  int            `json:"pages,omitempty"`
	Seen   connector.Seen `json:"seen"`
}

func loadPageState(raw []byte) (pageState, error) {
	var st pageState
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return st, connector.Errorf(connector.Permanent, "bluesky: saved state is unreadable: %w", err)
		}
	}
	return st, nil
}

// finishPage keeps the unseen items of a page and advances the pass.
func finishPage(st pageState, items []model.Item, next string, now time.Time) (connector.Batch, error) {
	fresh := items[:0]
	reachedSeen := false
	for _, it := range items {
		if st.Seen.Has(it.ExternalID) {
			reachedSeen = true
			continue
		}
		st.Seen.Add(it.ExternalID)
		it.FetchedAt = now
		fresh = append(fresh, it)
	}
	more := !reachedSeen && next != "" && len(items) > 0 && st.Pages+1 < maxPages
	if more {
		st.Cursor, st.Pages = next, st.Pages+1
	} else {
		st.Cursor, st.Pages = "", 0
	}
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: fresh, State: b, More: more}, nil
}
