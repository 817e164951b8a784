package inbox_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// holdOnce is a persister that, the first time it is armed and sees items,
// holds the pipeline's transaction open (the inbox has already threaded the
// batch, so the conversation row is locked) until released.
type holdOnce struct {
	armed           bool
	locked, release chan struct{}
}

func (h *holdOnce) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	if h.armed && len(items) > 0 {
		h.armed = false
		close(h.locked)
		<-h.release
	}
	return nil
}

// waitLockWaiter waits until some PostgreSQL backend waits on a lock.
func waitLockWaiter(t *testing.T, db *store.DB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := db.Q().QueryRow(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("reanalysis never waited on a lock")
}

// analysingFixture is newFixture with a response target of an hour and
// the text engine as the pipeline's enrich stage.
func analysingFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, db)
	f.settings(60)
	f.pipe.AddEnricher(ingest.NewTextEnricher(engine))
	return f
}

func raceFixture(t *testing.T, db *store.DB) (*fixture, model.Conversation, model.Conversation) {
	f := analysingFixture(t, db)
	uri := func(h, k string) string { return "at://did:plc:" + h + "/app.bsky.feed.post/" + k }
	f.ingest(
		model.Item{Network: "bluesky", ExternalID: uri("b", "1"), Kind: model.KindMention, Text: "@acme question sur ma commande",
			Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc("2026-03-27T09:05:00Z"), ThreadID: uri("b", "1")},
		model.Item{Network: "bluesky", ExternalID: uri("b", "2"), Kind: model.KindReply, Text: "toujours rien reçu, c'est vraiment inadmissible",
			Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc("2026-03-27T09:10:00Z"), ParentID: uri("b", "1"), ThreadID: uri("b", "1")},
		model.Item{Network: "bluesky", ExternalID: uri("e", "1"), Kind: model.KindMention, Text: "@acme mon colis est perdu",
			Author: model.Author{Handle: "e.bsky.social", Name: "Ernestine Zoller"}, CreatedAt: utc("2026-03-27T09:20:00Z"), ThreadID: uri("e", "1")},
		model.Item{Network: "bluesky", ExternalID: uri("c", "1"), Kind: model.KindReply, Text: "@e.bsky.social pareil pour moi",
			Author: model.Author{Handle: "c.bsky.social"}, CreatedAt: utc("2026-03-27T09:25:00Z"), ParentID: uri("e", "1"), ThreadID: uri("e", "1")},
	)
	return f, f.byThreadOn("bluesky", uri("b", "1")), f.byThreadOn("bluesky", uri("e", "1"))
}

// TestReanalysisKeepsAConcurrentReply: a reply threaded by 'parvis
// serve' while reanalysis rebuilds the same conversation.
func TestReanalysisKeepsAConcurrentReply(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f, b, _ := raceFixture(t, db)
	if _, err := db.Q().Exec(ctx, `UPDATE items SET search_text = 'stale' WHERE author_handle = 'b.bsky.social'`); err != nil {
		t.Fatal(err)
	}
	h := &holdOnce{armed: true, locked: make(chan struct{}), release: make(chan struct{})}
	f.pipe.AddPersister(h)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		reply := model.Item{Network: "bluesky", ExternalID: "at://did:plc:b/app.bsky.feed.post/3", Kind: model.KindReply,
			Text: "Colis enfin arrivé, merci beaucoup, super service !", Author: model.Author{Handle: "b.bsky.social"},
			CreatedAt: utc("2026-03-27T11:00:00Z"), ParentID: "at://did:plc:b/app.bsky.feed.post/1", ThreadID: "at://did:plc:b/app.bsky.feed.post/1"}
		if _, err := f.pipe.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{reply}}); err != nil {
			t.Error(err)
		}
	}()
	<-h.locked
	var res ingest.ReanalyzeResult
	go func() {
		defer wg.Done()
		var err error
		if res, err = f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{}); err != nil {
			t.Error(err)
		}
	}()
	waitLockWaiter(t, db)
	close(h.release)
	wg.Wait()
	t.Logf("reanalysis: %+v", res)
	got := f.detail(b.ID)
	if got.ItemsCount != 3 {
		t.Fatalf("conversation b holds %d items, want 3", got.ItemsCount)
	}
	if got.Sentiment != "positive" {
		t.Errorf("conversation b: sentiment %q; its last inbound item (the new reply) is positive", got.Sentiment)
	}
	p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: "super"})
	if err != nil || len(p.Items) != 1 {
		t.Errorf("inbox search for the new reply's word \"super\": %d conversations (%v), want 1", len(p.Items), err)
	}
}

