package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/model"
)

//go:embed templates
var templateFS embed.FS

// server holds the parsed templates and the fingerprints of the static
// files; it is built once by newServer and read-only afterwards.
type server struct {
	*Deps
	pages  map[string]*template.Template // page name → layout + page
	assets map[string]string             // file name → URL with ?v=hash
}

func newServer(d *Deps) (*server, error) {
	s := &server{Deps: d, pages: map[string]*template.Template{}}
	var err error
	if s.assets, err = fingerprints(); err != nil {
		return nil, err
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, err
		}
		s.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return s, nil
}

// funcs are the template helpers that need no request state.
var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"roleAtLeast": func(r model.Role, min string) bool {
		return r.AtLeast(model.Role(min))
	},
}

// page is what every template receives.
type page struct {
	Lang       string
	Title      string // translation key
	Path       string // the request's path and query, for the language switch
	User       *model.User
	Workspaces []model.Workspace
	WS         *model.Workspace // the current workspace, if any
	Crisis     *model.Crisis    // its crisis mode, for the banner (nil: unknown)
	Nav        string           // the active area or settings section
	Flash      string           // translation key of a one-time message
	Error      string           // a message about the whole form
	Fields     map[string]string
	FieldError string // the field the error is about
	Data       any
	// HasTopics says the topics pages exist (Deps.Topics is set), for
	// the links to them.
	HasTopics bool
	assets    map[string]string
}

// T translates a key into the page's language.
func (p *page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Static returns the fingerprinted URL of a static file.
func (p *page) Static(name string) string { return p.assets[name] }

// Value returns the submitted value of a form field, to refill the form.
func (p *page) Value(name string) string { return p.Fields[name] }

// Invalid reports whether the form's error is about field.
func (p *page) Invalid(field string) bool { return p.Error != "" && p.FieldError == field }

// Time formats t for display in the workspace's time zone (UTC outside a
// workspace).
func (p *page) Time(t time.Time) string {
	loc := time.UTC
	if p.WS != nil {
		if l, err := time.LoadLocation(p.WS.TimeZone); err == nil {
			loc = l
		}
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// RoleName translates a role.
func (p *page) RoleName(r model.Role) string { return p.T("role." + string(r)) }

// Roles lists the roles the current actor may grant, most powerful first.
func (p *page) Roles() []model.Role {
	var rs []model.Role
	for _, r := range model.Roles {
		if p.WS != nil && (r != model.RoleOwner || p.WS.Role == model.RoleOwner) {
			rs = append(rs, r)
		}
	}
	return rs
}

// Can reports whether the current actor's role in the workspace is at least
// min (to hide what it cannot do; services enforce).
func (p *page) Can(min string) bool {
	return p.WS != nil && p.WS.Role.AtLeast(model.Role(min))
}

// newPage starts the data of a page for r.
func (s *server) newPage(r *http.Request, title string) *page {
	p := &page{Lang: httpx.Lang(r.Context()), Title: title, Path: backPath(r), assets: s.assets, Fields: map[string]string{},
		HasTopics: s.Topics != nil}
	if a := auth.ActorFrom(r.Context()); a != nil && a.User.ID != 0 {
		u := a.User
		p.User = &u
	}
	return p
}

// backPath is where the language switch returns: the page itself, or for
// the answer to a POST (whose URL may have no page), the page the form was
// on.
func backPath(r *http.Request) string {
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		return ref.RequestURI()
	}
	return "/"
}

// render writes a page with a status.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("web: no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.Log.Error("web: render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail renders the error of a service call: on the form page when there is
// one (with the field highlighted), else as an error page.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error, form string, p *page) {
	status, d, e := httpx.Describe(r.Context(), s.Log, err)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	if e.Kind == apperr.KindUnauthenticated && p.User == nil && form == "" {
		s.toLogin(w, r)
		return
	}
	if form == "" || e.Kind == apperr.KindForbidden || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal {
		s.errorPage(w, r, status, d.Message, p)
		return
	}
	p.Error, p.FieldError = d.Message, d.Field
	s.render(w, r, status, form, p)
}

// errorPage renders a page that only says what went wrong.
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string, p *page) {
	if p == nil {
		p = s.newPage(r, "")
	}
	p.Title = "error.title"
	p.Error = msg
	p.Data = status
	s.render(w, r, status, "error", p)
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	_, d, _ := httpx.Describe(r.Context(), s.Log, apperr.NotFound("page"))
	s.errorPage(w, r, http.StatusNotFound, d.Message, nil)
}

// toLogin sends a visitor without a session to the login page, to come back
// afterwards.
func (s *server) toLogin(w http.ResponseWriter, r *http.Request) {
	next := ""
	if r.Method == http.MethodGet {
		next = "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, "/login"+next, http.StatusSeeOther)
}

// redirect ends a successful POST (Post/Redirect/Get), with a flash message.
func (s *server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		s.setFlash(w, flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// form parses a POSTed form within the body limit.
func (s *server) form(w http.ResponseWriter, r *http.Request) error {
	if s.MaxBody > 0 {
		r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	}
	if err := r.ParseForm(); err != nil {
		return httpx.JSONError(err, s.MaxBody) // names "too large" when it is
	}
	return nil
}

func pathID(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, apperr.Invalid(name, "error.id_invalid", "must be a numeric id")
	}
	return v, nil
}

// formID reads a numeric id from a posted form field.
func formID(r *http.Request, field string) (int64, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(field)), 10, 64)
	if err != nil || v <= 0 {
		return 0, apperr.Invalid(field, "error.id_invalid", "must be a numeric id")
	}
	return v, nil
}

// safeNext returns next when it is a local path of this site, else "/".
// It refuses absolute URLs, scheme-relative ("//host") and backslash tricks
// that browsers read as another host.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	if len(next) > 1 && next[1] == '\\' {
		return "/"
	}
	return next
}

// fieldView is what the "field" template needs to draw one labelled input
// with its hint and error.
type fieldView struct {
	Name, Type, Label, Value, Error, Hint, Autocomplete, List, DescribedBy string
	Required, Invalid                                                      bool
}

// Field describes a form field for the "field" template. opts are
// "required", "autocomplete=…", "list=…" (a datalist id) and "hint=…" (a
// translation key).
func (p *page) Field(name, typ, labelKey string, opts ...string) fieldView {
	f := fieldView{Name: name, Type: typ, Label: p.T(labelKey), Value: p.Fields[name], Invalid: p.Invalid(name)}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "autocomplete":
			f.Autocomplete = v
		case "list":
			f.List = v
		case "hint":
			f.Hint = p.T(v)
		}
	}
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "f-"+name+"-hint")
	}
	if f.Invalid {
		f.Error = p.Error
		ids = append(ids, "f-"+name+"-error")
	}
	f.DescribedBy = strings.Join(ids, " ")
	return f
}
