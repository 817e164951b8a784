package text

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tok is a compact expectation: kind and folded text.
type tok struct {
	Kind TokenKind
	Text string
}

func kinds(ts []Token) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[i] = tok{t.Kind, t.Text}
	}
	return out
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	w := func(s string) tok { return tok{Word, s} }
	tests := []struct {
		name, in string
		want     []tok
	}{
		{"fr elision straight", "l'amour d'un ami", []tok{w("l'"), w("amour"), w("d'"), w("un"), w("ami")}},
		{"fr elision typographic", "L’été qu’il n’aime pas", []tok{w("l'"), w("ete"), w("qu'"), w("il"), w("n'"), w("aime"), w("pas")}},
		{"fr jusqu and aujourd'hui", "jusqu'à aujourd'hui", []tok{w("jusqu'"), w("a"), w("aujourd'hui")}},
		{"en contraction kept", "I don't know", []tok{w("i"), w("don't"), w("know")}},
		{"en possessive dropped", "John's car", []tok{w("john"), w("car")}},
		{"hyphen splits", "peut-être rendez-vous e-mail", []tok{w("peut"), w("etre"), w("rendez"), w("vous"), w("e"), w("mail")}},
		{"accents and ligatures", "Œuvre ÉTÉ cœur Straße Æsir", []tok{w("oeuvre"), w("ete"), w("coeur"), w("strasse"), w("aesir")}},
		{"compatibility forms", "ﬁn ＡＢＣ 𝐛𝐨𝐥𝐝", []tok{w("fin"), w("abc"), w("bold")}},
		{"numbers", "3,5 km 12.000 12:30 covid19", []tok{{Number, "3,5"}, w("km"), {Number, "12.000"}, {Number, "12"}, {Number, "30"}, w("covid19")}},
		{"invisible characters inside a word", "gr\u00adève Zeit\u00adung a\u200bb \u00adx y\u00ad z\u2060", []tok{w("greve"), w("zeitung"), w("ab"), w("x"), w("y"), w("z")}},
		{"greek final sigma and a full-width apostrophe", "ΟΔΟΣ οδος l＇été", []tok{w("οδοσ"), w("οδοσ"), w("l'"), w("ete")}},
		{"greek accents and breathings", "Οδός Ἀθῆναι ΐ", []tok{w("οδοσ"), w("αθηναι"), w("ι")}},
		{"backtick and acute typed as apostrophes", "c´est l`ami, I don´t we`ll Chicago´s", []tok{w("c'"), w("est"), w("l'"), w("ami"), w("i"), w("don't"), w("we'll"), w("chicago")}},
		{"backtick and acute elsewhere", "`code` a ` b café´ ´x", []tok{w("code"), w("a"), w("b"), w("cafe"), w("x")}},
		{"full-width numbers", "JO ２０２４ ok", []tok{w("jo"), {Number, "2024"}, w("ok")}},
		{"hashtag", "#GreveSNCF #grève", []tok{{Hashtag, "grevesncf"}, {Hashtag, "greve"}}},
		{"not hashtags", "C# #1 issue#4", []tok{w("c"), {Number, "1"}, w("issue"), {Number, "4"}}},
		{"full-width signs", "＃GreveSNCF ＠SNCF ＃東京タワー ＠東京 C＃ ＃1", []tok{{Hashtag, "grevesncf"}, {Mention, "sncf"}, {Hashtag, "東京タワー"}, w("東京"), w("c"), {Number, "1"}}},
		{"mentions", "@Alice, @bob@mastodon.social @carol.bsky.social.", []tok{{Mention, "alice"}, {Mention, "bob@mastodon.social"}, {Mention, "carol.bsky.social"}}},
		{"email is not a mention", "me@example.org", []tok{w("me"), w("example"), w("org")}},
		{"cashtag", "$AAPL up, $5 only", []tok{{Cashtag, "aapl"}, w("up"), {Number, "5"}, w("only")}},
		{"cashtag with a share class", "$BRK.B et $BF.b. $AB.cd", []tok{{Cashtag, "brk.b"}, w("et"), {Cashtag, "bf.b"}, {Cashtag, "ab"}, w("cd")}},
		{"url", "voir https://Example.COM/a?utm_source=tw&id=3#top.", []tok{w("voir"), {URL, "https://example.com/a?id=3"}}},
		{"www url in parens", "(www.site.fr/page)", []tok{{URL, "http://www.site.fr/page"}}},
		{"url keeps balanced paren", "https://en.wikipedia.org/wiki/Foo_(bar)", []tok{{URL, "https://en.wikipedia.org/wiki/Foo_(bar)"}}},
		{"other apostrophes", "lʼamour qu‘il aujourdʼhui Johnʼs ʼ ‘amour’ ʼʼ", []tok{w("l'"), w("amour"), w("qu'"), w("il"), w("aujourd'hui"), w("john"), w("amour")}},
		{"url before an ellipsis", "voir https://x.fr/a… et https://x.fr/b/...", []tok{w("voir"), {URL, "https://x.fr/a"}, w("et"), {URL, "https://x.fr/b/"}}},
		{"url in brackets, then parens", "[(https://x.fr/a_(b))]).", []tok{{URL, "https://x.fr/a_(b)"}}},
		{"keycaps", "1️⃣ #️⃣ *⃣ 10", []tok{{Emoji, "1\u20e3"}, {Emoji, "#\u20e3"}, {Emoji, "*\u20e3"}, {Number, "10"}}},
		{"variation selectors make no word", "©️ ™️ ↔️ ok", []tok{w("ok")}},
		{"faces drawn out", ":DDD xDDD <333 :-))) <3<3", []tok{{Emoticon, ":d"}, {Emoticon, "xd"}, {Emoticon, "<3"}, {Emoticon, ":)"}, {Emoticon, "<3"}, {Emoticon, "<3"}}},
		{"a drawn-out face glued to a word is none", ":DDDans", []tok{w("dans")}},
		{"anonymised http is a word", "lol http @user", []tok{w("lol"), w("http"), {Mention, "user"}}},
		{"emoji clusters", "👍🏽❤️🇫🇷👨‍👩‍👧", []tok{{Emoji, "👍"}, {Emoji, "❤"}, {Emoji, "🇫🇷"}, {Emoji, "👨‍👩‍👧"}}},
		{"a person's gender sign is its look", "🤦‍♀️ 🤦🏽‍♂️ 🏃‍♀️‍➡️ ♀️ ❤️‍🔥 🕵️‍♀️", []tok{{Emoji, "🤦"}, {Emoji, "🤦"}, {Emoji, "🏃\u200d➡"}, {Emoji, "♀"}, {Emoji, "❤\u200d🔥"}, {Emoji, "🕵"}}},
		{"a flag's sign is no person's", "🏳️‍⚧️ 👩‍❤️‍👨", []tok{{Emoji, "🏳\u200d⚧"}, {Emoji, "👩\u200d❤\u200d👨"}}},
		{"emoticons", "super :-) bof :( <3 xD ^^", []tok{w("super"), {Emoticon, ":)"}, w("bof"), {Emoticon, ":("}, {Emoticon, "<3"}, {Emoticon, "xd"}, {Emoticon, "^^"}}},
		{"no emoticon glued to words", "note:Dans 12:30 http://x.fr", []tok{w("note"), w("dans"), {Number, "12"}, {Number, "30"}, {URL, "http://x.fr/"}}},
		{"elongated squeezed", "trooop cooool aller", []tok{w("trop"), w("col"), w("aller")}},
		{"guillemets and punctuation", "« Génial » !!! …", []tok{w("genial")}},
		{"empty", "", []tok{}},
		// Accepted limitation: all-lower-case hashtags cannot be split
		// without a dictionary, so Parts stays nil.
		{"lower-case hashtag", "#grevesncf", []tok{{Hashtag, "grevesncf"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(Tokenize(tt.in))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTokenFlags(t *testing.T) {
	t.Parallel()
	ts := Tokenize("C'est TROOOP bien A #GreveSNCF #lower #COVID19 :))) Don't l’été covid19 qu’")
	type flags struct {
		Raw                         string
		Parts                       []string
		Elongated, Upper, ASCIIWord bool
	}
	var got []flags
	for _, tk := range ts {
		got = append(got, flags{tk.Raw, tk.Parts, tk.Elongated, tk.Upper, tk.asciiWord})
	}
	want := []flags{
		{"C'", nil, false, false, true},
		{"est", nil, false, false, true},
		{"TROOOP", nil, true, true, true},
		{"bien", nil, false, false, true},
		{"A", nil, false, false, true}, // one letter is not "capitals"
		{"#GreveSNCF", []string{"greve", "sncf"}, false, false, false},
		{"#lower", nil, false, false, false},
		{"#COVID19", []string{"covid", "19"}, false, true, false},
		{":)))", nil, true, false, false},
		{"Don't", nil, false, false, true},
		{"l’", nil, false, false, false},
		{"été", nil, false, false, false},
		{"covid19", nil, false, false, false},
		// Accepted: a word of ASCII letters that a non-ASCII character
		// ends ("qu’" eliding nothing, "bien…", "oui»") is not flagged,
		// and the detector reads it letter by letter.
		{"qu", nil, false, false, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flags mismatch (-want +got):\n%s", diff)
	}
}

// TestHashtagParts: a camelCase hashtag's words, for search and topics.
func TestHashtagParts(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string][]string{
		"#GreveSNCF":         {"greve", "sncf"},
		"#SNCFGreve":         {"sncf", "greve"},
		"#COVID19":           {"covid", "19"},
		"#greve_sncf":        {"greve", "sncf"},
		"#JeSuisCharlie":     {"je", "suis", "charlie"},
		"#iPhone15":          {"iphone", "15"},
		"#eBay":              nil,
		"#15iPhone":          {"15", "i", "phone"},
		"#5eRépublique":      {"5", "e", "republique"},
		"#2eTour":            {"2", "e", "tour"},
		"#promo_iPad":        {"promo", "ipad"},
		"#ÉtéIndien":         {"ete", "indien"},
		"#lower":             nil,
		"#aimerLaFrance2024": {"aimer", "la", "france", "2024"},
	} {
		ts := Tokenize(tag)
		if len(ts) != 1 || ts[0].Kind != Hashtag || !slices.Equal(ts[0].Parts, want) {
			t.Errorf("%s: %+v, want parts %q", tag, ts, want)
		}
	}
}

func TestFoldMatchesTokenText(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"Été", "ÉCOLE", "cœur", "Straße", "naïve", "ＡＢＣ", "Ørsted"} {
		ts := Tokenize(w)
		if len(ts) != 1 {
			t.Fatalf("Tokenize(%q) = %d tokens, want 1", w, len(ts))
		}
		if f := Fold(w); f != ts[0].Text {
			t.Errorf("Fold(%q) = %q, token text %q", w, f, ts[0].Text)
		}
	}
}

func TestAppendTokensReusesSlice(t *testing.T) {
	buf := make([]Token, 0, 16)
	buf = AppendTokens(buf[:0], "un deux trois")
	if len(buf) != 3 {
		t.Fatalf("got %d tokens", len(buf))
	}
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendTokens(buf[:0], "les chats aiment le lait :) #bonheur")
	})
	if allocs != 0 {
		t.Errorf("AppendTokens on folded text: %v allocs, want 0", allocs)
	}
}

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"HTTPS://Example.com":                                   "https://example.com/",
		"http://example.com:80/a/":                              "http://example.com/a/",
		"https://x.fr/p?utm_source=a&utm_medium=b":              "https://x.fr/p",
		"https://x.fr/p?fbclid=1&q=chat&gclid=2":                "https://x.fr/p?q=chat",
		"https://x.fr/p?Q=Chat#section":                         "https://x.fr/p?Q=Chat",
		"www.site.fr":                                           "http://www.site.fr/",
		"https://user:pw@host.org/x?mc_cid=1&mc_eid=2&igshid=3": "https://host.org/x",
		// French news sites' AT Internet tag, Matomo, Google's newer ids.
		"https://www.lemonde.fr/a.html?xtor=RSS-3208&at_medium=x": "https://www.lemonde.fr/a.html",
		"https://x.fr/p?pk_campaign=a&mtm_source=b&gbraid=c&id=4": "https://x.fr/p?id=4",
		// Parameters that track on some hosts only: YouTube's share id
		// goes, its start time stays; "si", "s" and "t" elsewhere stay.
		"https://youtu.be/abc?si=xyz&t=30":                     "https://youtu.be/abc?t=30",
		"https://m.youtube.com/watch?v=abc&si=x&feature=share": "https://m.youtube.com/watch?v=abc",
		"https://open.spotify.com/track/1?si=abc":              "https://open.spotify.com/track/1",
		"https://x.com/u/status/1?s=20&t=AbC":                  "https://x.com/u/status/1",
		"https://twitter.com:443/u/status/1?S=46":              "https://twitter.com/u/status/1",
		"https://www.linkedin.com/posts/x?trk=public_post":     "https://www.linkedin.com/posts/x",
		"https://www.google.com/search?q=x&si=1&s=2&t=3":       "https://www.google.com/search?q=x&si=1&s=2&t=3",
		"https://notyoutube.com/?si=1":                         "https://notyoutube.com/?si=1",
		// Hosts outside ASCII in their ASCII form, however spelt.
		"https://MÜNCHEN.de:8080/straße":             "https://xn--mnchen-3ya.de:8080/stra%C3%9Fe",
		"https://xn--mnchen-3ya.de:8080/stra%C3%9Fe": "https://xn--mnchen-3ya.de:8080/stra%C3%9Fe",
		"https://foo_bar.exämple.com/":               "https://foo_bar.xn--exmple-cua.com/",
		"https://youtube.com./watch?v=a&si=1":        "https://youtube.com./watch?v=a",
		"http://[fe80::1%25ü]/x":                     "http://[fe80::1%25%C3%BC]/x",
	}
	for in, want := range tests {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNormalizeURL: links come from every post. Normalising must not
// panic, must keep valid text valid, and must give a form that
// normalises to itself (two links are compared by it).
func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"HTTPS://Example.com", "www.site.fr", "https://MÜNCHEN.de:8080/straße?si=1", "https://youtu.be/a?si=x&t=1",
		"http://[::1]:80/x", "https://a.b/?utm_source=x&&q=%zz", "https://ex.com/%7Euser#f", "ftp://x", "https://xn--/", "https://例え.jp/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeURL(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("NormalizeURL(%q) = %q: invalid UTF-8", s, got)
		}
		if again := NormalizeURL(got); again != got {
			t.Fatalf("NormalizeURL(%q) = %q, which normalises to %q", s, got, again)
		}
	})
}

