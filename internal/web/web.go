// Package web serves the server-rendered pages of Parvis (French and
// English), their forms and live updates.
package web

import (
	"log/slog"
	"net/http"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/workspace"
)

// Deps are the services the pages call.
type Deps struct {
	Log          *slog.Logger
	Auth         *auth.Service
	Workspaces   *workspace.Service
	BaseURL      string
	SecureCookie bool
	TrustProxy   bool
	MaxBody      int64
}

// Routes registers every page on mux.
func Routes(mux *http.ServeMux, d *Deps) {
	mux.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Parvis\n"))
	}))
}
