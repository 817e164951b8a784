// Package jobs runs durable background jobs stored in the database: a job
// survives restarts, runs on one worker at a time under a lease, retries
// with exponential backoff and records its last error, and lands in the
// failed list (with a retry action) when it runs out of attempts.
//
// Why not River: Parvis runs the same schema on SQLite and PostgreSQL, and
// River's SQLite driver is experimental and has a different client type per
// driver. A small queue over one portable table keeps one code path, one
// migration history and jobs visible to the same store queries as the rest.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Handler runs one job. Returning nil completes it; an error retries it
// (or fails it when attempts are exhausted); Permanent errors fail it at
// once; Snooze errors put it back for later without counting an attempt.
type Handler func(ctx context.Context, job model.Job) error

// Kind registers a handler for a kind of job.
type Kind struct {
	Name        string
	Handler     Handler
	MaxAttempts int           // default 10
	Timeout     time.Duration // default 5 minutes
}

// PermanentError fails a job without further attempts.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so the job fails at once.
func Permanent(err error) error { return &PermanentError{Err: err} }

// SnoozeError asks for the job to run again after a delay, without counting
// the attempt (rate limits, holds).
type SnoozeError struct {
	After  time.Duration
	Reason string
}

func (e *SnoozeError) Error() string { return "snoozed for " + e.After.String() + ": " + e.Reason }

// Snooze returns a SnoozeError.
func Snooze(d time.Duration, reason string) error { return &SnoozeError{After: d, Reason: reason} }

// Queue enqueues jobs and runs workers.
type Queue struct {
	db     *store.DB
	clock  clock.Clock
	log    *slog.Logger
	kinds  map[string]Kind
	wake   chan struct{}
	lockID string
	// Workers is the number of jobs run at once.
	Workers int
	// MaxIdle bounds the wait between two polls when nothing is due.
	MaxIdle time.Duration
	// Lease is how long a claimed job is held before another worker may
	// take it over.
	Lease time.Duration

	mu      sync.Mutex
	running sync.WaitGroup
}

// New returns a queue.
func New(db *store.DB, c clock.Clock, log *slog.Logger) *Queue {
	host, _ := os.Hostname()
	return &Queue{db: db, clock: c, log: log, kinds: map[string]Kind{}, wake: make(chan struct{}, 1),
		lockID:  host + ":" + strconv.Itoa(os.Getpid()) + ":" + auth.RandomToken(4),
		Workers: 4, MaxIdle: 5 * time.Second, Lease: 10 * time.Minute}
}

// Register adds a kind of job. Call it before Run.
func (q *Queue) Register(k Kind) {
	if k.MaxAttempts == 0 {
		k.MaxAttempts = 10
	}
	if k.Timeout == 0 {
		k.Timeout = 5 * time.Minute
	}
	q.mu.Lock()
	q.kinds[k.Name] = k
	q.mu.Unlock()
}

// EnqueueOptions tune a job.
type EnqueueOptions struct {
	RunAt       time.Time
	UniqueKey   string
	WorkspaceID int64
	MaxAttempts int
}

// Enqueue stores a job with a JSON payload. It uses q inside the caller's
// transaction when given (so the job exists iff the change commits).
func (q *Queue) Enqueue(ctx context.Context, tx *store.Q, kind string, payload any, o EnqueueOptions) (model.Job, bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return model.Job{}, false, err
	}
	j := model.Job{Kind: kind, Payload: b, UniqueKey: o.UniqueKey, RunAt: o.RunAt, MaxAttempts: o.MaxAttempts}
	if j.MaxAttempts == 0 {
		q.mu.Lock()
		j.MaxAttempts = q.kinds[kind].MaxAttempts
		q.mu.Unlock()
	}
	if o.WorkspaceID != 0 {
		ws := o.WorkspaceID
		j.WorkspaceID = &ws
	}
	if tx == nil {
		tx = q.db.Q()
	}
	inserted, err := tx.EnqueueJob(ctx, &j)
	if err == nil {
		q.Wake()
	}
	return j, inserted, err
}

