package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const topicCols = `id, workspace_id, name, query, kind, color, active, backfilled_at, created_at, updated_at`

func scanTopic(sc interface{ Scan(...any) error }) (model.Topic, error) {
	var t model.Topic
	var kind string
	var back sql.NullInt64
	var created, updated int64
	err := sc.Scan(&t.ID, &t.WorkspaceID, &t.Name, &t.Query, &kind, &t.Color, &t.Active, &back, &created, &updated)
	t.Kind, t.BackfilledAt, t.CreatedAt, t.UpdatedAt = model.TopicKind(kind), ptrMicro(back), fromMicro(created), fromMicro(updated)
	return t, err
}

// CreateTopic inserts a topic and sets its id and times.
func (q *Q) CreateTopic(ctx context.Context, t *model.Topic) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO topics (workspace_id, name, query, kind, color, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.WorkspaceID, t.Name, t.Query, string(t.Kind), t.Color, t.Active, micro(now), micro(now))
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt, t.UpdatedAt = id, now, now
	return nil
}

// UpdateTopic writes a topic's name, query, kind, colour and state.
func (q *Q) UpdateTopic(ctx context.Context, t *model.Topic) error {
	t.UpdatedAt = q.Now()
	res, err := q.Exec(ctx, `UPDATE topics SET name = ?, query = ?, kind = ?, color = ?, active = ?, backfilled_at = ?, updated_at = ?
		WHERE workspace_id = ? AND id = ?`, t.Name, t.Query, string(t.Kind), t.Color, t.Active, nullMicro(t.BackfilledAt),
		micro(t.UpdatedAt), t.WorkspaceID, t.ID)
	ok, err := affected1(res, err)
	if err == nil && !ok {
		return ErrNotFound
	}
	return err
}

// GetTopic returns a topic of a workspace.
func (q *Q) GetTopic(ctx context.Context, wsID, id int64) (model.Topic, error) {
	t, err := scanTopic(q.QueryRow(ctx, `SELECT `+topicCols+` FROM topics WHERE workspace_id = ? AND id = ?`, wsID, id))
	return t, notFound(err)
}

// ListTopics returns the topics of a workspace (wsID 0: of every
// workspace, active ones only — what the matcher loads), by name.
func (q *Q) ListTopics(ctx context.Context, wsID int64) ([]model.Topic, error) {
	where, args := "workspace_id = ?", []any{wsID}
	if wsID == 0 {
		where, args = "active = ?", []any{true}
	}
	rows, err := q.Query(ctx, `SELECT `+topicCols+` FROM topics WHERE `+where+` ORDER BY workspace_id, name, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Topic
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteTopic deletes a topic with its matches, rules and incidents.
func (q *Q) DeleteTopic(ctx context.Context, wsID, id int64) (bool, error) {
	return affected1(q.Exec(ctx, `DELETE FROM topics WHERE workspace_id = ? AND id = ?`, wsID, id))
}

// topicMatchChunk bounds the rows of one multi-row INSERT (5 parameters each).
const topicMatchChunk = 500

// InsertTopicMatches records matches (already recorded ones are left as
// they are) and returns how many are new.
func (q *Q) InsertTopicMatches(ctx context.Context, wsID int64, ms []model.TopicMatch) (int64, error) {
	now := micro(q.Now())
	var n int64
	for start := 0; start < len(ms); start += topicMatchChunk {
		part := ms[start:min(start+topicMatchChunk, len(ms))]
		var b strings.Builder
		b.WriteString(`INSERT INTO topic_matches (topic_id, item_id, workspace_id, created_at, matched_at) VALUES `)
		args := make([]any, 0, 5*len(part))
		for i, m := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, m.TopicID, m.ItemID, wsID, micro(m.CreatedAt), now)
		}
		b.WriteString(` ON CONFLICT (topic_id, item_id) DO NOTHING`)
		res, err := q.Exec(ctx, b.String(), args...)
		if err != nil {
			return n, err
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// DeleteTopicMatches forgets what a topic matched (its query changed).
func (q *Q) DeleteTopicMatches(ctx context.Context, topicID int64) error {
	_, err := q.Exec(ctx, `DELETE FROM topic_matches WHERE topic_id = ?`, topicID)
	return err
}

// ItemsAfter returns up to limit items of a workspace with ids above
// afterID, by id: the history a new topic searches.
func (q *Q) ItemsAfter(ctx context.Context, wsID, afterID int64, limit int) ([]model.Item, error) {
	rows, err := q.Query(ctx, `SELECT `+itemSelectCols+` FROM items WHERE workspace_id = ? AND id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?`,
		wsID, afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// StatRow is what dashboards need of one matched item.
type StatRow struct {
	TopicID    int64
	ItemID     int64
	CreatedAt  time.Time
	Sentiment  string
	Lang       string
	Network    string
	Source     string
	Author     string
	AuthorName string
	Followers  int64 // -1 when unknown
	Entities   string
	SearchText string
}

// TopicStatRows returns the matches of topics created in [from, to), at
// most limit rows, newest last. The caller aggregates them (time buckets in
// the workspace's time zone are simpler and identical on both engines in
// Go).
func (q *Q) TopicStatRows(ctx context.Context, wsID int64, topicIDs []int64, from, to time.Time, limit int) ([]StatRow, error) {
	if len(topicIDs) == 0 {
		return nil, nil
	}
	ids := make([]string, len(topicIDs))
	for i, id := range topicIDs {
		ids[i] = strconv.FormatInt(id, 10) // ints only: safe to inline
	}
	rows, err := q.Query(ctx, `SELECT tm.topic_id, i.id, i.created_at, i.sentiment, i.lang, i.network, i.source_name, i.author_handle,
		i.author_name, COALESCE(i.author_followers, -1), i.entities, i.search_text
		FROM topic_matches tm JOIN items i ON i.id = tm.item_id
		WHERE tm.workspace_id = ? AND tm.topic_id IN (`+strings.Join(ids, ",")+`) AND tm.created_at >= ? AND tm.created_at < ?
		ORDER BY tm.created_at, i.id LIMIT ?`, wsID, micro(from), micro(to), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatRow
	for rows.Next() {
		var r StatRow
		var created int64
		if err := rows.Scan(&r.TopicID, &r.ItemID, &created, &r.Sentiment, &r.Lang, &r.Network, &r.Source, &r.Author,
			&r.AuthorName, &r.Followers, &r.Entities, &r.SearchText); err != nil {
			return nil, err
		}
		r.CreatedAt = fromMicro(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountTopicMatches counts a topic's matches created in [from, to) and,
// of them, those with a negative sentiment.
func (q *Q) CountTopicMatches(ctx context.Context, topicID int64, from, to time.Time) (total, negative int64, err error) {
	err = q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.sentiment = 'negative' THEN 1 ELSE 0 END), 0)
		FROM topic_matches tm JOIN items i ON i.id = tm.item_id
		WHERE tm.topic_id = ? AND tm.created_at >= ? AND tm.created_at < ?`, topicID, micro(from), micro(to)).Scan(&total, &negative)
	return total, negative, err
}

