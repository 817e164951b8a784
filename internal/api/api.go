// Package api serves the JSON API under /api/v1. Handlers are thin: decode,
// call one service method, encode. Every route is listed in routes.go and
// documented in openapi.json; a test keeps the two in step.
package api

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/topics"
	"github.com/parvis/parvis/internal/workspace"
)

// Deps are the services the API calls.
type Deps struct {
	Log        *slog.Logger
	Auth       *auth.Service
	Workspaces *workspace.Service
	Listen     *listen.Service
	Topics     *topics.Service
	Publish    *publish.Service
	Inbox      *inbox.Service
	Contacts   *contacts.Service
	// BaseURL is the public URL, for links in answers (invites, webhooks).
	BaseURL string
	// MaxBody bounds request bodies.
	MaxBody int64
	// MaxImport bounds an import sent through the API.
	MaxImport int64
}

// result is what an endpoint returns: a status and a value to encode.
type endpoint func(r *http.Request) (int, any, error)

// serve adapts an endpoint to http.Handler: it requires an actor (every API
// route except the OpenAPI document does), encodes the value or the error.
func (d *Deps) serve(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth.ActorFrom(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="parvis"`)
			httpx.WriteError(w, r, d.Log, apperr.Unauthenticated())
			return
		}
		status, v, err := e(r)
		if err != nil {
			httpx.WriteError(w, r, d.Log, err)
			return
		}
		if status == http.StatusNoContent || v == nil {
			w.WriteHeader(status)
			return
		}
		httpx.WriteJSON(w, status, v)
	})
}

// decode reads a strict JSON body. (http.MaxBytesReader accepts a nil
// ResponseWriter; the server closes the connection after an oversized body.)
func (d *Deps) decode(r *http.Request, dst any) error {
	return httpx.DecodeJSON(nil, r, d.MaxBody, dst)
}

// pathID reads a numeric path value.
func pathID(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, apperr.Invalid(name, "error.id_invalid", "must be a numeric id")
	}
	return v, nil
}

// limit reads ?limit=.
func limit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 200 {
		return 0, apperr.Invalid("limit", "error.limit_invalid", "must be a number from 1 to 200")
	}
	return n, nil
}
