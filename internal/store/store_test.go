package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, err %v; want 0, nil", n, err)
		}
		p, err := db.PendingMigrations(ctx)
		if err != nil || p != 0 {
			t.Fatalf("pending = %d, %v", p, err)
		}
	})
}

func TestUniqueEmailIsCaseInsensitive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := db.Q()
		if err := q.CreateUser(ctx, &model.User{Email: "Ada@Example.org"}, "h"); err != nil {
			t.Fatal(err)
		}
		err := q.CreateUser(ctx, &model.User{Email: "ada@example.ORG "}, "h")
		if !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate e-mail: got %v, want a unique violation", err)
		}
	})
}

func TestJobsClaimLeaseAndUniqueness(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := db.Q()
		j := &model.Job{Kind: "k", UniqueKey: "poll:1", RunAt: fc.Now().Add(time.Minute)}
		if ins, err := q.EnqueueJob(ctx, j); err != nil || !ins {
			t.Fatalf("enqueue: %v %v", ins, err)
		}
		dup := &model.Job{Kind: "k", UniqueKey: "poll:1"}
		if ins, err := q.EnqueueJob(ctx, dup); err != nil || ins || dup.ID != j.ID {
			t.Fatalf("duplicate enqueue: inserted=%v id=%d (want %d) err=%v", ins, dup.ID, j.ID, err)
		}
		got, err := q.ClaimJobs(ctx, "w1", []string{"k"}, 10, fc.Now().Add(time.Minute))
		if err != nil || len(got) != 0 {
			t.Fatalf("claimed %d before due (err %v)", len(got), err)
		}
		fc.Advance(2 * time.Minute)
		got, err = q.ClaimJobs(ctx, "w1", []string{"k"}, 10, fc.Now().Add(time.Minute))
		if err != nil || len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("claim: %+v %v", got, err)
		}
		// The worker dies; after the lease another worker takes the job.
		if again, _ := q.ClaimJobs(ctx, "w2", []string{"k"}, 10, fc.Now().Add(time.Minute)); len(again) != 0 {
			t.Fatal("job claimed twice within its lease")
		}
		fc.Advance(2 * time.Minute)
		again, err := q.ClaimJobs(ctx, "w2", []string{"k"}, 10, fc.Now().Add(time.Minute))
		if err != nil || len(again) != 1 || again[0].Attempts != 2 {
			t.Fatalf("reclaim after lease: %+v %v", again, err)
		}
		if ok, _ := q.CompleteJob(ctx, j.ID, "w1"); ok {
			t.Fatal("the first worker completed a job it no longer holds")
		}
		if ok, err := q.CompleteJob(ctx, j.ID, "w2"); !ok || err != nil {
			t.Fatalf("complete: %v %v", ok, err)
		}
		// The unique key is free again once the job completed.
		if ins, err := q.EnqueueJob(ctx, &model.Job{Kind: "k", UniqueKey: "poll:1"}); err != nil || !ins {
			t.Fatalf("re-enqueue after completion: %v %v", ins, err)
		}
	})
}
