package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/web"
	"github.com/parvis/parvis/internal/workspace"
)

// site is a Parvis web UI on a real SQLite database, wired as the app wires
// it (security headers, cross-origin protection, authentication).
type site struct {
	t    *testing.T
	URL  string
	DB   *store.DB
	Auth *auth.Service
	WS   *workspace.Service
	// Listen is the listening service the pages call.
	Listen *listen.Service
	// liveEnded receives when a request for live updates has ended.
	liveEnded chan struct{}
}

func newSite(t *testing.T) *site {
	t.Helper()
	db := storetest.SQLite(t, storetest.Options{})
	a := auth.NewService(db, clock.Real{}, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	ws := workspace.NewService(db, a, clock.Real{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	var h http.Handler = httpx.Authenticate(a, log, mux)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	s := &site{t: t, DB: db, Auth: a, WS: ws}
	s.liveEnded = make(chan struct{}, 16)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if strings.HasSuffix(r.URL.Path, "/listening/live") {
			select {
			case s.liveEnded <- struct{}{}:
			default:
			}
		}
	}))
	s.URL = "http://" + srv.Listener.Addr().String()
	s.Listen = newListen(t, db, ws, log, s.URL)
	web.Routes(mux, &web.Deps{Log: log, Auth: a, Workspaces: ws, Listen: s.Listen, MaxBody: 1 << 20})
	mux.Handle("POST /hooks/{token}", webhookHandler(s.Listen))
	srv.Start()
	t.Cleanup(srv.Close)
	return s
}

const password = "correct horse battery"

// admin creates the first administrator through the service.
func (s *site) admin(email string) model.User {
	s.t.Helper()
	u, err := s.Auth.Setup(context.Background(), auth.NewUser{Email: email, Name: "Ada", Password: password})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// user creates an ordinary account.
func (s *site) user(email string) model.User {
	s.t.Helper()
	u, err := s.Auth.CreateUser(auth.SystemContext(context.Background(), "test"), auth.NewUser{Email: email, Name: "Bob", Password: password})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// as returns a context acting as u.
func as(u model.User) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{User: u})
}

// client is one browser: it keeps cookies and does not follow redirects, so
// that tests see every answer.
type client struct {
	s    *site
	http *http.Client
	// Header is added to every request.
	Header http.Header
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, Header: http.Header{}, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// answer is a response with its body read.
type answer struct {
	*http.Response
	Body string
}

func (c *client) do(method, path string, form url.Values) answer {
	c.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.s.URL+path, body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{Response: resp, Body: string(b)}
}

func (c *client) get(path string) answer { return c.do("GET", path, nil) }

func (c *client) post(path string, kv ...string) answer {
	form := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	return c.do("POST", path, form)
}

// login logs the client in and checks it worked.
func (c *client) login(email string) {
	c.s.t.Helper()
	a := c.post("/login", "email", email, "password", password)
	if a.StatusCode != http.StatusSeeOther {
		c.s.t.Fatalf("login %s: status %d\n%s", email, a.StatusCode, a.Body)
	}
}

func (a answer) want(t *testing.T, status int, contains ...string) {
	t.Helper()
	if a.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", a.Request.Method, a.Request.URL.Path, a.StatusCode, status, a.Body)
	}
	for _, s := range contains {
		if !strings.Contains(a.Body, s) {
			t.Fatalf("%s %s: body lacks %q\n%s", a.Request.Method, a.Request.URL.Path, s, a.Body)
		}
	}
}

func (a answer) redirectsTo(t *testing.T, loc string) {
	t.Helper()
	if a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != loc {
		t.Fatalf("%s %s: status %d to %q, want 303 to %q\n%s", a.Request.Method, a.Request.URL.Path, a.StatusCode, a.Header.Get("Location"), loc, a.Body)
	}
}

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }
