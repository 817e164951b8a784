package ingest

import "testing"

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
		"#GreveSNCF":            "grevesncf greve sncf",
		"Gr\\u00e8ve":           "greve",
		"* ... !":               "",
		`"); DROP TABLE items;`: "drop table items",
	} {
		if got := SearchQuery(q); got != want {
			t.Errorf("SearchQuery(%q) = %q, want %q", q, got, want)
		}
	}
}
