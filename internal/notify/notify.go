// Package notify delivers alert notifications: by e-mail (SMTP), to a
// generic webhook (JSON signed with HMAC-SHA256) and to the incoming
// webhooks of chat tools (Slack-compatible, Mattermost, Discord, Microsoft
// Teams). Each channel type is one entry of a registry of formatters; the
// HTTP ones go through the guarded fetch client.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Channel is where a notification goes.
type Channel struct {
	Type string `json:"type"`
	// URL is the webhook's address (every type but email).
	URL string `json:"url,omitempty"`
	// Secret signs generic webhooks (X-Parvis-Signature).
	Secret string `json:"secret,omitempty"`
	// To lists the e-mail recipients.
	To []string `json:"to,omitempty"`
}

// Field is a labelled figure shown with a message.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Message is one notification, already in the recipient's language.
type Message struct {
	Event      string    `json:"event"` // "incident.opened", "incident.reminder", "test"
	Title      string    `json:"title"`
	Text       string    `json:"text"`
	Link       string    `json:"link,omitempty"`
	Priority   string    `json:"priority"` // "normal", "high"
	Workspace  string    `json:"workspace"`
	Topic      string    `json:"topic,omitempty"`
	IncidentID int64     `json:"incident_id,omitempty"`
	Fields     []Field   `json:"fields,omitempty"`
	At         time.Time `json:"at"`
}

// Types lists the channel types.
func Types() []string {
	ts := make([]string, 0, len(chatFormats)+2)
	for t := range chatFormats {
		ts = append(ts, t)
	}
	ts = append(ts, "email", "webhook")
	slices.Sort(ts)
	return ts
}

// Validate checks a channel's settings; the error names the field.
func (c Channel) Validate() error {
	switch c.Type {
	case "email":
		if len(c.To) == 0 {
			return &FieldError{Field: "to", Msg: "needs at least one address"}
		}
		if len(c.To) > 20 {
			return &FieldError{Field: "to", Msg: "at most 20 addresses"}
		}
		for _, a := range c.To {
			if _, err := mail.ParseAddress(a); err != nil || strings.ContainsAny(a, "\r\n") {
				return &FieldError{Field: "to", Msg: fmt.Sprintf("%q is not an e-mail address", a)}
			}
		}
		return nil
	case "webhook":
	default:
		if _, ok := chatFormats[c.Type]; !ok {
			return &FieldError{Field: "type", Msg: "must be one of " + strings.Join(Types(), ", ")}
		}
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &FieldError{Field: "url", Msg: "must be an http(s) URL"}
	}
	return nil
}

// FieldError is a channel setting at fault.
type FieldError struct{ Field, Msg string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// PermanentError is a delivery that retrying will not fix (the receiver
// refused it).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a refusal not worth retrying.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Options configure a Sender.
type Options struct {
	// HTTP is the client for webhooks: the guarded fetch client.
	HTTP *http.Client
	SMTP SMTP
}

// Sender delivers messages.
type Sender struct {
	http *http.Client
	smtp SMTP
}

// Mailer sends one notification; *Sender is one, tests give others.
type Mailer interface {
	Send(ctx context.Context, ch Channel, m Message) error
}

// NewSender returns a sender.
func NewSender(o Options) *Sender { return &Sender{http: o.HTTP, smtp: o.SMTP} }

// Send delivers m on ch.
func (s *Sender) Send(ctx context.Context, ch Channel, m Message) error {
	if err := ch.Validate(); err != nil {
		return &PermanentError{err}
	}
	switch ch.Type {
	case "email":
		return s.sendMail(ctx, ch.To, m)
	case "webhook":
		body, err := jsonBody(m)
		if err != nil {
			return err
		}
		h := http.Header{}
		h.Set("X-Parvis-Event", m.Event)
		if ch.Secret != "" {
			h.Set("X-Parvis-Signature", Sign(ch.Secret, body))
		}
		return s.post(ctx, ch.URL, body, h)
	}
	body, err := chatFormats[ch.Type](m)
	if err != nil {
		return err
	}
	return s.post(ctx, ch.URL, body, http.Header{})
}

// Sign returns the X-Parvis-Signature value of body: "sha256=" and the hex
// HMAC-SHA256 of the body with the secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (s *Sender) post(ctx context.Context, u string, body []byte, h http.Header) error {
	if s.http == nil {
		return errors.New("notify: no HTTP client")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return &PermanentError{err}
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Parvis-Notify/1")
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	err = fmt.Errorf("%s answered %d: %s", redact(u), resp.StatusCode, strings.TrimSpace(string(snippet)))
	if resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
		return &PermanentError{err}
	}
	return err
}

// redact keeps a webhook URL's host: chat webhook URLs carry their secret
// in the path.
func redact(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Scheme + "://" + p.Host + "/…"
	}
	return "webhook"
}
