package text

import (
	"reflect"
	"testing"
)

// TestEntities checks the entities of posts: in order of appearance,
// without duplicates, folded, a kind the post lacks left nil (the items
// API writes it as null), and lists that do not share room: appending to
// one leaves the next as it was.
func TestEntities(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		post string
		want Entities
	}{
		{"rien à signaler", Entities{}},
		{"#GrèveSNCF encore, @SNCF #grevesncf 😡😡 $TSLA https://ex.com/a?utm_source=x",
			Entities{Hashtags: []string{"grevesncf"}, Mentions: []string{"sncf"}, URLs: []string{"https://ex.com/a"}, Emoji: []string{"😡"}, Cashtags: []string{"tsla"}}},
		{"@a @b @a #x", Entities{Hashtags: []string{"x"}, Mentions: []string{"a", "b"}}},
		{"👍🏽 then 👍", Entities{Emoji: []string{"👍"}}},
	} {
		got := entities(Tokenize(c.post))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("entities(%q) = %#v, want %#v", c.post, got, c.want)
		}
	}
	e := entities(Tokenize("#a #a @c @d"))
	_ = append(e.Hashtags, "extra", "more")
	if !reflect.DeepEqual(e.Mentions, []string{"c", "d"}) {
		t.Errorf("appending to the hashtags changed the mentions: %q", e.Mentions)
	}
}
