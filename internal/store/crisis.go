package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/parvis/parvis/internal/model"
)

// GetCrisis returns a workspace's crisis state (inactive when never set).
func (q *Q) GetCrisis(ctx context.Context, wsID int64) (model.Crisis, error) {
	c := model.Crisis{WorkspaceID: wsID}
	var since, by sql.NullInt64
	var updated int64
	err := q.QueryRow(ctx, `SELECT active, reason, since, changed_by, updated_at FROM crisis_state WHERE workspace_id = ?`, wsID).
		Scan(&c.Active, &c.Reason, &since, &by, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	c.Since, c.ChangedBy, c.UpdatedAt = ptrMicro(since), ptrInt(by), fromMicro(updated)
	return c, err
}

// SetCrisis stores a workspace's crisis state.
func (q *Q) SetCrisis(ctx context.Context, c *model.Crisis) error {
	c.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `INSERT INTO crisis_state (workspace_id, active, reason, since, changed_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET active = excluded.active, reason = excluded.reason, since = excluded.since,
		changed_by = excluded.changed_by, updated_at = excluded.updated_at`,
		c.WorkspaceID, c.Active, c.Reason, nullMicro(c.Since), nullInt(c.ChangedBy), micro(c.UpdatedAt))
	return err
}
