package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/workspace"
)

func TestLoginFailureIsGenericAndRateLimited(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	c := s.client()
	const generic = "wrong e-mail address or password"
	wrongPw := c.post("/login", "email", "ada@example.com", "password", "not the password")
	wrongPw.want(t, http.StatusUnauthorized, generic, `value="ada@example.com"`)
	unknown := c.post("/login", "email", "nobody@example.com", "password", "whatever12345")
	unknown.want(t, http.StatusUnauthorized, generic)
	if strings.Contains(wrongPw.Body, `aria-invalid`) || strings.Contains(unknown.Body, `aria-invalid`) {
		t.Error("a failed login points at a field, telling which one was wrong")
	}
	// The account allows 5 failures in its window; the next attempt,
	// even with the right password, is refused with a delay.
	for i := 0; i < 4; i++ {
		c.post("/login", "email", "ada@example.com", "password", "still wrong").want(t, http.StatusUnauthorized, generic)
	}
	limited := c.post("/login", "email", "ada@example.com", "password", password)
	limited.want(t, http.StatusTooManyRequests, "too many attempts; try again in", `role="alert"`)
	if ra := limited.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After = %q", ra)
	}
}

func TestLanguageSwitch(t *testing.T) {
	s := newSite(t)
	ada := s.admin("ada@example.com")
	c := s.client()
	c.get("/login").want(t, http.StatusOK, `<html lang="en">`, "Log in")

	c.post("/lang", "lang", "fr", "next", "/login").redirectsTo(t, "/login")
	c.get("/login").want(t, http.StatusOK, `<html lang="fr">`, "Connexion", "Mot de passe")

	// Accept-Language decides for a first visit.
	fr := s.client()
	fr.Header.Set("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5")
	fr.get("/login").want(t, http.StatusOK, `<html lang="fr">`)

	// Only local paths are followed back.
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""} {
		c.post("/lang", "lang", "en", "next", next).redirectsTo(t, "/")
	}
	c.post("/lang", "lang", "de", "next", "/login").want(t, http.StatusBadRequest)

	// A logged-in person's choice becomes their preference, which then
	// wins over the browser's language on any device.
	c.login("ada@example.com")
	c.post("/lang", "lang", "fr", "next", "/account").redirectsTo(t, "/account")
	u, _, err := s.DB.Q().GetUserByEmail(context.Background(), ada.Email)
	if err != nil || u.Lang != "fr" {
		t.Fatalf("preference = %q, %v; want fr", u.Lang, err)
	}
	other := s.client()
	other.Header.Set("Accept-Language", "en")
	other.login("ada@example.com")
	other.get("/account").want(t, http.StatusOK, `<html lang="fr">`, "Mon compte")

	// "Automatic" on the account page gives the choice back to the browser.
	other.post("/account", "lang", "").redirectsTo(t, "/account")
	other.get("/account").want(t, http.StatusOK, `<html lang="en">`, "Saved.")
}

func TestWorkspaceNameIsEscaped(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	c := s.client()
	c.login("ada@example.com")
	const evil = `<script>alert(1)</script>`
	res := c.post("/workspaces", "name", evil, "time_zone", "Europe/Paris", "language", "en")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	home := c.get(res.Header.Get("Location"))
	home.want(t, http.StatusOK, "&lt;script&gt;alert(1)&lt;/script&gt;", "Workspace created.")
	if strings.Contains(home.Body, evil) {
		t.Fatal("the workspace name is rendered unescaped")
	}
}

func TestCreateWorkspaceErrorsAndAreas(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	c := s.client()
	c.login("ada@example.com")
	bad := c.post("/workspaces", "name", "Acme", "time_zone", "Mars/Olympus", "language", "fr")
	bad.want(t, http.StatusBadRequest, `id="f-time_zone-error"`, "is not an IANA time zone", `value="Acme"`, `<datalist id="tz-list">`)
	c.post("/workspaces", "name", "Acme", "time_zone", "America/Montreal", "language", "fr").redirectsTo(t, "/w/acme/")
	home := c.get("/w/acme/")
	home.want(t, http.StatusOK, `<nav class="areas"`, `href="/w/acme/listening"`, `href="/w/acme/settings"`, `aria-current="page"`,
		`<details class="switcher">`, `<main id="main"`, `class="skip" href="#main"`)
	for _, a := range []string{"publishing", "inbox", "moderation", "analytics"} {
		page := c.get("/w/acme/" + a)
		page.want(t, http.StatusOK, "This area is not available yet.")
	}
	c.get("/w/acme/listening").want(t, http.StatusOK, `<nav class="subnav"`, `href="/w/acme/listening/sources"`)
	c.get("/w/nope/").want(t, http.StatusNotFound, "workspace not found")
	c.post("/workspaces", "name", strings.Repeat("x", 2<<20)).want(t, http.StatusRequestEntityTooLarge, "request body larger than")
	c.get("/no/such/page").want(t, http.StatusNotFound)
}

