package query

import (
	"fmt"
	"testing"
)

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []WarningCode
	}{
		{"greve sncf", nil},
		{"greve OR sncf", nil},
		{"greve NOT sncf", nil},
		{"greve lang:fr", nil},
		{"NEAR/2(greve sncf) NOT #greve", nil},
		{`"grève générale" NOT greve*`, []WarningCode{WarnNeverMatches}},
		{"NOT greve", []WarningCode{WarnNoRequiredWord}},
		{"NOT greve NOT sncf", []WarningCode{WarnNoRequiredWord}},
		{"lang:fr", []WarningCode{WarnNoRequiredWord}},
		{"greve OR NOT sncf", []WarningCode{WarnNoRequiredWord}},
		{"greve OR lang:fr", []WarningCode{WarnNoRequiredWord}},
		{"(greve OR lang:fr) sncf", nil},
		{"greve AND NOT greve", []WarningCode{WarnNeverMatches}},
		{"greve NOT GRÈVE", []WarningCode{WarnNeverMatches}},
		{"(a OR b) NOT a NOT b", []WarningCode{WarnNeverMatches}},
		{"(a OR b) NOT a", nil},
		{`"greve sncf" NOT sncf`, []WarningCode{WarnNeverMatches}},
		{`NEAR/3(greve sncf) NOT sncf`, []WarningCode{WarnNeverMatches}},
		{"#greve NOT greve", []WarningCode{WarnNeverMatches}},
		{"@sncf NOT sncf", []WarningCode{WarnNeverMatches}},
		{"greve NOT #greve", nil},
		{"greves NOT grev*", []WarningCode{WarnNeverMatches}},
		{"grev* NOT greves", nil},
		{"#greve NOT gre*", []WarningCode{WarnNeverMatches}},
		{"x lang:fr lang:en", []WarningCode{WarnNeverMatches}},
		{"x lang:fr lang:fr-ca", nil},
		{"x lang:fr-ca NOT lang:fr", []WarningCode{WarnNeverMatches}},
		{"x lang:fr-ca lang:en-gb", []WarningCode{WarnNeverMatches}},
		{"x kind:reply kind:post", []WarningCode{WarnNeverMatches}},
		{"x (kind:reply OR kind:post)", nil},
		{"x author:sncf author:@SNCF", nil},
		{"x author:sncf author:ratp", []WarningCode{WarnNeverMatches}},
		{"x url:example.com url:other.org", nil},
		{"x url:example.com/blog NOT url:example.com", []WarningCode{WarnNeverMatches}},
		{"x followers:>1000 followers:<500", []WarningCode{WarnNeverMatches}},
		{"x followers:>1000 followers:<1002", nil},
		{"x followers:>1000 followers:<1001", []WarningCode{WarnNeverMatches}},
		{"x followers:>=1000 followers:<=1000", nil},
		{"x followers:>1000 NOT followers:>500", []WarningCode{WarnNeverMatches}},
		{"x NOT followers:>1000 NOT followers:<=1000", nil}, // unknown count
		{"greve and sncf", []WarningCode{WarnLowercaseOperator}},
		{"greve ou sncf", []WarningCode{WarnLowercaseOperator}},
		{"NOT not", []WarningCode{WarnNoRequiredWord, WarnLowercaseOperator}},
		{"Sauf", []WarningCode{WarnLowercaseOperator}},
		{"android", nil},
		{"sncf -greve", []WarningCode{WarnDashTerm}},
		{"sncf e-mail", nil},
	}
	for _, tc := range tests {
		e, err := Parse(tc.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.query, err)
			continue
		}
		var got []WarningCode
		for _, w := range Lint(e) {
			got = append(got, w.Code)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Lint(%q) = %v, want %v", tc.query, got, tc.want)
		}
		if want := len(tc.want) == 0 || tc.want[0] != WarnNeverMatches; CanMatch(e) != want {
			t.Errorf("CanMatch(%q) = %v, want %v", tc.query, !want, want)
		}
	}
}

// TestCanMatchIsSound checks on random queries that whenever CanMatch
// says a query never matches, no random item matches it either.
func TestCanMatchIsSound(t *testing.T) {
	t.Parallel()
	r := newRand(5)
	g := queryGen{r}
	never := 0
	for range 3000 {
		e := MustParse(g.expr(3))
		if CanMatch(e) {
			continue
		}
		never++
		for range 200 {
			if d := randomDoc(r); Eval(e, d) {
				t.Fatalf("CanMatch(%s) = false, but it matches %q", Print(e), tokensText(d))
			}
		}
	}
	if never == 0 {
		t.Fatal("the generator produced no query that can never match")
	}
}

func TestCanMatchGivesUpOnLargeQueries(t *testing.T) {
	t.Parallel()
	q := "a0 NOT a0"
	for i := 1; i <= maxLintAtoms; i++ {
		q += fmt.Sprintf(" OR b%d", i)
	}
	// 17 atoms: too many to enumerate, assumed to match although the
	// first branch alone could not.
	if !CanMatch(MustParse(q)) {
		t.Errorf("CanMatch on %d atoms = false, want the documented give-up true", maxLintAtoms+1)
	}
	if CanMatch(MustParse("a0 NOT a0 b1 b2 b3 b4 b5 b6 b7 b8 b9 b10 b11 b12 b13 b14")) {
		t.Error("CanMatch on 16 atoms with a contradiction = true, want false")
	}
}
