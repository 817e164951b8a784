package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/listen"
)

// sourcesData is the sources page: their health, and the types a manager
// can add.
type sourcesData struct {
	Sources []listen.SourceView
	Specs   []connector.Spec
}

func (s *server) sourcesPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.sources_title", "listening"
	srcs, err := s.Listen.Sources(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = sourcesData{Sources: srcs, Specs: s.Listen.Specs()}
	s.render(w, r, http.StatusOK, "listen_sources", p)
}

// sourceForm is the page of one source, or of the form that adds one.
type sourceForm struct {
	Spec  connector.Spec
	Specs []connector.Spec // the type chooser, when no type is chosen
	// Source is the source shown (nil on the new source form).
	Source *listen.SourceView
	// Next is where the source's buttons come back to.
	Next string
}

// spec returns the spec of a source type.
func (s *server) spec(typ string) (connector.Spec, bool) {
	for _, sp := range s.Listen.Specs() {
		if sp.Type == typ {
			return sp, true
		}
	}
	return connector.Spec{}, false
}

func (s *server) newSourcePage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.new_source_title", "listening"
	spec, ok := s.spec(r.URL.Query().Get("type"))
	if !ok {
		p.Data = sourceForm{Specs: s.Listen.Specs()}
		s.render(w, r, http.StatusOK, "listen_source_new", p)
		return
	}
	p.Data = sourceForm{Spec: spec}
	p.Fields["interval"] = "5m"
	s.render(w, r, http.StatusOK, "listen_source_new", p)
}

func (s *server) createSource(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.new_source_title", "listening"
	p.Data = sourceForm{Specs: s.Listen.Specs()}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "listen_source_new", p)
		return
	}
	typ := r.PostForm.Get("type")
	spec, ok := s.spec(typ)
	if ok {
		p.Data = sourceForm{Spec: spec}
	}
	keepFields(p, r.PostForm)
	in := listen.SourceInput{Type: typ, Name: r.PostForm.Get("name"), Interval: r.PostForm.Get("interval")}
	in.Config, _ = configFromForm(spec, r.PostForm)
	src, err := s.Listen.CreateSource(r.Context(), p.WS.Slug, in)
	if err != nil {
		s.fail(w, r, err, "listen_source_new", p)
		return
	}
	s.redirect(w, r, wsURL(p, "listening/sources/"+strconv.FormatInt(src.ID, 10)), "flash.source_created")
}

// keepFields refills the form with what was sent, except secrets, which
// password inputs never show again.
func keepFields(p *page, form url.Values) {
	for k, v := range form {
		if len(v) > 0 {
			p.Fields[k] = strings.Join(v, "\n")
		}
	}
}

// configFromForm builds a source's JSON configuration from the form's
// config.<field> inputs, typed as the spec says. Empty inputs are left out
// (secrets left out keep their stored value). It also returns the public
// part, to tell whether an edit changed it.
func configFromForm(spec connector.Spec, form url.Values) (json.RawMessage, map[string]any) {
	all, public := map[string]any{}, map[string]any{}
	for _, f := range spec.Fields {
		raw := form.Get("config." + f.Name)
		var v any
		switch f.Type {
		case "bool":
			if raw != "" {
				v = true
			}
		case "list":
			var list []string
			for _, line := range strings.Split(raw, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					list = append(list, line)
				}
			}
			if len(list) > 0 {
				v = list
			}
		case "int":
			raw = strings.TrimSpace(raw)
			if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
				v = n
			} else if raw != "" {
				v = raw // the connector names the field in its error
			}
		case "secret":
			if raw != "" {
				v = raw
			}
		default:
			if raw = strings.TrimSpace(raw); raw != "" {
				v = raw
			}
		}
		if v == nil {
			continue
		}
		all[f.Name] = v
		if !f.Secret {
			public[f.Name] = v
		}
	}
	b, _ := json.Marshal(all)
	return b, public
}

// fieldsFromConfig fills the edit form from a source's configuration
// (secrets are masked by the service and left blank here).
func fieldsFromConfig(p *page, spec connector.Spec, cfg json.RawMessage) {
	var m map[string]json.RawMessage
	if json.Unmarshal(cfg, &m) != nil {
		return
	}
	for _, f := range spec.Fields {
		raw, ok := m[f.Name]
		if !ok || f.Secret {
			continue
		}
		var v any
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		switch x := v.(type) {
		case string:
			p.Fields["config."+f.Name] = x
		case bool:
			if x {
				p.Fields["config."+f.Name] = "on"
			}
		case []any:
			var lines []string
			for _, e := range x {
				if str, ok := e.(string); ok {
					lines = append(lines, str)
				}
			}
			p.Fields["config."+f.Name] = strings.Join(lines, "\n")
		case nil:
		default:
			p.Fields["config."+f.Name] = strings.TrimSpace(string(raw))
		}
	}
}

// publicConfig is the non-secret part of a source's configuration.
func publicConfig(spec connector.Spec, cfg json.RawMessage) map[string]any {
	var m map[string]any
	json.Unmarshal(cfg, &m)
	out := map[string]any{}
	for _, f := range spec.Fields {
		if v, ok := m[f.Name]; ok && !f.Secret && v != nil && v != false {
			out[f.Name] = v
		}
	}
	return out
}

func (s *server) sourcePage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.source_title", "listening"
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	src, err := s.Listen.Source(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	spec, _ := s.spec(src.Type)
	p.Fields["name"], p.Fields["interval"] = src.Name, src.Interval
	fieldsFromConfig(p, spec, src.Config)
	p.Data = sourceForm{Spec: spec, Source: &src, Next: r.URL.Path}
	s.render(w, r, http.StatusOK, "listen_source", p)
}

