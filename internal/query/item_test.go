package query

import (
	"testing"

	"github.com/parvis/parvis/internal/model"
)

func TestDocSetItem(t *testing.T) {
	t.Parallel()
	followers := int64(5000)
	it := &model.Item{
		Title: "Grève", Text: "à la SNCF #GreveSNCF", Lang: "fr", Network: "bluesky", Kind: model.KindReply,
		Source: "Le Monde", URL: "https://www.lemonde.fr/a",
		Author:    model.Author{Handle: "@Bob", Followers: &followers},
		Sentiment: &model.Sentiment{Label: "negative", Score: -0.7},
		Entities:  &model.Entities{URLs: []string{"https://example.com/blog/1"}},
	}
	var d Doc
	d.SetItem(it)
	m := NewMatcher[string]()
	queries := map[string]string{
		"title+text": `"greve a la sncf"`,
		"fields":     `lang:fr network:bluesky kind:reply source:"le monde" author:bob sentiment:negative followers:>=5k`,
		"own url":    "url:lemonde.fr",
		"entity url": "url:example.com/blog",
	}
	for id, q := range queries {
		if err := m.Add(id, MustParse(q)); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Match(&d, nil); len(got) != len(queries) {
		t.Errorf("matched %v, want all of %v", got, queries)
	}
	// Reusing the Doc for an item without these attributes clears them.
	d.SetItem(&model.Item{Text: "rien"})
	if got := m.Match(&d, nil); len(got) != 0 {
		t.Errorf("second item matched %v, want none", got)
	}
}