// TestNormalizeURLLongHost: Punycode takes time quadratic in a label's
// distinct letters (48 KB of CJK in one label took 2 s), so a name too
// long for DNS (a label over 63 letters, a name over 253) is left as
// net/url writes it, and the longest that DNS allows is converted.
func TestNormalizeURLLongHost(t *testing.T) {
	t.Parallel()
	label := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteRune(rune(0x4E00 + i))
		}
		return b.String()
	}
	for _, c := range []struct {
		host      string
		converted bool
	}{
		{label(63) + ".com", true},
		{label(64) + ".com", false},
		{label(16000) + ".com", false},
		{label(16000) + "_.com", false},
		{strings.Repeat(label(50)+".", 5) + "com", false}, // 258 letters
		{strings.Repeat(label(50)+"。", 4) + "com", true},  // 207, full stops
	} {
		got := NormalizeURL("https://" + c.host + "/x")
		if converted := strings.Contains(got, "xn--"); converted != c.converted {
			t.Errorf("a host of %d letters: %.60q…, converted %v, want %v", utf8.RuneCountInString(c.host), got, converted, c.converted)
		}
		if again := NormalizeURL(got); again != got {
			t.Errorf("a host of %d letters: not idempotent", utf8.RuneCountInString(c.host))
		}
	}
}

