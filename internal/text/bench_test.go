package text

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchPosts are tweet-length posts in the shapes the pipeline sees.
var benchPosts = []string{
	"C’est trooop bien !!! #GreveSNCF @SNCF https://x.fr/a?utm_source=tw&id=2 😍",
	"I don't like this at all :( the update broke everything again @support",
	"franchement c'est pas terrible ce resto, jamais j'y retourne. Service lent et plats froids.",
	"Great service, but the app keeps crashing... never again 👎👎 #fail",
	"Das ist wirklich nicht gut, leider. Der Zug hat schon wieder Verspätung.",
	"@user ptdr t'as vu le match hier soir ? Incroyable la fin 😂😂 #OMPSG",
	"New blog post: 10 tips for community managers https://blog.example.com/tips?fbclid=abc #CommunityManagement",
	"no me gusta nada este servicio, siempre llega tarde y nadie responde",
}

func benchTokens(b *testing.B, f func(s string)) {
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		s := benchPosts[i%len(benchPosts)]
		n += len(s)
		f(s)
	}
	b.SetBytes(int64(n / max(b.N, 1)))
}

func BenchmarkTokenize(b *testing.B) {
	var toks []Token
	benchTokens(b, func(s string) { toks = AppendTokens(toks[:0], s) })
}

// BenchmarkDetectLanguageDistinct detects the language of the 5,980
// distinct tweets of shared/data in turn, reporting ns/post: unlike the
// eight posts of BenchmarkDetectLanguage, they do not keep the n-gram
// table in the caches, as a stream of posts does not.
func BenchmarkDetectLanguageDistinct(b *testing.B) {
	dir := os.Getenv("PARVIS_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	var texts []string
	for _, name := range []string{"tweeteval_sentiment_val.jsonl", "xlmt_fr_sentiment_train.jsonl", "xlmt_en_sentiment_trainval.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			b.Skipf("shared tweets not found (set PARVIS_SHARED_DATA): %v", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var p struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			texts = append(texts, p.Text)
		}
		f.Close()
	}
	e, toks := testEngine(b), tokenizeAll(texts)
	var sc langScratch
	b.ReportAllocs()
	for b.Loop() {
		for i := range texts {
			e.lang.detect(&sc, texts[i], toks[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/post")
}

// tokenizeAll returns the tokens of each text.
func tokenizeAll(texts []string) [][]Token {
	toks := make([][]Token, len(texts))
	for i, s := range texts {
		toks[i] = Tokenize(s)
	}
	return toks
}

func BenchmarkDetectLanguage(b *testing.B) {
	e, toks := testEngine(b), tokenizeAll(benchPosts)
	var sc langScratch
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := i % len(benchPosts)
		e.lang.detect(&sc, benchPosts[k], toks[k])
	}
}

func BenchmarkSentiment(b *testing.B) {
	e, toks := testEngine(b), tokenizeAll(benchPosts)
	var sc sentimentScratch
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := i % len(benchPosts)
		e.senti.score(&sc, benchPosts[k], toks[k], "")
	}
}

// BenchmarkSentimentLongPosts reads posts of 10,000 and 20,000 repeated
// complaints, fixes, thanks, quotes, names and a help headline with a
// long answer — a feed item can be long, and an outsider writes it: the
// time per post must grow linearly with its length (ns/op doubling from
// /10k to /20k, not quadrupling).
func BenchmarkSentimentLongPosts(b *testing.B) {
	e := testEngine(b)
	for _, n := range []int{10000, 20000} {
		post := strings.Repeat("charged twice, merci 😂 'delivered' Rob sorted it out ", n) + "? Reset your password " + strings.Repeat("ok then ", n) + ". " + strings.Repeat("great, TER supprimé pour travaux si personne ne répond ", n) +
			// Quantities (measures.go): every number looks around itself;
			// "100 100 100 …" once read all the groups after each.
			strings.Repeat("waited 50 minutes, booked for 7:30 seated at 8:15, bill up 22% de 10€ à 20€ ", n) + strings.Repeat("100 ", n) + "€" +
			// Fees, shrinks and thanks for a mishap (prices.go).
			strings.Repeat(" frais : 2 € de 250 g à 200 g paquet merci pour 2h d'attente £6 more a month", n) +
			// Rhetorical frames, speed praise, failures that come back,
			// replies and bulletins, in one unpunctuated question.
			" @brand " + strings.Repeat("how is this ok depuis quand un billet à quoi sert le quickly only took 4 months restarts every sorry for the we hope to moins de bruit is now even ", n) + "?"
		toks := Tokenize(post)
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			var sc sentimentScratch
			for b.Loop() {
				e.senti.score(&sc, post, toks, "fr")
				e.senti.score(&sc, post, toks, "en")
			}
		})
	}
}

// BenchmarkAnalyzeRepeatedUnits analyses posts of one unit repeated to
// 20,000 and 40,000 bytes (the ingest keeps 20,000 characters of a text):
// the units a review found quadratic — a word that is both an action and
// its object ("taxe", "charge"), a verb whose sentence was read for a
// request ("left me"), a fact whose clause was read back for a condition
// ("price hike"), distinct hashtags. ns/op must double from /20k to /40k,
// not quadruple.
func BenchmarkAnalyzeRepeatedUnits(b *testing.B) {
	a := testEngine(b).NewAnalyzer()
	var tags strings.Builder
	for i := 0; tags.Len() < 80000; i++ {
		tags.WriteString("#t" + strconv.Itoa(100000+i) + " ")
	}
	for _, u := range []struct{ name, unit, lang string }{
		{"taxe", "taxe ", ""},
		{"charge", "charge ", "en"},
		{"facture", "facture ", "fr"},
		{"left_me", "left me ", ""},
		{"m_a_suspendu", "m'a suspendu ", "fr"},
		{"price_hike", "price hike ", "en"},
		{"rien_dans_la_boite", "rien dans la boite ", "fr"},
		{"hashtags", "", ""},
	} {
		for _, n := range []int{20000, 40000, 80000} {
			post := tags.String()[:n]
			if u.unit != "" {
				post = strings.Repeat(u.unit, n/len(u.unit)+1)[:n]
			}
			b.Run(u.name+"/"+strconv.Itoa(n/1000)+"k", func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					a.Analyze(post, u.lang)
				}
			})
		}
	}
}

func BenchmarkEntities(b *testing.B) {
	toks := make([][]Token, len(benchPosts))
	for i, s := range benchPosts {
		toks[i] = Tokenize(s)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		entities(toks[i%len(benchPosts)])
	}
}

func BenchmarkAnalyze(b *testing.B) {
	a := testEngine(b).NewAnalyzer()
	benchTokens(b, func(s string) { a.Analyze(s, "") })
}

// BenchmarkAnalyzeBatch is BenchmarkAnalyze through AnalyzeBatch, 64
// posts a call, as parvis analyze and the pipeline call it; compare its
// ns/post with BenchmarkAnalyze's ns/op.
func BenchmarkAnalyzeBatch(b *testing.B) {
	a := testEngine(b).NewAnalyzer()
	posts, hints, out := make([]string, 64), make([]string, 64), make([]Analysis, 64)
	for i := range posts {
		posts[i] = benchPosts[i%len(benchPosts)]
	}
	b.ReportAllocs()
	for b.Loop() {
		a.AnalyzeBatch(posts, hints, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(posts)), "ns/post")
}

func BenchmarkNewEngine(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEngine(); err != nil {
			b.Fatal(err)
		}
	}
}
