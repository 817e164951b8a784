package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/parvis/parvis/internal/model"
)

const replyCols = `id, workspace_id, conversation_id, channel_id, in_reply_to, text, status, idempotency_key, attempts, last_error,
	external_id, url, author_id, author_name, created_at, sent_at, confirmed_at, updated_at`

func scanReply(sc interface{ Scan(...any) error }) (model.Reply, error) {
	var r model.Reply
	var status string
	var author, sent, confirmed sql.NullInt64
	var created, updated int64
	err := sc.Scan(&r.ID, &r.WorkspaceID, &r.ConversationID, &r.ChannelID, &r.InReplyTo, &r.Text, &status, &r.Key, &r.Attempts, &r.LastError,
		&r.ExternalID, &r.URL, &author, &r.AuthorName, &created, &sent, &confirmed, &updated)
	r.Status, r.AuthorID = model.ReplyStatus(status), ptrInt(author)
	r.CreatedAt, r.UpdatedAt, r.SentAt, r.ConfirmedAt = fromMicro(created), fromMicro(updated), ptrMicro(sent), ptrMicro(confirmed)
	return r, err
}

// InsertReply stores a reply to send.
func (q *Q) InsertReply(ctx context.Context, r *model.Reply) error {
	now := q.Now()
	r.CreatedAt, r.UpdatedAt = now, now
	if r.Status == "" {
		r.Status = model.ReplyQueued
	}
	id, err := q.InsertID(ctx, `INSERT INTO inbox_replies (workspace_id, conversation_id, channel_id, in_reply_to, text, status, idempotency_key,
		author_id, author_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.WorkspaceID, r.ConversationID, r.ChannelID, r.InReplyTo, r.Text, string(r.Status), r.Key, nullInt(r.AuthorID), r.AuthorName,
		micro(now), micro(now))
	r.ID = id
	return err
}

// GetReply returns a reply by id (any workspace when wsID is 0).
func (q *Q) GetReply(ctx context.Context, wsID, id int64) (model.Reply, error) {
	r, err := scanReply(q.QueryRow(ctx, `SELECT `+replyCols+` FROM inbox_replies WHERE id = ? AND (? = 0 OR workspace_id = ?)`, id, wsID, wsID))
	return r, notFound(err)
}

// UpdateReply writes a reply's sending state.
func (q *Q) UpdateReply(ctx context.Context, r *model.Reply) error {
	r.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE inbox_replies SET status = ?, attempts = ?, last_error = ?, external_id = ?, url = ?, sent_at = ?,
		confirmed_at = ?, updated_at = ? WHERE id = ?`, string(r.Status), r.Attempts, r.LastError, r.ExternalID, r.URL,
		nullMicro(r.SentAt), nullMicro(r.ConfirmedAt), micro(r.UpdatedAt), r.ID)
	return err
}

// ListReplies returns the replies of a conversation, oldest first.
func (q *Q) ListReplies(ctx context.Context, convID int64) ([]model.Reply, error) {
	rows, err := q.Query(ctx, `SELECT `+replyCols+` FROM inbox_replies WHERE conversation_id = ? ORDER BY id`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Reply{}
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReplyByExternalID returns the sent reply with this external id.
func (q *Q) ReplyByExternalID(ctx context.Context, wsID int64, externalID string) (model.Reply, error) {
	r, err := scanReply(q.QueryRow(ctx, `SELECT `+replyCols+` FROM inbox_replies WHERE workspace_id = ? AND external_id = ?`, wsID, externalID))
	return r, notFound(err)
}

const savedCols = `id, workspace_id, name, lang, body, created_at, updated_at`

func scanSaved(sc interface{ Scan(...any) error }) (model.SavedReply, error) {
	var s model.SavedReply
	var created, updated int64
	err := sc.Scan(&s.ID, &s.WorkspaceID, &s.Name, &s.Lang, &s.Body, &created, &updated)
	s.CreatedAt, s.UpdatedAt = fromMicro(created), fromMicro(updated)
	return s, err
}

// CreateSavedReply inserts a saved reply.
func (q *Q) CreateSavedReply(ctx context.Context, s *model.SavedReply) error {
	now := q.Now()
	s.CreatedAt, s.UpdatedAt = now, now
	id, err := q.InsertID(ctx, `INSERT INTO saved_replies (workspace_id, name, lang, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		s.WorkspaceID, s.Name, s.Lang, s.Body, micro(now), micro(now))
	s.ID = id
	return err
}

// UpdateSavedReply saves a saved reply's name, language and body.
func (q *Q) UpdateSavedReply(ctx context.Context, s *model.SavedReply) error {
	s.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE saved_replies SET name = ?, lang = ?, body = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
		s.Name, s.Lang, s.Body, micro(s.UpdatedAt), s.WorkspaceID, s.ID)
	return err
}

// DeleteSavedReply removes a saved reply.
func (q *Q) DeleteSavedReply(ctx context.Context, wsID, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM saved_replies WHERE workspace_id = ? AND id = ?`, wsID, id)
	return err
}

// ListSavedReplies returns a workspace's saved replies by name, in one
// language (all when lang is empty).
func (q *Q) ListSavedReplies(ctx context.Context, wsID int64, lang string) ([]model.SavedReply, error) {
	rows, err := q.Query(ctx, `SELECT `+savedCols+` FROM saved_replies WHERE workspace_id = ? AND (? = '' OR lang = ? OR lang = '')
		ORDER BY name, lang`, wsID, lang, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.SavedReply{}
	for rows.Next() {
		s, err := scanSaved(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// GetSavedReply returns one saved reply.
func (q *Q) GetSavedReply(ctx context.Context, wsID, id int64) (model.SavedReply, error) {
	s, err := scanSaved(q.QueryRow(ctx, `SELECT `+savedCols+` FROM saved_replies WHERE workspace_id = ? AND id = ?`, wsID, id))
	return s, notFound(err)
}

// GetInboxSettings returns a workspace's inbox settings (defaults when
// never set).
func (q *Q) GetInboxSettings(ctx context.Context, wsID int64) (model.InboxSettings, error) {
	s := model.InboxSettings{FirstResponseMinutes: 120, Topics: []int64{}, Sources: []int64{}}
	var hours, topics, sources string
	err := q.QueryRow(ctx, `SELECT first_response_minutes, business_hours, inbox_topics, inbox_sources FROM inbox_settings WHERE workspace_id = ?`,
		wsID).Scan(&s.FirstResponseMinutes, &hours, &topics, &sources)
	if err == sql.ErrNoRows {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if hours != "" {
		json.Unmarshal([]byte(hours), &s.BusinessHours)
	}
	json.Unmarshal([]byte(topics), &s.Topics)
	json.Unmarshal([]byte(sources), &s.Sources)
	return s, nil
}

// PutInboxSettings stores a workspace's inbox settings.
func (q *Q) PutInboxSettings(ctx context.Context, wsID int64, s model.InboxSettings) error {
	hours, _ := json.Marshal(s.BusinessHours)
	topics, _ := json.Marshal(s.Topics)
	sources, _ := json.Marshal(s.Sources)
	_, err := q.Exec(ctx, `INSERT INTO inbox_settings (workspace_id, first_response_minutes, business_hours, inbox_topics, inbox_sources, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET first_response_minutes = excluded.first_response_minutes,
		business_hours = excluded.business_hours, inbox_topics = excluded.inbox_topics, inbox_sources = excluded.inbox_sources,
		updated_at = excluded.updated_at`, wsID, s.FirstResponseMinutes, string(hours), string(topics), string(sources), micro(q.Now()))
	return err
}
