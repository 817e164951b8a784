package contacts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// TestRecordJobMeetsAPollWithoutDeadlock: recordJob reads its ranges one
// query after the other, each taking its rows FOR SHARE in id order. A
// poll that delivers two of those items again, newest first, takes them
// in the other order. Were the job to wait for the row the poll holds
// while holding the one the poll waits for, PostgreSQL would abort one
// of them (the poll, here): the job does not wait (NOWAIT), the poll
// goes on, and the job is run again.
func TestRecordJobMeetsAPollWithoutDeadlock(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f := newFixture(t, db)
	low := item("mastodon", "m1", "bob@mastodon.social", "Bob", "", 10, "Parvis is slow", 1, 1, -0.5)
	high := item("mastodon", "m2", "bob@mastodon.social", "Bob", "", 10, "Parvis is broken", 2, 1, -0.7)
	f.ingest(low, high)
	var ids [2]int64
	if err := db.Q().QueryRow(ctx, `SELECT MIN(id), MAX(id) FROM items`).Scan(&ids[0], &ids[1]); err != nil {
		t.Fatal(err)
	}
	lowLocked, highWanted := make(chan struct{}), make(chan struct{})
	jobErr := make(chan error, 1)
	go func() { // recordJob with ranges [[low,low],[high,high]], as ItemsInRanges reads them
		jobErr <- db.InTx(ctx, func(q *store.Q) error {
			if _, err := q.ItemsInRanges(ctx, f.w.ID, [][2]int64{{ids[0], ids[0]}}); err != nil {
				return err
			}
			close(lowLocked)
			<-highWanted
			_, err := q.ItemsInRanges(ctx, f.w.ID, [][2]int64{{ids[1], ids[1]}})
			return err
		})
	}()
	<-lowLocked
	pollErr := make(chan error, 1)
	go func() { // a poll: the same two items, newest first, with new metrics
		high.Metrics.Likes, low.Metrics.Likes = 5, 5
		_, err := f.pipe.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{high, low}})
		pollErr <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&n)
		if n > 0 {
			break
		}
	}
	close(highWanted)
	jerr, perr := <-jobErr, <-pollErr
	if perr != nil {
		t.Errorf("the poll failed: %v", perr)
	}
	var pg *pgconn.PgError
	if errors.As(jerr, &pg) && pg.Code == "40P01" {
		t.Errorf("the record job met a deadlock: %v", jerr)
	}
	t.Logf("record job: %v (retryable %v); poll: %v", jerr, store.Retryable(jerr), perr)
}

// TestRecordJobSnoozesWhileItemsAreHeld: the record job that meets an item
// held by another transaction snoozes without spending an attempt, and
// records the authors once it commits.
func TestRecordJobSnoozesWhileItemsAreHeld(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f := newFixture(t, db)
	// Items written as a bulk batch leaves them: no author recorded yet.
	it := item("mastodon", "m1", "bob@mastodon.social", "Bob", "", 10, "Parvis is slow", 1, 1, -0.5)
	it.WorkspaceID = f.w.ID
	items := []model.Item{it}
	if _, err := db.Q().UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	payload := json.RawMessage(fmt.Sprintf(`{"workspace_id":%d,"ranges":[[%d,%d]]}`, f.w.ID, items[0].ID, items[0].ID))
	j, _, err := f.jobs.Enqueue(ctx, nil, contacts.RecordJob, payload, jobs.EnqueueOptions{WorkspaceID: f.w.ID})
	if err != nil {
		t.Fatal(err)
	}
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() { // a writer holding the item
		done <- db.InTx(ctx, func(q *store.Q) error {
			if _, err := q.Exec(ctx, `UPDATE items SET likes = likes + 1 WHERE id = ?`, items[0].ID); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	if _, err := f.jobs.RunDue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Q().GetJob(ctx, j.ID)
	if got.State != model.JobAvailable || got.Attempts != 0 {
		t.Errorf("while the item is held: job %s after %d attempts (%s), want available, 0", got.State, got.Attempts, got.LastError)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * time.Second)
	if _, err := f.jobs.RunDue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Q().GetJob(ctx, j.ID); got.State != model.JobCompleted {
		t.Errorf("after the writer committed: job %s (%s)", got.State, got.LastError)
	}
	var n int
	db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM contact_items WHERE item_id = ?`, items[0].ID).Scan(&n)
	if n != 1 {
		t.Errorf("%d links of bob's item, want 1", n)
	}
}
