package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const sourceCols = `id, workspace_id, type, network, name, config, secrets, interval_seconds, enabled, paused_reason, state,
	last_run_at, last_success_at, last_error, last_error_at, error_count, items_count, created_at, updated_at`

func scanSource(sc interface{ Scan(...any) error }) (model.Source, error) {
	var s model.Source
	var cfg string
	var interval int64
	var lastRun, lastOK, lastErrAt sql.NullInt64
	var created, updated int64
	err := sc.Scan(&s.ID, &s.WorkspaceID, &s.Type, &s.Network, &s.Name, &cfg, &s.Secrets, &interval, &s.Enabled, &s.PausedReason, &s.State,
		&lastRun, &lastOK, &s.LastError, &lastErrAt, &s.ErrorCount, &s.ItemsCount, &created, &updated)
	s.Config = []byte(cfg)
	s.Interval = time.Duration(interval) * time.Second
	s.LastRunAt, s.LastSuccessAt, s.LastErrorAt = ptrMicro(lastRun), ptrMicro(lastOK), ptrMicro(lastErrAt)
	s.CreatedAt, s.UpdatedAt = fromMicro(created), fromMicro(updated)
	return s, err
}

// CreateSource inserts a source; webhookHash may be empty.
func (q *Q) CreateSource(ctx context.Context, s *model.Source, webhookHash string) error {
	now := q.Now()
	var hook any
	if webhookHash != "" {
		hook = webhookHash
	}
	id, err := q.InsertID(ctx, `INSERT INTO sources (workspace_id, type, network, name, config, secrets, interval_seconds, enabled, webhook_token_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.WorkspaceID, s.Type, s.Network, s.Name, string(s.Config), s.Secrets,
		int64(s.Interval/time.Second), s.Enabled, hook, micro(now), micro(now))
	if err != nil {
		return err
	}
	s.ID, s.CreatedAt, s.UpdatedAt = id, now, now
	return nil
}

// GetSource returns a source of a workspace.
func (q *Q) GetSource(ctx context.Context, wsID, id int64) (model.Source, error) {
	s, err := scanSource(q.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE workspace_id = ? AND id = ?`, wsID, id))
	return s, notFound(err)
}

// GetSourceByID returns a source whatever its workspace (jobs).
func (q *Q) GetSourceByID(ctx context.Context, id int64) (model.Source, error) {
	s, err := scanSource(q.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id))
	return s, notFound(err)
}

// GetSourceByWebhook returns the source of a webhook token hash.
func (q *Q) GetSourceByWebhook(ctx context.Context, hash string) (model.Source, error) {
	s, err := scanSource(q.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE webhook_token_hash = ?`, hash))
	return s, notFound(err)
}

// ListSources lists a workspace's sources by name.
func (q *Q) ListSources(ctx context.Context, wsID int64) ([]model.Source, error) {
	rows, err := q.Query(ctx, `SELECT `+sourceCols+` FROM sources WHERE workspace_id = ? ORDER BY name, id`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateSource saves the editable fields of a source.
func (q *Q) UpdateSource(ctx context.Context, s *model.Source) error {
	s.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE sources SET name = ?, config = ?, secrets = ?, interval_seconds = ?, enabled = ?, paused_reason = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`, s.Name, string(s.Config), s.Secrets, int64(s.Interval/time.Second), s.Enabled, s.PausedReason,
		micro(s.UpdatedAt), s.ID, s.WorkspaceID)
	return err
}

// DeleteSource removes a source (its items stay, detached).
func (q *Q) DeleteSource(ctx context.Context, wsID, id int64) (bool, error) {
	res, err := q.Exec(ctx, `DELETE FROM sources WHERE workspace_id = ? AND id = ?`, wsID, id)
	return affected1(res, err)
}

// SaveSourceState stores the connector state and counts items, in the
// transaction that persisted them.
func (q *Q) SaveSourceState(ctx context.Context, id int64, state []byte, added int) error {
	_, err := q.Exec(ctx, `UPDATE sources SET state = ?, items_count = items_count + ? WHERE id = ?`, state, added, id)
	return err
}

// CountSourceItems adds to a source's item counter.
func (q *Q) CountSourceItems(ctx context.Context, id int64, added int) error {
	_, err := q.Exec(ctx, `UPDATE sources SET items_count = items_count + ? WHERE id = ?`, added, id)
	return err
}

// RecordSourceSuccess notes a successful run.
func (q *Q) RecordSourceSuccess(ctx context.Context, id int64) error {
	now := micro(q.Now())
	_, err := q.Exec(ctx, `UPDATE sources SET last_run_at = ?, last_success_at = ?, error_count = 0 WHERE id = ?`, now, now, id)
	return err
}

// RecordSourceFailure notes a failed run and returns the consecutive
// failure count. When pause is non-empty the source is disabled with it as
// the reason.
func (q *Q) RecordSourceFailure(ctx context.Context, id int64, msg, pause string) (int, error) {
	now := micro(q.Now())
	var n int
	err := q.QueryRow(ctx, `UPDATE sources SET last_run_at = ?, last_error = ?, last_error_at = ?, error_count = error_count + 1,
		enabled = CASE WHEN ? = '' THEN enabled ELSE FALSE END, paused_reason = CASE WHEN ? = '' THEN paused_reason ELSE ? END
		WHERE id = ? RETURNING error_count`, now, msg, now, pause, pause, pause, id).Scan(&n)
	return n, notFound(err)
}

// PauseSource disables a source with a reason.
func (q *Q) PauseSource(ctx context.Context, id int64, reason string) error {
	_, err := q.Exec(ctx, `UPDATE sources SET enabled = FALSE, paused_reason = ?, updated_at = ? WHERE id = ?`, reason, micro(q.Now()), id)
	return err
}

// RescheduleJob moves a waiting job with this unique key to runAt. It
// returns false when no waiting job holds the key.
func (q *Q) RescheduleJob(ctx context.Context, uniqueKey string, runAt time.Time) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE jobs SET run_at = ?, updated_at = ? WHERE unique_key = ? AND state IN ('available', 'retryable')`,
		micro(runAt), micro(q.Now()), uniqueKey)
	return affected1(res, err)
}
