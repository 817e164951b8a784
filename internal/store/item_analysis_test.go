package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// TestItemsReadAgain: the items to read again are the live ones with
// words, by id, of one workspace or all; the new analysis is written to
// an item unless it was edited or deleted since it was read.
func TestItemsReadAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := db.Q()
		var ws [2]int64
		for i, slug := range []string{"a", "b"} {
			w := &model.Workspace{Slug: slug, Name: slug}
			if err := q.CreateWorkspace(ctx, w); err != nil {
				t.Fatal(err)
			}
			ws[i] = w.ID
		}
		at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		var items []model.Item
		for i, text := range []string{"un", "deux", "trois", "quatre", "cinq"} {
			items = append(items, model.Item{WorkspaceID: ws[0], Network: "web", ExternalID: text, Kind: model.KindPost, Text: text,
				Author: model.Author{Handle: "h" + text}, Lang: "fr", LangConfidence: 0.5, SearchText: text, CreatedAt: at.Add(time.Duration(i) * time.Minute)})
		}
		if _, err := q.UpsertItems(ctx, items); err != nil {
			t.Fatal(err)
		}
		other := []model.Item{{WorkspaceID: ws[1], Network: "web", ExternalID: "six", Kind: model.KindPost, Text: "six", SearchText: "six", CreatedAt: at}}
		if _, err := q.UpsertItems(ctx, other); err != nil {
			t.Fatal(err)
		}
		// "quatre" is deleted by its author, "cinq" anonymised on request.
		if _, err := q.MarkItemsDeleted(ctx, ws[0], []model.Item{{Network: "web", ExternalID: "quatre"}}); err != nil {
			t.Fatal(err)
		}
		if err := q.AnonymizeItems(ctx, []int64{items[4].ID}); err != nil {
			t.Fatal(err)
		}
		texts := func(got []model.Item) (s []string) {
			for _, it := range got {
				s = append(s, it.Text+"/"+it.SearchText)
			}
			return s
		}
		all, err := q.ItemsToReanalyze(ctx, 0, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(all); len(got) != 4 || got[0] != "un/un" || got[1] != "deux/deux" || got[2] != "trois/trois" || got[3] != "six/six" {
			t.Fatalf("all workspaces: %v", got)
		}
		page, err := q.ItemsToReanalyze(ctx, ws[0], all[0].ID, 1)
		if err != nil || len(page) != 1 || page[0].Text != "deux" {
			t.Fatalf("workspace a after %d, one: %v (%v)", all[0].ID, texts(page), err)
		}

		// "deux" is edited after it was read: its new analysis is not written.
		edited := []model.Item{all[1]}
		edited[0].Text, edited[0].Metrics.Likes = "deux fois", 3
		if _, err := q.UpsertItems(ctx, edited); err != nil {
			t.Fatal(err)
		}
		fresh := all[:3]
		for i := range fresh {
			fresh[i].Lang, fresh[i].LangConfidence, fresh[i].SearchText = "en", 0.9, "new "+fresh[i].Text
			fresh[i].Sentiment = &model.Sentiment{Label: "positive", Score: 0.4}
			fresh[i].Entities = &model.Entities{Hashtags: []string{"#x"}}
		}
		written, err := q.UpdateItemAnalysis(ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(written); len(got) != 2 || got[0] != "un/new un" || got[1] != "trois/new trois" {
			t.Errorf("written: %v; want un and trois", got)
		}
		un, err := q.GetItem(ctx, ws[0], all[0].ID)
		if err != nil || un.Lang != "en" || un.Sentiment == nil || math.Abs(un.Sentiment.Score-0.4) > 1e-6 || un.Entities == nil || un.Entities.Hashtags[0] != "#x" ||
			!un.UpdatedAt.Equal(all[0].UpdatedAt) {
			t.Errorf("un after: %+v (%v)", un, err)
		}
		if got, _ := q.ListItems(ctx, store.ItemFilter{WorkspaceID: ws[0], Query: "new", Limit: 10}); len(got) != 2 {
			t.Errorf("search finds %d items by their new words, want 2", len(got))
		}
		if deux, _ := q.GetItem(ctx, ws[0], all[1].ID); deux.Text != "deux fois" || deux.Lang != "fr" {
			t.Errorf("edited item: %+v", deux)
		}
	})
}
