package listen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// maxPagesPerPoll bounds how many pages one poll follows; the rest waits
// for the next poll (the state remembers where it stopped).
const maxPagesPerPoll = 20

// pollJob polls one source. The job is perpetual: after a poll it snoozes
// until the next one. Failures are recorded on the source (last error,
// consecutive count); transient ones back off, rate limits wait as asked,
// and a source that keeps failing, or whose credentials expired, or whose
// configuration is refused, is paused with its reason rather than retried
// forever.
func (s *Service) pollJob(ctx context.Context, job model.Job) error {
	var p pollPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("bad payload: %w", err))
	}
	q := s.db.Q()
	src, err := q.GetSourceByID(ctx, p.SourceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted since
	}
	if err != nil {
		return err
	}
	if !src.Enabled || src.Type == WebhookType || s.streamsOnly(src) {
		return nil // webhooks push; streaming sources run in RunStreams
	}
	_, err = s.PollOnce(ctx, src)
	if err == nil {
		return jobs.Snooze(src.Interval, "next poll")
	}
	var pe *pollError
	if !errors.As(err, &pe) {
		return err // store failure: the job retries
	}
	if pe.pause {
		return nil
	}
	return jobs.Snooze(pe.wait, pe.Error())
}

// pollError is a connector failure already recorded on the source.
type pollError struct {
	err   error
	pause bool
	wait  time.Duration
}

func (e *pollError) Error() string { return e.err.Error() }
func (e *pollError) Unwrap() error { return e.err }

// PollOnce fetches a source's new items (following pages) and ingests them,
// saving the connector state with each batch.
func (s *Service) PollOnce(ctx context.Context, src model.Source) (ingest.Result, error) {
	var total ingest.Result
	full, _, err := s.fullConfig(src)
	if err != nil {
		return total, s.recordFailure(ctx, src, fmt.Errorf("cannot read the source's credentials: %w", err), connector.Permanent, 0)
	}
	conn, err := s.registry.New(src.Type, full, s.deps)
	if err != nil {
		return total, s.recordFailure(ctx, src, fmt.Errorf("invalid configuration: %w", err), connector.Permanent, 0)
	}
	state := src.State
	for page := 0; page < maxPagesPerPoll; page++ {
		b, err := conn.Fetch(ctx, state)
		if err != nil {
			return total, s.recordFailure(ctx, src, err, connector.Classify(err), connector.RetryAfterOf(err))
		}
		res, err := s.pipeline.Ingest(ctx, ingest.Batch{
			Defaults: ingest.Defaults{WorkspaceID: src.WorkspaceID, SourceID: src.ID, Network: src.Network, Source: src.Name},
			Items:    b.Items, State: b.State})
		if err != nil {
			return total, err
		}
		total.Inserted += res.Inserted
		total.Updated += res.Updated
		total.Duplicates += res.Duplicates
		total.Rejected = append(total.Rejected, res.Rejected...)
		for _, r := range res.Rejected {
			s.log.Warn("source item rejected", "source", src.ID, "err", r.Err)
		}
		state = b.State
		if !b.More {
			break
		}
	}
	if err := s.db.Q().RecordSourceSuccess(ctx, src.ID); err != nil {
		return total, err
	}
	return total, nil
}

func (s *Service) recordFailure(ctx context.Context, src model.Source, err error, class connector.Class, retryAfter time.Duration) error {
	pause := ""
	switch class {
	case connector.CredentialsExpired:
		pause = "credentials expired or revoked: reconnect the account or replace the key"
	case connector.Permanent:
		pause = "permanent error: " + err.Error()
	}
	n, rerr := s.db.Q().RecordSourceFailure(ctx, src.ID, err.Error(), pause)
	if rerr != nil {
		return rerr
	}
	if pause == "" && n >= maxConsecutiveFailures {
		pause = fmt.Sprintf("paused after %d failures in a row; last: %v", n, err)
		if perr := s.db.Q().PauseSource(ctx, src.ID, pause); perr != nil {
			return perr
		}
	}
	s.log.Warn("source poll failed", "source", src.ID, "class", class.String(), "failures", n, "err", err)
	wait := jobs.Backoff(n)
	if class == connector.RateLimited && retryAfter > 0 {
		wait = retryAfter
	}
	if wait > src.Interval && class != connector.RateLimited {
		wait = max(src.Interval, time.Minute)
	}
	return &pollError{err: err, pause: pause != "", wait: wait}
}
