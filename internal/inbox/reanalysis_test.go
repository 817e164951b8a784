package inbox_test

import (
	"context"
	"testing"

	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisReachesConversations: items stored by an older version
// (no analysis, stale search words) are read again; their conversation
// shows the language and sentiment of its last inbound item and is found
// by the new words, its author's name and its notes, not by the stale
// ones. A conversation of an author erased on request keeps its blank
// search text, and a second reading changes nothing.
func TestReanalysisReachesConversations(t *testing.T) {
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.settings(60)
		uri := func(h, k string) string { return "at://did:plc:" + h + "/app.bsky.feed.post/" + k }
		f.ingest(
			model.Item{Network: "bluesky", ExternalID: uri("b", "1"), Kind: model.KindMention, Text: "@acme question sur ma commande",
				Author: model.Author{Handle: "b.bsky.social", Name: "Hélène Strauß"}, CreatedAt: utc("2026-03-27T09:05:00Z"), ThreadID: uri("b", "1")},
			model.Item{Network: "bluesky", ExternalID: uri("b", "2"), Kind: model.KindReply, Text: "toujours rien reçu, c'est vraiment inadmissible",
				Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc("2026-03-27T09:10:00Z"), ParentID: uri("b", "1"), ThreadID: uri("b", "1")},
			model.Item{Network: "bluesky", ExternalID: uri("e", "1"), Kind: model.KindMention, Text: "@acme mon colis est perdu",
				Author: model.Author{Handle: "e.bsky.social"}, CreatedAt: utc("2026-03-27T09:20:00Z"), ThreadID: uri("e", "1")},
			model.Item{Network: "bluesky", ExternalID: uri("c", "1"), Kind: model.KindReply, Text: "@e.bsky.social pareil pour moi",
				Author: model.Author{Handle: "c.bsky.social"}, CreatedAt: utc("2026-03-27T09:25:00Z"), ParentID: uri("e", "1"), ThreadID: uri("e", "1")},
		)
		b, e := f.byThreadOn("bluesky", uri("b", "1")), f.byThreadOn("bluesky", uri("e", "1"))
		if _, err := f.svc.AddNote(f.as("editor"), f.w.Slug, b.ID, inbox.NoteInput{Body: "Transmis au transporteur"}); err != nil {
			t.Fatal(err)
		}
		// What an older version wrote: no analysis (this pipeline has no
		// enricher yet) and search words it no longer writes.
		q := db.Q()
		for _, stmt := range []string{`UPDATE items SET search_text = 'stale'`, `UPDATE conversations SET search_text = 'stale'`} {
			if _, err := q.Exec(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		// e.bsky.social was erased on request; c.bsky.social's answer in
		// that thread was not.
		if items := f.detail(e.ID).Items; len(items) != 2 {
			t.Fatalf("thread of e holds %d items, want 2", len(items))
		}
		eItem := f.detail(e.ID).Items[0]
		if err := q.AnonymizeItems(ctx, []int64{eItem.ID}); err != nil {
			t.Fatal(err)
		}
		if err := q.AnonymizeConversations(ctx, f.w.ID, []int64{e.ID}, []string{"e.bsky.social"}); err != nil {
			t.Fatal(err)
		}

		f.pipe.AddEnricher(ingest.NewTextEnricher(engine))
		res, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{BatchSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Read != 3 || res.Written != 3 || res.Lang != 3 || res.Sentiment != 3 || res.Search != 3 {
			t.Errorf("reading: %+v; want the three items not erased read, analysed and written", res)
		}
		last, err := q.GetItem(ctx, f.w.ID, f.detail(b.ID).Items[1].ID)
		if err != nil || last.Sentiment == nil || last.Sentiment.Label != "negative" || last.Lang != "fr" {
			t.Fatalf("last item of b: %+v (%v)", last, err)
		}
		if got := f.detail(b.ID); got.Lang != "fr" || got.Sentiment != "negative" {
			t.Errorf("conversation b: lang %q sentiment %q; want fr, negative (its last inbound item)", got.Lang, got.Sentiment)
		}
		for search, want := range map[string]int{"commande": 1, "inadmissible": 1, "recu": 1, "helene": 1, "transporteur": 1, "stale": 0, "colis": 0, "pareil": 0} {
			p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: search})
			if err != nil || len(p.Items) != want {
				t.Errorf("inbox search %q: %d conversations (%v), want %d", search, len(p.Items), err, want)
			}
		}
		var erased string
		if err := q.QueryRow(ctx, `SELECT search_text FROM conversations WHERE id = ?`, e.ID).Scan(&erased); err != nil || erased != "" {
			t.Errorf("erased conversation's search text = %q (%v), want it blank", erased, err)
		}
		if again, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{}); err != nil || again.Read != 3 || again.Changed != 0 {
			t.Errorf("second reading: %+v (%v); want nothing changed", again, err)
		}
	})
}
