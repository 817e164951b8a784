package contacts

import (
	"context"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Export is everything Parvis holds on a contact (a GDPR access request).
type Export struct {
	ExportedAt    time.Time            `json:"exported_at"`
	Workspace     string               `json:"workspace"`
	Contact       model.Contact        `json:"contact"`
	Score         Score                `json:"score"`
	Topics        []store.TopicCount   `json:"topics"`
	Items         []model.Item         `json:"items"`
	Conversations []model.Conversation `json:"conversations"`
	Feedback      []model.Feedback     `json:"feedback"`
}

// Export gathers all that is held on a contact (manager), and records the
// export in the audit log.
func (s *Service) Export(ctx context.Context, ws string, id int64) (Export, error) {
	var e Export
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
		if err != nil {
			return err
		}
		c, err := s.contact(ctx, q, w.ID, id)
		if err != nil {
			return err
		}
		e = Export{ExportedAt: s.clock.Now().UTC(), Workspace: w.Slug, Contact: c, Score: Influence(c.Stats)}
		if e.Topics, err = q.ContactTopics(ctx, id); err != nil {
			return apperr.Internal(err)
		}
		if e.Items, err = q.ContactItems(ctx, id, 0); err != nil {
			return apperr.Internal(err)
		}
		if e.Conversations, err = q.ContactConversations(ctx, id); err != nil {
			return apperr.Internal(err)
		}
		ids := make([]int64, len(e.Items))
		for i, it := range e.Items {
			ids[i] = it.ID
		}
		if e.Feedback, err = q.FeedbackOfItems(ctx, ids); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.export", "contact", idStr(id),
			map[string]any{"items": len(e.Items), "identities": len(c.Identities)}))
	})
	return e, err
}

// Erasure says what an erasure did.
type Erasure struct {
	ContactID     int64  `json:"contact_id"`
	Policy        string `json:"policy"`
	Identities    int    `json:"identities"`
	Items         int    `json:"items"`
	Conversations int    `json:"conversations"`
}

// Erase removes a contact (manager): their items are anonymised (author
// blanked, text replaced, out of full-text search) or deleted (with their
// topic matches) per the workspace's policy, the conversations they opened
// lose their name and preview, and the contact, identities, notes and tags
// go. The audit entry names no personal data.
func (s *Service) Erase(ctx context.Context, ws string, id int64) (Erasure, error) {
	var r Erasure
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
		if err != nil {
			return err
		}
		c, err := s.contact(ctx, q, w.ID, id)
		if err != nil {
			return err
		}
		set, err := q.GetContactSettings(ctx, w.ID)
		if err != nil {
			return apperr.Internal(err)
		}
		items, err := q.ContactItemIDs(ctx, id)
		if err != nil {
			return apperr.Internal(err)
		}
		convs, err := q.ContactConversations(ctx, id)
		if err != nil {
			return apperr.Internal(err)
		}
		var handles []string
		for _, idn := range c.Identities {
			handles = append(handles, idn.Handle)
		}
		convIDs := make([]int64, len(convs))
		for i, cv := range convs {
			convIDs[i] = cv.ID
		}
		if len(handles) > 0 {
			if err := q.AnonymizeConversations(ctx, w.ID, convIDs, handles); err != nil {
				return apperr.Internal(err)
			}
		}
		if set.ErasurePolicy == "delete" {
			err = q.DeleteItems(ctx, items)
		} else {
			err = q.AnonymizeItems(ctx, items)
		}
		if err != nil {
			return apperr.Internal(err)
		}
		// Keep them erased when the networks deliver their items again.
		if err := q.AddErasedAuthors(ctx, w.ID, c.Identities, set.ErasurePolicy); err != nil {
			return apperr.Internal(err)
		}
		if err := q.DeleteContact(ctx, id); err != nil {
			return apperr.Internal(err)
		}
		r = Erasure{ContactID: id, Policy: set.ErasurePolicy, Identities: len(c.Identities), Items: len(items), Conversations: len(convs)}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.erase", "contact", idStr(id),
			map[string]any{"policy": r.Policy, "identities": r.Identities, "items": r.Items, "conversations": r.Conversations}))
	})
	return r, err
}
