package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/contacts"
)

// contactsData is the directory list.
type contactsData struct {
	Page     contacts.Page
	Tags     []string
	Networks []string
	NextURL  string
	Suggest  []contacts.Suggestion
}

// contactNetworks are offered by the network filter.
var contactNetworks = []string{"bluesky", "mastodon", "reddit", "telegram", "youtube", "feed", "webhook", "import"}

func (s *server) contactsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.title", "inbox"
	v := r.URL.Query()
	for _, k := range []string{"tag", "network", "q", "sort", "from", "to"} {
		p.Fields[k] = v.Get(k)
	}
	d := contactsData{Tags: contacts.Tags, Networks: contactNetworks}
	period, err := contacts.ParsePeriod(v.Get("from"), v.Get("to"))
	if err != nil {
		p.Data = d
		s.fail(w, r, err, "contact_list", p)
		return
	}
	d.Page, err = s.Contacts.List(r.Context(), p.WS.Slug, contacts.ListQuery{Tag: v.Get("tag"), Network: v.Get("network"),
		Search: v.Get("q"), Sort: v.Get("sort"), Period: period, Cursor: v.Get("cursor")})
	if err != nil {
		p.Data = d
		s.fail(w, r, err, "contact_list", p)
		return
	}
	if d.Page.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", d.Page.Next)
		d.NextURL = wsURL(p, "contacts?"+q.Encode())
	}
	if d.Suggest, err = s.Contacts.Suggestions(r.Context(), p.WS.Slug); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if len(d.Suggest) > 10 {
		d.Suggest = d.Suggest[:10]
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "contact_list", p)
}

// contactData is the contact page.
type contactData struct {
	contacts.Detail
	Items []itemView
}

func (s *server) contactPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.one_title", "inbox"
	if !s.loadContact(w, r, p) {
		return
	}
	s.render(w, r, http.StatusOK, "contact_detail", p)
}

// loadContact fills p.Data with the contact of the path and its form
// fields; it renders the error and returns false when it cannot.
func (s *server) loadContact(w http.ResponseWriter, r *http.Request, p *page) bool {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return false
	}
	d, err := s.Contacts.Get(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return false
	}
	p.Data = contactData{Detail: d, Items: s.itemViews(p, d.Items)}
	p.Fields["name"], p.Fields["notes"], p.Fields["tags"] = d.Name, d.Notes, strings.Join(d.Tags, ", ")
	return true
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func (s *server) updateContact(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.one_title", "inbox"
	if !s.loadContact(w, r, p) {
		return
	}
	d := p.Data.(contactData)
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "contact_detail", p)
		return
	}
	f := r.PostForm
	name, notes, tags := f.Get("name"), f.Get("notes"), splitTags(f.Get("tags"))
	p.Fields["name"], p.Fields["notes"], p.Fields["tags"] = name, notes, f.Get("tags")
	if _, err := s.Contacts.UpdateContact(r.Context(), p.WS.Slug, d.ID, contacts.Update{Name: &name, Notes: &notes, Tags: &tags}); err != nil {
		s.fail(w, r, err, "contact_detail", p)
		return
	}
	s.redirect(w, r, wsURL(p, "contacts/"+strconv.FormatInt(d.ID, 10)), "flash.contact_saved")
}

// contactAction runs a form action of the contact page that names
// another contact or identity in the form field: act returns the contact
// to show afterwards.
func (s *server) contactAction(field, flash string, act func(r *http.Request, p *page, contact, other int64) (int64, error)) pageHandler {
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		p.Title, p.Nav = "contacts.one_title", "inbox"
		if !s.loadContact(w, r, p) {
			return
		}
		d := p.Data.(contactData)
		err := s.form(w, r)
		var other, next int64
		if err == nil {
			p.Fields[field] = r.PostForm.Get(field)
			other, err = formID(r, field)
		}
		if err == nil {
			next, err = act(r, p, d.ID, other)
		}
		if err != nil {
			s.fail(w, r, err, "contact_detail", p)
			return
		}
		s.redirect(w, r, wsURL(p, "contacts/"+strconv.FormatInt(next, 10)), flash)
	}
}

// mergeContact merges another contact into this one.
func (s *server) mergeContact() pageHandler {
	return s.contactAction("contact_id", "flash.contacts_merged", func(r *http.Request, p *page, contact, other int64) (int64, error) {
		_, err := s.Contacts.Merge(r.Context(), p.WS.Slug, contact, other)
		return contact, err
	})
}

// unmergeContact makes an identity a contact of its own, shown next.
func (s *server) unmergeContact() pageHandler {
	return s.contactAction("identity_id", "flash.contact_unmerged", func(r *http.Request, p *page, contact, identity int64) (int64, error) {
		n, err := s.Contacts.Unmerge(r.Context(), p.WS.Slug, contact, identity)
		return n.ID, err
	})
}

