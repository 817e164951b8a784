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

// TestAnalyzeBatch checks that AnalyzeBatch finds for every post what
// Analyze finds for it alone, whatever the batch's length (one stage
// round, a partial one, several), with and without language hints: no
// stage carries anything from one post to the next.
func TestAnalyzeBatch(t *testing.T) {
	t.Parallel()
	e := testEngine(t)
	var posts, hints []string
	for i, p := range append(readLangPosts(t, "social_posts_lang.jsonl"), readLangPosts(t, "short_posts_lang.jsonl")...) {
		posts = append(posts, p.Text)
		hints = append(hints, []string{"", "", "fr", "EN-gb", ""}[i%5])
	}
	posts = append(posts, "", "\\u00e9t\\u00e9 #GreveSNCF &amp; @sncf :( https://ex.com/?utm_source=x")
	hints = append(hints, "", "")
	alone := e.NewAnalyzer()
	want := make([]Analysis, len(posts))
	for i := range posts {
		want[i] = alone.Analyze(posts[i], hints[i])
	}
	batch := e.NewAnalyzer()
	for _, n := range []int{1, stagePosts - 1, stagePosts, stagePosts + 1, 3*stagePosts + 5, len(posts)} {
		for lo := 0; lo < len(posts); lo += n {
			hi := min(lo+n, len(posts))
			got := make([]Analysis, hi-lo)
			batch.AnalyzeBatch(posts[lo:hi], hints[lo:hi], got)
			for i := range got {
				if !reflect.DeepEqual(got[i], want[lo+i]) {
					t.Fatalf("batches of %d: post %d (%q, hint %q): AnalyzeBatch gives %+v, Analyze %+v", n, lo+i, posts[lo+i], hints[lo+i], got[i], want[lo+i])
				}
			}
		}
	}
}
