package contacts_test

import (
	"context"
	"testing"

	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisFoldsContactKeysAgain: an identity recorded by a version
// whose text.Fold kept Greek accents holds the name key it folded then
// ("γιώργοσ παπαδόπουλοσ"). A search folds them away now: the contact is
// found again once the stored items have been read again.
func TestReanalysisFoldsContactKeysAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.ingest(item("bluesky", "g1", "giorgos.bsky.social", "Γιώργος Παπαδόπουλος", "", 10, "Parvis είναι καλό", 0, 1, 0.5))
		if _, err := db.Q().Exec(ctx, `UPDATE contact_identities SET name_key = ? WHERE handle = ?`, "γιώργοσ παπαδόπουλοσ", "giorgos.bsky.social"); err != nil {
			t.Fatal(err)
		}
		if got := f.list("viewer", contacts.ListQuery{Search: "Παπαδόπουλος"}); len(got) != 0 {
			t.Fatalf("found by the key of the older version: %d", len(got))
		}
		engine, err := text.NewEngine()
		if err != nil {
			t.Fatal(err)
		}
		f.pipe.AddEnricher(ingest.NewTextEnricher(engine))
		if _, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{DryRun: true}); err != nil {
			t.Fatal(err)
		}
		if got := f.list("viewer", contacts.ListQuery{Search: "Παπαδόπουλος"}); len(got) != 0 {
			t.Errorf("a dry run wrote the key")
		}
		if _, err := f.pipe.Reanalyze(ctx, ingest.ReanalyzeOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := f.list("viewer", contacts.ListQuery{Search: "Παπαδόπουλος"}); len(got) != 1 {
			t.Errorf("after the reading again: %d contacts found by their Greek name, want 1", len(got))
		}
	})
}
