package query

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Constructors for expected trees; positions are compared separately.
func w(v string) *Term      { return &Term{Kind: Word, Value: v} }
func pre(v string) *Term    { return &Term{Kind: Word, Value: v, Prefix: true} }
func tag(v string) *Term    { return &Term{Kind: Hashtag, Value: v} }
func at(v string) *Term     { return &Term{Kind: Mention, Value: v} }
func ph(v string) *Phrase   { return &Phrase{Value: v} }
func not(e Expr) *Not       { return &Not{Arg: e} }
func and(args ...Expr) *And { return &And{Args: args} }
func or(args ...Expr) *Or   { return &Or{Args: args} }
func fld(n FieldName, v string) *Field {
	return &Field{Name: n, Value: v}
}
func near(n int, a, b Expr) *Near { return &Near{Distance: n, A: a, B: b} }
func followers(op CmpOp, n int64) *Field {
	return &Field{Name: FieldFollowers, Op: op, Number: n}
}

var ignorePos = cmpopts.IgnoreTypes(PosRange{})

var parseTests = []struct {
	input string
	want  Expr
	err   string // the whole Error() text
}{
	// Operands.
	{input: "greve", want: w("greve")},
	{input: "Grève", want: w("Grève")},
	{input: "  sncf  ", want: w("sncf")},
	{input: "grev*", want: pre("grev")},
	{input: "œuv*", want: pre("œuv")},
	{input: "#GreveSNCF", want: tag("GreveSNCF")},
	{input: "#greve*", want: &Term{Kind: Hashtag, Value: "greve", Prefix: true}},
	{input: "@sncf", want: at("sncf")},
	{input: `"grève générale"`, want: ph("grève générale")},
	{input: `« grève générale »`, want: ph("grève générale")},
	{input: "«\u00a0grève\u00a0»", want: ph("grève")},
	{input: `“l'avion”`, want: ph("l'avion")},
	{input: `"say \"hi\" \\o/"`, want: ph(`say "hi" \o/`)},
	{input: "l'avion", want: w("l'avion")},
	{input: "e-mail", want: w("e-mail")},
	{input: "10:30", want: w("10:30")},

	// Operators and precedence.
	{input: "a AND b", want: and(w("a"), w("b"))},
	{input: "a ET b", want: and(w("a"), w("b"))},
	{input: "a b", want: and(w("a"), w("b"))},
	{input: "a OR b", want: or(w("a"), w("b"))},
	{input: "a OU b", want: or(w("a"), w("b"))},
	{input: "NOT a", want: not(w("a"))},
	{input: "SAUF a", want: not(w("a"))},
	{input: "NOT NOT a", want: not(not(w("a")))},
	{input: "a NOT b", want: and(w("a"), not(w("b")))},
	{input: "a SAUF b", want: and(w("a"), not(w("b")))},
	{input: "a AND NOT b", want: and(w("a"), not(w("b")))},
	{input: "a OR b AND c", want: or(w("a"), and(w("b"), w("c")))},
	{input: "a AND b OR c", want: or(and(w("a"), w("b")), w("c"))},
	{input: "a b OR c d", want: or(and(w("a"), w("b")), and(w("c"), w("d")))},
	{input: "NOT a OR b", want: or(not(w("a")), w("b"))},
	{input: "NOT a b", want: and(not(w("a")), w("b"))},
	{input: "NOT (a OR b)", want: not(or(w("a"), w("b")))},
	{input: "(a OR b) c", want: and(or(w("a"), w("b")), w("c"))},
	{input: "a AND (b AND c)", want: and(w("a"), w("b"), w("c"))},
	{input: "(a OR b) OR (c OR d)", want: or(w("a"), w("b"), w("c"), w("d"))},
	{input: "((a))", want: w("a")},
	{input: "a\nOR\tb", want: or(w("a"), w("b"))},
	// Lower-case operators are words.
	{input: "a and b", want: and(w("a"), w("and"), w("b"))},
	{input: "chat et chien", want: and(w("chat"), w("et"), w("chien"))},
	{input: "not", want: w("not")},
	{input: "Or", want: w("Or")},

	// NEAR.
	{input: "NEAR/3(greve sncf)", want: near(3, w("greve"), w("sncf"))},
	{input: "NEAR/0(a b)", want: near(0, w("a"), w("b"))},
	{input: `NEAR/5("grève générale" sncf)`, want: near(5, ph("grève générale"), w("sncf"))},
	{input: "greve NEAR/2 sncf", want: near(2, w("greve"), w("sncf"))},
	{input: "NEAR/2 ( a b )", want: near(2, w("a"), w("b"))},
	{input: "x greve NEAR/2 sncf*", want: and(w("x"), near(2, w("greve"), pre("sncf")))},
	{input: "a NEAR/2(b c)", want: and(w("a"), near(2, w("b"), w("c")))},
	{input: "(a OR b) NEAR/2(c d)", want: and(or(w("a"), w("b")), near(2, w("c"), w("d")))},
	{input: "NOT a NEAR/1 b", want: not(near(1, w("a"), w("b")))},
	{input: "#tag NEAR/1 @user", want: near(1, tag("tag"), at("user"))},
	{input: "near/3", want: w("near/3")},

	// Fields.
	{input: "lang:fr", want: fld(FieldLang, "fr")},
	{input: "Lang:FR", want: fld(FieldLang, "FR")},
	{input: "lang:fr-CA", want: fld(FieldLang, "fr-CA")},
	{input: "network:bluesky", want: fld(FieldNetwork, "bluesky")},
	{input: "author:@sncf", want: fld(FieldAuthor, "@sncf")},
	{input: `source:"Le Monde"`, want: fld(FieldSource, "Le Monde")},
	{input: "kind:reply", want: fld(FieldKind, "reply")},
	{input: "sentiment:negative", want: fld(FieldSentiment, "negative")},
	{input: "url:example.com", want: fld(FieldURL, "example.com")},
	{input: "url:https://example.com/blog?x=1", want: fld(FieldURL, "https://example.com/blog?x=1")},
	{input: "followers:>1000", want: followers(OpGt, 1000)},
	{input: "followers:>=10k", want: followers(OpGte, 10000)},
	{input: "followers:<1.5M", want: followers(OpLt, 1500000)},
	{input: "followers:<=5", want: followers(OpLte, 5)},
	{input: "followers:=7", want: followers(OpEq, 7)},
	{input: "followers:7", want: followers(OpEq, 7)},
	{input: "sncf lang:fr NOT kind:reply", want: and(w("sncf"), fld(FieldLang, "fr"), not(fld(FieldKind, "reply")))},

	// Errors, with 1-based columns counted in characters.
	{input: "", err: "empty query at column 1"},
	{input: "   ", err: "empty query at column 1"},
	{input: "(greve AND sncf))", err: "unexpected ')' at column 17"},
	{input: "grève AND sncf)", err: "unexpected ')' at column 15"},
	{input: "(grève OR grêve)) AND sncf", err: "unexpected ')' at column 17"},
	{input: `a "unterminated`, err: "unterminated phrase starting at column 3"},
	{input: `« grève`, err: "unterminated phrase starting at column 1"},
	{input: `""`, err: "empty phrase at column 1"},
	{input: `"  "`, err: "empty phrase at column 1"},
	{input: "(a OR b", err: "unclosed '(' at column 1"},
	{input: "a (", err: "unexpected end of query at column 4"},
	{input: "()", err: "empty parentheses at column 1"},
	{input: ")", err: "unexpected ')' at column 1"},
	{input: "a AND", err: "'AND' needs an expression after it at column 3"},
	{input: "a OR", err: "'OR' needs an expression after it at column 3"},
	{input: "NOT", err: "'NOT' needs an expression after it at column 1"},
	{input: "AND a", err: "unexpected 'AND' at column 1"},
	{input: "OR a", err: "unexpected 'OR' at column 1"},
	{input: "a AND OR b", err: "unexpected 'OR' at column 7"},
	{input: "a OR OR b", err: "unexpected 'OR' at column 6"},
	{input: "(a AND)", err: "unexpected ')' at column 7"},
	{input: "gr*", err: `prefix "gr*" needs at least 3 characters before '*' at column 1`},
	{input: "é*", err: `prefix "é*" needs at least 3 characters before '*' at column 1`},
	{input: "*", err: "'*' needs at least 3 characters before it at column 1"},
	{input: "a gr*ve", err: "'*' is only allowed at the end of a term at column 5"},
	{input: "#", err: "empty hashtag at column 1"},
	{input: "@", err: "empty mention at column 1"},
	{input: "NEAR(a b)", err: "NEAR needs a distance, as in NEAR/3 at column 1"},
	{input: "NEAR/x(a b)", err: `invalid NEAR distance "x", expected a number such as NEAR/3 at column 6`},
	{input: "NEAR/-1(a b)", err: `invalid NEAR distance "-1", expected a number such as NEAR/3 at column 6`},
	{input: "NEAR/101(a b)", err: "NEAR distance 101 is more than 100 at column 6"},
	{input: "NEAR/3(a)", err: "'NEAR/3' takes two terms or phrases, got 1 at column 9"},
	{input: "NEAR/3(a b c)", err: "'NEAR/3' takes two terms or phrases, got 3 at column 12"},
	{input: "NEAR/3(a (b))", err: "unexpected '(', 'NEAR/3' takes two terms or phrases at column 10"},
	{input: "NEAR/3(a lang:fr)", err: "unexpected 'lang:fr', 'NEAR/3' takes two terms or phrases at column 10"},
	{input: "NEAR/3(a b", err: "unclosed '(' at column 7"},
	{input: "NEAR/3 a b", err: "unexpected 'a', expected '(' after 'NEAR/3' at column 8"},
	{input: "NEAR/3", err: "'NEAR/3' needs two terms or phrases, as in NEAR/3(a b) at column 1"},
	{input: "(a b) NEAR/3 c", err: "'NEAR/3' needs a term or phrase on its left at column 7"},
	{input: "a NEAR/3 (b)", err: "'NEAR/3' takes two terms or phrases, got 1 at column 12"},
	{input: "a NEAR/3 lang:fr", err: "unexpected 'lang:fr', 'NEAR/3' needs a term or phrase on its right at column 10"},
	{input: "a NEAR/3", err: "'NEAR/3' needs a term or phrase on its right at column 3"},
	{input: "a NEAR/3 b NEAR/2 c", err: "unexpected 'NEAR/2': NEAR cannot be chained, combine two NEAR with AND at column 12"},
	{input: "lnag:fr", err: `unknown field "lnag" (fields are lang, network, author, source, kind, sentiment, url, followers; quote the word to search for it) at column 1`},
	{input: "lang:", err: "missing value after lang: at column 1"},
	{input: "a lang:fr1", err: `invalid language code "fr1", expected a code such as fr, en or fr-CA, or und at column 8`},
	{input: "a lang:english", err: `invalid language code "english", expected a code such as fr, en or fr-CA, or und at column 8`},
	{input: "sentiment:negatif", err: `unknown sentiment "negatif", expected one of positive, negative, neutral, mixed at column 11`},
	{input: "kind:tweet", err: `unknown kind "tweet", expected one of post, reply, comment, mention, message, article, review at column 6`},
	{input: "followers:>lots", err: `invalid count "lots", expected a number such as >1000 or >=10k at column 11`},
	{input: "followers:>1.5", err: `invalid count "1.5", expected a number such as >1000 or >=10k at column 11`},
	{input: `source:"Le Monde`, err: "unterminated phrase starting at column 8"},
	{input: "a ” b", err: "unexpected '”' at column 3"},
	{input: "!!!", err: `nothing to search for in "!!!" at column 1`},
	{input: "url:\xee\\", err: "byte 0xee is not UTF-8 text at column 5"},
	{input: "grève \xff", err: "byte 0xff is not UTF-8 text at column 7"},
	{input: `a "!!"`, err: `nothing to search for in phrase "!!" at column 3`},
	{input: "#!!", err: "invalid hashtag #!! at column 1"},
	{input: "l'av*", err: `prefix "l'av*" must be a single word at column 1`},
	{input: strings.Repeat("a ", MaxQueryLength/2) + ")", err: fmt.Sprintf("query longer than %d bytes at column %d", MaxQueryLength, MaxQueryLength+1)},
	// Lines and columns count characters, not bytes.
	{input: "« été » )", err: "unexpected ')' at column 9"},
	{input: "grève\nAND )", err: "unexpected ')' at line 2, column 5"},
	{input: "grève )\n", err: "unexpected ')' at column 7"},
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range parseTests {
		got, err := Parse(tc.input)
		if tc.err != "" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want error %q", tc.input, got, tc.err)
				continue
			}
			if err.Error() != tc.err {
				t.Errorf("Parse(%q) error\n got: %s\nwant: %s", tc.input, err, tc.err)
			}
			var qe *Error
			if !errors.As(err, &qe) || qe.Line < 1 || qe.Column < 1 {
				t.Errorf("Parse(%q) error %#v is not an *Error with a position", tc.input, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tc.input, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got, ignorePos); diff != "" {
			t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tc.input, diff)
		}
		// Every valid query round-trips through its canonical form.
		again, err := Parse(Print(got))
		if err != nil {
			t.Errorf("Parse(Print(%q)) = Parse(%q): %v", tc.input, Print(got), err)
			continue
		}
		if diff := cmp.Diff(got, again, ignorePos); diff != "" {
			t.Errorf("round trip of %q through %q (-first +second):\n%s", tc.input, Print(got), diff)
		}
	}
}