// Wake makes idle workers look for due jobs now.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *Queue) kindNames() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	names := make([]string, 0, len(q.kinds))
	for n := range q.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Run claims and runs due jobs until ctx ends, then waits for the jobs in
// flight to finish (they get their own context, cancelled after grace).
func (q *Queue) Run(ctx context.Context, grace time.Duration) error {
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	slots := make(chan struct{}, q.Workers)
	for {
		n, err := q.RunDue(jobCtx, slots)
		if err != nil && ctx.Err() == nil {
			q.log.Error("claiming jobs", "err", err)
		}
		if n > 0 {
			continue
		}
		wait := q.MaxIdle
		if next, err := q.db.Q().NextJobTime(ctx, q.kindNames()); err == nil && !next.IsZero() {
			if d := next.Sub(q.clock.Now()); d < wait {
				wait = max(d, 10*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			done := make(chan struct{})
			go func() { q.running.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(grace):
				cancelJobs()
				<-done
			}
			return nil
		case <-q.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunDue claims as many due jobs as there are free slots and starts them.
// It returns how many it started. With a nil slots channel it runs the due
// jobs synchronously (tests, CLI).
func (q *Queue) RunDue(ctx context.Context, slots chan struct{}) (int, error) {
	free := q.Workers
	if slots != nil {
		free = cap(slots) - len(slots)
	}
	if free <= 0 {
		// Wait for a slot to free up.
		select {
		case slots <- struct{}{}:
			<-slots
		case <-ctx.Done():
		}
		return 0, nil
	}
	jobs, err := q.db.Q().ClaimJobs(ctx, q.lockID, q.kindNames(), free, q.clock.Now().Add(q.Lease))
	if err != nil {
		return 0, err
	}
	for _, j := range jobs {
		if slots == nil {
			q.execute(ctx, j)
			continue
		}
		slots <- struct{}{}
		q.running.Add(1)
		go func(j model.Job) {
			defer func() { <-slots; q.running.Done() }()
			q.execute(ctx, j)
		}(j)
	}
	return len(jobs), nil
}

// Backoff is the delay before attempt n+1: 15s, 30s, 1m, … capped at 6h.
func Backoff(attempt int) time.Duration {
	d := 15 * time.Second * time.Duration(math.Pow(2, float64(max(attempt-1, 0))))
	if d > 6*time.Hour || d <= 0 {
		d = 6 * time.Hour
	}
	return d
}

func (q *Queue) execute(ctx context.Context, j model.Job) {
	q.mu.Lock()
	k, ok := q.kinds[j.Kind]
	q.mu.Unlock()
	st := q.db.Q()
	if !ok {
		st.FailJob(ctx, j.ID, q.lockID, "no handler for job kind "+j.Kind)
		return
	}
	runCtx, cancel := context.WithTimeout(auth.SystemContext(ctx, "job:"+j.Kind), k.Timeout)
	err := safeRun(runCtx, k.Handler, j)
	cancel()
	log := q.log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
	var snooze *SnoozeError
	var perm *PermanentError
	switch {
	case err == nil:
		if ok, err := st.CompleteJob(ctx, j.ID, q.lockID); err != nil || !ok {
			log.Warn("job completed but its lease was lost", "err", err)
		}
	case errors.As(err, &snooze):
		st.SnoozeJob(ctx, j.ID, q.lockID, q.clock.Now().Add(snooze.After))
		log.Info("job snoozed", "for", snooze.After, "reason", snooze.Reason)
		q.Wake() // the idle loop learns when it is due (a job going on in steps snoozes for 0)
	case errors.As(err, &perm) || j.Attempts >= j.MaxAttempts:
		st.FailJob(ctx, j.ID, q.lockID, err.Error())
		log.Error("job failed", "err", err)
	default:
		next := q.clock.Now().Add(Backoff(j.Attempts))
		st.RetryJobLater(ctx, j.ID, q.lockID, next, err.Error())
		log.Warn("job will retry", "err", err, "at", next)
	}
}

func safeRun(ctx context.Context, h Handler, j model.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return h(ctx, j)
}