// updateSource saves the edit form. The configuration is sent only when it
// changed, since a new configuration makes the source start over.
func (s *server) updateSource(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.source_title", "listening"
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	var src listen.SourceView
	if err == nil {
		src, err = s.Listen.Source(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	spec, _ := s.spec(src.Type)
	keepFields(p, r.PostForm)
	p.Data = sourceForm{Spec: spec, Source: &src, Next: r.URL.Path}
	name := r.PostForm.Get("name")
	up := listen.SourceUpdate{Name: &name}
	if src.Type != listen.WebhookType {
		interval := r.PostForm.Get("interval")
		up.Interval = &interval
	}
	if cfg, changed := configEdit(spec, r.PostForm, src.Config); changed {
		up.Config = cfg
	}
	if _, err := s.Listen.UpdateSource(r.Context(), p.WS.Slug, id, up); err != nil {
		s.fail(w, r, err, "listen_source", p)
		return
	}
	s.redirect(w, r, wsURL(p, "listening/sources/"+strconv.FormatInt(id, 10)), "flash.saved")
}

// configEdit reads the configuration of an edit form and says whether it
// changes anything: a secret typed, or public settings other than those
// stored (credentials are sent again, and checked, only then).
func configEdit(spec connector.Spec, form url.Values, stored json.RawMessage) (json.RawMessage, bool) {
	cfg, public := configFromForm(spec, form)
	changed := !reflect.DeepEqual(normalize(public), publicConfig(spec, stored))
	for _, f := range spec.Fields {
		if f.Secret && form.Get("config."+f.Name) != "" {
			changed = true
		}
	}
	return cfg, changed
}

// normalize gives values the shapes JSON decoding gives them, to compare
// the form with a stored configuration.
func normalize(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	json.Unmarshal(b, &out)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

// sourceBack is where a source's button returns: the page it was on.
func sourceBack(p *page, r *http.Request, id int64) string {
	if next := r.PostForm.Get("next"); next != "" {
		return safeNext(next)
	}
	return wsURL(p, "listening/sources/"+strconv.FormatInt(id, 10))
}

func (s *server) runSource(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err == nil {
		err = s.Listen.RunSource(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, sourceBack(p, r, id), "flash.source_run")
}

func (s *server) setSourceEnabled(enabled bool) pageHandler {
	flash := "flash.source_paused"
	if enabled {
		flash = "flash.source_resumed"
	}
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		id, err := pathID(r, "id")
		if err == nil {
			err = s.form(w, r)
		}
		if err == nil {
			_, err = s.Listen.UpdateSource(r.Context(), p.WS.Slug, id, listen.SourceUpdate{Enabled: &enabled})
		}
		if err != nil {
			s.fail(w, r, err, "", p)
			return
		}
		s.redirect(w, r, sourceBack(p, r, id), flash)
	}
}

func (s *server) deleteSource(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Listen.DeleteSource(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "listening/sources"), "flash.source_deleted")
}

// configField is one configuration input of a source form.
type configField struct {
	Name, Type, Label, Value, Hint, Error, DescribedBy, Placeholder, RequiredText string
	Required, Invalid                                                             bool
}

// SpecName is a source type's name in the page's language.
func (p *page) SpecName(sp connector.Spec) string {
	if p.Lang == "fr" && sp.NameFR != "" {
		return sp.NameFR
	}
	return sp.NameEN
}

// ConfigFields describes the inputs of a source type's configuration, with
// its help in the page's language. editing says the source exists: a secret
// left blank then keeps its value.
func (p *page) ConfigFields(sp connector.Spec, editing bool) []configField {
	var out []configField
	for _, f := range sp.Fields {
		name := "config." + f.Name
		c := configField{Name: name, Label: fieldLabel(f.Name), Value: p.Fields[name], Required: f.Required,
			RequiredText: p.T("listen.required"), Invalid: p.Invalid(name)}
		c.Hint = f.HelpEN
		if p.Lang == "fr" && f.HelpFR != "" {
			c.Hint = f.HelpFR
		}
		switch f.Type {
		case "bool":
			c.Type = "checkbox"
		case "list":
			c.Type = "textarea"
			c.Hint = strings.TrimSpace(c.Hint + " " + p.T("listen.one_per_line"))
		case "int":
			c.Type = "number"
		case "url":
			c.Type = "url"
		case "secret":
			c.Type = "password"
			if editing {
				c.Hint = strings.TrimSpace(c.Hint + " " + p.T("listen.secret_keep"))
			}
		default:
			c.Type = "text"
		}
		if f.Secret {
			c.Type = "password"
		}
		var ids []string
		if c.Hint != "" {
			ids = append(ids, "f-"+name+"-hint")
		}
		if c.Invalid {
			c.Error = p.Error
			ids = append(ids, "f-"+name+"-error")
		}
		c.DescribedBy = strings.Join(ids, " ")
		out = append(out, c)
	}
	return out
}

// fieldLabel turns a configuration key into a label: "app_password" →
// "App password". (Specs carry help texts, not labels.)
func fieldLabel(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Health says in one word how a source is doing: paused, failing, ok or
// waiting (never run yet).
func (p *page) Health(src listen.SourceView) string {
	switch {
	case !src.Enabled:
		return "paused"
	case src.ErrorCount > 0:
		return "failing"
	case src.LastSuccessAt != nil:
		return "ok"
	}
	return "waiting"
}

// sourceRow gives the health and button templates a source and the page.
type sourceRow struct {
	P      *page
	Source listen.SourceView
}

// WithSource pairs a source with the page, for the templates.
func (p *page) WithSource(src listen.SourceView) sourceRow { return sourceRow{P: p, Source: src} }
