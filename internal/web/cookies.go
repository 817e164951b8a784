package web

import (
	"net/http"
	"time"

	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/i18n"
)

const (
	flashCookie = "parvis_flash"
	langCookie  = "parvis_lang" // read by i18n.FromRequest
)

func (s *server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: int((30 * 24 * time.Hour).Seconds())})
}

func (s *server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *server) setLangCookie(w http.ResponseWriter, lang string) {
	c := &http.Cookie{Name: langCookie, Value: lang, Path: "/", HttpOnly: true, Secure: s.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int((365 * 24 * time.Hour).Seconds())}
	if lang == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// setFlash leaves a one-time message for the next page. The cookie holds a
// translation key only, never text, so nothing a user typed can come back
// through it.
func (s *server) setFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash returns the pending message key (if it is one of ours) and
// clears it.
func (s *server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if len(c.Value) > 6 && c.Value[:6] == "flash." && i18n.Has("en", c.Value) {
		return c.Value
	}
	return ""
}
