package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/fetch"
)

// Class says what the scheduler should do after a failed fetch.
type Class int

const (
	// Retryable failures are transient (network, timeouts, 5xx, a body cut
	// short): retry with backoff.
	Retryable Class = iota + 1
	// RateLimited failures ask to wait Error.RetryAfter before the next try.
	RateLimited
	// CredentialsExpired failures need a person to reconnect the account or
	// replace a key; retrying alone will not help.
	CredentialsExpired
	// Permanent failures will not go away by retrying (bad request, not
	// found, refused address): pause the source with the reason.
	Permanent
)

func (c Class) String() string {
	switch c {
	case Retryable:
		return "retryable"
	case RateLimited:
		return "rate_limited"
	case CredentialsExpired:
		return "credentials_expired"
	case Permanent:
		return "permanent"
	}
	return "class(" + strconv.Itoa(int(c)) + ")"
}

// Error is a classified connector error. Msg says what happened in words a
// community manager can act on; Err keeps the cause for the log.
type Error struct {
	Class      Class
	RetryAfter time.Duration // for RateLimited: how long to wait, 0 if unknown
	Msg        string
	Err        error
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Msg != "":
		return e.Msg + ": " + e.Err.Error()
	case e.Msg != "":
		return e.Msg
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Class.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a classified error with a formatted message; a %w verb
// keeps the cause.
func Errorf(class Class, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Class: class, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// Malformed reports a body the connector could not understand. It is
// retryable: a truncated answer or an error page from a proxy usually goes
// away, and a source that keeps failing is paused by the scheduler.
func Malformed(where string, err error) error {
	return &Error{Class: Retryable, Msg: "malformed response from " + where, Err: err}
}

// Classify returns the class of err: the class of a *Error in its chain,
// Permanent for addresses refused by the fetch guard and bodies over the
// size limit, Retryable for network errors, timeouts and anything unknown
// (the scheduler's backoff and pause bound unknown failures).
func Classify(err error) Class {
	if err == nil {
		return 0
	}
	var ce *Error
	if errors.As(err, &ce) {
		return ce.Class
	}
	var blocked *fetch.BlockedError
	if errors.As(err, &blocked) || fetch.IsBodyTooLarge(err) {
		return Permanent
	}
	return Retryable
}

// RetryAfterOf returns how long to wait before retrying after err, when the
// network said so.
func RetryAfterOf(err error) time.Duration {
	var ce *Error
	if errors.As(err, &ce) {
		return ce.RetryAfter
	}
	return 0
}

// FromHTTPResponse classifies an unsuccessful HTTP answer; it returns nil
// for 1xx–3xx answers. body is the (possibly partial) body already read,
// quoted in the message. now is the time the answer was received, used to
// turn an HTTP-date Retry-After into a duration.
//
//	429, 503 with Retry-After → RateLimited (retry-after in seconds or an HTTP date)
//	401, 403                  → CredentialsExpired
//	other 5xx, 408, 425       → Retryable
//	other 4xx                 → Permanent
func FromHTTPResponse(resp *http.Response, body []byte, now time.Time) error {
	if resp.StatusCode < 400 {
		return nil
	}
	msg := describe(resp) + ": HTTP " + resp.Status
	if snippet := bodySnippet(body); snippet != "" {
		msg += ": " + snippet
	}
	e := &Error{Msg: msg}
	retryAfter, hasRetryAfter := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || (code == http.StatusServiceUnavailable && hasRetryAfter):
		e.Class = RateLimited
		e.RetryAfter = retryAfter
		if !hasRetryAfter {
			e.RetryAfter = rateLimitReset(resp.Header)
		}
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Class = CredentialsExpired
	case code >= 500 || code == http.StatusRequestTimeout || code == http.StatusTooEarly:
		e.Class = Retryable
	default:
		e.Class = Permanent
	}
	return e
}

// ParseRetryAfter reads a Retry-After header: a number of seconds or an
// HTTP date. ok is false when the header is absent or unreadable.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d.Round(time.Second), true
		}
		return 0, true
	}
	return 0, false
}

// rateLimitReset reads the X-Ratelimit-Reset header some networks send
// (Reddit: seconds until the window resets).
func rateLimitReset(h http.Header) time.Duration {
	if v := h.Get("X-Ratelimit-Reset"); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs > 0 && secs < 7*24*3600 {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return 0
}

// describe names a request without its query string, which may hold keys.
func describe(resp *http.Response) string {
	if resp.Request == nil || resp.Request.URL == nil {
		return "request"
	}
	return resp.Request.Method + " " + Redact(resp.Request.URL.String())
}

// Redact strips the query and user info of a URL for messages: API keys
// travel in query strings.
func Redact(rawURL string) string {
	if i := strings.IndexAny(rawURL, "?#"); i >= 0 {
		rawURL = rawURL[:i]
	}
	if i := strings.Index(rawURL, "@"); i >= 0 {
		if j := strings.Index(rawURL, "://"); j >= 0 && j < i {
			rawURL = rawURL[:j+3] + rawURL[i+1:]
		}
	}
	return rawURL
}

func bodySnippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

// classifyTransport classifies an error from http.Client.Do.
func classifyTransport(method, rawURL string, err error) error {
	where := method + " " + Redact(rawURL)
	var blocked *fetch.BlockedError
	switch {
	case errors.As(err, &blocked):
		return &Error{Class: Permanent, Msg: where, Err: blocked}
	case errors.Is(err, context.Canceled):
		return err
	case fetch.IsBodyTooLarge(err):
		return &Error{Class: Permanent, Msg: where, Err: err}
	}
	// Network errors, timeouts and bodies cut short are transient.
	return &Error{Class: Retryable, Msg: where, Err: err}
}

// ErrNoStream says a server offers no live stream for a source (an
// instance without a streaming API, a timeline that cannot be streamed):
// the source is polled only, which is not a failure of the source.
var ErrNoStream = errors.New("no live stream on this server for this source")