// FirstTopicMatch returns when the oldest item a topic matched was
// created (zero when none).
func (q *Q) FirstTopicMatch(ctx context.Context, topicID int64) (time.Time, error) {
	var v sql.NullInt64
	err := q.QueryRow(ctx, `SELECT MIN(created_at) FROM topic_matches WHERE topic_id = ?`, topicID).Scan(&v)
	if err != nil || !v.Valid {
		return time.Time{}, err
	}
	return fromMicro(v.Int64), nil
}

// SetTopicBackfilled records that the history was searched for a topic's
// query (unless the query changed meanwhile).
func (q *Q) SetTopicBackfilled(ctx context.Context, id int64, queryText string, at time.Time) error {
	_, err := q.Exec(ctx, `UPDATE topics SET backfilled_at = ? WHERE id = ? AND query = ?`, micro(at), id, queryText)
	return err
}

// CountMatchesByTopic counts the matches of each topic of a workspace
// created in [from, to).
func (q *Q) CountMatchesByTopic(ctx context.Context, wsID int64, from, to time.Time) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `SELECT topic_id, COUNT(*) FROM topic_matches WHERE workspace_id = ? AND created_at >= ? AND created_at < ?
		GROUP BY topic_id`, wsID, micro(from), micro(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// FirstItemTime returns when the oldest stored item of a workspace was
// created (zero when none): how far back its history goes.
func (q *Q) FirstItemTime(ctx context.Context, wsID int64) (time.Time, error) {
	var v sql.NullInt64
	err := q.QueryRow(ctx, `SELECT MIN(created_at) FROM items WHERE workspace_id = ?`, wsID).Scan(&v)
	if err != nil || !v.Valid {
		return time.Time{}, err
	}
	return fromMicro(v.Int64), nil
}

// TopicsVersion sums up the topics of every workspace: how many there are
// and their latest change. Processes that share the database compare it
// with what they hold to notice topics changed elsewhere, cheaply.
type TopicsVersion struct {
	Count     int64
	UpdatedAt int64 // microseconds since the epoch, 0 when there is none
}

// GetTopicsVersion returns the version of the topics.
func (q *Q) GetTopicsVersion(ctx context.Context) (TopicsVersion, error) {
	var v TopicsVersion
	err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM topics`).Scan(&v.Count, &v.UpdatedAt)
	return v, err
}