// TestURLManyClosingBrackets: closing brackets after a URL are dropped,
// however many (they are counted once: counting them again at each one
// dropped took quadratic time, 0.37 s for 100,000).
func TestURLManyClosingBrackets(t *testing.T) {
	s := "http://x.fr/a" + strings.Repeat(")", 200000)
	if n := urlLen(s, 0); n != len("http://x.fr/a") {
		t.Errorf("urlLen = %d", n)
	}
}

// TestTokenizeApostrophesLinear: a word's apostrophes are not each a new
// look at all that was read before (the word was folded at every one of
// "É'É'É'…", in time quadratic in its length). Folding allocates, so
// the allocations count the looks.
func TestTokenizeApostrophesLinear(t *testing.T) {
	for _, s := range []string{strings.Repeat("É'", 5000), strings.Repeat("lʼ", 5000), strings.Repeat("Qu'", 3000)} {
		var toks []Token
		if n := testing.AllocsPerRun(3, func() { toks = AppendTokens(toks[:0], s) }); n > 20 {
			t.Errorf("%.10q…: %v allocations, want a few", s, n)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "l'amour #GreveSNCF @a@b.c $AAPL https://x.fr/(a) :-))) 👍🏽", "www.", "#", "@.", "qu’", "\xff\xfe", "trooop", "a''b", "http://(((", ":'-(", "$ABCDEFG", "Bonjour LOUUUD Été éee John's L’été", "L'AMOUR qu'Il DON'T 2nd mp3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts := Tokenize(s)
		prevEnd := 0
		for i, tk := range ts {
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("token %d %+v: bad offsets (prev end %d, len %d)", i, tk, prevEnd, len(s))
			}
			if tk.Raw != s[tk.Start:tk.End] {
				t.Fatalf("token %d: Raw %q != input[%d:%d] %q", i, tk.Raw, tk.Start, tk.End, s[tk.Start:tk.End])
			}
			if tk.Text == "" {
				t.Fatalf("token %d %+v: empty Text", i, tk)
			}
			if utf8.ValidString(s) && !utf8.ValidString(tk.Text) {
				t.Fatalf("token %d: invalid UTF-8 text %q", i, tk.Text)
			}
			if tk.Kind == Word && strings.ContainsAny(tk.Text, " \t\n") {
				t.Fatalf("token %d: word with space %q", i, tk.Text)
			}
			if tk.Kind == Word {
				// Text is Fold(Raw), an English possessive dropped.
				want := Fold(tk.Raw)
				if n := len(want); n > 3 && want[n-2:] == "'s" {
					want = want[:n-2]
				}
				if tk.Text != want {
					t.Fatalf("token %d: Text %q, Fold(Raw %q) %q", i, tk.Text, tk.Raw, want)
				}
				// asciiWord says that Raw is ASCII letters and apostrophes,
				// and then Text, when as long, is its lower case.
				if tk.asciiWord && strings.Trim(tk.Raw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'") != "" {
					t.Fatalf("token %d %q: asciiWord %v", i, tk.Raw, tk.asciiWord)
				}
				if tk.asciiWord && len(tk.Text) == len(tk.Raw) && tk.Text != strings.ToLower(tk.Raw) {
					t.Fatalf("token %d: Text %q of Raw %q", i, tk.Text, tk.Raw)
				}
			} else if tk.asciiWord {
				t.Fatalf("token %d %+v: asciiWord on a %v", i, tk, tk.Kind)
			}
			prevEnd = tk.End
		}
		// The tokenizer is deterministic and appending is the same as
		// tokenizing.
		again := AppendTokens(make([]Token, 0, 2), s)
		if !cmp.Equal(ts, again, cmpopts.EquateEmpty(), cmp.AllowUnexported(Token{})) {
			t.Fatalf("AppendTokens differs from Tokenize for %q", s)
		}
		// Appended over room that holds other tokens, as when a slice
		// is reused from post to post, every field is written.
		room := make([]Token, len(ts)+9)
		for k := range room {
			room[k] = Token{Kind: Hashtag, Text: "x", Raw: "y", Start: 7, End: 9, Parts: []string{"p"}, Elongated: true, Upper: true, asciiWord: true}
		}
		over := AppendTokens(room[:1], s)[1:]
		if !cmp.Equal(ts, over, cmpopts.EquateEmpty(), cmp.AllowUnexported(Token{})) {
			t.Fatalf("AppendTokens over reused room differs from Tokenize for %q", s)
		}
		checkScanWord(t, s)
	})
}