// TestReanalysisKeepsAConcurrentErasure: an erasure (as contacts.Erase
// does it) commits while reanalysis rebuilds a conversation of the erased
// author, because another participant's item changed.
func TestReanalysisKeepsAConcurrentErasure(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f, _, e := raceFixture(t, db)
	if _, err := db.Q().Exec(ctx, `UPDATE items SET search_text = 'stale' WHERE author_handle = 'c.bsky.social'`); err != nil {
		t.Fatal(err)
	}
	eItem := f.detail(e.ID).Items[0]
	locked, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		err := db.InTx(ctx, func(q *store.Q) error {
			if err := q.AnonymizeConversations(ctx, f.w.ID, []int64{e.ID}, []string{"e.bsky.social"}); err != nil {
				return err
			}
			if err := q.AnonymizeItems(ctx, []int64{eItem.ID}); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	<-locked
	resc := make(chan error, 1)
	go func() { _, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{}); resc <- err }()
	waitLockWaiter(t, db)
	close(release)
	<-done
	if err := <-resc; err != nil {
		t.Fatal(err)
	}
	var search, preview string
	if err := db.Q().QueryRow(ctx, `SELECT search_text, preview FROM conversations WHERE id = ?`, e.ID).Scan(&search, &preview); err != nil {
		t.Fatal(err)
	}
	if search != "" {
		t.Errorf("erased conversation (preview %q) is searchable by %q", preview, search)
	}
	for _, w := range []string{"colis", "ernestine"} {
		if strings.Contains(search, w) {
			t.Errorf("erased author's word %q is back in the search text", w)
		}
	}
}

// TestReanalysisKeepsNotesOfLongConversations: a long conversation
// (more than ConversationSearchMax of item words) with a note added early:
// search finds it by the note before a reanalysis, not after.
func TestReanalysisKeepsNotesOfLongConversations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := analysingFixture(t, db)
		root := "at://did:plc:b/app.bsky.feed.post/1"
		f.ingest(model.Item{Network: "bluesky", ExternalID: root, Kind: model.KindMention, Text: "@acme question sur ma commande",
			Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc("2026-03-27T09:05:00Z"), ThreadID: root})
		b := f.byThreadOn("bluesky", root)
		if _, err := f.svc.AddNote(f.as("editor"), f.w.Slug, b.ID, inbox.NoteInput{Body: "Transmis au transporteur Geodis"}); err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("toujours rien reçu pour cette commande ", 450) // ~17,500 characters
		for i, at := range []string{"2026-03-27T09:10:00Z", "2026-03-27T09:15:00Z"} {
			f.ingest(model.Item{Network: "bluesky", ExternalID: root + string(rune('a'+i)), Kind: model.KindReply, Text: long,
				Author: model.Author{Handle: "b.bsky.social"}, CreatedAt: utc(at), ParentID: root, ThreadID: root})
		}
		found := func() int {
			p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: "geodis"})
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Items)
		}
		if n := found(); n != 1 {
			t.Fatalf("before: search for the note's word finds %d conversations", n)
		}
		if _, err := db.Q().Exec(ctx, `UPDATE items SET search_text = 'stale'`); err != nil {
			t.Fatal(err)
		}
		if _, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := found(); n != 1 {
			var s string
			db.Q().QueryRow(ctx, `SELECT search_text FROM conversations WHERE id = ?`, b.ID).Scan(&s)
			t.Errorf("after a reanalysis: search for the note's word finds %d conversations, want 1 (search text %d bytes, head %q, tail %q)", n, len(s), s[:80], s[len(s)-80:])
		}
	})
}

