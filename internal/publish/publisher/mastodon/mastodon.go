// Package mastodon publishes statuses to a Mastodon-API server (Mastodon,
// and servers that implement its client API such as snac2 or GoToSocial).
//
// Retries: the Idempotency-Key header is sent with every attempt; Mastodon
// honours it for an hour. snac2 2.75 ignores it (checked against the local
// peer: two POSTs with one key make two statuses), so after an attempt
// whose outcome is unknown the publisher looks for the status among the
// account's latest ones (Find) before sending it again.
package mastodon

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// Type is the channel type.
const Type = "mastodon"

// DefaultMaxCharacters is Mastodon's default status length.
const DefaultMaxCharacters = 500

// Config configures a Mastodon channel. MaxCharacters and URLLength are
// learnt from the instance when the channel is verified.
type Config struct {
	InstanceURL   string `json:"instance_url"`
	AccessToken   string `json:"access_token"`
	MaxCharacters int    `json:"max_characters,omitempty"`
	URLLength     int    `json:"url_length,omitempty"`
	Visibility    string `json:"visibility,omitempty"`
}

var rulesBase = publisher.Rules{MaxLength: DefaultMaxCharacters, Counting: publisher.MastodonChars, URLLength: 23,
	MaxMedia: 4, MediaTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}, MaxMediaBytes: 16 << 20,
	AltText: true, Threads: true,
	// Mastodon allows 300 statuses per account in 3 hours.
	Rate: publisher.Rate{N: 300, Per: 3 * time.Hour}}

// Spec registers the type.
func Spec() publisher.Spec {
	return publisher.Spec{Type: Type, NameEN: "Mastodon", NameFR: "Mastodon", Retry: publisher.Lookup,
		Fields: []connector.Field{
			{Name: "instance_url", Type: "url", Required: true, HelpEN: "The server, e.g. https://mastodon.social", HelpFR: "Le serveur, par ex. https://mastodon.social"},
			{Name: "access_token", Type: "secret", Required: true, Secret: true, HelpEN: "An access token with the write:statuses scope (or connect with OAuth).", HelpFR: "Un jeton d'accès avec la portée write:statuses (ou connectez-vous avec OAuth)."},
			{Name: "visibility", Type: "string", HelpEN: "public (default), unlisted or private", HelpFR: "public (par défaut), unlisted ou private"},
		},
		Rules: rulesBase, New: New}
}

type client struct {
	cfg  Config
	deps publisher.Deps
}

// New decodes the configuration.
func New(raw json.RawMessage, deps publisher.Deps) (publisher.Publisher, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	u, err := connector.CheckHTTPURL("instance_url", c.InstanceURL, "")
	if err != nil {
		return nil, err
	}
	c.InstanceURL = u
	if err := connector.Required("access_token", c.AccessToken); err != nil {
		return nil, err
	}
	switch c.Visibility {
	case "", "public", "unlisted", "private":
	default:
		return nil, connector.FieldErrorf("visibility", "must be public, unlisted or private")
	}
	return &client{cfg: c, deps: deps}, nil
}

func (m *client) Rules() publisher.Rules {
	r := rulesBase
	if m.cfg.MaxCharacters > 0 {
		r.MaxLength = m.cfg.MaxCharacters
	}
	if m.cfg.URLLength > 0 {
		r.URLLength = m.cfg.URLLength
	}
	return r
}

func (m *client) header() http.Header {
	return http.Header{"Authorization": {"Bearer " + m.cfg.AccessToken}}
}

type account struct {
	ID   string `json:"id"`
	Acct string `json:"acct"`
	URL  string `json:"url"`
}

// Verify checks the token and reads the instance's limits.
func (m *client) Verify(ctx context.Context) (publisher.Account, error) {
	var a account
	resp, err := connector.GetJSON(ctx, m.deps, m.cfg.InstanceURL+"/api/v1/accounts/verify_credentials", m.header(), &a)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnprocessableEntity {
			// snac2 answers an unknown token with 422 here (Mastodon: 401).
			return publisher.Account{}, &connector.Error{Class: connector.CredentialsExpired, Msg: "mastodon: the access token was refused", Err: err}
		}
		return publisher.Account{}, err
	}
	var inst struct {
		Configuration struct {
			Statuses struct {
				MaxCharacters            int `json:"max_characters"`
				CharactersReservedPerURL int `json:"characters_reserved_per_url"`
			} `json:"statuses"`
		} `json:"configuration"`
	}
	cfg := map[string]any{}
	if _, err := connector.GetJSON(ctx, m.deps, m.cfg.InstanceURL+"/api/v1/instance", nil, &inst); err == nil {
		if n := inst.Configuration.Statuses.MaxCharacters; n > 0 {
			cfg["max_characters"] = n
		}
		if n := inst.Configuration.Statuses.CharactersReservedPerURL; n > 0 {
			cfg["url_length"] = n
		}
	}
	name := a.Acct
	if a.URL != "" {
		name = a.URL
	}
	return publisher.Account{Name: name, Config: cfg}, nil
}

