package web

import (
	"net/http"

	"github.com/parvis/parvis/internal/workspace"
)

// area is one of the parts of Parvis a workspace has. Until an area is
// built, its page says in a sentence what will come there.
type area struct {
	Slug string // URL segment and key suffix: nav.<slug>, area.<slug>.soon
}

// areas are listed in the order of the navigation.
var areas = []area{{"listening"}, {"publishing"}, {"inbox"}, {"moderation"}, {"analytics"}}

// Areas gives the templates the list of areas.
func (p *page) Areas() []area { return areas }

func (s *server) workspaceHome(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "home.title", "home"
	s.render(w, r, http.StatusOK, "home", p)
}

func (s *server) areaPage(a area) pageHandler {
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		p.Title, p.Nav, p.Data = "nav."+a.Slug, a.Slug, a
		s.render(w, r, http.StatusOK, "area", p)
	}
}

// commonTimeZones fill the time zone field's suggestions; any IANA name is
// accepted.
var commonTimeZones = []string{
	"Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/Luxembourg", "Europe/London", "Europe/Dublin",
	"Europe/Lisbon", "Europe/Madrid", "Europe/Berlin", "Europe/Rome", "Europe/Amsterdam", "Europe/Warsaw",
	"Europe/Athens", "Europe/Istanbul", "Africa/Casablanca", "Africa/Algiers", "Africa/Tunis", "Africa/Dakar",
	"Africa/Abidjan", "Africa/Kinshasa", "Indian/Reunion", "America/Montreal", "America/Toronto",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Mexico_City",
	"America/Sao_Paulo", "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Pacific/Noumea",
	"Pacific/Tahiti", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "UTC",
}

// TimeZones gives the templates the suggested time zones.
func (p *page) TimeZones() []string { return commonTimeZones }

func (s *server) newWorkspacePage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "wsnew.title", "new"
	p.Fields["time_zone"], p.Fields["language"] = "Europe/Paris", p.Lang
	s.render(w, r, http.StatusOK, "workspace_new", p)
}

func (s *server) createWorkspace(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "wsnew.title", "new"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "workspace_new", p)
		return
	}
	in := workspace.Input{Name: r.PostForm.Get("name"), TimeZone: r.PostForm.Get("time_zone"), Language: r.PostForm.Get("language")}
	p.Fields["name"], p.Fields["time_zone"], p.Fields["language"] = in.Name, in.TimeZone, in.Language
	ws, err := s.Workspaces.Create(r.Context(), in)
	if err != nil {
		s.fail(w, r, err, "workspace_new", p)
		return
	}
	s.redirect(w, r, "/w/"+ws.Slug+"/", "flash.ws_created")
}

func (s *server) settingsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "settings.title", "settings"
	p.Fields["name"], p.Fields["time_zone"], p.Fields["language"] = p.WS.Name, p.WS.TimeZone, p.WS.Language
	s.render(w, r, http.StatusOK, "settings", p)
}

func (s *server) updateSettings(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "settings.title", "settings"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "settings", p)
		return
	}
	name, tz, lang := r.PostForm.Get("name"), r.PostForm.Get("time_zone"), r.PostForm.Get("language")
	p.Fields["name"], p.Fields["time_zone"], p.Fields["language"] = name, tz, lang
	ws, err := s.Workspaces.UpdateSettings(r.Context(), p.WS.Slug, workspace.Update{Name: &name, TimeZone: &tz, Language: &lang})
	if err != nil {
		s.fail(w, r, err, "settings", p)
		return
	}
	s.redirect(w, r, "/w/"+ws.Slug+"/settings", "flash.saved")
}