func TestCrossSitePostIsRefused(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	c := s.client()
	c.login("ada@example.com")
	c.Header.Set("Sec-Fetch-Site", "cross-site")
	res := c.post("/workspaces", "name", "Forged", "time_zone", "Europe/Paris", "language", "en")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", res.StatusCode)
	}
	c.Header.Del("Sec-Fetch-Site")
	ws, err := s.WS.List(as(mustUser(t, s, "ada@example.com")), "", 10)
	if err != nil || len(ws.Items) != 0 {
		t.Fatalf("workspaces after a forged POST: %v, %v", ws.Items, err)
	}
	// The same POST from the site itself works.
	c.Header.Set("Sec-Fetch-Site", "same-origin")
	c.post("/workspaces", "name", "Real", "time_zone", "Europe/Paris", "language", "en").redirectsTo(t, "/w/real/")
}

func mustUser(t *testing.T, s *site, email string) model.User {
	t.Helper()
	u, _, err := s.DB.Q().GetUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestViewerSeesNoActionsAndIsRefused(t *testing.T) {
	s := newSite(t)
	ada := s.admin("ada@example.com")
	s.user("vic@example.com")
	w, err := s.WS.Create(as(ada), workspace.Input{Name: "Acme", TimeZone: "Europe/Paris", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WS.AddMember(as(ada), w.Slug, "vic@example.com", "viewer"); err != nil {
		t.Fatal(err)
	}
	vic := s.client()
	vic.login("vic@example.com")
	settings := vic.get("/w/acme/settings")
	settings.want(t, http.StatusOK, "Only administrators and owners can change these settings.", "Viewer")
	members := vic.get("/w/acme/settings/members")
	members.want(t, http.StatusOK, "ada@example.com", "vic@example.com")
	for _, page := range []answer{settings, members} {
		for _, hidden := range []string{`action="/w/acme/settings"`, `/settings/audit"`, `/settings/jobs"`, `/role"`, `Invite someone`, `/remove" class="inline"><button type="submit" class="danger">Remove`} {
			if strings.Contains(page.Body, hidden) {
				t.Errorf("%s shows %q to a viewer", page.Request.URL.Path, hidden)
			}
		}
	}
	vic.post("/w/acme/settings", "name", "Pwned", "time_zone", "UTC", "language", "en").want(t, http.StatusForbidden, "you do not have the rights to do this")
	vic.get("/w/acme/settings/audit").want(t, http.StatusForbidden)
	vic.post("/w/acme/settings/members", "email", "x@example.com", "role", "owner").want(t, http.StatusForbidden)
	if got, _ := s.WS.Get(as(ada), "acme"); got.Name != "Acme" {
		t.Fatalf("name after a viewer's POST = %q", got.Name)
	}

	// The admin sees and uses the same actions.
	adm := s.client()
	adm.login("ada@example.com")
	adm.get("/w/acme/settings/members").want(t, http.StatusOK, `Invite someone`, `/settings/audit"`, `name="role"`)
	adm.post("/w/acme/settings/members/"+itoa(mustUser(t, s, "vic@example.com").ID)+"/role", "role", "editor").redirectsTo(t, "/w/acme/settings/members")
	adm.get("/w/acme/settings/members").want(t, http.StatusOK, "Role changed.")
	adm.post("/w/acme/settings", "name", "Acme Inc", "time_zone", "UTC", "language", "fr").redirectsTo(t, "/w/acme/settings")
	adm.get("/w/acme/settings").want(t, http.StatusOK, `value="Acme Inc"`, "Saved.")
	// The last owner cannot be demoted; the message says why.
	adm.post("/w/acme/settings/members/"+itoa(ada.ID)+"/role", "role", "viewer").want(t, http.StatusConflict, "at least one owner")
}

func TestTokenIsShownOnce(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	c := s.client()
	c.login("ada@example.com")
	c.post("/account/tokens", "name", "").want(t, http.StatusBadRequest, `id="f-name-error"`, "is required")
	created := c.post("/account/tokens", "name", "reporting")
	created.want(t, http.StatusCreated, "it will not be shown again", "reporting")
	secret := regexp.MustCompile(`pvs_[A-Za-z0-9_-]{20,}`).FindString(created.Body)
	if secret == "" {
		t.Fatalf("no token in the answer:\n%s", created.Body)
	}
	list := c.get("/account/tokens")
	list.want(t, http.StatusOK, "reporting", secret[:10])
	if strings.Contains(list.Body, secret) {
		t.Fatal("the token secret is shown again")
	}
	id := regexp.MustCompile(`/account/tokens/(\d+)/revoke`).FindStringSubmatch(list.Body)
	if id == nil {
		t.Fatal("no revoke button")
	}
	c.post("/account/tokens/"+id[1]+"/revoke").redirectsTo(t, "/account/tokens")
	c.get("/account/tokens").want(t, http.StatusOK, "Token revoked.", "Revoked")
	if _, err := s.Auth.TokenActor(context.Background(), secret); err == nil {
		t.Fatal("a revoked token still authenticates")
	}
}

func TestInviteLinkRegistersAndJoins(t *testing.T) {
	s := newSite(t)
	s.admin("ada@example.com")
	adm := s.client()
	adm.login("ada@example.com")
	adm.post("/workspaces", "name", "Acme", "time_zone", "Europe/Paris", "language", "en").redirectsTo(t, "/w/acme/")
	res := adm.post("/w/acme/settings/members", "email", "newbie@example.com", "role", "editor")
	res.want(t, http.StatusCreated, "Invite link", "newbie@example.com")
	link := regexp.MustCompile(`/invite/[A-Za-z0-9_-]{20,}`).FindString(res.Body)
	if link == "" {
		t.Fatalf("no invite link:\n%s", res.Body)
	}
	if strings.Contains(adm.get("/w/acme/settings/members").Body, link) {
		t.Fatal("the invite link is shown again")
	}

	guest := s.client()
	page := guest.get(link)
	page.want(t, http.StatusOK, "Acme", "Editor", `action="`+link+`/register"`, `/login?next=`)
	guest.post(link+"/register", "email", "other@example.com", "name", "N", "password", password).
		want(t, http.StatusBadRequest, "this invite is for another e-mail address")
	guest.post(link+"/register", "email", "newbie@example.com", "name", "Newbie", "password", password).redirectsTo(t, "/w/acme/")
	guest.get("/w/acme/").want(t, http.StatusOK, "Welcome to the workspace.")
	guest.get(link).want(t, http.StatusConflict, "expired or was already used")

	// Revoking a pending invite.
	res = adm.post("/w/acme/settings/members", "email", "later@example.com", "role", "viewer")
	res.want(t, http.StatusCreated)
	id := regexp.MustCompile(`/settings/invites/(\d+)/revoke`).FindStringSubmatch(res.Body)
	if id == nil {
		t.Fatal("no revoke button for the pending invite")
	}
	adm.post("/w/acme/settings/invites/"+id[1]+"/revoke").redirectsTo(t, "/w/acme/settings/members")
	adm.get("/w/acme/settings/members").want(t, http.StatusOK, "Invite revoked.", "No pending invite.")
}

func TestAuditLogAndFailedJobs(t *testing.T) {
	s := newSite(t)
	ada := s.admin("ada@example.com")
	w, err := s.WS.Create(as(ada), workspace.Input{Name: "Acme", TimeZone: "Europe/Paris", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 55; i++ {
		name := "Acme " + itoa(int64(i))
		if _, err := s.WS.UpdateSettings(as(ada), w.Slug, workspace.Update{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
	c := s.client()
	c.login("ada@example.com")
	first := c.get("/w/acme/settings/audit")
	first.want(t, http.StatusOK, "workspace.update", `rel="next"`)
	next := regexp.MustCompile(`href="(/w/acme/settings/audit\?cursor=\d+)" rel="next"`).FindStringSubmatch(first.Body)
	if next == nil {
		t.Fatal("no link to older entries")
	}
	older := c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	older.want(t, http.StatusOK, "workspace.create", "Newest entries")

	filtered := c.get("/w/acme/settings/audit?action=workspace.&object_type=workspace&since=2000-01-01&until=" + time.Now().UTC().Format("2006-01-02"))
	filtered.want(t, http.StatusOK, "workspace.update", "Clear the filter")
	none := c.get("/w/acme/settings/audit?action=member.")
	none.want(t, http.StatusOK, "No entry matches.")
	c.get("/w/acme/settings/audit?since=yesterday").want(t, http.StatusBadRequest, `id="f-since-error"`, "RFC 3339")

	c.get("/w/acme/settings/jobs").want(t, http.StatusOK, "No job has failed.")
	ctx := context.Background()
	job := &model.Job{Kind: "test.poll", Payload: []byte(`{}`), WorkspaceID: &w.ID, MaxAttempts: 1, RunAt: time.Now().Add(-time.Minute)}
	if _, err := s.DB.Q().EnqueueJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.DB.Q().ClaimJobs(ctx, "test", []string{"test.poll"}, 1, time.Now().Add(time.Minute))
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if ok, err := s.DB.Q().FailJob(ctx, claimed[0].ID, "test", "feed answered 500 <b>twice</b>"); !ok || err != nil {
		t.Fatalf("fail job: %v %v", ok, err)
	}
	jobs := c.get("/w/acme/settings/jobs")
	jobs.want(t, http.StatusOK, "test.poll", "feed answered 500 &lt;b&gt;twice&lt;/b&gt;", "/retry")
	c.post("/w/acme/settings/jobs/"+itoa(claimed[0].ID)+"/retry").redirectsTo(t, "/w/acme/settings/jobs")
	c.get("/w/acme/settings/jobs").want(t, http.StatusOK, "The job will run again.", "No job has failed.")
}

func TestStaticFilesAreFingerprintedAndCached(t *testing.T) {
	s := newSite(t)
	c := s.client()
	page := c.get("/login")
	page.want(t, http.StatusOK)
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("CSP = %q", csp)
	}
	if regexp.MustCompile(`<script>|<style|style="`).MatchString(page.Body) {
		t.Fatal("inline script or style in a page; the CSP refuses them")
	}
	for _, name := range []string{"htmx.min.js", "parvis.js", "parvis.css"} {
		src := regexp.MustCompile(`"(/static/` + regexp.QuoteMeta(name) + `\?v=[0-9a-f]+)"`).FindStringSubmatch(page.Body)
		if src == nil {
			t.Fatalf("%s is not linked from the page", name)
		}
		res := c.get(src[1])
		res.want(t, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
		if stale := c.get("/static/" + name + "?v=old"); stale.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s with an old hash: Cache-Control %q", name, stale.Header.Get("Cache-Control"))
		}
	}
	if !strings.Contains(c.get("/static/htmx.min.js").Body, `version:"2.0.11"`) {
		t.Error("htmx.min.js is not htmx 2.0.11")
	}
	c.get("/static/VENDOR.md").want(t, http.StatusNotFound)
}

func itoa(n int64) string { return strconvFormat(n) }

func TestInviteLinkAcceptedByLoggedInPerson(t *testing.T) {
	s := newSite(t)
	ada := s.admin("ada@example.com")
	s.user("bob@example.com")
	w, err := s.WS.Create(as(ada), workspace.Input{Name: "Acme", TimeZone: "Europe/Paris", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := s.WS.CreateInvite(as(ada), w.Slug, "", "manager")
	if err != nil {
		t.Fatal(err)
	}
	link := "/invite/" + inv.Token
	bob := s.client()
	// Without a session the accept button leads to the login first.
	bob.post(link+"/accept").redirectsTo(t, "/login")
	bob.get(link).want(t, http.StatusOK, "Log in first", "/login?next=/invite/")
	bob.login("bob@example.com")
	bob.get(link).want(t, http.StatusOK, "You will join as bob@example.com.", `action="`+link+`/accept"`)
	bob.post(link+"/accept").redirectsTo(t, "/w/acme/")
	bob.get("/w/acme/settings").want(t, http.StatusOK, "Manager")
	bob.post(link+"/accept").want(t, http.StatusConflict, "expired or was already used")
	bob.get("/invite/not-a-token").want(t, http.StatusNotFound, "invite not found")
}
