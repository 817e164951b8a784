// Package httpx holds what the web UI and the JSON API share: turning
// service errors into HTTP answers (the one place where error kinds meet
// status codes), strict JSON decoding, the request's actor and language,
// and middleware (authentication, logging, recovery, metrics).
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/i18n"
)

type langKey struct{}

// WithLang stores the request language in ctx.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang returns the request language ("en" when unset).
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return "en"
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes an error.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Describe turns any error into its status and translated detail, logging
// internal errors. It is the only mapping from errors to HTTP.
func Describe(ctx context.Context, log *slog.Logger, err error) (int, ErrorDetail, *apperr.Error) {
	e := apperr.As(err)
	status := apperr.HTTPStatus(e.Kind)
	if status >= 500 && log != nil {
		log.ErrorContext(ctx, "request failed", "err", err)
	}
	msg := e.Msg
	if e.Key != "" {
		msg = i18n.T(Lang(ctx), e.Key, e.Args...)
	}
	return status, ErrorDetail{Code: e.Code, Message: msg, Field: e.Field}, e
}

// WriteError writes err as a JSON error answer.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, d, e := Describe(r.Context(), log, err)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	WriteJSON(w, status, ErrorBody{Error: d})
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// DecodeJSON decodes one JSON object from the body into dst, strictly:
// unknown fields, wrong types, trailing data and oversized bodies are
// errors that name the field.
func DecodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, dst any) error {
	body := http.MaxBytesReader(w, r.Body, maxBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err, maxBytes)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return apperr.New(apperr.KindInvalid, "error.json_invalid", "malformed JSON: %s", "unexpected data after the object").WithCode("invalid_json")
	}
	return nil
}

// JSONError converts a decoding error into an apperr that names the field.
func JSONError(err error, maxBytes int64) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return apperr.New(apperr.KindTooLarge, "error.body_too_large", "request body larger than %d bytes", maxBytes)
	case errors.As(err, &syn):
		return apperr.New(apperr.KindInvalid, "error.json_invalid", "malformed JSON: %s", fmt.Sprintf("%v at byte %d", syn, syn.Offset)).WithCode("invalid_json")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return apperr.Invalid(field, "error.json_type", "must be of type %s", typ.Type.String())
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.KindInvalid, "error.json_invalid", "malformed JSON: %s", "empty body").WithCode("invalid_json")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.KindInvalid, "error.json_invalid", "malformed JSON: %s", "unexpected end of input").WithCode("invalid_json")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return apperr.Invalid(strings.Trim(f, `"`), "error.json_unknown", "unknown field")
	}
	return apperr.New(apperr.KindInvalid, "error.json_invalid", "malformed JSON: %s", err.Error()).WithCode("invalid_json")
}

// ClientIP returns the request's client address; behind a trusted proxy it
// takes the last address of X-Forwarded-For.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