type status struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	URI       string    `json:"uri"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"created_at"`
	// InReplyToID tells a thread's parts apart when two say the same.
	InReplyToID *string `json:"in_reply_to_id"`
}

// upload sends one attachment (POST /api/v2/media) and returns its id.
// An upload whose status never goes out is harmless: servers drop
// unattached media.
func (m *client) upload(ctx context.Context, md publisher.Media, key string, n int) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="parvis-%d%s"`, n, extension(md.MIME)))
	h.Set("Content-Type", md.MIME)
	fw, _ := mw.CreatePart(h)
	fw.Write(md.Data)
	if md.Alt != "" {
		mw.WriteField("description", md.Alt)
	}
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.cfg.InstanceURL+"/api/v2/media", &buf)
	if err != nil {
		return "", connector.Errorf(connector.Permanent, "mastodon: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+m.cfg.AccessToken)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	// With a key, net/http may resend the upload on a kept-alive
	// connection the server had closed (snac2 does that between calls).
	req.Header.Set("Idempotency-Key", fmt.Sprintf("%s-media-%d", key, n))
	_, body, err := connector.Do(m.deps, req)
	if err != nil {
		return "", err
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := connector.DecodeJSONBody(body, &out); err != nil || out.ID == "" {
		return "", connector.Malformed("POST "+m.cfg.InstanceURL+"/api/v2/media", err)
	}
	return out.ID, nil
}

func extension(mime string) string {
	switch mime {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "video/mp4":
		return ".mp4"
	}
	return ""
}

func (m *client) Publish(ctx context.Context, c publisher.Content, key string) (publisher.Result, error) {
	post := map[string]any{"status": c.Text, "visibility": cmp.Or(m.cfg.Visibility, "public")}
	if c.ReplyTo != "" {
		post["in_reply_to_id"] = c.ReplyTo
	}
	if c.Direct {
		post["visibility"] = "direct"
	}
	var ids []string
	for i, md := range c.Media {
		id, err := m.upload(ctx, md, key, i+1)
		if err != nil {
			return publisher.Result{}, err
		}
		ids = append(ids, id)
	}
	if len(ids) > 0 {
		post["media_ids"] = ids
	}
	body, _ := json.Marshal(post)
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
	var s status
	if err := connector.DecodeJSONBody(respBody, &s); err != nil || s.ID == "" {
		// The server accepted the request; what went wrong is the answer.
		// Retrying is safe: Find or the key recognise the status.
		return publisher.Result{}, connector.Malformed("POST "+m.cfg.InstanceURL+"/api/v1/statuses", err)
	}
	return publisher.Result{ExternalID: s.ID, URL: cmp.Or(s.URL, s.URI)}, nil
}

// Find looks for c among the account's latest statuses created since
// (minus a minute of clock skew).
func (m *client) Find(ctx context.Context, c publisher.Content, key string, since time.Time) (publisher.Result, bool, error) {
	var a account
	if _, err := connector.GetJSON(ctx, m.deps, m.cfg.InstanceURL+"/api/v1/accounts/verify_credentials", m.header(), &a); err != nil {
		return publisher.Result{}, false, err
	}
	var list []status
	u := m.cfg.InstanceURL + "/api/v1/accounts/" + url.PathEscape(a.ID) + "/statuses?limit=40"
	if _, err := connector.GetJSON(ctx, m.deps, u, m.header(), &list); err != nil {
		return publisher.Result{}, false, err
	}
	// Servers escape the text's markup (Mastodon) or keep it as HTML
	// (snac2): both readings are compared.
	want, wantStripped := normalize(c.Text), normalize(tagRE.ReplaceAllString(c.Text, ""))
	for _, s := range list {
		if !s.CreatedAt.IsZero() && s.CreatedAt.Before(since.Add(-time.Minute)) {
			continue
		}
		if c.ReplyTo != "" && (s.InReplyToID == nil || *s.InReplyToID != c.ReplyTo) {
			continue // another part of the thread, or another reply
		}
		if got := normalize(PlainText(s.Content)); got == want || got == wantStripped {
			return publisher.Result{ExternalID: s.ID, URL: cmp.Or(s.URL, s.URI)}, true, nil
		}
	}
	return publisher.Result{}, false, nil
}

var (
	breakRE = regexp.MustCompile(`(?i)<br\s*/?>|</p>\s*<p[^>]*>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
)

// PlainText turns a status's HTML content back into text.
func PlainText(content string) string {
	s := breakRE.ReplaceAllString(content, "\n")
	s = tagRE.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }
