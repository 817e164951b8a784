package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/parvis/parvis/internal/model"
)

func splitJSONStrings(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

func joinJSONStrings(s []string) string {
	if s == nil {
		s = []string{}
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// MarkFeedback records an item or a conversation as feedback, replacing
// an earlier mark of the same target.
func (q *Q) MarkFeedback(ctx context.Context, f *model.Feedback) error {
	if f.At.IsZero() {
		f.At = q.Now()
	}
	target := "item_id"
	if f.ConversationID != nil {
		target = "conversation_id"
	}
	return q.QueryRow(ctx, `INSERT INTO item_feedback (workspace_id, item_id, conversation_id, category, note, by_id, by_name, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (`+target+`) DO UPDATE SET category = excluded.category, note = excluded.note,
		by_id = excluded.by_id, by_name = excluded.by_name, at = excluded.at RETURNING id`,
		f.WorkspaceID, nullInt(f.ItemID), nullInt(f.ConversationID), f.Category, f.Note, nullInt(f.ByID), f.ByName, micro(f.At)).Scan(&f.ID)
}

// UnmarkFeedback removes the mark of an item or a conversation.
func (q *Q) UnmarkFeedback(ctx context.Context, wsID int64, itemID, convID *int64) (bool, error) {
	col, id := "item_id", itemID
	if convID != nil {
		col, id = "conversation_id", convID
	}
	res, err := q.Exec(ctx, `DELETE FROM item_feedback WHERE workspace_id = ? AND `+col+` = ?`, wsID, *id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SetConversationFeedback sets the feedback category the inbox shows on a
// conversation.
func (q *Q) SetConversationFeedback(ctx context.Context, wsID, convID int64, category string) error {
	_, err := q.Exec(ctx, `UPDATE conversations SET feedback_category = ? WHERE workspace_id = ? AND id = ?`, category, wsID, convID)
	return err
}

// FeedbackEntry is one piece of feedback with the text it is about.
type FeedbackEntry struct {
	model.Feedback
	Quote          model.FeedbackQuote
	SentimentScore float64
}

// ListFeedback returns the feedback marked in [from, to) (category "" for
// all): items and conversations marked here, and conversations whose
// category was set in the inbox.
func (q *Q) ListFeedback(ctx context.Context, wsID int64, from, to time.Time, category string) ([]FeedbackEntry, error) {
	cat := ""
	args := []any{wsID, micro(from), micro(to)}
	if category != "" {
		cat = " AND f.category = ?"
		args = append(args, category)
	}
	var out []FeedbackEntry
	scan := func(query string, args []any) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e FeedbackEntry
			var itemID, convID, byID sql.NullInt64
			var at, created int64
			var handle string
			if err := rows.Scan(&e.ID, &itemID, &convID, &e.Category, &e.Note, &byID, &e.ByName, &at, &e.Quote.Network, &e.Quote.Author, &handle,
				&e.Quote.Text, &e.Quote.URL, &e.Quote.Sentiment, &e.SentimentScore, &e.Quote.Engagement, &created); err != nil {
				return err
			}
			if e.Quote.Author == "" {
				e.Quote.Author = handle
			}
			e.WorkspaceID = wsID
			e.ItemID, e.ConversationID, e.ByID = ptrInt(itemID), ptrInt(convID), ptrInt(byID)
			e.At, e.Quote.CreatedAt = fromMicro(at), fromMicro(created)
			e.Quote.ItemID, e.Quote.ConversationID = itemID.Int64, convID.Int64
			out = append(out, e)
		}
		return rows.Err()
	}
	if err := scan(`SELECT f.id, f.item_id, f.conversation_id, f.category, f.note, f.by_id, f.by_name, f.at, i.network, i.author_name,
		i.author_handle, i.text, i.url, i.sentiment, i.sentiment_score, i.likes + i.reposts + i.replies, i.created_at
		FROM item_feedback f JOIN items i ON i.id = f.item_id WHERE f.workspace_id = ? AND f.at >= ? AND f.at < ?`+cat, args); err != nil {
		return nil, err
	}
	if err := scan(`SELECT f.id, f.item_id, f.conversation_id, f.category, f.note, f.by_id, f.by_name, f.at, c.network, c.author_name,
		c.author_handle, c.preview, '', c.sentiment, CAST(0 AS REAL), c.items_count, c.last_inbound_at
		FROM item_feedback f JOIN conversations c ON c.id = f.conversation_id WHERE f.workspace_id = ? AND f.at >= ? AND f.at < ?`+cat, args); err != nil {
		return nil, err
	}
	catC := ""
	if category != "" {
		catC = " AND c.feedback_category = ?"
	}
	if err := scan(`SELECT 0, NULL, c.id, c.feedback_category, '', NULL, '', c.updated_at, c.network, c.author_name,
		c.author_handle, c.preview, '', c.sentiment, CAST(0 AS REAL), c.items_count, c.last_inbound_at
		FROM conversations c WHERE c.workspace_id = ? AND c.updated_at >= ? AND c.updated_at < ? AND c.feedback_category <> ''`+catC+`
		AND NOT EXISTS (SELECT 1 FROM item_feedback f WHERE f.conversation_id = c.id)`, args); err != nil {
		return nil, err
	}
	return out, nil
}

// FeedbackOfItems returns the feedback marks of the given items.
func (q *Q) FeedbackOfItems(ctx context.Context, ids []int64) ([]model.Feedback, error) {
	out := []model.Feedback{}
	for start := 0; start < len(ids); start += 200 {
		in, args := inList(ids[start:min(start+200, len(ids))])
		rows, err := q.Query(ctx, `SELECT id, workspace_id, item_id, category, note, by_name, at FROM item_feedback WHERE item_id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var f model.Feedback
			var item sql.NullInt64
			var at int64
			if err := rows.Scan(&f.ID, &f.WorkspaceID, &item, &f.Category, &f.Note, &f.ByName, &at); err != nil {
				rows.Close()
				return nil, err
			}
			f.ItemID, f.At = ptrInt(item), fromMicro(at)
			out = append(out, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FeedbackDigest is a stored weekly digest.
type FeedbackDigest struct {
	ID        int64           `json:"id"`
	From      time.Time       `json:"from"`
	To        time.Time       `json:"to"`
	Lang      string          `json:"lang"`
	Body      json.RawMessage `json:"summary"`
	SentTo    []string        `json:"sent_to"`
	SentAt    *time.Time      `json:"sent_at,omitempty"`
	LastError string          `json:"last_error,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// SaveFeedbackDigest stores (or replaces) the digest of a period.
func (q *Q) SaveFeedbackDigest(ctx context.Context, wsID int64, d *FeedbackDigest) error {
	now := q.Now()
	d.CreatedAt = now
	var sent any
	if d.SentAt != nil {
		sent = micro(*d.SentAt)
	}
	return q.QueryRow(ctx, `INSERT INTO feedback_digests (workspace_id, period_from, period_to, lang, body, sent_to, sent_at, last_error, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, period_from) DO UPDATE SET period_to = excluded.period_to,
		lang = excluded.lang, body = excluded.body, sent_to = excluded.sent_to, sent_at = excluded.sent_at, last_error = excluded.last_error,
		created_at = excluded.created_at RETURNING id`, wsID, micro(d.From), micro(d.To), d.Lang, string(d.Body), joinJSONStrings(d.SentTo),
		sent, d.LastError, micro(now)).Scan(&d.ID)
}

// ListFeedbackDigests returns a workspace's digests, newest first.
func (q *Q) ListFeedbackDigests(ctx context.Context, wsID int64, limit int) ([]FeedbackDigest, error) {
	rows, err := q.Query(ctx, `SELECT id, period_from, period_to, lang, body, sent_to, sent_at, last_error, created_at FROM feedback_digests
		WHERE workspace_id = ? ORDER BY period_from DESC LIMIT ?`, wsID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FeedbackDigest{}
	for rows.Next() {
		var d FeedbackDigest
		var from, to, created int64
		var sent sql.NullInt64
		var body, sentTo string
		if err := rows.Scan(&d.ID, &from, &to, &d.Lang, &body, &sentTo, &sent, &d.LastError, &created); err != nil {
			return nil, err
		}
		d.From, d.To, d.CreatedAt, d.SentAt = fromMicro(from), fromMicro(to), fromMicro(created), ptrMicro(sent)
		d.Body, d.SentTo = json.RawMessage(body), splitJSONStrings(sentTo)
		out = append(out, d)
	}
	return out, rows.Err()
}
