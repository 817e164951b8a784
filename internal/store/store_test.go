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

// TestUpsertReturnsWhatTheRowHolds: when the upsert keeps a stored
// language hint (the same text again, its language detected), the item
// given to later stages carries the hint and its sentiment, not the new
// detection; a new text takes the new reading.
func TestUpsertReturnsWhatTheRowHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := db.Q()
		w := &model.Workspace{Slug: "ws", Name: "WS"}
		if err := q.CreateWorkspace(ctx, w); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		likes := int64(0)
		item := func(text, lang string, conf float64, label string, score float64) []model.Item {
			likes++ // new metrics: the row is written
			it := model.Item{WorkspaceID: w.ID, Network: "web", ExternalID: "x", Kind: model.KindPost, Text: text,
				Lang: lang, LangConfidence: conf, Sentiment: &model.Sentiment{Label: label, Score: score}, CreatedAt: at, FetchedAt: at}
			it.Metrics.Likes = likes
			return []model.Item{it}
		}
		for i, step := range []struct {
			in       []model.Item
			lang     string
			label    string
			inserted int
		}{
			{item("bom dia", "pt", 1, "positive", 0.5), "pt", "positive", 1},
			{item("bom dia", "es", 0.8, "neutral", 0.1), "pt", "positive", 0},
			{item("bom dia!", "es", 0.8, "neutral", 0.1), "es", "neutral", 0},
		} {
			n, err := q.UpsertItems(ctx, step.in)
			if err != nil {
				t.Fatal(err)
			}
			got := step.in[0]
			if n != step.inserted || got.ID == 0 || got.Lang != step.lang || got.Sentiment == nil || got.Sentiment.Label != step.label {
				t.Errorf("step %d: inserted %d, item id %d lang %q sentiment %+v; want %d, %q, %q", i+1, n, got.ID, got.Lang, got.Sentiment, step.inserted, step.lang, step.label)
			}
		}
	})
}
