package api

import (
	"net/http"
	"strconv"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/model"
)

// inboxQuery reads the conversation list's filters from the URL.
func inboxQuery(r *http.Request) (inbox.Query, error) {
	v := r.URL.Query()
	in := inbox.Query{Status: v.Get("status"), Assignee: v.Get("assignee"), Network: v.Get("network"), Label: v.Get("label"),
		Sentiment: v.Get("sentiment"), Lang: v.Get("lang"), Kind: v.Get("kind"), Search: v.Get("q"), Cursor: v.Get("cursor"),
		Overdue: v.Get("overdue") == "true", Mentioned: v.Get("mentioned"), Oldest: v.Get("order") == "oldest"}
	for name, dst := range map[string]*int64{"channel": &in.Channel, "source": &in.Source, "topic": &in.Topic} {
		if s := v.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				return in, apperr.Invalid(name, "error.id_invalid", "must be a positive integer")
			}
			*dst = n
		}
	}
	n, err := limit(r)
	in.Limit = n
	return in, err
}

func (d *Deps) listConversations(r *http.Request) (int, any, error) {
	in, err := inboxQuery(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := d.Inbox.Conversations(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, p, err
}

func (d *Deps) getConversation(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	c, err := d.Inbox.Conversation(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, c, err
}

// patchConversation changes a conversation; "seen": true records that the
// caller read it.
func (d *Deps) patchConversation(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		inbox.Update
		Seen bool `json:"seen"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	ws := r.PathValue("ws")
	if in.Seen {
		if err := d.Inbox.MarkSeen(r.Context(), ws, id); err != nil {
			return 0, nil, err
		}
	}
	u := in.Update
	if u.Status == nil && u.Assignee == nil && u.Labels == nil && u.AddLabels == nil && u.RemoveLabels == nil && u.Feedback == nil {
		c, err := d.Inbox.Conversation(r.Context(), ws, id)
		return http.StatusOK, c.Conversation, err
	}
	c, err := d.Inbox.UpdateConversation(r.Context(), ws, id, u)
	return http.StatusOK, c, err
}

func (d *Deps) bulkConversations(r *http.Request) (int, any, error) {
	var in inbox.BulkInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	n, err := d.Inbox.Bulk(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, map[string]int{"updated": n}, err
}

func (d *Deps) addConversationNote(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in inbox.NoteInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	n, err := d.Inbox.AddNote(r.Context(), r.PathValue("ws"), id, in)
	return http.StatusCreated, n, err
}

func (d *Deps) replyToConversation(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in inbox.ReplyInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	rep, err := d.Inbox.Reply(r.Context(), r.PathValue("ws"), id, in)
	return http.StatusAccepted, rep, err
}

func (d *Deps) listSavedReplies(r *http.Request) (int, any, error) {
	list, err := d.Inbox.SavedReplies(r.Context(), r.PathValue("ws"), r.URL.Query().Get("lang"))
	return http.StatusOK, map[string]any{"items": nonNil(list)}, err
}

func (d *Deps) createSavedReply(r *http.Request) (int, any, error) {
	var in inbox.SavedReplyInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	sr, err := d.Inbox.CreateSavedReply(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, sr, err
}

func (d *Deps) updateSavedReply(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up inbox.SavedReplyUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	sr, err := d.Inbox.UpdateSavedReply(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, sr, err
}

func (d *Deps) deleteSavedReply(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Inbox.DeleteSavedReply(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) getInboxSettings(r *http.Request) (int, any, error) {
	st, err := d.Inbox.Settings(r.Context(), r.PathValue("ws"))
	return http.StatusOK, st, err
}

func (d *Deps) putInboxSettings(r *http.Request) (int, any, error) {
	var in model.InboxSettings
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	st, err := d.Inbox.SetSettings(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, st, err
}
