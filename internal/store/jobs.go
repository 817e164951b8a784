package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const jobCols = `id, kind, payload, unique_key, workspace_id, state, attempts, max_attempts, run_at, last_error, created_at, updated_at, finished_at`

func scanJob(sc interface{ Scan(...any) error }) (model.Job, error) {
	var j model.Job
	var payload string
	var unique sql.NullString
	var ws, finished sql.NullInt64
	var state string
	var runAt, created, updated int64
	err := sc.Scan(&j.ID, &j.Kind, &payload, &unique, &ws, &state, &j.Attempts, &j.MaxAttempts, &runAt, &j.LastError, &created, &updated, &finished)
	j.Payload, j.UniqueKey, j.WorkspaceID, j.State = []byte(payload), unique.String, ptrInt(ws), model.JobState(state)
	j.RunAt, j.CreatedAt, j.UpdatedAt, j.FinishedAt = fromMicro(runAt), fromMicro(created), fromMicro(updated), ptrMicro(finished)
	return j, err
}

// EnqueueJob inserts a job. When UniqueKey is set and a live job (not
// completed or cancelled) has the same key, nothing is inserted and the
// existing job's id is returned with inserted=false.
func (q *Q) EnqueueJob(ctx context.Context, j *model.Job) (inserted bool, err error) {
	now := q.Now()
	if j.RunAt.IsZero() {
		j.RunAt = now
	}
	if j.MaxAttempts == 0 {
		j.MaxAttempts = 10
	}
	var unique any
	if j.UniqueKey != "" {
		unique = j.UniqueKey
	}
	payload := string(j.Payload)
	if payload == "" {
		payload = "{}"
	}
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO jobs (kind, payload, unique_key, workspace_id, state, attempts, max_attempts, run_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'available', 0, ?, ?, ?, ?) ON CONFLICT (unique_key) DO NOTHING RETURNING id`,
		j.Kind, payload, unique, nullInt(j.WorkspaceID), j.MaxAttempts, micro(j.RunAt), micro(now), micro(now)).Scan(&id)
	if err == sql.ErrNoRows {
		err = q.QueryRow(ctx, `SELECT id FROM jobs WHERE unique_key = ?`, j.UniqueKey).Scan(&id)
		j.ID = id
		return false, err
	}
	if err != nil {
		return false, err
	}
	j.ID, j.State, j.CreatedAt, j.UpdatedAt = id, model.JobAvailable, now, now
	return true, nil
}

// ClaimJobs takes up to n due jobs of the given kinds for a worker, with a
// lease until leaseUntil. Jobs whose lease expired (their worker died) are
// due again. The returned jobs have Attempts already incremented.
func (q *Q) ClaimJobs(ctx context.Context, lockID string, kinds []string, n int, leaseUntil time.Time) ([]model.Job, error) {
	now := micro(q.Now())
	var kindSQL strings.Builder
	args := []any{string(model.JobRunning), lockID, micro(leaseUntil), now, now, now}
	for i, k := range kinds {
		if i > 0 {
			kindSQL.WriteString(", ")
		}
		kindSQL.WriteString("?")
		args = append(args, k)
	}
	args = append(args, n)
	lock := ""
	if q.Dialect() == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := q.Query(ctx, `UPDATE jobs SET state = ?, locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
		WHERE id IN (SELECT id FROM jobs WHERE
			((state IN ('available', 'retryable') AND run_at <= ?) OR (state = 'running' AND locked_until < ?))
			AND kind IN (`+kindSQL.String()+`) ORDER BY priority DESC, run_at, id LIMIT ?`+lock+`)
		RETURNING `+jobCols, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// ExtendJobLease pushes a running job's lease forward.
func (q *Q) ExtendJobLease(ctx context.Context, id int64, lockID string, until time.Time) error {
	_, err := q.Exec(ctx, `UPDATE jobs SET locked_until = ? WHERE id = ? AND locked_by = ? AND state = 'running'`, micro(until), id, lockID)
	return err
}

// CompleteJob marks a job done and frees its unique key. It returns false
// when the job is no longer held by lockID (its lease was taken over).
func (q *Q) CompleteJob(ctx context.Context, id int64, lockID string) (bool, error) {
	now := micro(q.Now())
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'completed', unique_key = NULL, locked_by = NULL, locked_until = NULL,
		updated_at = ?, finished_at = ? WHERE id = ? AND locked_by = ?`, now, now, id, lockID)
	return affected1(res, err)
}

