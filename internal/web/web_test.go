package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/httpx"
)

func TestSetupThenLoginAndLogout(t *testing.T) {
	s := newSite(t)
	c := s.client()
	c.get("/").redirectsTo(t, "/setup")
	c.get("/setup").want(t, http.StatusOK, `action="/setup"`, `<label for="f-email">`, `<html lang="en">`)

	// A service error comes back on the form, tied to its field.
	bad := c.post("/setup", "email", "not-an-address", "name", "Ada", "password", password)
	bad.want(t, http.StatusBadRequest, `aria-invalid="true"`, `id="f-email-error"`, `aria-describedby="f-email-error"`, "is not a valid e-mail address", `value="Ada"`)
	if strings.Contains(bad.Body, password) {
		t.Fatal("the password is echoed back in the form")
	}

	ok := c.post("/setup", "email", "ada@example.com", "name", "Ada", "password", password)
	ok.redirectsTo(t, "/workspaces/new")
	var session *http.Cookie
	for _, ck := range ok.Cookies() {
		if ck.Name == httpx.SessionCookie {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/", session)
	}
	c.get("/workspaces/new").want(t, http.StatusOK, "Parvis is set up", `action="/workspaces"`)

	// Once a user exists the setup page is gone, and the service refuses
	// a forged POST.
	other := s.client()
	other.get("/setup").redirectsTo(t, "/login")
	other.post("/setup", "email", "mallory@example.com", "password", password).want(t, http.StatusConflict, "already set up")
	other.get("/").redirectsTo(t, "/login")

	c.post("/logout").redirectsTo(t, "/login")
	c.get("/login").want(t, http.StatusOK, "You are logged out.")
	c.get("/workspaces/new").redirectsTo(t, "/login?next=%2Fworkspaces%2Fnew")

	// Logging in goes back to the page asked for.
	c.post("/login", "email", "ada@example.com", "password", password, "next", "/workspaces/new").redirectsTo(t, "/workspaces/new")
}
