package query

import (
	"fmt"
	"strings"
	"testing"
)

// doc builds a Doc for the semantics table.
type docSpec struct {
	text                                           string
	lang, network, author, source, kind, sentiment string
	urls                                           []string
	followers                                      int64
	followersKnown                                 bool
}

func (s docSpec) doc() *Doc {
	d := NewDoc(s.text)
	d.Lang, d.Network, d.Author, d.Source, d.Kind, d.Sentiment = s.lang, s.network, s.author, s.source, s.kind, s.sentiment
	d.URLs = s.urls
	d.Followers, d.FollowersKnown = s.followers, s.followersKnown
	return d
}

func txt(s string) docSpec { return docSpec{text: s} }

// semanticsTests pins down what the language means. Each case is checked
// with Eval (the reference) and with a Matcher holding the query.
var semanticsTests = []struct {
	query string
	doc   docSpec
	want  bool
}{
	// Folding: case, accents, ligatures.
	{"greve", txt("Grève à la SNCF"), true},
	{"GRÈVE", txt("une greve"), true},
	{"oeuvre", txt("une belle œuvre"), true},
	{"œuvre", txt("OEUVRE complète"), true},
	{"greve", txt("grever le budget"), false},
	// Elisions and hyphens split.
	{"avion", txt("l'avion est en retard"), true},
	{"avion", txt("L’avion"), true},
	{"l'avion", txt("dans l’avion"), true},
	{"l'avion", txt("l avion"), false},
	{"mail", txt("envoyez un e-mail"), true},
	{"e-mail", txt("envoyez un e-mail"), true},
	{"e-mail", txt("e mail"), true},
	{"e-mail", txt("mail e"), false},
	// Prefixes.
	{"grev*", txt("les grévistes"), true},
	{"grev*", txt("Grève"), true},
	{"grev*", txt("la grue"), false},
	{"grev*", txt("#GreveSNCF"), true},
	{"#grev*", txt("#GrevesNationales"), true},
	{"#grev*", txt("grève"), false},
	// Phrases: consecutive tokens, same folding.
	{`"grève générale"`, txt("Appel à la GREVE GÉNÉRALE demain"), true},
	{`"grève générale"`, txt("générale grève"), false},
	{`"grève générale"`, txt("grève très générale"), false},
	{`"grève générale"`, txt("grève. Générale"), true},
	{`"l'avion"`, txt("prendre l’avion"), true},
	{`"trop bien"`, txt("trooop bien"), true},
	// Hashtags and mentions.
	{"#GreveSNCF", txt("#grevesncf ce matin"), true},
	{"#greve", txt("#GreveSNCF"), false},
	{"#sncf", txt("la SNCF"), false},
	{"@sncf", txt("merci @SNCF"), true},
	{"@sncf", txt("merci SNCF"), false},
	{"@sncf", txt("#sncf"), false},
	{"#sncf", txt("@sncf"), false},
	// A plain word matches a hashtag's text and parts, and mentions.
	{"greve", txt("#GreveSNCF"), true},
	{"sncf", txt("#GreveSNCF"), true},
	{"grevesncf", txt("#GreveSNCF"), true},
	{"sncf", txt("merci @SNCF"), true},
	// A soft hyphen (&shy; of news feeds) or a zero-width space inside a
	// word leaves it whole.
	{"greve", txt("la gr\u00adève"), true},
	{`"grève générale"`, txt("gr\u00adève gé\u00adné\u00adrale"), true},
	// An elongated word matches its one- and two-letter forms.
	{"good", txt("this is goooood"), true},
	{"allez", txt("Allllez l'OM"), true},
	{"god", txt("this is goooood"), true},
	{"goo*", txt("soooo gooood"), true},
	{"trop", txt("TROOOP bien"), true},
	{"good", txt("god"), false},
	// A mention's handle is matched by the words of its name.
	{"sncf", txt("merci @SNCF_Voyageurs"), true},
	{"voyageurs", txt("merci @sncf-voyageurs.fr"), true},
	{"bob", txt("merci @bob@mastodon.social"), true},
	{"mastodon", txt("merci @bob@mastodon.social"), false},
	{"bsky", txt("merci @alice.bsky.social"), false},
	{"voyag*", txt("merci @SNCF_Voyageurs"), true},
	{"@sncf", txt("merci @SNCF_Voyageurs"), false},
	{`"sncf voyageurs"`, txt("merci @SNCF_Voyageurs"), false},
	{"aapl", txt("$AAPL up"), true},
	{`"greve sncf"`, txt("#GreveSNCF"), false},
	// Other token kinds.
	{"🔥", txt("trop 🔥 ce soir"), true},
	{"2024", txt("en 2024 !"), true},
	// NEAR: at most n tokens between, either order, no overlap.
	{"NEAR/0(greve sncf)", txt("greve sncf"), true},
	{"NEAR/0(greve sncf)", txt("sncf greve"), true},
	{"NEAR/0(greve sncf)", txt("greve à sncf"), false},
	{"NEAR/1(greve sncf)", txt("greve à sncf"), true},
	{"greve NEAR/2 sncf", txt("la SNCF annonce une grève"), true},
	{"greve NEAR/1 sncf", txt("la SNCF annonce une grève"), false},
	{`NEAR/1("grève générale" sncf)`, txt("SNCF : grève générale"), true},
	{`NEAR/1("grève générale" sncf)`, txt("grève générale à la SNCF"), false},
	{`NEAR/2("grève générale" sncf)`, txt("grève générale à la SNCF"), true},
	{"NEAR/3(greve greve)", txt("greve"), false},
	{"NEAR/3(greve greve)", txt("greve et greve"), true},
	{"NEAR/0(grev* sncf)", txt("grévistes SNCF"), true},
	{"NEAR/5(greve sncf)", txt("greve"), false},
	// Booleans and precedence.
	{"greve sncf", txt("grève à la SNCF"), true},
	{"greve sncf", txt("grève à la RATP"), false},
	{"greve OR manif", txt("la manif"), true},
	{"greve OU manif", txt("rien"), false},
	{"greve NOT sncf", txt("grève RATP"), true},
	{"greve NOT sncf", txt("grève SNCF"), false},
	{"greve SAUF sncf", txt("grève SNCF"), false},
	{"NOT sncf", txt("tout le reste"), true},
	{"NOT sncf", txt("la SNCF"), false},
	{"a OR b AND c", txt("a"), true},
	{"a OR b AND c", txt("b"), false},
	{"(a OR b) AND c", txt("a"), false},
	{"(a OR b) AND c", txt("b c"), true},
	{"NOT a OR b", txt("a b"), true},
	{"NOT (a OR b)", txt("a"), false},
	{"NOT NOT a", txt("a"), true},
	{"greve and sncf", txt("grève SNCF"), false},
	{"greve and sncf", txt("grève and SNCF"), true},
	{"greve et sncf", txt("grève et SNCF"), true},
	// Fields.
	{"lang:fr", docSpec{text: "x", lang: "fr"}, true},
	{"lang:fr", docSpec{text: "x", lang: "FR-ca"}, true},
	{"lang:fr-CA", docSpec{text: "x", lang: "fr_CA"}, true},
	// Items carry no region (ingest keeps the ISO 639-1 code): lang:fr-ca
	// is lang:fr, and a three-letter code its two-letter one.
	{"lang:fr-ca", docSpec{text: "x", lang: "fr"}, true},
	{"lang:fra", docSpec{text: "x", lang: "fr"}, true},
	{"lang:und", docSpec{text: "x", lang: "und"}, true},
	{"lang:fr", docSpec{text: "x", lang: "en"}, false},
	{"lang:fr", docSpec{text: "x"}, false},
	{"network:bluesky", docSpec{text: "x", network: "Bluesky"}, true},
	{"network:bluesky", docSpec{text: "x", network: "mastodon"}, false},
	{"author:@SNCF", docSpec{text: "x", author: "sncf"}, true},
	{"author:sncf", docSpec{text: "x", author: "@Sncf"}, true},
	{"author:sncf", docSpec{text: "sncf", author: "ratp"}, false},
	{`source:"Le Monde"`, docSpec{text: "x", source: "le monde"}, true},
	{"source:monde", docSpec{text: "x", source: "le monde"}, false},
	{"kind:reply", docSpec{text: "x", kind: "reply"}, true},
	{"kind:reply", docSpec{text: "x", kind: "post"}, false},
	{"sentiment:negative", docSpec{text: "x", sentiment: "negative"}, true},
	{"sentiment:negative", docSpec{text: "x", sentiment: "neutral"}, false},
	{"url:example.com", docSpec{text: "x", urls: []string{"https://example.com/a"}}, true},
	{"url:example.com", docSpec{text: "x", urls: []string{"http://www.example.com"}}, true},
	{"url:example.com", docSpec{text: "x", urls: []string{"https://blog.example.com/a"}}, true},
	{"url:example.com", docSpec{text: "x", urls: []string{"https://notexample.com/a"}}, false},
	{"url:example.com", docSpec{text: "x", urls: []string{"https://example.com.evil.org/a"}}, false},
	{"url:example.com", txt("voir https://www.example.com/x"), true},
	// A host outside ASCII, in either spelling, in the text or the item's own link.
	{"url:münchen.de", txt("voir https://München.de/x"), true},
	{"url:xn--mnchen-3ya.de", docSpec{text: "x", urls: []string{"https://münchen.de/a"}}, true},
	{"url:münchen.de", docSpec{text: "x", urls: []string{"https://xn--mnchen-3ya.de/a"}}, true},
	{"url:münchen.de", docSpec{text: "x", urls: []string{"https://m%C3%BCnchen.de/a"}}, true}, // as net/url writes it
	{"url:münchen.de。", txt("voir https://münchen.de/x"), true},
	{"url:" + strings.Repeat("中", 64) + ".com", txt("voir https://" + strings.Repeat("中", 64) + ".com/x"), true}, // too long for IDNA
	{"url:[2001:db8::1]", docSpec{text: "x", urls: []string{"http://[2001:db8::2]/a"}}, false},
	{"url:[::1]", docSpec{text: "x", urls: []string{"http://[::1]:8080/a"}}, true},
	{"url:example.com/blog", docSpec{text: "x", urls: []string{"https://example.com/blog/post-1"}}, true},
	{"url:example.com/blog", docSpec{text: "x", urls: []string{"https://example.com/shop"}}, false},
	{"url:example.com/blog", docSpec{text: "x", urls: []string{"https://news.example.com/blog/1"}}, false},
	{"url:https://www.example.com/blog", txt("lire example.com/blog ou https://example.com/blog/2"), true},
	{"followers:>1000", docSpec{text: "x", followers: 1001, followersKnown: true}, true},
	{"followers:>1000", docSpec{text: "x", followers: 1000, followersKnown: true}, false},
	{"followers:>=1000", docSpec{text: "x", followers: 1000, followersKnown: true}, true},
	{"followers:<1000", docSpec{text: "x", followers: 999, followersKnown: true}, true},
	{"followers:<=1k", docSpec{text: "x", followers: 1000, followersKnown: true}, true},
	{"followers:1000", docSpec{text: "x", followers: 1000, followersKnown: true}, true},
	{"followers:<1000", docSpec{text: "x"}, false},
	{"NOT followers:>1000", docSpec{text: "x"}, true},
	{"greve lang:fr NOT kind:reply", docSpec{text: "grève", lang: "fr", kind: "post"}, true},
	{"greve lang:fr NOT kind:reply", docSpec{text: "grève", lang: "fr", kind: "reply"}, false},
	{"greve lang:fr NOT kind:reply", docSpec{text: "grève", lang: "en"}, false},
	{"(lang:fr OR lang:en) sncf", docSpec{text: "SNCF", lang: "en"}, true},
	// Escapes an API left in a post are read as its analysis reads them.
	{"greve AND sncf", docSpec{text: `#Gr\u00e8veSNCF`}, true},
	{`"t'aime" AND <3`, docSpec{text: "Je t&#39;aime &lt;3"}, true},
	{"amp", docSpec{text: "AT&amp;T"}, false},
}

