package query

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/text"
)

// The benchmark corpus: queries as community managers write them (a
// brand with its variants, hashtag and account, context words, NOT
// exclusions, some NEAR and prefixes, French and English), and
// tweet-length posts in both languages, some mentioning monitored
// brands. Everything is generated from a seed, so runs compare.

var (
	benchHeadBrands = strings.Fields(`sncf ratp airfrance renault peugeot citroen danone carrefour leclerc auchan
		orange sfr bouygues free totalenergies engie edf michelin loreal lvmh chanel dior hermes decathlon fnac darty
		ikea apple google microsoft amazon netflix spotify tesla nike adidas samsung sony nintendo ubisoft uber
		deliveroo blablacar doctolib ovhcloud laposte eurostar ryanair easyjet lufthansa klm disney canalplus tf1
		bfmtv lemonde liberation mcdonalds burgerking starbucks cocacola pepsi nestle heineken ricard pernod
		kronenbourg intermarche monoprix lidl aldi zara hm uniqlo shein temu aliexpress vinted leboncoin backmarket
		bnp societegenerale creditagricole lcl boursorama revolut n26 paypal visa mastercard axa allianz maif macif
		thales airbus safran dassault alstom vinci veolia suez capgemini atos sanofi pfizer moderna`)
	benchProducts = strings.Fields(`iphone ipad macbook galaxy pixel zoe megane clio twingo tgv ouigo intercites
		livebox freebox bbox playstation switch xbox airpods kindle alexa model3 cybertruck chatgpt copilot
		gemini windows android whatsapp instagram tiktok youtube facebook threads bluesky mastodon`)
	benchPeople = strings.Fields(`macron attal bardella melenchon lepen mbappe zidane griezmann musk zuckerberg
		bezos arnault pinault niel cook pichai altman nadella dupont martin durand bernard petit`)
	benchFR = strings.Fields(`grève retard panne remboursement service client prix livraison colis commande
		arnaque qualité nouveau lancement offre promo bug annulé train avion magasin réseau connexion facture
		abonnement résiliation attente guichet contrôleur quai voyageurs billet réservation application
		mise jour sécurité fuite données piratage scandale rappel produit défaut usine emploi licenciement
		salaires manifestation boycott pollution climat écologie énergie électricité carburant essence
		hausse baisse bénéfices résultats bourse action rachat fusion partenariat innovation recrutement`)
	benchEN = strings.Fields(`strike delay outage refund customer service price delivery parcel order scam
		launch new release bug cancelled flight store network connection bill subscription cancel waiting
		support app update security breach leak hack scandal recall product defect factory jobs layoffs
		wages protest boycott pollution climate energy power fuel rise drop profit earnings stock shares
		merger partnership innovation hiring review unboxing broken awesome terrible love hate`)
	benchFiller = strings.Fields(`le la les de des du un une et à en pour pas que qui dans sur avec ce cette
		est sont a ont il elle on nous vous ils je tu mais ou donc car plus très encore toujours jamais
		aujourd'hui demain hier ça c'est j'ai l'on qu'il the a an of to in is are was were it this that for
		on with at by from not but or so very really still never today tomorrow yesterday i you we they
		my your our just now again why how what when`)
	benchEmoji = []string{"😡", "🔥", "😂", "👍", "❤️", "🙄", "😭", "🚄", "✈️"}
)

// benchTail is the number of invented brands posts talk about.
const benchTail = 50000

// benchBrands returns the monitored brands: the famous head, then a long
// tail of invented names (small companies, local shops, products).
func benchBrands(r *rand.Rand, tail int) []string {
	syll := strings.Fields("ka lo vi ra ne to mi su de po zu xa fi qu bel mar tor ven lux nor")
	brands := append([]string(nil), benchHeadBrands...)
	seen := map[string]bool{}
	for _, b := range brands {
		seen[b] = true
	}
	for len(brands) < len(benchHeadBrands)+tail {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		if !seen[b.String()] {
			seen[b.String()] = true
			brands = append(brands, b.String())
		}
	}
	return brands
}

type benchCorpus struct {
	r      *rand.Rand
	brands []string
	// headShare is the share of queries about a famous brand. A famous
	// brand is watched by itself, its competitors and their agencies —
	// tens of topics, not a share of every workspace of the platform — so
	// the queries about the head are capped at 3,000 (25 per brand) and a
	// larger platform adds queries about more brands.
	headShare float64
	// tail is how many of the invented brands are drawn from: the queries
	// of a larger platform watch more of them; posts talk about them all.
	tail int
}

// brand picks a monitored brand, a famous one with probability headShare.
func (c *benchCorpus) brand() string {
	if c.r.Float64() < c.headShare {
		return c.brands[c.r.IntN(len(benchHeadBrands))]
	}
	return c.brands[len(benchHeadBrands)+c.r.IntN(c.tail)]
}

