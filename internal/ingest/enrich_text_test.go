package ingest_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

// TestTextEnricherMatchesAnalyze checks that the enricher, which analyses
// its items together (text.AnalyzeBatch, split across the cores past 128
// items), gives each item what Analyze gives its title and text alone:
// the title before the text, the item's language trusted when it has one.
func TestTextEnricherMatchesAnalyze(t *testing.T) {
	e, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 40, 300} {
		items := make([]model.Item, n)
		for i := range items {
			it := &items[i]
			switch i % 4 {
			case 0:
				it.Text = benchFR[i%len(benchFR)] + " " + benchTags[i%len(benchTags)]
			case 1:
				it.Text, it.Lang = benchEN[i%len(benchEN)], "en"
			case 2:
				it.Title, it.Text = "Avis n°"+fmt.Sprint(i), benchFR[i%len(benchFR)]
			case 3:
				it.Title = benchEN[i%len(benchEN)] + " @mairie"
			}
		}
		want := make([]model.Item, n)
		copy(want, items)
		a := e.NewAnalyzer()
		for i := range want {
			it := &want[i]
			s := it.Text
			if it.Title != "" {
				s = it.Title
				if it.Text != "" {
					s += "\n" + it.Text
				}
			}
			it.SearchText = ingest.SearchText(text.Tokenize(s))
			r := a.Analyze(s, it.Lang)
			it.Lang, it.LangConfidence = r.Lang, r.LangConfidence
			it.Sentiment = &model.Sentiment{Label: r.Sentiment.Label, Score: r.Sentiment.Score}
			if en := r.Entities; len(en.Hashtags)+len(en.Mentions)+len(en.URLs)+len(en.Emoji)+len(en.Cashtags) > 0 {
				it.Entities = &model.Entities{Hashtags: en.Hashtags, Mentions: en.Mentions, URLs: en.URLs, Emoji: en.Emoji, Cashtags: en.Cashtags}
			}
		}
		ingest.NewTextEnricher(e).Enrich(items)
		for i := range items {
			if !reflect.DeepEqual(items[i], want[i]) {
				t.Fatalf("%d items: item %d enriched as\n%+v\nAnalyze gives\n%+v", n, i, items[i], want[i])
			}
		}
	}
}