func TestSemantics(t *testing.T) {
	t.Parallel()
	for _, tc := range semanticsTests {
		e, err := Parse(tc.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.query, err)
			continue
		}
		d := tc.doc.doc()
		if got := Eval(e, d); got != tc.want {
			t.Errorf("Eval(%q, %+v) = %v, want %v", tc.query, tc.doc, got, tc.want)
		}
		m := NewMatcher[string]()
		if err := m.Add("q", e); err != nil {
			t.Fatalf("Add(%q): %v", tc.query, err)
		}
		got := len(m.Match(d, nil)) == 1
		if got != tc.want {
			t.Errorf("Matcher %q on %+v = %v, want %v", tc.query, tc.doc, got, tc.want)
		}
	}
}

// TestMatcherAllAtOnce puts every query of the semantics table in one
// matcher, so that queries share atoms and index entries, and checks each
// document against all of them.
func TestMatcherAllAtOnce(t *testing.T) {
	t.Parallel()
	m := NewMatcher[int]()
	exprs := make([]Expr, len(semanticsTests))
	for i, tc := range semanticsTests {
		exprs[i] = MustParse(tc.query)
		if err := m.Add(i, exprs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range semanticsTests {
		d := tc.doc.doc()
		got := map[int]bool{}
		for _, id := range m.Match(d, nil) {
			if got[id] {
				t.Errorf("query %d reported twice for %+v", id, tc.doc)
			}
			got[id] = true
		}
		for i, e := range exprs {
			if want := Eval(e, d); got[i] != want {
				t.Errorf("query %q on %+v: matcher %v, Eval %v", semanticsTests[i].query, tc.doc, got[i], want)
			}
		}
	}
	if m.Len() != len(semanticsTests) {
		t.Errorf("Len() = %d, want %d", m.Len(), len(semanticsTests))
	}
}

func TestMatcherAddRemove(t *testing.T) {
	t.Parallel()
	m := NewMatcher[string]()
	add := func(id, q string) {
		t.Helper()
		if err := m.Add(id, MustParse(q)); err != nil {
			t.Fatal(err)
		}
	}
	match := func(s string) string {
		ids := m.Match(NewDoc(s), nil)
		return fmt.Sprint(sortedCopy(ids))
	}
	add("a", "greve sncf")
	add("b", "grev* NOT ratp")
	add("c", "NOT sncf")
	add("d", "#GreveSNCF OR lang:fr")
	tests := []struct {
		step func()
		text string
		want string
	}{
		{nil, "grève SNCF", "[a b]"},
		{nil, "grève RATP", "[c]"},
		{func() { m.Remove("a") }, "grève SNCF", "[b]"},
		{func() { add("a", "ratp") }, "grève RATP", "[a c]"},
		{func() { m.Remove("c") }, "rien", "[]"},
		{func() { m.Remove("b") }, "grèves", "[]"},
		{func() { add("b", "sncf*") }, "#GreveSNCF", "[b d]"},
		{func() { add("b", "greve* NOT ratp") }, "grèves", "[b]"},
		{func() { m.Remove("nothing") }, "#GreveSNCF", "[b d]"},
		{func() { m.Remove("d") }, "#GreveSNCF", "[b]"},
	}
	for i, tc := range tests {
		if tc.step != nil {
			tc.step()
		}
		if got := match(tc.text); got != tc.want {
			t.Errorf("step %d: Match(%q) = %s, want %s", i, tc.text, got, tc.want)
		}
	}
	for _, id := range []string{"a", "b"} {
		if !m.Remove(id) {
			t.Errorf("Remove(%q) = false, want true", id)
		}
	}
	if m.Remove("a") {
		t.Error("second Remove(a) = true, want false")
	}
	// Everything removed: no atom, index entry or always-checked query
	// may be left behind.
	if m.Len() != 0 || len(m.always) != 0 || len(m.fields) != 0 || int(m.numAtoms) != len(m.freeAtoms) {
		t.Errorf("after removing all: len %d, always %d, fields %d, atoms %d (free %d)", m.Len(), len(m.always), len(m.fields), m.numAtoms, len(m.freeAtoms))
	}
	for ns, ix := range m.index {
		if len(ix.exact) != 0 || len(ix.prefix) != 0 {
			t.Errorf("namespace %d still indexes %d words and %d prefixes", ns, len(ix.exact), len(ix.prefix))
		}
	}
}

// TestMatcherLearnsRareAtoms checks that, once it has seen items, the
// matcher indexes a query under the word that is rare in them.
func TestMatcherLearnsRareAtoms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ frequent, want string }{
		{"sncf", "retardement"},
		{"retardement", "sncf"},
	} {
		m := NewMatcher[string]()
		for id, q := range map[string]string{"a": "sncf OR zzz", "b": "retardement OR yyy"} {
			if err := m.Add(id, MustParse(q)); err != nil {
				t.Fatal(err)
			}
		}
		d := NewDoc("le " + tc.frequent + " du jour")
		for m.sampled.Load() < minSampled*2 {
			m.Match(d, nil)
		}
		if err := m.Add("c", MustParse("sncf retardement")); err != nil {
			t.Fatal(err)
		}
		en := m.queries[m.slots["c"]]
		if len(en.req) != 1 || en.req[0].key != tc.want {
			t.Errorf("items full of %q: query indexed under %v, want %q", tc.frequent, en.req, tc.want)
		}
	}
}