func TestErrorPosition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		input                string
		line, column, offset int
	}{
		{"(greve AND sncf))", 1, 17, 16},
		{"été )", 1, 5, 6},
		{"a\n\nb )", 3, 3, 5},
		{"a\n  « x", 2, 3, 4},
	}
	for _, tc := range tests {
		_, err := Parse(tc.input)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q) = %v, want *Error", tc.input, err)
			continue
		}
		if qe.Line != tc.line || qe.Column != tc.column || qe.Offset != tc.offset {
			t.Errorf("Parse(%q) error at line %d column %d offset %d, want %d %d %d",
				tc.input, qe.Line, qe.Column, qe.Offset, tc.line, tc.column, tc.offset)
		}
	}
}

func TestNodePositions(t *testing.T) {
	t.Parallel()
	input := `greve (sncf OR "grève générale") NOT lang:en`
	e := MustParse(input)
	and := e.(*And)
	var got []string
	for _, a := range and.Args {
		r := a.PositionRange()
		got = append(got, input[r.Start:r.End])
	}
	want := []string{"greve", `sncf OR "grève générale"`, "NOT lang:en"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("argument ranges (-want +got):\n%s", diff)
	}
}

func TestPrint(t *testing.T) {
	t.Parallel()
	tests := []struct{ input, want string }{
		{"a b", "a AND b"},
		{"a ET b OU c", "a AND b OR c"},
		{"(a OR b) c", "(a OR b) AND c"},
		{"a (b OR c) SAUF d", "a AND (b OR c) AND NOT d"},
		{"NOT (a b)", "NOT (a AND b)"},
		{"NOT (a OR b)", "NOT (a OR b)"},
		{"NOT NOT a", "NOT NOT a"},
		{"((a OR (b)))", "a OR b"},
		{"a NEAR/2 b", "NEAR/2(a b)"},
		{"NEAR/2( « grève générale »  sncf* )", `NEAR/2("grève générale" sncf*)`},
		{`"say \"hi\""`, `"say \"hi\""`},
		{"#GreveSNCF @SNCF", "#GreveSNCF AND @SNCF"},
		{`Source:"Le Monde" author:x`, `source:"Le Monde" AND author:x`},
		{`source:"Ouest-France"`, "source:Ouest-France"},
		{"followers:>=10k followers:=3", "followers:>=10000 AND followers:3"},
		{"url:example.com/blog", "url:example.com/blog"},
		// The examples of docs/query.md.
		{`greve (sncf OU "l'avion")  SAUF  lang:en`, `greve AND (sncf OR "l'avion") AND NOT lang:en`},
		{"a NEAR/2 « b c »", `NEAR/2(a "b c")`},
		{"followers:>=10k", "followers:>=10000"},
		{`(sncf OR #GreveSNCF OR @SNCF) (grève OR retard* OR "train supprimé") NOT lang:en`,
			`(sncf OR #GreveSNCF OR @SNCF) AND (grève OR retard* OR "train supprimé") AND NOT lang:en`},
		{"(renault OR \"renault zoe\" OR @renault_fr) NEAR/3(recall defect) SAUF kind:reply",
			`(renault OR "renault zoe" OR @renault_fr) AND NEAR/3(recall defect) AND NOT kind:reply`},
	}
	for _, tc := range tests {
		got := Print(MustParse(tc.input))
		if got != tc.want {
			t.Errorf("Print(Parse(%q)) = %q, want %q", tc.input, got, tc.want)
		}
	}
}
