package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func newQueue(db *store.DB, c clock.Clock) *jobs.Queue {
	return jobs.New(db, c, slog.New(slog.DiscardHandler))
}

func TestRetryBackoffPermanentSnoozeAndPanic(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(db, fc)
		var flaky, snoozed atomic.Int32
		q.Register(jobs.Kind{Name: "flaky", MaxAttempts: 3, Handler: func(ctx context.Context, j model.Job) error {
			flaky.Add(1)
			return errors.New("upstream 502")
		}})
		q.Register(jobs.Kind{Name: "bad", Handler: func(ctx context.Context, j model.Job) error {
			return jobs.Permanent(errors.New("invalid media"))
		}})
		q.Register(jobs.Kind{Name: "panics", MaxAttempts: 1, Handler: func(ctx context.Context, j model.Job) error {
			panic("nil map")
		}})
		q.Register(jobs.Kind{Name: "later", Handler: func(ctx context.Context, j model.Job) error {
			if snoozed.Add(1) == 1 {
				return jobs.Snooze(time.Hour, "held")
			}
			return nil
		}})
		ids := map[string]int64{}
		for _, k := range []string{"flaky", "bad", "panics", "later"} {
			j, _, err := q.Enqueue(ctx, nil, k, map[string]int{"n": 1}, jobs.EnqueueOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ids[k] = j.ID
		}
		if _, err := q.RunDue(ctx, nil); err != nil {
			t.Fatal(err)
		}
		state := func(k string) model.Job {
			j, err := db.Q().GetJob(ctx, ids[k])
			if err != nil {
				t.Fatal(err)
			}
			return j
		}
		if j := state("flaky"); j.State != model.JobRetryable || j.LastError != "upstream 502" || !j.RunAt.Equal(fc.Now().Add(jobs.Backoff(1))) {
			t.Fatalf("flaky after 1: %+v", j)
		}
		if j := state("bad"); j.State != model.JobFailed || j.Attempts != 1 || j.LastError != "invalid media" {
			t.Fatalf("permanent: %+v", j)
		}
		if j := state("panics"); j.State != model.JobFailed || j.LastError == "" {
			t.Fatalf("panic: %+v", j)
		}
		if j := state("later"); j.State != model.JobAvailable || j.Attempts != 0 || !j.RunAt.Equal(fc.Now().Add(time.Hour)) {
			t.Fatalf("snoozed: %+v", j)
		}
		// Backoff grows; the third failure is the last.
		for i := 0; i < 2; i++ {
			fc.Advance(time.Hour)
			q.RunDue(ctx, nil)
		}
		if j := state("flaky"); j.State != model.JobFailed || j.Attempts != 3 || flaky.Load() != 3 {
			t.Fatalf("flaky after 3: %+v (ran %d)", j, flaky.Load())
		}
		if j := state("later"); j.State != model.JobCompleted {
			t.Fatalf("snoozed job after its time: %+v", j)
		}
		// A person retries a failed job: it runs again with a fresh budget.
		if ok, err := db.Q().RetryFailedJob(ctx, ids["flaky"]); !ok || err != nil {
			t.Fatal(ok, err)
		}
		q.RunDue(ctx, nil)
		if flaky.Load() != 4 {
			t.Fatalf("retried job ran %d times", flaky.Load())
		}
	})
}

func TestBackoffIsBounded(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n < 100; n++ {
		d := jobs.Backoff(n)
		if d < prev || d > 6*time.Hour || d <= 0 {
			t.Fatalf("Backoff(%d) = %v after %v", n, d, prev)
		}
		prev = d
	}
}

// TestRunFinishesInFlightJobsOnShutdown: cancelling Run lets a running job
// finish (within the grace period) and records its completion.
func TestRunFinishesInFlightJobsOnShutdown(t *testing.T) {
	db := storetest.SQLite(t, storetest.Options{})
	q := newQueue(db, clock.Real{})
	started, release := make(chan struct{}), make(chan struct{})
	q.Register(jobs.Kind{Name: "slow", Handler: func(ctx context.Context, j model.Job) error {
		close(started)
		<-release
		return nil
	}})
	j, _, err := q.Enqueue(context.Background(), nil, "slow", nil, jobs.EnqueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- q.Run(ctx, time.Minute) }()
	<-started
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned while a job was still running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, _ := db.Q().GetJob(context.Background(), j.ID)
	if got.State != model.JobCompleted {
		t.Fatalf("after shutdown: %s", got.State)
	}
}

// TestTwoQueuesRunAJobOnce: two processes' queues on one database never run
// the same job twice.
func TestTwoQueuesRunAJobOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var runs atomic.Int32
		h := func(ctx context.Context, j model.Job) error { runs.Add(1); return nil }
		a, b := newQueue(db, clock.Real{}), newQueue(db, clock.Real{})
		for _, q := range []*jobs.Queue{a, b} {
			q.Register(jobs.Kind{Name: "once", Handler: h})
		}
		for i := 0; i < 200; i++ {
			if _, _, err := a.Enqueue(context.Background(), nil, "once", i, jobs.EnqueueOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		errs := make(chan error, 2)
		for _, q := range []*jobs.Queue{a, b} {
			go func(q *jobs.Queue) {
				for {
					n, err := q.RunDue(ctx, nil)
					if err != nil || n == 0 {
						errs <- err
						return
					}
				}
			}(q)
		}
		for i := 0; i < 2; i++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if runs.Load() != 200 {
			t.Fatalf("200 jobs ran %d times", runs.Load())
		}
	})
}
