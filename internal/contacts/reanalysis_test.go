package contacts_test

import (
	"context"
	"math"
	"testing"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisReachesIdentities: items stored with an older analysis
// (the seed's sentiments, set by hand) are read again by the text engine;
// each identity then counts the sentiment its items hold, its average in
// the directory follows, and a second reading changes nothing.
func TestReanalysisReachesIdentities(t *testing.T) {
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.seed()
		before := f.byHandle("bob@mastodon.social").Stats.Sentiment()
		f.pipe.AddEnricher(ingest.NewTextEnricher(engine))
		res, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Read != 5 || res.Written != res.Changed || res.Sentiment < 4 {
			t.Errorf("first reading: %+v; want 5 read, the hand-set sentiments changed and written", res)
		}
		rows, err := db.Q().Query(ctx, `SELECT ci.identity_id, COALESCE(SUM(CASE WHEN i.sentiment <> '' THEN i.sentiment_score ELSE 0 END), 0),
			COUNT(CASE WHEN i.sentiment <> '' THEN 1 END), MIN(ids.sentiment_sum), MIN(ids.sentiment_count)
			FROM contact_items ci JOIN items i ON i.id = ci.item_id JOIN contact_identities ids ON ids.id = ci.identity_id GROUP BY ci.identity_id`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var id, count, kept int64
			var sum, keptSum float64
			if err := rows.Scan(&id, &sum, &count, &keptSum, &kept); err != nil {
				t.Fatal(err)
			}
			n++
			if math.Abs(sum-keptSum) > 1e-4 || count != kept {
				t.Errorf("identity %d counts sentiment %.4f over %d items; its items hold %.4f over %d", id, keptSum, kept, sum, count)
			}
		}
		rows.Close()
		if n != 3 {
			t.Errorf("%d identities checked, want 3", n)
		}
		bob, _ := db.Q().ListItems(ctx, store.ItemFilter{WorkspaceID: f.w.ID, Author: "bob@mastodon.social", Limit: 1})
		if len(bob) != 1 || bob[0].Sentiment == nil {
			t.Fatalf("bob's item: %+v", bob)
		}
		after := f.byHandle("bob@mastodon.social").Stats.Sentiment()
		if math.Abs(after-bob[0].Sentiment.Score) > 1e-4 || math.Abs(after-before) < 1e-3 {
			t.Errorf("bob's average sentiment %.3f → %.3f; his one item now reads %.3f", before, after, bob[0].Sentiment.Score)
		}
		again, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{})
		if err != nil || again.Read != 5 || again.Changed != 0 || again.Written != 0 {
			t.Errorf("second reading: %+v (%v); want 5 read, nothing changed", again, err)
		}
	})
}
