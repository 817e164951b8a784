package store

import (
	"context"

	"github.com/parvis/parvis/internal/model"
)

// CreateMedia stores an uploaded file.
func (q *Q) CreateMedia(ctx context.Context, m *model.Media, createdBy *int64) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO publish_media (workspace_id, mime, size, alt, sha256, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.WorkspaceID, m.MIME, m.Size, m.Alt, m.SHA256, m.Data, nullInt(createdBy), micro(now))
	m.ID, m.CreatedAt = id, now
	return err
}

// GetMedia returns a workspace's media without its data.
func (q *Q) GetMedia(ctx context.Context, wsID, id int64) (model.Media, error) {
	var m model.Media
	var created int64
	err := q.QueryRow(ctx, `SELECT id, workspace_id, mime, size, alt, sha256, created_at FROM publish_media WHERE workspace_id = ? AND id = ?`, wsID, id).
		Scan(&m.ID, &m.WorkspaceID, &m.MIME, &m.Size, &m.Alt, &m.SHA256, &created)
	m.CreatedAt = fromMicro(created)
	return m, notFound(err)
}

// SetPostMedia replaces a post's media, in order.
func (q *Q) SetPostMedia(ctx context.Context, postID int64, ids []int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM post_media WHERE post_id = ?`, postID); err != nil {
		return err
	}
	for i, id := range ids {
		if _, err := q.Exec(ctx, `INSERT INTO post_media (post_id, position, media_id) VALUES (?, ?, ?)`, postID, i, id); err != nil {
			return err
		}
	}
	return nil
}

// PostMedia returns a post's media in order; withData loads the files.
func (q *Q) PostMedia(ctx context.Context, postID int64, withData bool) ([]model.Media, error) {
	data := "NULL"
	if withData {
		data = "m.data"
	}
	rows, err := q.Query(ctx, `SELECT m.id, m.workspace_id, m.mime, m.size, m.alt, m.sha256, m.created_at, `+data+`
		FROM post_media p JOIN publish_media m ON m.id = p.media_id WHERE p.post_id = ? ORDER BY p.position`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Media{}
	for rows.Next() {
		var m model.Media
		var created int64
		if err := rows.Scan(&m.ID, &m.WorkspaceID, &m.MIME, &m.Size, &m.Alt, &m.SHA256, &created, &m.Data); err != nil {
			return nil, err
		}
		m.CreatedAt = fromMicro(created)
		out = append(out, m)
	}
	return out, rows.Err()
}