// productOf returns a product of brand b: one of the known products for
// famous brands (several share one: iphone stands for a phone maker),
// an invented model name for the others.
func productOf(b string) string {
	h := 0
	for _, r := range b {
		h = h*31 + int(r)
	}
	h &= 1<<30 - 1
	if i := slices.Index(benchHeadBrands, b); i >= 0 {
		return benchProducts[i%len(benchProducts)]
	}
	return fmt.Sprintf("%sx%d", b[:min(len(b), 5)], h%900+100)
}

// personOf returns the well-known leader of a famous brand.
func personOf(b string) (string, bool) {
	if i := slices.Index(benchHeadBrands, b); i >= 0 && i%5 == 0 {
		return benchPeople[(i/5)%len(benchPeople)], true
	}
	return "", false
}

func (c *benchCorpus) pick(s []string) string { return s[c.r.IntN(len(s))] }

func (c *benchCorpus) context() []string {
	if c.r.IntN(2) == 0 {
		return benchFR
	}
	return benchEN
}

// query writes one listening query of 2 to 10 terms.
func (c *benchCorpus) query() string {
	b := c.brand()
	variants := []string{b}
	switch c.r.IntN(4) {
	case 0:
		variants = append(variants, "#"+b, "@"+b)
	case 1:
		variants = append(variants, fmt.Sprintf("%q", b+" "+c.pick(benchProducts)))
	case 2:
		variants = append(variants, productOf(b))
	}
	if p, ok := personOf(b); ok && c.r.IntN(3) == 0 {
		variants = append(variants, p)
	}
	core := strings.Join(variants, " OR ")
	if len(variants) > 1 {
		core = "(" + core + ")"
	}
	words := c.context()
	var parts []string
	switch c.r.IntN(6) {
	case 0: // NEAR
		parts = append(parts, fmt.Sprintf("NEAR/%d(%s %s)", 2+c.r.IntN(4), b, c.pick(words)))
	case 1: // prefix
		w := text.Fold(c.pick(words))
		if len(w) > 5 {
			w = w[:4+c.r.IntN(2)] + "*"
		}
		parts = append(parts, core, w)
	default:
		parts = append(parts, core)
		if n := c.r.IntN(4); n > 0 {
			ctx := make([]string, n)
			for i := range ctx {
				ctx[i] = c.pick(words)
			}
			if n == 1 {
				parts = append(parts, ctx[0])
			} else {
				parts = append(parts, "("+strings.Join(ctx, " OR ")+")")
			}
		}
	}
	if c.r.IntN(3) == 0 {
		parts = append(parts, "NOT "+c.pick(words))
	}
	if c.r.IntN(6) == 0 {
		parts = append(parts, fmt.Sprintf("NOT %q", c.pick(words)+" "+c.pick(words)))
	}
	if c.r.IntN(8) == 0 {
		parts = append(parts, "lang:"+[]string{"fr", "en"}[c.r.IntN(2)])
	}
	return strings.Join(parts, " ")
}

// post writes a tweet-length post: 12 to 35 words, mostly common words,
// with topical words, and a brand, product or person in some of them.
func (c *benchCorpus) post() string {
	words := c.context()
	n := 12 + c.r.IntN(24)
	out := make([]string, 0, n+4)
	for range n {
		switch k := c.r.IntN(10); {
		case k < 6:
			out = append(out, c.pick(benchFiller))
		case k < 9:
			out = append(out, c.pick(words))
		default:
			out = append(out, c.pick(benchEmoji))
		}
	}
	insert := func(w string) {
		i := c.r.IntN(len(out) + 1)
		out = append(out[:i], append([]string{w}, out[i:]...)...)
	}
	switch k := c.r.IntN(10); {
	case k < 2:
		insert(strings.ToUpper(c.brands[c.r.IntN(len(benchHeadBrands))]))
	case k < 3:
		insert("#" + c.brand())
	case k < 4:
		insert("@" + c.brand())
	case k < 5:
		insert(c.brands[len(benchHeadBrands)+c.r.IntN(len(c.brands)-len(benchHeadBrands))])
	}
	if c.r.IntN(4) == 0 {
		insert(c.pick(benchProducts))
	}
	if c.r.IntN(5) == 0 {
		insert("https://example.com/p/" + fmt.Sprint(c.r.IntN(1000)))
	}
	return strings.Join(out, " ")
}

