package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/store"
)

// feedbackData is the feedback page: the summary of a period, the form
// that marks an item or a conversation, and the weekly digests.
type feedbackData struct {
	Summary    contacts.Summary
	Categories []string
	Sentiments []string
	Digests    []store.FeedbackDigest
}

func (s *server) feedbackPage(w http.ResponseWriter, r *http.Request, p *page) {
	v := r.URL.Query()
	for _, k := range []string{"from", "to", "category"} {
		p.Fields[k] = v.Get(k)
	}
	s.renderFeedback(w, r, p, http.StatusOK, nil)
}

// renderFeedback draws the feedback page, with err (from the mark form)
// tied to its field.
func (s *server) renderFeedback(w http.ResponseWriter, r *http.Request, p *page, status int, formErr error) {
	p.Title, p.Nav = "feedback.title", "inbox"
	d := feedbackData{Categories: contacts.FeedbackCategories, Sentiments: contacts.Sentiments}
	p.Data = d
	period, err := contacts.ParsePeriod(p.Fields["from"], p.Fields["to"])
	if err != nil {
		s.fail(w, r, err, "feedback_page", p)
		return
	}
	if d.Summary, err = s.Contacts.Feedback(r.Context(), p.WS.Slug, period, p.Fields["category"]); err != nil {
		s.fail(w, r, err, "feedback_page", p)
		return
	}
	if d.Digests, err = s.Contacts.Digests(r.Context(), p.WS.Slug, 8); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = d
	if formErr != nil {
		s.fail(w, r, formErr, "feedback_page", p)
		return
	}
	s.render(w, r, status, "feedback_page", p)
}

func optionalID(field, v string) (*int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil, apperr.Invalid(field, "error.id_invalid", "must be a numeric id")
	}
	return &n, nil
}

// markFeedback marks an item or a conversation, from the feedback page or
// from a form next to an item elsewhere (which names the page to return to).
func (s *server) markFeedback(w http.ResponseWriter, r *http.Request, p *page) {
	if err := s.form(w, r); err != nil {
		s.renderFeedback(w, r, p, http.StatusBadRequest, err)
		return
	}
	f := r.PostForm
	for _, k := range []string{"item_id", "conversation_id", "mark_category", "note"} {
		p.Fields[k] = f.Get(k)
	}
	in := contacts.MarkInput{Category: f.Get("mark_category"), Note: f.Get("note")}
	var err error
	if in.ItemID, err = optionalID("item_id", f.Get("item_id")); err == nil {
		in.ConversationID, err = optionalID("conversation_id", f.Get("conversation_id"))
	}
	if err == nil {
		_, err = s.Contacts.MarkFeedback(r.Context(), p.WS.Slug, in)
	}
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) && e.Field == "category" {
			e.Field = "mark_category"
		}
		s.renderFeedback(w, r, p, http.StatusBadRequest, err)
		return
	}
	s.redirect(w, r, backTo(r, p), "flash.feedback_marked")
}
