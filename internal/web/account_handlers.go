package web

import (
	"net/http"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/i18n"
)

// root sends a visitor where they can start: setup on a fresh instance,
// login without a session, else their first workspace.
func (s *server) root(w http.ResponseWriter, r *http.Request) {
	if a := auth.ActorFrom(r.Context()); a == nil || a.User.ID == 0 {
		if need, err := s.Auth.NeedsSetup(r.Context()); err == nil && need {
			http.Redirect(w, r, "/setup", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	ws, err := s.Workspaces.List(r.Context(), "", 1)
	if err != nil {
		s.fail(w, r, err, "", nil)
		return
	}
	if len(ws.Items) == 0 {
		http.Redirect(w, r, "/workspaces/new", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/w/"+ws.Items[0].Slug+"/", http.StatusSeeOther)
}

func (s *server) setupPage(w http.ResponseWriter, r *http.Request) {
	if need, err := s.Auth.NeedsSetup(r.Context()); err != nil || !need {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "setup", s.newPage(r, "setup.title"))
}

func (s *server) setup(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "setup.title")
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "setup", p)
		return
	}
	p.Fields["email"], p.Fields["name"] = r.PostForm.Get("email"), r.PostForm.Get("name")
	u, err := s.Auth.Setup(r.Context(), auth.NewUser{Email: p.Fields["email"], Name: p.Fields["name"], Password: r.PostForm.Get("password")})
	if err != nil {
		s.fail(w, r, err, "setup", p)
		return
	}
	token, err := s.Auth.NewSession(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.setSession(w, token)
	s.redirect(w, r, "/workspaces/new", "flash.setup_done")
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request) {
	if a := auth.ActorFrom(r.Context()); a != nil && a.User.ID != 0 {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "login.title")
	p.Fields["next"] = safeNext(r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "login", p)
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "login.title")
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "login", p)
		return
	}
	p.Fields["email"], p.Fields["next"] = r.PostForm.Get("email"), safeNext(r.PostForm.Get("next"))
	token, _, err := s.Auth.Login(r.Context(), p.Fields["email"], r.PostForm.Get("password"), httpx.ClientIP(r, s.TrustProxy))
	if err != nil {
		s.fail(w, r, err, "login", p)
		return
	}
	s.setSession(w, token)
	http.Redirect(w, r, p.Fields["next"], http.StatusSeeOther)
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
		if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
			s.fail(w, r, err, "", nil)
			return
		}
	}
	s.clearSession(w)
	s.redirect(w, r, "/login", "flash.logged_out")
}

// setLang is the language switch on every page: it remembers the choice in
// a cookie and, for a logged-in person, as their preference, then goes back
// to the page (a local path only).
func (s *server) setLang(w http.ResponseWriter, r *http.Request) {
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", nil)
		return
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Supported(lang) {
		s.fail(w, r, apperr.Invalid("lang", "error.lang_invalid", "must be \"en\" or \"fr\""), "", nil)
		return
	}
	if a := auth.ActorFrom(r.Context()); a != nil && a.User.ID != 0 {
		if err := s.Auth.SetLang(r.Context(), lang); err != nil {
			s.fail(w, r, err, "", nil)
			return
		}
	}
	s.setLangCookie(w, lang)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

func (s *server) accountPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "account.title", "account"
	p.Fields["lang"] = p.User.Lang
	s.render(w, r, http.StatusOK, "account", p)
}

func (s *server) updateAccount(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "account.title", "account"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "account", p)
		return
	}
	lang := r.PostForm.Get("lang")
	p.Fields["lang"] = lang
	if err := s.Auth.SetLang(r.Context(), lang); err != nil {
		s.fail(w, r, err, "account", p)
		return
	}
	// "Automatic" also forgets the switch's cookie, so Accept-Language
	// decides again.
	s.setLangCookie(w, lang)
	s.redirect(w, r, "/account", "flash.saved")
}

func (s *server) tokensPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "tokens.title", "tokens"
	if err := s.loadTokens(r, p, nil); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.render(w, r, http.StatusOK, "tokens", p)
}

// tokensData is the tokens page; Secret is set once, right after creation.
type tokensData struct {
	Tokens []tokenRow
	Secret string
}

type tokenRow struct {
	ID                int64
	Name, Prefix      string
	Created, LastUsed string
	Revoked           bool
}

func (s *server) loadTokens(r *http.Request, p *page, created *string) error {
	ts, err := s.Auth.ListTokens(r.Context())
	if err != nil {
		return err
	}
	d := tokensData{}
	if created != nil {
		d.Secret = *created
	}
	for _, t := range ts {
		row := tokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Created: p.Time(t.CreatedAt), Revoked: t.RevokedAt != nil}
		if t.LastUsedAt != nil {
			row.LastUsed = p.Time(*t.LastUsedAt)
		}
		d.Tokens = append(d.Tokens, row)
	}
	p.Data = d
	return nil
}

func (s *server) createToken(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "tokens.title", "tokens"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["name"] = r.PostForm.Get("name")
	t, err := s.Auth.CreateToken(r.Context(), p.Fields["name"])
	if err != nil {
		if lerr := s.loadTokens(r, p, nil); lerr != nil {
			s.fail(w, r, lerr, "", p)
			return
		}
		s.fail(w, r, err, "tokens", p)
		return
	}
	// The secret is shown in this answer only: it is not stored anywhere
	// it could be shown again, so there is no redirect to a page that
	// would have to carry it.
	if err := s.loadTokens(r, p, &t.Secret); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	delete(p.Fields, "name")
	p.Flash = "flash.token_created"
	s.render(w, r, http.StatusCreated, "tokens", p)
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Auth.RevokeToken(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, "/account/tokens", "flash.token_revoked")
}
