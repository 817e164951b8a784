// Package telegram speaks the Telegram Bot API: the client both the
// listening source (a bot's incoming messages, getUpdates) and the
// publisher (sendMessage…) use, and the source itself.
//
// The bot's token travels in the request path, so no error message here
// ever contains a URL path: they name the method and the server's host.
package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
)

// DefaultAPI is the Bot API server.
const DefaultAPI = "https://api.telegram.org"

// errMaybeSent marks failures after the request may have reached the
// server (its text holds no URL).
var errMaybeSent = errors.New("the request may have been carried out")

// maxAnswer bounds a Bot API answer (a page of 100 updates is far less).
const maxAnswer = 16 << 20

// Bot calls the Bot API for one bot.
type Bot struct {
	API   string // server address, DefaultAPI by default
	Token string
	Deps  connector.Deps
}

type answer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func (b Bot) where(method string) string {
	host := b.API
	if u, err := url.Parse(b.API); err == nil && u.Host != "" {
		host = u.Host
	}
	return "telegram " + method + " (" + host + ")"
}

// NewRequest builds a POST of method with body (the token in the path).
func (b Bot) NewRequest(ctx context.Context, method string, body io.Reader, contentType string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.API+"/bot"+b.Token+"/"+method, body)
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, "%s: bad request", b.where(method))
	}
	req.Header.Set("Content-Type", contentType)
	return req, nil
}

// Call posts method with a JSON body and decodes its result into out.
func (b Bot) Call(ctx context.Context, method string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return connector.Errorf(connector.Permanent, "%s: %v", b.where(method), err)
	}
	req, err := b.NewRequest(ctx, method, bytes.NewReader(body), "application/json")
	if err != nil {
		return err
	}
	return b.Send(req, method, out)
}

// Send sends a request built with NewRequest and reads the answer:
// {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…}.
// Errors are classified once: 429 (with retry_after or Retry-After) is
// rate limited, 401/403 (a revoked token, a bot removed from the chat)
// need a person, 5xx and unreadable answers are retried, the rest are
// permanent.
func (b Bot) Send(req *http.Request, method string, out any) error {
	resp, err := b.Deps.HTTP.Do(req)
	if err != nil {
		var ce *connector.Error
		if errors.As(err, &ce) {
			return err
		}
		// The transport error's text holds the URL, hence the token: it
		// is not kept. Only a failed dial says the request never left;
		// any other failure (a timeout after sending) may have been
		// carried out, which publishers must know (errMaybeSent).
		var op *net.OpError
		var dns *net.DNSError
		var blocked *fetch.BlockedError
		switch {
		case errors.As(err, &blocked):
			return &connector.Error{Class: connector.Permanent, Msg: b.where(method) + ": address refused by the fetch guard"}
		case errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial"):
			return &connector.Error{Class: connector.Retryable, Msg: b.where(method) + ": cannot connect"}
		}
		return &connector.Error{Class: connector.Retryable, Msg: b.where(method) + ": network error", Err: errMaybeSent}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return &connector.Error{Class: connector.Retryable, Msg: b.where(method) + ": answer cut short", Err: errMaybeSent}
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil || (!a.OK && a.ErrorCode == 0) {
		if resp.StatusCode >= 400 {
			return b.statusError(method, resp, resp.StatusCode, resp.Status)
		}
		if err == nil {
			err = errors.New(`no "ok" in the answer`)
		}
		return connector.Malformed(b.where(method), err)
	}
	if !a.OK {
		e := b.statusError(method, resp, a.ErrorCode, strconv.Itoa(a.ErrorCode)+" "+a.Description)
		if a.Parameters != nil && a.Parameters.RetryAfter > 0 {
			e.RetryAfter = time.Duration(a.Parameters.RetryAfter) * time.Second
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(a.Result, out); err != nil {
		return connector.Malformed(b.where(method), err)
	}
	return nil
}

func (b Bot) statusError(method string, resp *http.Response, code int, status string) *connector.Error {
	e := &connector.Error{Msg: b.where(method) + ": " + status}
	switch {
	case code == http.StatusTooManyRequests:
		e.Class = connector.RateLimited
		if d, ok := connector.ParseRetryAfter(resp.Header.Get("Retry-After"), b.Deps.Clock.Now()); ok {
			e.RetryAfter = d
		}
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Class = connector.CredentialsExpired
	case code >= 500:
		e.Class = connector.Retryable
	default:
		e.Class = connector.Permanent
	}
	return e
}
