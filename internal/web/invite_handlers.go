package web

import (
	"net/http"

	"github.com/parvis/parvis/internal/auth"
)

// The invite link: a logged-in person accepts it; anyone else registers
// (and joins) or logs in first and comes back.

func (s *server) loadInvite(r *http.Request, p *page) error {
	info, err := s.Workspaces.InvitePreview(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p.Data = info
	p.Fields["token"] = r.PathValue("token")
	if p.Fields["email"] == "" {
		p.Fields["email"] = info.Invite.Email
	}
	return nil
}

func (s *server) invitePage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "invite.title")
	if err := s.loadInvite(r, p); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.render(w, r, http.StatusOK, "invite", p)
}

func (s *server) acceptInvite(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title = "invite.title"
	ws, err := s.Workspaces.AcceptInvite(r.Context(), r.PathValue("token"))
	if err != nil {
		if lerr := s.loadInvite(r, p); lerr != nil {
			s.fail(w, r, lerr, "", p)
			return
		}
		s.fail(w, r, err, "invite", p)
		return
	}
	s.redirect(w, r, "/w/"+ws.Slug+"/", "flash.joined")
}

func (s *server) registerWithInvite(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "invite.title")
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["email"], p.Fields["name"] = r.PostForm.Get("email"), r.PostForm.Get("name")
	u, ws, err := s.Workspaces.RegisterWithInvite(r.Context(), r.PathValue("token"),
		auth.NewUser{Email: p.Fields["email"], Name: p.Fields["name"], Password: r.PostForm.Get("password"), Lang: p.Lang})
	if err != nil {
		if lerr := s.loadInvite(r, p); lerr != nil {
			s.fail(w, r, lerr, "", p)
			return
		}
		s.fail(w, r, err, "invite", p)
		return
	}
	token, err := s.Auth.NewSession(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.setSession(w, token)
	s.redirect(w, r, "/w/"+ws.Slug+"/", "flash.joined")
}
