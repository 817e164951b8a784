// Package web serves the server-rendered pages of Parvis (French and
// English) and their forms. Pages work without JavaScript; htmx, served from
// the binary, only enhances them. Handlers are thin: read the form, call one
// service method, then render or redirect (Post/Redirect/Get with a flash
// message). Rights are enforced by the services; the pages only hide what a
// role cannot do.
package web

import (
	"log/slog"
	"net/http"

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

// Routes registers every page on mux. Templates and assets are embedded in
// the binary, so failing to parse them is a build defect: Routes panics.
func Routes(mux *http.ServeMux, d *Deps) {
	s, err := newServer(d)
	if err != nil {
		panic("web: " + err.Error())
	}

	mux.Handle("GET /static/{file}", staticHandler(s.assets))

	mux.HandleFunc("GET /{$}", s.root)
	mux.HandleFunc("GET /setup", s.setupPage)
	mux.HandleFunc("POST /setup", s.setup)
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("POST /lang", s.setLang)

	mux.HandleFunc("GET /account", s.user(s.accountPage))
	mux.HandleFunc("POST /account", s.user(s.updateAccount))
	mux.HandleFunc("GET /account/tokens", s.user(s.tokensPage))
	mux.HandleFunc("POST /account/tokens", s.user(s.createToken))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", s.user(s.revokeToken))

	mux.HandleFunc("GET /workspaces/new", s.user(s.newWorkspacePage))
	mux.HandleFunc("POST /workspaces", s.user(s.createWorkspace))

	mux.HandleFunc("GET /w/{ws}/{$}", s.inWorkspace(s.workspaceHome))
	listenRoutes(mux, s)
	if d.Topics != nil {
		topicRoutes(mux, s)
	}
	if d.Publish != nil {
		publishRoutes(mux, s)
	}
	if d.Contacts != nil {
		contactRoutes(mux, s)
	}
	if d.Inbox != nil {
		inboxRoutes(mux, s)
	}
	for _, a := range areas {
		if a.Slug == "listening" || (a.Slug == "publishing" && d.Publish != nil) || (a.Slug == "inbox" && d.Inbox != nil) {
			continue // built: listenRoutes, publishRoutes, inboxRoutes
		}
		mux.HandleFunc("GET /w/{ws}/"+a.Slug, s.inWorkspace(s.areaPage(a)))
	}
	mux.HandleFunc("GET /w/{ws}/settings", s.inWorkspace(s.settingsPage))
	mux.HandleFunc("POST /w/{ws}/settings", s.inWorkspace(s.updateSettings))
	mux.HandleFunc("GET /w/{ws}/settings/members", s.inWorkspace(s.membersPage))
	mux.HandleFunc("POST /w/{ws}/settings/members", s.inWorkspace(s.addMember))
	mux.HandleFunc("POST /w/{ws}/settings/members/{user}/role", s.inWorkspace(s.setRole))
	mux.HandleFunc("POST /w/{ws}/settings/members/{user}/remove", s.inWorkspace(s.removeMember))
	mux.HandleFunc("POST /w/{ws}/settings/invites/{id}/revoke", s.inWorkspace(s.revokeInvite))
	mux.HandleFunc("GET /w/{ws}/settings/audit", s.inWorkspace(s.auditPage))
	mux.HandleFunc("GET /w/{ws}/settings/jobs", s.inWorkspace(s.jobsPage))
	mux.HandleFunc("POST /w/{ws}/settings/jobs/{id}/retry", s.inWorkspace(s.retryJob))

	mux.HandleFunc("GET /invite/{token}", s.invitePage)
	mux.HandleFunc("POST /invite/{token}/accept", s.user(s.acceptInvite))
	mux.HandleFunc("POST /invite/{token}/register", s.registerWithInvite)

	// Any other path (outside /api/, which answers in JSON) is an HTML 404.
	mux.HandleFunc("/", s.notFound)
}
