package workspace

import (
	"context"
	"errors"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// FailedJobs lists the workspace's background jobs that gave up, with their
// last error (admins and owners).
func (s *Service) FailedJobs(ctx context.Context, ws string) ([]model.Job, error) {
	w, err := s.Authorize(ctx, ws, model.RoleAdmin)
	if err != nil {
		return nil, err
	}
	js, err := s.db.Q().ListJobs(ctx, store.JobFilter{WorkspaceID: &w.ID, States: []model.JobState{model.JobFailed, model.JobRetryable}, Limit: 100})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return js, nil
}

// RetryJob makes a failed job of the workspace run again now.
func (s *Service) RetryJob(ctx context.Context, ws string, id int64) error {
	return s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		j, err := q.GetJob(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (j.WorkspaceID == nil || *j.WorkspaceID != w.ID)) {
			return apperr.NotFound("job")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		ok, err := q.RetryFailedJob(ctx, id)
		if err != nil {
			return apperr.Internal(err)
		}
		if !ok {
			return apperr.New(apperr.KindConflict, "error.job_not_failed", "only a failed job can be retried").WithCode("job_not_failed")
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "job.retry", "job", idStr(id), map[string]any{"kind": j.Kind}))
	})
}
