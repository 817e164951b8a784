package topics_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/topics"
)

// TestRefreshSeesTopicsOfAnotherProcess runs two services on one database,
// as two `parvis serve` processes do: what one creates, changes or deletes
// reaches the other's matcher at its next Refresh, and only then.
func TestRefreshSeesTopicsOfAnotherProcess(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newFixture(t, db, fc, nil)
		log := slog.New(slog.DiscardHandler)
		b := topics.New(topics.Options{DB: db, Jobs: jobs.New(db, fc, log), Clock: fc, Log: log})
		if err := b.Load(ctx); err != nil {
			t.Fatal(err)
		}
		matchB := func(text string) []int64 {
			items := []model.Item{{Text: text}}
			b.Matcher().Match(a.ws.ID, items)
			return items[0].Topics
		}
		refresh := func(svc *topics.Service, want int) {
			t.Helper()
			n, err := svc.Refresh(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("Refresh changed %d topics, want %d", n, want)
			}
		}

		tp, err := a.svc.CreateTopic(a.owner, "acme", topics.TopicInput{Name: "Grève", Query: "greve", Kind: "brand"})
		if err != nil {
			t.Fatal(err)
		}
		if got := matchB("Grève à la SNCF"); got != nil {
			t.Fatalf("b matched %v before refreshing", got)
		}
		refresh(b, 1)
		if got := matchB("Grève à la SNCF"); !slices.Equal(got, []int64{tp.ID}) {
			t.Fatalf("b matches %v after refreshing, want [%d]", got, tp.ID)
		}
		refresh(b, 0)     // nothing changed: nothing recompiled
		refresh(a.svc, 0) // a already holds its own topic

		// A second topic and a new query for the first: both reach b, and
		// the old query no longer matches.
		fc.Advance(time.Second)
		other, err := a.svc.CreateTopic(a.owner, "acme", topics.TopicInput{Name: "Trains", Query: "train*", Kind: "other"})
		if err != nil {
			t.Fatal(err)
		}
		fc.Advance(time.Second)
		q := "sncf"
		if _, err := a.svc.UpdateTopic(a.owner, "acme", tp.ID, topics.TopicUpdate{Query: &q}); err != nil {
			t.Fatal(err)
		}
		refresh(b, 2)
		if got := matchB("grève des trains"); !slices.Equal(got, []int64{other.ID}) {
			t.Errorf("b matches %v, want only [%d] (the old query is gone)", got, other.ID)
		}
		if got := matchB("la SNCF"); !slices.Equal(got, []int64{tp.ID}) {
			t.Errorf("b matches %v, want [%d] (the new query)", got, tp.ID)
		}

		// Deactivating and deleting remove the topics from b.
		fc.Advance(time.Second)
		off := false
		if _, err := a.svc.UpdateTopic(a.owner, "acme", other.ID, topics.TopicUpdate{Active: &off}); err != nil {
			t.Fatal(err)
		}
		if err := a.svc.DeleteTopic(a.owner, "acme", tp.ID); err != nil {
			t.Fatal(err)
		}
		refresh(b, 2)
		if got := matchB("la SNCF et ses trains"); got != nil || b.Matcher().Len() != 0 {
			t.Errorf("b still matches %v (holds %d topics)", got, b.Matcher().Len())
		}
		refresh(a.svc, 0)
	})
}