// checkScanWord checks that scanWord, which reads a word of ASCII letters
// in a loop of its own, reads every word that starts with an ASCII letter
// in s as scanWordAny, which reads any word, does.
func checkScanWord(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			continue
		}
		got, gotEnd := scanWord(nil, s, i)
		want, wantEnd := scanWordAny(nil, s, i)
		if gotEnd != wantEnd || !slices.EqualFunc(got, want, sameToken) {
			t.Fatalf("scanWord(%q, %d) = %+v, %d; scanWordAny: %+v, %d", s, i, got, gotEnd, want, wantEnd)
		}
	}
}

// sameToken compares every field of two tokens, as cmp.Equal would, faster.
func sameToken(a, b Token) bool {
	return a.Kind == b.Kind && a.Text == b.Text && a.Raw == b.Raw && a.Start == b.Start && a.End == b.End &&
		slices.Equal(a.Parts, b.Parts) && a.Elongated == b.Elongated && a.Upper == b.Upper && a.asciiWord == b.asciiWord
}

// TestScanWordASCIILetters: scanWord's loop for words of ASCII letters
// gives what scanWordAny gives, on the posts of the tests and on words of
// every shape: capitals, runs of a letter in either case, elisions,
// possessives, digits, separators and non-ASCII letters or marks after
// the letters, and the end of the text.
func TestScanWordASCIILetters(t *testing.T) {
	t.Parallel()
	if n := reflect.TypeFor[Token]().NumField(); n != 9 {
		t.Fatalf("Token has %d fields; sameToken compares 9", n)
	}
	posts := []string{
		"trooop TROOOP TrOoOp aaA AaA aA aa Aa x X I HTTP McDonald iPhone",
		"l'amour L'AMOUR qu'il don't DON'T John's JOHN'S it’s l’été o'clock rock'n'roll a' 'a",
		"abc123 ABC123 abc_d abc.5 abc,5 abc. abc, abc-def abc/def abc:def abc;",
		"été Été bienvenue… bien… naïve Straße çà cafe\u0301 café ÇA e\u0301",
		"word😀 word🇫🇷 word#tag word@x word$ word\x00 word\xff word\t",
	}
	posts = append(posts, readPostTexts(t, "testdata/social_posts_lang.jsonl", "testdata/short_posts_lang.jsonl",
		"analyze/testdata/customer_posts_dev.jsonl", "analyze/testdata/brand_posts_dev.jsonl")...)
	for _, p := range posts {
		checkScanWord(t, p)
		for _, end := range []int{1, 2, 3} {
			if len(p) > end {
				checkScanWord(t, p[:len(p)-end])
			}
		}
	}
}

