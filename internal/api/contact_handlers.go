package api

import (
	"net/http"

	"github.com/parvis/parvis/internal/contacts"
)

// The community directory and the feedback for leadership.

func (d *Deps) listContacts(r *http.Request) (int, any, error) {
	v := r.URL.Query()
	p, err := contacts.ParsePeriod(v.Get("from"), v.Get("to"))
	if err != nil {
		return 0, nil, err
	}
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	page, err := d.Contacts.List(r.Context(), r.PathValue("ws"), contacts.ListQuery{Tag: v.Get("tag"), Network: v.Get("network"),
		Search: v.Get("q"), Sort: v.Get("sort"), Period: p, Cursor: v.Get("cursor"), Limit: n})
	return http.StatusOK, page, err
}

func (d *Deps) getContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	c, err := d.Contacts.Get(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, c, err
}

func (d *Deps) patchContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in contacts.Update
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := d.Contacts.UpdateContact(r.Context(), r.PathValue("ws"), id, in)
	return http.StatusOK, c, err
}

func (d *Deps) mergeContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		ContactID int64 `json:"contact_id"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := d.Contacts.Merge(r.Context(), r.PathValue("ws"), id, in.ContactID)
	return http.StatusOK, c, err
}

func (d *Deps) unmergeContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		IdentityID int64 `json:"identity_id"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := d.Contacts.Unmerge(r.Context(), r.PathValue("ws"), id, in.IdentityID)
	return http.StatusCreated, c, err
}

func (d *Deps) exportContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	e, err := d.Contacts.Export(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, e, err
}

func (d *Deps) eraseContact(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	e, err := d.Contacts.Erase(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, e, err
}

func (d *Deps) contactSuggestions(r *http.Request) (int, any, error) {
	s, err := d.Contacts.Suggestions(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"suggestions": s}, err
}

func (d *Deps) dismissSuggestion(r *http.Request) (int, any, error) {
	var in struct {
		A int64 `json:"a"`
		B int64 `json:"b"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Contacts.DismissSuggestion(r.Context(), r.PathValue("ws"), in.A, in.B)
}

func (d *Deps) topContacts(r *http.Request) (int, any, error) {
	v := r.URL.Query()
	p, err := contacts.ParsePeriod(v.Get("from"), v.Get("to"))
	if err != nil {
		return 0, nil, err
	}
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	kind := v.Get("kind")
	if kind == "" {
		kind = "ambassadors"
	}
	list, err := d.Contacts.Top(r.Context(), r.PathValue("ws"), kind, p, n)
	return http.StatusOK, map[string]any{"kind": kind, "contacts": list}, err
}

func (d *Deps) getContactSettings(r *http.Request) (int, any, error) {
	s, err := d.Contacts.GetSettings(r.Context(), r.PathValue("ws"))
	return http.StatusOK, s, err
}

func (d *Deps) putContactSettings(r *http.Request) (int, any, error) {
	var in contacts.Settings
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	s, err := d.Contacts.PutSettings(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, s, err
}

func (d *Deps) getFeedback(r *http.Request) (int, any, error) {
	v := r.URL.Query()
	p, err := contacts.ParsePeriod(v.Get("from"), v.Get("to"))
	if err != nil {
		return 0, nil, err
	}
	s, err := d.Contacts.Feedback(r.Context(), r.PathValue("ws"), p, v.Get("category"))
	return http.StatusOK, s, err
}

func (d *Deps) markFeedback(r *http.Request) (int, any, error) {
	var in contacts.MarkInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	f, err := d.Contacts.MarkFeedback(r.Context(), r.PathValue("ws"), in)
	if err == nil && in.Category == "" {
		return http.StatusNoContent, nil, nil
	}
	return http.StatusOK, f, err
}

func (d *Deps) listFeedbackDigests(r *http.Request) (int, any, error) {
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	if n == 0 {
		n = 10
	}
	ds, err := d.Contacts.Digests(r.Context(), r.PathValue("ws"), n)
	return http.StatusOK, map[string]any{"digests": ds}, err
}
