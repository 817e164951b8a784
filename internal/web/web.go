// Package web serves the server-rendered pages of Parvis (French and
// English) and their forms. Pages work without JavaScript; htmx, served from
// the binary, only enhances them. Handlers are thin: read the form, call one
// service method, then render or redirect (Post/Redirect/Get with a flash
// message). Rights are enforced by the services; the pages only hide what a
// role cannot do.
package web

import (
	"log/slog"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/topics"
	"github.com/parvis/parvis/internal/workspace"
)

// Deps are the services the pages call.
type Deps struct {
	Log        *slog.Logger
	Auth       *auth.Service
	Workspaces *workspace.Service
	Listen     *listen.Service
	// Topics serves topics, dashboards, alerts, incidents and crisis
	// mode (their pages exist only when it is set).
	Topics  *topics.Service
	Publish *publish.Service
	// Inbox serves the conversations (its pages exist only when set).
	Inbox *inbox.Service
	// Contacts serves the community directory and the feedback pages
	// (they exist only when set).
	Contacts *contacts.Service
	// BaseURL is the public URL, for invite links (empty: taken from the
	// request's Host).
	BaseURL string
	// SecureCookie marks cookies Secure (HTTPS deployments).
	SecureCookie bool
	// TrustProxy takes the client address from X-Forwarded-For (for the
	// login rate limit).
	TrustProxy bool
	// MaxBody bounds form bodies.
	MaxBody int64
	// Stopping is closed when the server shuts down, so that long-lived
	// answers (server-sent events) end and let the shutdown finish.
	Stopping <-chan struct{}
}