// benchMatcher builds a matcher of n generated queries and returns it with
// the heap it holds.
func benchMatcher(tb testing.TB, n int) (*Matcher[int], uint64) {
	c := &benchCorpus{r: rand.New(rand.NewPCG(42, uint64(n))), headShare: min(1.0/3, 3000/float64(n))}
	c.brands = benchBrands(rand.New(rand.NewPCG(1, 1)), benchTail)
	c.tail = min(benchTail, max(200, n/2))
	exprs := make([]Expr, n)
	for i := range exprs {
		q := c.query()
		e, err := Parse(q)
		if err != nil {
			tb.Fatalf("generated query %q: %v", q, err)
		}
		exprs[i] = e
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := NewMatcher[int]()
	for i, e := range exprs {
		if err := m.Add(i, e); err != nil {
			tb.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(exprs)
	if after.HeapAlloc < before.HeapAlloc {
		// Garbage of earlier benchmarks freed meanwhile hides a small
		// matcher: report what building it allocated, an upper bound.
		return m, after.TotalAlloc - before.TotalAlloc
	}
	return m, after.HeapAlloc - before.HeapAlloc
}

// warmUp matches posts other than the measured ones, as the stream does
// before any measurement in production, and lets the matcher re-index its
// queries under the atoms it found rare in them.
func warmUp(m *Matcher[int], posts []string) {
	for _, p := range posts {
		m.Match(NewDoc(p), nil)
	}
	m.Rebalance()
}

func benchPosts(n int, seed uint64) []string {
	c := &benchCorpus{r: rand.New(rand.NewPCG(seed, seed)), headShare: 1.0 / 3, tail: benchTail}
	c.brands = benchBrands(rand.New(rand.NewPCG(1, 1)), benchTail)
	posts := make([]string, n)
	for i := range posts {
		posts[i] = c.post()
	}
	return posts
}

// BenchmarkMatch measures posts per second, tokenisation included, for
// 100, 10,000 and 100,000 queries, on one goroutine and on all cores.
//
//	go test -run '^$' -bench BenchmarkMatch -benchtime 3s ./internal/query
func BenchmarkMatch(b *testing.B) {
	posts := benchPosts(20000, 7)
	warm := benchPosts(sampleEvery*minSampled*2, 8)
	// Cold: before the matcher has seen any item, it indexes queries on
	// static guesses only.
	b.Run("queries=10000/cold", func(b *testing.B) {
		m, _ := benchMatcher(b, 10000)
		m.Rebalance()
		var (
			d   Doc
			ids []int
		)
		i := 0
		for b.Loop() {
			d.Tokens = text.AppendTokens(d.Tokens[:0], posts[i%len(posts)])
			ids = m.Match(&d, ids[:0])
			i++
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "posts/s")
		cands := 0
		for _, p := range posts[:1000] {
			cands += m.candidates(NewDoc(p))
		}
		b.ReportMetric(float64(cands)/1000, "candidates/post")
	})
	for _, n := range []int{100, 10000, 100000} {
		m, heap := benchMatcher(b, n)
		warmUp(m, warm)
		b.Run(fmt.Sprintf("queries=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var (
				d       Doc
				ids     []int
				matched int
			)
			i := 0
			cpu := processCPU()
			for b.Loop() {
				d.Tokens = text.AppendTokens(d.Tokens[:0], posts[i%len(posts)])
				ids = m.Match(&d, ids[:0])
				matched += len(ids)
				i++
			}
			cpu = processCPU() - cpu
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "posts/s")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns/post")
			b.ReportMetric(float64(matched)/float64(i), "matches/post")
			cands := 0
			for _, p := range posts[:1000] {
				cands += m.candidates(NewDoc(p))
			}
			b.ReportMetric(float64(cands)/1000, "candidates/post")
			b.ReportMetric(float64(heap)/(1<<20), "matcher-MB")
		})
		b.Run(fmt.Sprintf("queries=%d/parallel", n), func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				var (
					d   Doc
					ids []int
				)
				i := 0
				for pb.Next() {
					d.Tokens = text.AppendTokens(d.Tokens[:0], posts[i%len(posts)])
					ids = m.Match(&d, ids[:0])
					i++
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

func BenchmarkTokenize(b *testing.B) {
	posts := benchPosts(20000, 7)
	b.ReportAllocs()
	var toks []text.Token
	i := 0
	cpu := processCPU()
	for b.Loop() {
		toks = text.AppendTokens(toks[:0], posts[i%len(posts)])
		i++
	}
	cpu = processCPU() - cpu
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns/post")
}

func TestBenchCorpusParses(t *testing.T) {
	m, _ := benchMatcher(t, 2000)
	if m.Len() != 2000 {
		t.Fatalf("Len() = %d", m.Len())
	}
	// The corpus must make queries match some posts, or the benchmark
	// measures only misses.
	matched := 0
	for _, p := range benchPosts(2000, 7) {
		if len(m.Match(NewDoc(p), nil)) > 0 {
			matched++
		}
	}
	if matched < 100 || matched > 1900 {
		t.Fatalf("%d of 2000 posts match: corpus unbalanced", matched)
	}
}