// TestDeletionResetsConversationAnalysis: when authors delete items, the
// conversation shows the language and sentiment of the last inbound item
// that remains, and none when none remains.
func TestDeletionResetsConversationAnalysis(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, b, _ := raceFixture(t, db)
		if got := f.detail(b.ID); got.Sentiment != "negative" {
			t.Fatalf("before: %q", got.Sentiment)
		}
		first := f.detail(b.ID).Items[0]
		if _, err := f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{
			{Network: "bluesky", ExternalID: "at://did:plc:b/app.bsky.feed.post/2", Deleted: true}}}); err != nil {
			t.Fatal(err)
		}
		it, _ := db.Q().GetItem(context.Background(), f.w.ID, first.ID)
		got := f.detail(b.ID)
		if it.Sentiment == nil || got.Sentiment != it.Sentiment.Label || got.Lang != it.Lang || got.Preview != "@acme question sur ma commande" {
			t.Errorf("after the deletion: conversation %q/%q preview %q; the remaining item %q/%+v", got.Lang, got.Sentiment, got.Preview, it.Lang, it.Sentiment)
		}
		// With no inbound item left, it shows none.
		if _, err := f.pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: f.w.ID}, Items: []model.Item{
			{Network: "bluesky", ExternalID: "at://did:plc:b/app.bsky.feed.post/1", Deleted: true}}}); err != nil {
			t.Fatal(err)
		}
		if got := f.detail(b.ID); got.Lang != "" || got.Sentiment != "" || got.Preview != "" {
			t.Errorf("after deleting every inbound item: %q/%q preview %q, want nothing", got.Lang, got.Sentiment, got.Preview)
		}
	})
}

// holdReanalysis is a persister that holds a reanalysis's transaction
// open (the inbox has rebuilt the batch's conversations, whose rows it
// locked) until released.
type holdReanalysis struct{ locked, release chan struct{} }

func (h *holdReanalysis) PersistMatches(context.Context, *store.Q, int64, []model.Item) error {
	return nil
}

func (h *holdReanalysis) PersistReanalysis(context.Context, *store.Q, int64, []model.Item) error {
	close(h.locked)
	<-h.release
	return nil
}

// TestNoteKeepsAConcurrentReanalysis: a note added while a reanalysis
// rebuilds its conversation waits for it, then writes the conversation
// back as the reanalysis left it (it read it before, and put back the
// language and sentiment of the older reading).
func TestNoteKeepsAConcurrentReanalysis(t *testing.T) {
	db := storetest.Postgres(t, storetest.Options{})
	ctx := context.Background()
	f, b, _ := raceFixture(t, db)
	for _, stmt := range []string{`UPDATE items SET sentiment = 'positive', sentiment_score = 0.9 WHERE author_handle = 'b.bsky.social'`,
		`UPDATE conversations SET sentiment = 'positive'`} {
		if _, err := db.Q().Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	h := &holdReanalysis{locked: make(chan struct{}), release: make(chan struct{})}
	f.pipe.AddPersister(h)
	reanalysed := make(chan error, 1)
	go func() {
		_, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{})
		reanalysed <- err
	}()
	<-h.locked
	noted := make(chan error, 1)
	go func() {
		_, err := f.svc.AddNote(f.as("editor"), f.w.Slug, b.ID, inbox.NoteInput{Body: "Rappeler la cliente demain"})
		noted <- err
	}()
	waitLockWaiter(t, db)
	close(h.release)
	if err := <-reanalysed; err != nil {
		t.Fatal(err)
	}
	if err := <-noted; err != nil {
		t.Fatal(err)
	}
	if got := f.detail(b.ID); got.Sentiment != "negative" {
		t.Errorf("conversation b: sentiment %q after the note; the reanalysis read its last inbound item as negative", got.Sentiment)
	}
	p, err := f.svc.Conversations(f.as("viewer"), f.w.Slug, inbox.Query{Search: "rappeler"})
	if err != nil || len(p.Items) != 1 {
		t.Errorf("search for the note's word: %d conversations (%v), want 1", len(p.Items), err)
	}
}