// notSameContact dismisses the suggestion of this contact and another.
func (s *server) notSameContact() pageHandler {
	return s.contactAction("contact_id", "flash.contact_not_same", func(r *http.Request, p *page, contact, other int64) (int64, error) {
		return contact, s.Contacts.DismissSuggestion(r.Context(), p.WS.Slug, contact, other)
	})
}

// exportContact downloads everything held on a contact as a JSON file.
func (s *server) exportContact(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	e, err := s.Contacts.Export(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="contact-%d.json"`, id))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(e); err != nil {
		s.Log.WarnContext(r.Context(), "web: writing a contact export", "err", err)
	}
}

// eraseData is the erasure confirmation.
type eraseData struct {
	contacts.Detail
	Policy string
}

func (s *server) eraseContactPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.erase_title", "inbox"
	if !p.Can("manager") {
		s.fail(w, r, apperr.Forbidden(), "", p)
		return
	}
	if !s.loadContact(w, r, p) {
		return
	}
	set, err := s.Contacts.GetSettings(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = eraseData{Detail: p.Data.(contactData).Detail, Policy: set.ErasurePolicy}
	s.render(w, r, http.StatusOK, "contact_erase", p)
}

func (s *server) eraseContact(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if r.PostForm.Get("confirm") != "erase" {
		s.redirect(w, r, wsURL(p, "contacts/"+strconv.FormatInt(id, 10)+"/erase"), "flash.contact_erase_unconfirmed")
		return
	}
	if _, err := s.Contacts.Erase(r.Context(), p.WS.Slug, id); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "contacts"), "flash.contact_erased")
}

// topData is the top ambassadors and critics page.
type topData struct {
	Ambassadors, Critics []contacts.Entry
}

func (s *server) topContactsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.top_title", "inbox"
	v := r.URL.Query()
	p.Fields["from"], p.Fields["to"] = v.Get("from"), v.Get("to")
	p.Data = topData{}
	period, err := contacts.ParsePeriod(v.Get("from"), v.Get("to"))
	if err != nil {
		s.fail(w, r, err, "contact_top", p)
		return
	}
	var d topData
	if d.Ambassadors, err = s.Contacts.Top(r.Context(), p.WS.Slug, "ambassadors", period, 20); err != nil {
		s.fail(w, r, err, "contact_top", p)
		return
	}
	if d.Critics, err = s.Contacts.Top(r.Context(), p.WS.Slug, "critics", period, 20); err != nil {
		s.fail(w, r, err, "contact_top", p)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "contact_top", p)
}

// Score formats a score component's value for the contact page.
func (p *page) ScoreValue(c contacts.Component) string {
	switch c.Name {
	case "reach":
		return strconv.FormatInt(int64(c.Value), 10)
	case "topics":
		return strconv.Itoa(int(c.Value*100+0.5)) + " %"
	}
	return strconv.FormatFloat(c.Value, 'f', 2, 64)
}

// backTo is where a form posted from another page returns: its local
// "next" field, else the feedback page.
func backTo(r *http.Request, p *page) string {
	if n := r.PostForm.Get("next"); n != "" {
		if u, err := url.Parse(safeNext(n)); err == nil && u.Path != "/" {
			return u.RequestURI()
		}
	}
	return wsURL(p, "feedback")
}

// ScoreWeight formats a component's weight as a percentage.
func (p *page) ScoreWeight(c contacts.Component) string {
	return strconv.Itoa(int(c.Weight*100+0.5)) + " %"
}

// FeedbackCategories lists the categories of the feedback forms.
func (p *page) FeedbackCategories() []string { return contacts.FeedbackCategories }

// contactSettingsData is the directory settings form.
type contactSettingsData struct {
	Policies []string
}

func (s *server) contactSettingsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.settings_title", "inbox"
	p.Data = contactSettingsData{Policies: contacts.ErasurePolicies}
	set, err := s.Contacts.GetSettings(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["erasure_policy"], p.Fields["digest_emails"] = set.ErasurePolicy, strings.Join(set.DigestEmails, ", ")
	s.render(w, r, http.StatusOK, "contact_settings", p)
}

func (s *server) saveContactSettings(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "contacts.settings_title", "inbox"
	p.Data = contactSettingsData{Policies: contacts.ErasurePolicies}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "contact_settings", p)
		return
	}
	f := r.PostForm
	p.Fields["erasure_policy"], p.Fields["digest_emails"] = f.Get("erasure_policy"), f.Get("digest_emails")
	emails := strings.FieldsFunc(f.Get("digest_emails"), func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
	if _, err := s.Contacts.PutSettings(r.Context(), p.WS.Slug, contacts.Settings{ErasurePolicy: f.Get("erasure_policy"), DigestEmails: emails}); err != nil {
		s.fail(w, r, err, "contact_settings", p)
		return
	}
	s.redirect(w, r, wsURL(p, "contacts/settings"), "flash.contact_settings_saved")
}
