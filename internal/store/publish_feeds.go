package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/parvis/parvis/internal/model"
)

const feedCols = `id, workspace_id, url, template, channels, mode, campaign, state, last_polled_at, last_error, posts_created, created_at, updated_at`

func scanFeed(sc interface{ Scan(...any) error }) (model.PublishFeed, error) {
	var f model.PublishFeed
	var channels string
	var polled sql.NullInt64
	var created, updated int64
	err := sc.Scan(&f.ID, &f.WorkspaceID, &f.URL, &f.Template, &channels, &f.Mode, &f.Campaign, &f.State, &polled, &f.LastError,
		&f.PostsCreated, &created, &updated)
	json.Unmarshal([]byte(channels), &f.Channels)
	f.LastPolledAt, f.CreatedAt, f.UpdatedAt = ptrMicro(polled), fromMicro(created), fromMicro(updated)
	return f, err
}

// CreatePublishFeed inserts a feed.
func (q *Q) CreatePublishFeed(ctx context.Context, f *model.PublishFeed) error {
	now := q.Now()
	ch, _ := json.Marshal(f.Channels)
	id, err := q.InsertID(ctx, `INSERT INTO publish_feeds (workspace_id, url, template, channels, mode, campaign, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.WorkspaceID, f.URL, f.Template, string(ch), f.Mode, f.Campaign, f.State, micro(now), micro(now))
	f.ID, f.CreatedAt, f.UpdatedAt = id, now, now
	return err
}

// GetPublishFeed returns a feed; wsID 0 matches any workspace (jobs).
func (q *Q) GetPublishFeed(ctx context.Context, wsID, id int64) (model.PublishFeed, error) {
	f, err := scanFeed(q.QueryRow(ctx, `SELECT `+feedCols+` FROM publish_feeds WHERE id = ? AND (? = 0 OR workspace_id = ?)`, id, wsID, wsID))
	return f, notFound(err)
}

// ListPublishFeeds lists a workspace's feeds.
func (q *Q) ListPublishFeeds(ctx context.Context, wsID int64) ([]model.PublishFeed, error) {
	rows, err := q.Query(ctx, `SELECT `+feedCols+` FROM publish_feeds WHERE workspace_id = ? ORDER BY id`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.PublishFeed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SavePublishFeedPoll records a poll: the connector state, the error (or
// ""), and how many posts it created.
func (q *Q) SavePublishFeedPoll(ctx context.Context, id int64, state []byte, lastError string, created int) error {
	now := micro(q.Now())
	_, err := q.Exec(ctx, `UPDATE publish_feeds SET state = CASE WHEN ? THEN ? ELSE state END, last_error = ?, last_polled_at = ?,
		posts_created = posts_created + ?, updated_at = ? WHERE id = ?`, state != nil, state, lastError, now, created, now, id)
	return err
}

// DeletePublishFeed removes a feed (its posts stay).
func (q *Q) DeletePublishFeed(ctx context.Context, wsID, id int64) (bool, error) {
	res, err := q.Exec(ctx, `DELETE FROM publish_feeds WHERE workspace_id = ? AND id = ?`, wsID, id)
	return affected1(res, err)
}
