package query

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// randomQueries generates queries over a small vocabulary so that random
// texts often contain their words, in every syntactic form.
type queryGen struct{ r *rand.Rand }

var (
	genWords    = []string{"greve", "Grève", "sncf", "avion", "oeuvre", "train", "retard", "paris", "trains", "and"}
	genPrefixes = []string{"gre", "grev", "trai", "sncf", "avi", "oeuv"}
	genTags     = []string{"greve", "GreveSNCF", "sncf", "paris"}
	genMentions = []string{"sncf", "ratp"}
	genPhrases  = []string{"greve sncf", "l'avion", "train retard", "grève générale", "SNCF greve"}
	genFields   = []string{"lang:fr", "lang:en", "lang:fr-ca", "network:bluesky", "author:sncf", "kind:reply",
		"sentiment:negative", "url:example.com", "url:example.com/blog", "source:\"Le Monde\"",
		"followers:>100", "followers:<=100", "followers:100"}
)

func (g queryGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g queryGen) operand() string {
	switch g.r.IntN(6) {
	case 0:
		return g.pick(genPrefixes) + "*"
	case 1:
		return "#" + g.pick(genTags)
	case 2:
		return "@" + g.pick(genMentions)
	case 3:
		return `"` + g.pick(genPhrases) + `"`
	}
	return g.pick(genWords)
}

func (g queryGen) expr(depth int) string {
	n := g.r.IntN(10)
	if depth <= 0 || n < 3 {
		return g.operand()
	}
	switch n {
	case 3:
		return g.pick(genFields)
	case 4:
		return "NEAR/" + strconv.Itoa(g.r.IntN(4)) + "(" + g.operand() + " " + g.operand() + ")"
	case 5:
		return "NOT " + g.expr(depth-1)
	case 6, 7:
		return "(" + g.expr(depth-1) + " OR " + g.expr(depth-1) + ")"
	}
	parts := []string{g.expr(depth - 1)}
	for range 1 + g.r.IntN(3) {
		parts = append(parts, g.expr(depth-1))
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

var genTokens = []string{"Grève", "greve", "grèves", "gréviste", "SNCF", "sncf", "l'avion", "L’avion", "avion",
	"œuvre", "oeuvres", "#GreveSNCF", "#greve", "#Paris", "@SNCF", "@ratp", "train", "trains", "retard",
	"Paris", "générale", "and", "e-mail", "https://blog.example.com/blog/x", "https://example.com/shop",
	"le", "la", "de", "🔥", "!", "2024"}

func randomDoc(r *rand.Rand) *Doc {
	var b strings.Builder
	for range 1 + r.IntN(14) {
		b.WriteString(genTokens[r.IntN(len(genTokens))])
		b.WriteByte(' ')
	}
	d := NewDoc(b.String())
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	d.Lang = pick("", "fr", "en", "fr-CA")
	d.Network = pick("", "bluesky", "mastodon")
	d.Author = pick("", "sncf", "@SNCF", "bob")
	d.Source = pick("", "le monde", "Libé")
	d.Kind = pick("", "post", "reply")
	d.Sentiment = pick("", "negative", "positive")
	if r.IntN(3) == 0 {
		d.URLs = []string{pick("https://www.example.com/blog/1", "http://news.example.com", "https://other.org/example.com")}
	}
	if r.IntN(2) == 0 {
		d.Followers, d.FollowersKnown = int64(r.IntN(3)*50+1), true
	}
	return d
}

// TestMatcherAgreesWithEval is the property test of the matcher: on
// random queries and random texts, the indexed matcher reports exactly
// the queries that the direct interpretation of each tree matches.
func TestMatcherAgreesWithEval(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	g := queryGen{r}
	m := NewMatcher[int]()
	var exprs []Expr
	for len(exprs) < 400 {
		q := g.expr(3)
		e, err := Parse(q)
		if err != nil {
			t.Fatalf("generated query %q: %v", q, err)
		}
		if err := m.Add(len(exprs), e); err != nil {
			t.Fatal(err)
		}
		exprs = append(exprs, e)
	}
	// Remove and re-add some, so that the slots, atom ids and index lists
	// that matching uses have been recycled.
	for i := 0; i < len(exprs); i += 7 {
		m.Remove(i)
	}
	for i := 0; i < len(exprs); i += 7 {
		if err := m.Add(i, exprs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.always) > len(exprs)/2 {
		t.Fatalf("%d of %d queries are checked against every item: the index is not exercised", len(m.always), len(exprs))
	}
	matches := 0
	check := func(rounds int) {
		for range rounds {
			d := randomDoc(r)
			got := make([]bool, len(exprs))
			for _, id := range m.Match(d, nil) {
				if got[id] {
					t.Fatalf("query %d reported twice", id)
				}
				got[id] = true
			}
			for i, e := range exprs {
				want := Eval(e, d)
				if got[i] != want {
					t.Fatalf("query %s on %q (lang %q author %q urls %v followers %d/%v): matcher %v, Eval %v",
						Print(e), tokensText(d), d.Lang, d.Author, d.URLs, d.Followers, d.FollowersKnown, got[i], want)
				}
				if want {
					matches++
				}
			}
		}
	}
	check(300)
	// Let the matcher learn atom frequencies and re-index every query
	// under them: results must not change.
	for m.sampled.Load() < minSampled {
		m.Match(randomDoc(r), nil)
	}
	before := indexedUnder(m)
	m.Rebalance()
	if indexedUnder(m) == before {
		t.Log("Rebalance kept every query under the same atoms")
	}
	check(300)
	// The generator must produce both outcomes often, or the test proves
	// little.
	if total := 600 * len(exprs); matches < total/20 || matches > total*19/20 {
		t.Fatalf("%d matches out of %d: generator is unbalanced", matches, total)
	}
}

// indexedUnder describes where each query is indexed, to see whether
// Rebalance moved any.
func indexedUnder(m *Matcher[int]) string {
	var b strings.Builder
	for _, en := range m.queries {
		if en == nil {
			continue
		}
		for _, a := range en.req {
			b.WriteString(a.key)
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func tokensText(d *Doc) string {
	var raw []string
	for _, t := range d.Tokens {
		raw = append(raw, t.Raw)
	}
	return strings.Join(raw, " ")
}

// TestMatcherConcurrent matches from several goroutines while queries
// are added and removed; run with -race.
func TestMatcherConcurrent(t *testing.T) {
	t.Parallel()
	m := NewMatcher[int]()
	g := queryGen{rand.New(rand.NewPCG(3, 4))}
	for i := range 100 {
		if err := m.Add(i, MustParse(g.expr(2))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 9))
			var ids []int
			for range 300 {
				ids = m.Match(randomDoc(r), ids[:0])
			}
		}()
	}
	for i := range 200 {
		if i%50 == 0 {
			m.Rebalance()
		}
		if i%2 == 0 {
			m.Remove(i % 100)
		} else if err := m.Add(100+i, MustParse(g.expr(2))); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
}