// RetryJobLater records a failed attempt and schedules the next one.
func (q *Q) RetryJobLater(ctx context.Context, id int64, lockID string, runAt time.Time, errMsg string) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'retryable', run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL,
		updated_at = ? WHERE id = ? AND locked_by = ?`, micro(runAt), errMsg, micro(q.Now()), id, lockID)
	return affected1(res, err)
}

// SnoozeJob puts a running job back without counting the attempt (used
// when the job asks to run again later, e.g. a rate limit or a hold).
func (q *Q) SnoozeJob(ctx context.Context, id int64, lockID string, runAt time.Time) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'available', run_at = ?, attempts = attempts - 1, locked_by = NULL, locked_until = NULL,
		updated_at = ? WHERE id = ? AND locked_by = ?`, micro(runAt), micro(q.Now()), id, lockID)
	return affected1(res, err)
}

// FailJob gives up on a job, keeping its error for people to see.
func (q *Q) FailJob(ctx context.Context, id int64, lockID string, errMsg string) (bool, error) {
	now := micro(q.Now())
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'failed', last_error = ?, locked_by = NULL, locked_until = NULL,
		updated_at = ?, finished_at = ? WHERE id = ? AND locked_by = ?`, errMsg, now, now, id, lockID)
	return affected1(res, err)
}

// RetryFailedJob makes a failed job available again now, with a fresh
// attempt budget. It returns false if the job is not failed.
func (q *Q) RetryFailedJob(ctx context.Context, id int64) (bool, error) {
	now := micro(q.Now())
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'available', attempts = 0, run_at = ?, finished_at = NULL, updated_at = ?
		WHERE id = ? AND state = 'failed'`, now, now, id)
	return affected1(res, err)
}

// CancelJob cancels a job that is not running or finished.
func (q *Q) CancelJob(ctx context.Context, id int64) (bool, error) {
	now := micro(q.Now())
	res, err := q.Exec(ctx, `UPDATE jobs SET state = 'cancelled', unique_key = NULL, updated_at = ?, finished_at = ?
		WHERE id = ? AND state IN ('available', 'retryable', 'failed')`, now, now, id)
	return affected1(res, err)
}

// GetJob returns a job by id.
func (q *Q) GetJob(ctx context.Context, id int64) (model.Job, error) {
	j, err := scanJob(q.QueryRow(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = ?`, id))
	return j, notFound(err)
}

// GetJobByUniqueKey returns the live job holding a unique key.
func (q *Q) GetJobByUniqueKey(ctx context.Context, key string) (model.Job, error) {
	j, err := scanJob(q.QueryRow(ctx, `SELECT `+jobCols+` FROM jobs WHERE unique_key = ?`, key))
	return j, notFound(err)
}

// JobFilter selects jobs, newest first.
type JobFilter struct {
	WorkspaceID *int64 // nil: any workspace
	States      []model.JobState
	Kind        string
	Before      int64
	Limit       int
}

// ListJobs lists jobs matching f, newest first.
func (q *Q) ListJobs(ctx context.Context, f JobFilter) ([]model.Job, error) {
	where := []string{"1=1"}
	var args []any
	if f.WorkspaceID != nil {
		where, args = append(where, "workspace_id = ?"), append(args, *f.WorkspaceID)
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, s := range f.States {
			ph[i] = "?"
			args = append(args, string(s))
		}
		where = append(where, "state IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT `+jobCols+` FROM jobs WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// NextJobTime returns when the next waiting job of the given kinds is due
// (zero when none waits). Running jobs count at their lease expiry.
func (q *Q) NextJobTime(ctx context.Context, kinds []string) (time.Time, error) {
	ph := make([]string, len(kinds))
	args := make([]any, len(kinds))
	for i, k := range kinds {
		ph[i], args[i] = "?", k
	}
	var next sql.NullInt64
	err := q.QueryRow(ctx, `SELECT MIN(CASE WHEN state = 'running' THEN locked_until ELSE run_at END) FROM jobs
		WHERE state IN ('available', 'retryable', 'running') AND kind IN (`+strings.Join(ph, ", ")+`)`, args...).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, err
	}
	return fromMicro(next.Int64), nil
}

// DeleteFinishedJobs removes completed and cancelled jobs finished before t.
func (q *Q) DeleteFinishedJobs(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM jobs WHERE state IN ('completed', 'cancelled') AND finished_at < ?`, micro(before))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func affected1(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
