// Package webhook publishes to any HTTP endpoint: a JSON POST signed with
// HMAC-SHA256, carrying an Idempotency-Key header that stays the same
// across every retry of one variant, so that the receiver can recognise a
// repeated delivery.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// Type is the channel type.
const Type = "webhook"

// SignatureHeader carries "sha256=<hex HMAC-SHA256 of the body>".
const SignatureHeader = "X-Parvis-Signature"

// Config configures a webhook channel.
type Config struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// Payload is the JSON body sent for a publication. It holds nothing that
// changes between attempts, so a retry is byte-for-byte the same request.
type Payload struct {
	IdempotencyKey string         `json:"idempotency_key"`
	Text           string         `json:"text"`
	Media          []PayloadMedia `json:"media,omitempty"`
	// InReplyTo is the id the receiver answered for the post this one
	// follows (a thread's previous part).
	InReplyTo string `json:"in_reply_to,omitempty"`
}

// PayloadMedia is an attachment, its bytes in base64.
type PayloadMedia struct {
	MIME string `json:"mime"`
	Alt  string `json:"alt,omitempty"`
	Data []byte `json:"data"`
}

// Answer is what a receiver may reply; both fields are optional.
type Answer struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// Spec registers the type.
func Spec() publisher.Spec {
	return publisher.Spec{Type: Type, NameEN: "Webhook", NameFR: "Webhook", Retry: publisher.Deduplicated,
		Fields: []connector.Field{
			{Name: "url", Type: "url", Required: true, HelpEN: "The address Parvis POSTs each post to, as JSON.", HelpFR: "L'adresse à laquelle Parvis envoie chaque publication en JSON (POST)."},
			{Name: "secret", Type: "secret", Secret: true,
				HelpEN: "Signs each body: header X-Parvis-Signature: sha256=<hex HMAC-SHA256 of the body>. The Idempotency-Key header is the same for every retry of a post.",
				HelpFR: "Signe chaque envoi : en-tête X-Parvis-Signature: sha256=<HMAC-SHA256 hexadécimal du corps>. L'en-tête Idempotency-Key est le même à chaque nouvel essai d'une publication."},
		},
		Rules: publisher.Rules{MaxLength: 100000, Counting: publisher.Runes, MaxMedia: 4, MaxMediaBytes: 5 << 20, AltText: true, Threads: true,
			MediaTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}},
		New: New}
}

type hook struct {
	cfg  Config
	deps publisher.Deps
}

// New decodes the configuration.
func New(raw json.RawMessage, deps publisher.Deps) (publisher.Publisher, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	u, err := connector.CheckHTTPURL("url", c.URL, "")
	if err != nil {
		return nil, err
	}
	c.URL = u
	return &hook{cfg: c, deps: deps}, nil
}

func (h *hook) Rules() publisher.Rules { return Spec().Rules }

// Verify cannot post a test message without publishing it; it only checks
// the address form (the service checks it against the fetch guard).
func (h *hook) Verify(ctx context.Context) (publisher.Account, error) {
	u, _ := url.Parse(h.cfg.URL)
	return publisher.Account{Name: u.Host}, nil
}

// Sign returns the signature header value of body.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (h *hook) Publish(ctx context.Context, c publisher.Content, key string) (publisher.Result, error) {
	p := Payload{IdempotencyKey: key, Text: c.Text, InReplyTo: c.ReplyTo}
	for _, m := range c.Media {
		p.Media = append(p.Media, PayloadMedia{MIME: m.MIME, Alt: m.Alt, Data: m.Data})
	}
	body, _ := json.Marshal(p)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return publisher.Result{}, connector.Errorf(connector.Permanent, "webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	if h.cfg.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(h.cfg.Secret, body))
	}
	_, respBody, err := connector.Do(h.deps, req)
	if err != nil {
		return publisher.Result{}, err
	}
	var a Answer
	_ = json.Unmarshal(respBody, &a) // an empty or non-JSON 2xx answer is a success too
	if a.ID == "" {
		a.ID = key
	}
	return publisher.Result{ExternalID: a.ID, URL: a.URL}, nil
}
