// Package apperr defines the kinds of error Parvis services return. An error
// carries a safe message for the user (a translation key with arguments, and
// an English default) and, separately, the internal cause for the log. The
// mapping from kind to HTTP status lives in one function, HTTPStatus.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Kind classifies an error.
type Kind int

const (
	KindInternal        Kind = iota
	KindInvalid              // bad input (400)
	KindUnauthenticated      // no valid session or token (401)
	KindForbidden            // authenticated but not allowed (403)
	KindNotFound             // (404)
	KindConflict             // duplicate or state conflict (409)
	KindUnprocessable        // well-formed but cannot be done (422)
	KindRateLimited          // (429, with RetryAfter)
	KindUnavailable          // dependency down (503)
	KindTooLarge             // body too large (413)
)

// Error is an error a user may see.
type Error struct {
	Kind Kind
	// Code is a stable machine-readable code, e.g. "invalid", "not_found".
	Code string
	// Field names the input field at fault, when there is one.
	Field string
	// Key is the translation key of the message; Args fill its placeholders.
	Key  string
	Args []any
	// Msg is the English message, used when no translation applies.
	Msg string
	// RetryAfter is set for rate-limited and unavailable errors.
	RetryAfter time.Duration
	// Err is the internal cause; it is logged, never shown.
	Err error
}

func (e *Error) Error() string {
	s := e.Msg
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// codes gives the default code of each kind.
func (k Kind) code() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindUnauthenticated:
		return "unauthenticated"
	case KindForbidden:
		return "forbidden"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindUnprocessable:
		return "unprocessable"
	case KindRateLimited:
		return "rate_limited"
	case KindUnavailable:
		return "unavailable"
	case KindTooLarge:
		return "too_large"
	}
	return "internal"
}

// HTTPStatus maps an error kind to its HTTP status. It is the only place
// where that mapping is made.
func HTTPStatus(k Kind) int {
	switch k {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthenticated:
		return http.StatusUnauthorized
	case KindForbidden:
		return http.StatusForbidden
	case KindNotFound:
		return http.StatusNotFound
	case KindConflict:
		return http.StatusConflict
	case KindUnprocessable:
		return http.StatusUnprocessableEntity
	case KindRateLimited:
		return http.StatusTooManyRequests
	case KindUnavailable:
		return http.StatusServiceUnavailable
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// New returns an error of kind k with a translation key and an English
// message built from format and args (the same args fill the translation).
func New(k Kind, key, format string, args ...any) *Error {
	return &Error{Kind: k, Code: k.code(), Key: key, Args: args, Msg: fmt.Sprintf(format, args...)}
}

// Invalid is a bad-input error about field.
func Invalid(field, key, format string, args ...any) *Error {
	e := New(KindInvalid, key, format, args...)
	e.Field = field
	return e
}

// NotFound says that a kind of object does not exist (or is not visible).
func NotFound(what string) *Error {
	return New(KindNotFound, "error.not_found", "%s not found", what)
}

// Forbidden says the actor lacks the rights for an action.
func Forbidden() *Error {
	return New(KindForbidden, "error.forbidden", "you do not have the rights to do this")
}

// Unauthenticated says that a valid session or token is needed.
func Unauthenticated() *Error {
	return New(KindUnauthenticated, "error.unauthenticated", "authentication required")
}

// Conflict reports a duplicate or a state conflict on field.
func Conflict(field, key, format string, args ...any) *Error {
	e := New(KindConflict, key, format, args...)
	e.Field = field
	return e
}

// RateLimited says to come back after d.
func RateLimited(d time.Duration) *Error {
	e := New(KindRateLimited, "error.rate_limited", "too many attempts; try again in %d seconds", int(d.Seconds()+0.999))
	e.RetryAfter = d
	return e
}

// Internal wraps an unexpected error; the user sees a generic message.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Key: "error.internal", Msg: "internal error", Err: err}
}

// WithCode sets a more specific machine-readable code.
func (e *Error) WithCode(code string) *Error { e.Code = code; return e }

// Wrap attaches an internal cause.
func (e *Error) Wrap(err error) *Error { e.Err = err; return e }

// As returns the *Error in err's chain, or wraps err as internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// KindOf returns the kind of err (KindInternal when it is not an *Error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Is reports whether err is an *Error of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }
