package ingest_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// lockInOrder is a persister that locks two stored items in its batch's
// transaction, first then second, and on its first call waits between
// the two until told to go on: two pipelines given opposite orders
// deadlock, as two batches threading the same conversations in opposite
// orders do.
type lockInOrder struct {
	first, second *int64
	locked, goOn  chan struct{}
	calls         atomic.Int32
}

func (l *lockInOrder) PersistMatches(ctx context.Context, q *store.Q, _ int64, _ []model.Item) error {
	lock := func(id int64) error {
		_, err := q.Exec(ctx, `SELECT id FROM items WHERE id = ? FOR UPDATE`, id)
		return err
	}
	if err := lock(*l.first); err != nil {
		return err
	}
	if l.calls.Add(1) == 1 {
		l.locked <- struct{}{}
		<-l.goOn
	}
	return lock(*l.second)
}

// TestPersistWritesAgainAfterADeadlock: PostgreSQL aborts one of two
// batches that wait for each other's rows. The aborted one is written
// again at once, so that both batches land, each item once, without a
// failed job.
func TestPersistWritesAgainAfterADeadlock(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	ws := &model.Workspace{Slug: "ws", Name: "WS"}
	if err := db.Q().CreateWorkspace(ctx, ws); err != nil {
		t.Fatal(err)
	}
	now := db.Clock().Now()
	batch := func(ids ...string) ingest.Batch {
		b := ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws.ID, Network: "web"}}
		for _, id := range ids {
			b.Items = append(b.Items, model.Item{ExternalID: id, Text: "post " + id, CreatedAt: now.Add(-time.Hour)})
		}
		return b
	}
	if _, err := ingest.New(db, db.Clock(), log).Ingest(ctx, batch("a", "b")); err != nil {
		t.Fatal(err)
	}
	var a, b int64
	if err := db.Q().QueryRow(ctx, `SELECT MIN(id), MAX(id) FROM items`).Scan(&a, &b); err != nil {
		t.Fatal(err)
	}
	goOn := make(chan struct{})
	lockers := []*lockInOrder{
		{first: &a, second: &b, locked: make(chan struct{}), goOn: goOn},
		{first: &b, second: &a, locked: make(chan struct{}), goOn: goOn},
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, l := range lockers {
		p := ingest.New(db, db.Clock(), log)
		p.AddPersister(l)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = p.Ingest(ctx, batch([]string{"c", "d"}[i]))
		}()
	}
	for _, l := range lockers {
		<-l.locked // each holds its first row
	}
	close(goOn) // each now waits for the other's: PostgreSQL aborts one
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("batch %d: %v", i, err)
		}
	}
	if calls := lockers[0].calls.Load() + lockers[1].calls.Load(); calls != 3 {
		t.Errorf("%d transactions, want 3 (one of the two written again)", calls)
	}
	var n int
	if err := db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE external_id IN ('c', 'd')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d items c and d stored (%v), want 2", n, err)
	}
}
