package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/text"
)

// TestSearchQuery: a search is read by the tokenizer that wrote the
// search text, and a word ending in "*" stays a prefix.
func TestSearchQuery(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]string{
		"GRÈVE bus":             "greve bus",
		"John's":                "john",
		"l'Hôtel":               "l hotel",
		"@bob@mastodon.social":  "bob mastodon social",
		"1.000":                 "1 000",
		"tram* Lyon":            "tram* lyon",
		"gre* sncf*":            "gre* sncf*",
		"#GreveSNCF":            "grevesncf", // every spelling indexes it
		"#GreveSN*":             "grevesn*",
		"#grève_sncf":           "greve sncf",
		"🔥 train":               "train",
		"Gr\\u00e8ve":           "greve",
		"   ":                   "",
		`"); DROP TABLE items;`: "drop table items",
	} {
		if got, err := SearchQuery(q); got != want || err != nil {
			t.Errorf("SearchQuery(%q) = %q, %v; want %q", q, got, err, want)
		}
	}
	// A search of no word would list everything.
	for _, q := range []string{"🔥", "<3 :)", "https://www.sncf.com/fr/trafic", "* ... !"} {
		if got, err := SearchQuery(q); !errors.Is(err, ErrNoSearchWords) {
			t.Errorf("SearchQuery(%q) = %q, %v; want ErrNoSearchWords", q, got, err)
		}
	}
}

// TestSearchFindsEverySpellingOfAHashtag: the search text of each
// spelling of a hashtag holds what a search of any spelling asks for,
// and its parts.
func TestSearchFindsEverySpellingOfAHashtag(t *testing.T) {
	t.Parallel()
	spellings := []string{"#GreveSNCF", "#grevesncf", "#GREVESNCF", "#GrèveSNCF"}
	for _, post := range spellings {
		indexed := strings.Fields(SearchText(text.AppendPostTokens(nil, "Soutien "+post)))
		for _, search := range append(spellings, "#GreveSN*") {
			q, err := SearchQuery(search)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range strings.Fields(q) {
				if p, prefix := strings.CutSuffix(w, "*"); !slices.ContainsFunc(indexed, func(x string) bool { return x == w || prefix && strings.HasPrefix(x, p) }) {
					t.Errorf("post %q indexes %q: search %q asks for %q", post, indexed, search, w)
				}
			}
		}
	}
}

// TestSearchTextOfAnElongatedWord: a word drawn out is indexed as its
// one-letter form and as the word written right.
func TestSearchTextOfAnElongatedWord(t *testing.T) {
	t.Parallel()
	for post, want := range map[string]string{
		"goooood":      "god good",
		"Allllez l'OM": "alez allez l om",
		"trooop":       "trop", // its two-letter form "troop" is written too
		"good":         "good",
	} {
		got := SearchText(text.AppendPostTokens(nil, post))
		for _, w := range strings.Fields(want) {
			if !slices.Contains(strings.Fields(got), w) {
				t.Errorf("SearchText(%q) = %q, lacks %q", post, got, w)
			}
		}
	}
}
