package web

import (
	"net/http"

	"github.com/parvis/parvis/internal/auth"
)

// pageHandler is a handler that gets the page data started for it: the
// user, their workspaces (for the switcher) and, under /w/{ws}/, the
// current workspace with the user's role in it.
type pageHandler func(w http.ResponseWriter, r *http.Request, p *page)

// user requires a logged-in person; others are sent to the login page.
func (s *server) user(h pageHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a := auth.ActorFrom(r.Context()); a == nil || a.User.ID == 0 {
			s.toLogin(w, r)
			return
		}
		p := s.newPage(r, "")
		if ws, err := s.Workspaces.List(r.Context(), "", 200); err == nil {
			p.Workspaces = ws.Items
		} else {
			s.Log.WarnContext(r.Context(), "web: listing workspaces for the switcher", "err", err)
		}
		h(w, r, p)
	}
}

// inWorkspace is user plus the workspace named in the path, which the
// person must be able to see (404 otherwise, as the service decides).
func (s *server) inWorkspace(h pageHandler) http.HandlerFunc {
	return s.user(func(w http.ResponseWriter, r *http.Request, p *page) {
		ws, err := s.Workspaces.Get(r.Context(), r.PathValue("ws"))
		if err != nil {
			s.fail(w, r, err, "", p)
			return
		}
		p.WS = &ws
		if s.Topics != nil {
			// One query per page, for the crisis banner.
			if c, err := s.Topics.CrisisOf(r.Context(), ws.ID); err == nil {
				p.Crisis = &c
			} else {
				s.Log.WarnContext(r.Context(), "web: reading crisis mode for the banner", "err", err)
			}
		}
		h(w, r, p)
	})
}

// wsURL is the URL of a page of the current workspace.
func wsURL(p *page, rest string) string { return "/w/" + p.WS.Slug + "/" + rest }
