package text

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
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
		{"＃GreveSNCF ＠SNCF_Voyageurs ＃東京 #grevesncf", Entities{Hashtags: []string{"grevesncf", "東京"}, Mentions: []string{"sncf_voyageurs"}}},
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
// each stage finds for it alone, with scratch space of its own, whatever
// the batch's length (one stage round, a partial one, several), with and
// without language hints, and with long posts that end a stage early and
// make its slots let their room go: no stage carries anything from one
// post to the next.
func TestAnalyzeBatch(t *testing.T) {
	t.Parallel()
	e := testEngine(t)
	alone := func(s, hint string) Analysis {
		s = unescapePost(s)
		toks := Tokenize(s)
		var res Analysis
		read := "" // the language the sentiment reads the post in
		if h := NormalizeLang(hint); h != "" {
			res.Lang, res.LangConfidence, read = h, 1, h
		} else {
			var ls langScratch
			res.Lang, res.LangConfidence = e.lang.detect(&ls, s, toks)
			read = sentimentLang(res.Lang, res.LangConfidence)
			res.LangConfidence = min(res.LangConfidence, maxDetectedConfidence)
		}
		var sc sentimentScratch
		res.Sentiment = e.senti.score(&sc, s, toks, read)
		res.Entities = entities(toks)
		return res
	}
	var posts, hints []string
	for i, p := range append(readLangPosts(t, "social_posts_lang.jsonl"), readLangPosts(t, "short_posts_lang.jsonl")...) {
		posts = append(posts, p.Text)
		hints = append(hints, []string{"", "", "fr", "EN-gb", ""}[i%5])
		if i%40 == 7 {
			// Long posts: a stage of their own, and slots grown past
			// keptTokens.
			posts = append(posts, strings.Repeat(p.Text+" ", stageBytes/len(p.Text)+1))
			hints = append(hints, "")
		}
	}
	// Posts whose passes leave state a neighbour could misread: a fix
	// read as a "but" at the token where the next post has its "but"
	// (rulePass.resolvedAt), a speed praised with a length before a post
	// without a quantity (rulePass.quantity).
	posts = append(posts, "my headphones died, they replaced them free of charge", "the room was small and dirty but the staff were lovely",
		"Thanks @HMRC for picking up so quickly today. 1 hour 52 minutes on hold", "hello")
	hints = append(hints, "", "", "", "")
	posts = append(posts, "", "\\u00e9t\\u00e9 #GreveSNCF &amp; @sncf :( https://ex.com/?utm_source=x")
	hints = append(hints, "", "")
	want := make([]Analysis, len(posts))
	for i := range posts {
		want[i] = alone(posts[i], hints[i])
	}
	a := e.NewAnalyzer()
	check := func(what string, lo int, got []Analysis) {
		t.Helper()
		for i := range got {
			if !reflect.DeepEqual(got[i], want[lo+i]) {
				t.Fatalf("%s: post %d (%.80q, hint %q): AnalyzeBatch gives %+v, alone %+v", what, lo+i, posts[lo+i], hints[lo+i], got[i], want[lo+i])
			}
		}
	}
	for _, n := range []int{1, stagePosts - 1, stagePosts, stagePosts + 1, 3*stagePosts + 5, len(posts)} {
		for lo := 0; lo < len(posts); lo += n {
			hi := min(lo+n, len(posts))
			got := make([]Analysis, hi-lo)
			a.AnalyzeBatch(posts[lo:hi], hints[lo:hi], got)
			check(fmt.Sprintf("batches of %d", n), lo, got)
		}
	}
	for i := range posts {
		if got := a.Analyze(posts[i], hints[i]); !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("Analyze(%.80q, %q) = %+v, alone %+v", posts[i], hints[i], got, want[i])
		}
	}
	// No hints at all: every language detected.
	var detected []int
	for i := range posts {
		if hints[i] == "" {
			detected = append(detected, i)
		}
	}
	some, got := make([]string, len(detected)), make([]Analysis, len(detected))
	for k, i := range detected {
		some[k] = posts[i]
	}
	a.AnalyzeBatch(some, nil, got)
	for k, i := range detected {
		check("no hints", i, got[k:k+1])
	}
	for _, c := range []struct {
		hints []string
		out   int
	}{{[]string{""}, 2}, {nil, 1}, {[]string{"", "", ""}, 2}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AnalyzeBatch of 2 posts, %d hints, %d results: no panic", len(c.hints), c.out)
				}
			}()
			a.AnalyzeBatch([]string{"a", "b"}, c.hints, make([]Analysis, c.out))
		}()
	}
}

