package web

import (
	"net/http"
	"strings"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
)

// membersData is the members page. InviteURL is set once, right after an
// invite was created.
type membersData struct {
	Members    []model.Member
	NextCursor string
	Invites    []model.Invite
	InviteURL  string
	Me         int64
}

func (s *server) loadMembers(r *http.Request, p *page, inviteURL string) error {
	ms, err := s.Workspaces.Members(r.Context(), p.WS.Slug, r.URL.Query().Get("cursor"), 100)
	if err != nil {
		return err
	}
	d := membersData{Members: ms.Items, NextCursor: ms.NextCursor, InviteURL: inviteURL, Me: p.User.ID}
	if p.Can("admin") {
		if d.Invites, err = s.Workspaces.Invites(r.Context(), p.WS.Slug); err != nil {
			return err
		}
	}
	p.Data = d
	return nil
}

func (s *server) membersPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "members.title", "members"
	if err := s.loadMembers(r, p, ""); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.render(w, r, http.StatusOK, "members", p)
}

// addMember adds the person with this address, or, when nobody has it yet,
// creates an invite whose link is shown once, in this answer.
func (s *server) addMember(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "members.title", "members"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["email"], p.Fields["role"] = r.PostForm.Get("email"), r.PostForm.Get("role")
	res, err := s.Workspaces.AddMember(r.Context(), p.WS.Slug, p.Fields["email"], p.Fields["role"])
	if err != nil {
		if lerr := s.loadMembers(r, p, ""); lerr != nil {
			s.fail(w, r, lerr, "", p)
			return
		}
		s.fail(w, r, err, "members", p)
		return
	}
	if res.Invite == nil {
		s.redirect(w, r, wsURL(p, "settings/members"), "flash.member_added")
		return
	}
	if err := s.loadMembers(r, p, s.inviteURL(r, res.Invite.Token)); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields = map[string]string{}
	p.Flash = "flash.invite_created"
	s.render(w, r, http.StatusCreated, "members", p)
}

func (s *server) inviteURL(r *http.Request, token string) string {
	base := strings.TrimSuffix(s.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.SecureCookie {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/invite/" + token
}

func (s *server) setRole(w http.ResponseWriter, r *http.Request, p *page) {
	uid, err := pathID(r, "user")
	if err == nil {
		err = s.form(w, r)
	}
	if err == nil {
		err = s.Workspaces.SetRole(r.Context(), p.WS.Slug, uid, r.PostForm.Get("role"))
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "settings/members"), "flash.role_changed")
}

func (s *server) removeMember(w http.ResponseWriter, r *http.Request, p *page) {
	uid, err := pathID(r, "user")
	if err == nil {
		err = s.Workspaces.RemoveMember(r.Context(), p.WS.Slug, uid)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if a := auth.ActorFrom(r.Context()); a != nil && a.User.ID == uid {
		s.redirect(w, r, "/", "flash.left")
		return
	}
	s.redirect(w, r, wsURL(p, "settings/members"), "flash.member_removed")
}

func (s *server) revokeInvite(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Workspaces.RevokeInvite(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "settings/members"), "flash.invite_revoked")
}