// TestEveryEmoticonTokenized guards the tokenizer's quick tests of where an
// emoticon may start (isEmoticonStart, letterFace): every face of the table
// that starts as one of them, alone or after a word, is one token.
func TestEveryEmoticonTokenized(t *testing.T) {
	t.Parallel()
	for _, e := range emoticons {
		if c := e.face[0]; !isEmoticonStart(c) && !isASCIIAlnum(c) {
			t.Errorf("%q can never be read: no emoticon starts with %q", e.face, c)
			continue
		}
		if isASCIIAlnum(e.face[0]) && !letterFace(e.face, 0) {
			t.Errorf("letterFace misses %q", e.face)
		}
		for _, s := range []string{e.face, "top " + e.face, "bien " + e.face + " !"} {
			var faces []string
			for _, tok := range Tokenize(s) {
				if tok.Kind == Emoticon {
					faces = append(faces, tok.Raw)
				}
			}
			if len(faces) != 1 || faces[0] != e.face {
				t.Errorf("Tokenize(%q): emoticons %q, want [%q]", s, faces, e.face)
			}
		}
	}
}

// TestElisionsAllocateNothing: the elided words of a post are constant
// texts, in lower or upper case, with either apostrophe; a word that only
// looks like one stays a word.
func TestElisionsAllocateNothing(t *testing.T) {
	buf := make([]Token, 0, 64)
	post := "l'amour d'un ami qu'il n'a jamais vu, L'été, Qu’il, jusqu'à, LLL'x"
	allocs := testing.AllocsPerRun(100, func() { buf = AppendTokens(buf[:0], post) })
	var texts []string
	for _, tk := range buf {
		texts = append(texts, tk.Text)
	}
	want := []string{"l'", "amour", "d'", "un", "ami", "qu'", "il", "n'", "a", "jamais", "vu", "l'", "ete", "qu'", "il", "jusqu'", "a", "l'", "x"}
	if !slices.Equal(texts, want) {
		t.Errorf("texts %q, want %q", texts, want)
	}
	// "été" and "à" are folded (one allocation each), and "LLL" twice (lower
	// case, then squeezed); the eight elisions allocate nothing (they took
	// fourteen allocations when their texts were built).
	if allocs > 4 {
		t.Errorf("%v allocations a post, want 4", allocs)
	}
}
