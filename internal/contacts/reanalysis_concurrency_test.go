package contacts_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisDuringDeferredRecord: a bulk batch's authors are
// recorded by a job (recordJob: read the items, record their authors, one
// transaction). A reanalysis that starts between the job's read and its
// write waits for it (PostgreSQL; SQLite serialises writers), then
// corrects the identity by difference: it counts the new sentiment.
func TestReanalysisDuringDeferredRecord(t *testing.T) {
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f := newFixture(t, db)
	// What the bulk batch's transaction wrote: the item, not its author.
	it := item("mastodon", "m2", "bob@mastodon.social", "Bob", "https://mastodon.social/@bob", 90000, "Parvis is broken again", 3, 300, -0.7)
	it.WorkspaceID, it.Sentiment.Score = f.w.ID, 0.5 // an older version's reading
	items := []model.Item{it}
	if _, err := db.Q().UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	read, resume, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() { // recordJob, as it runs
		defer close(done)
		err := db.InTx(ctx, func(q *store.Q) error {
			got, err := q.ItemsInRanges(ctx, f.w.ID, [][2]int64{{items[0].ID, items[0].ID}})
			if err != nil {
				return err
			}
			close(read)
			<-resume
			_, err = q.RecordAuthors(ctx, f.w.ID, contacts.Sightings(got))
			return err
		})
		if err != nil {
			t.Error(err)
		}
	}()
	<-read
	f.pipe.AddEnricher(ingest.NewTextEnricher(engine))
	var res ingest.ReanalyzeResult
	reanalysed := make(chan error, 1)
	go func() {
		var err error
		res, err = f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{})
		reanalysed <- err
	}()
	// The job resumes once the reanalysis is done or waits for it.
	var rerr error
	finished, received := false, false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !finished; time.Sleep(10 * time.Millisecond) {
		select {
		case rerr = <-reanalysed:
			finished, received = true, true
		default:
			var n int
			db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&n)
			finished = n > 0
		}
	}
	close(resume)
	<-done
	if !received {
		rerr = <-reanalysed
	}
	if rerr != nil || res.Written != 1 {
		t.Fatalf("reanalysis: %+v (%v)", res, rerr)
	}
	var itemScore, sum float64
	if err := db.Q().QueryRow(ctx, `SELECT i.sentiment_score, ids.sentiment_sum FROM items i JOIN contact_items ci ON ci.item_id = i.id
		JOIN contact_identities ids ON ids.id = ci.identity_id WHERE i.id = ?`, items[0].ID).Scan(&itemScore, &sum); err != nil {
		t.Fatal(err)
	}
	if math.Abs(itemScore-sum) > 1e-4 {
		t.Errorf("bob's identity counts sentiment %.3f; his one item holds %.3f", sum, itemScore)
	}
}