// TestNewEngineRejectsCorruptModel: the language tables are built on
// their own goroutine; an error of the sentiment tables still comes back,
// named. (The language tables are embedded: their errors are
// TestParseLangModelRejectsCorruptData's.)
func TestNewEngineRejectsCorruptModel(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel([]byte("LR02 not a model"))
	if err == nil || e != nil || !strings.Contains(err.Error(), "sentiment tables") || !strings.Contains(err.Error(), "retrain") {
		t.Fatalf("NewEngineWithSentimentModel(corrupt) = %v, %v; want an error naming the sentiment tables", e, err)
	}
}

// TestEntitiesOfManyAreUnique: past uniqueScanMax entities a post's lists
// are kept by a set; each list still holds every entity once, in the
// order of its first occurrence, as the scan does.
func TestEntitiesOfManyAreUnique(t *testing.T) {
	for _, n := range []int{uniqueScanMax / 4, uniqueScanMax * 4} {
		var post strings.Builder
		var tags, mentions []string
		for i := range n {
			// Each twice, the second time after the next one's first:
			// "#t0 @u0 #t1 @u1 #t0 @u0 #t2…".
			fmt.Fprintf(&post, "#t%d @u%d ", i, i)
			tags, mentions = append(tags, fmt.Sprintf("t%d", i)), append(mentions, fmt.Sprintf("u%d", i))
			if i > 0 {
				fmt.Fprintf(&post, "#T%d @U%d ", i-1, i-1)
			}
		}
		post.WriteString("#x @t0") // a mention named as a hashtag is another entity
		tags, mentions = append(tags, "x"), append(mentions, "t0")
		e := entities(Tokenize(post.String()))
		if !slices.Equal(e.Hashtags, tags) || !slices.Equal(e.Mentions, mentions) {
			t.Errorf("%d of each: hashtags %v, mentions %v; want %v, %v", n, e.Hashtags, e.Mentions, tags, mentions)
		}
	}
}

// TestSentimentOfAnUnsureLanguage checks that a post whose detected
// language is neither French nor English, at a confidence under
// unsureLangConfidence, is read with both lexicons, while its reported
// language stays the detected one; a sure language, or a hint, keeps its
// own reading (no lexicon outside French and English).
func TestSentimentOfAnUnsureLanguage(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	for _, c := range []struct {
		text, hint, lang string
		unsure           bool // detected under unsureLangConfidence
		label            string
	}{
		{"Scandaleux !", "", "it", true, LabelNegative},
		{"Lamentable.", "", "es", true, LabelNegative},
		{"I hate pizza.", "", "it", true, LabelNegative},
		{"pinta bien eh", "", "es", true, LabelPositive}, // French "bien": right here
		// Accepted: "sin" is English's sin to the lexicon ("without doubt").
		{"sin duda", "", "es", true, LabelNegative},
		// Sure: Italian, which the sentiment has no words for.
		{"Che schifo di servizio, mai più", "", "it", false, LabelNeutral},
		// A hint is trusted, however short the post.
		{"Scandaleux !", "it", "it", false, LabelNeutral},
	} {
		got := a.Analyze(c.text, c.hint)
		if got.Lang != c.lang || got.Sentiment.Label != c.label {
			t.Errorf("%q (hint %q): %s at %.3f, %s %.3f; want %s, %s", c.text, c.hint, got.Lang, got.LangConfidence, got.Sentiment.Label, got.Sentiment.Score, c.lang, c.label)
		}
		if unsure := got.LangConfidence < unsureLangConfidence; unsure != c.unsure {
			t.Errorf("%q (hint %q): confidence %.3f, want it unsure: %v", c.text, c.hint, got.LangConfidence, c.unsure)
		}
	}
}

// TestUndReadsAccentedWordsInFrenchFirst checks that a post of no known
// language reads a word written with letters English lacks in French
// first: "Hâte !" folds to English "hate", which the English-first
// reading of both lexicons found before French "hâte" (looking forward).
func TestUndReadsAccentedWordsInFrenchFirst(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	for _, c := range []struct{ text, label string }{
		{"Hâte !", LabelPositive},
		{"HÂÂÂTE", LabelPositive}, // drawn out: its folded form is "hate" too
		{"hate!", LabelNegative},  // no accent: English first, as before
		{"Déçu", LabelNegative},   // French only, as before
		{"𝐇𝐚𝐭𝐞", LabelNegative},   // styled ASCII letters: no accent, English first
	} {
		got := a.Analyze(c.text, "")
		if got.Lang != Und || got.Sentiment.Label != c.label {
			t.Errorf("%q: %s, %s %.3f; want %s, %s", c.text, got.Lang, got.Sentiment.Label, got.Sentiment.Score, Und, c.label)
		}
	}
}
