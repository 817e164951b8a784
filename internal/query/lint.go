package query

import (
	"fmt"
	"strconv"
	"strings"
)

// Warning is a problem with a valid query that its author probably did
// not intend. Callers show warnings when a query is saved; a query that
// can never match (WarnNeverMatches) should be refused.
type Warning struct {
	Code WarningCode
	Msg  string
	PosRange
}

// WarningCode identifies a kind of warning, for callers and translations.
type WarningCode string

// The warnings Lint gives.
const (
	// WarnNeverMatches: no item can match the query (`a AND NOT a`,
	// `lang:fr lang:en`).
	WarnNeverMatches WarningCode = "never-matches"
	// WarnNoRequiredWord: the query matches items that contain none of
	// its words (`NOT a`, `lang:fr`, `a OR NOT b`): it will take in a
	// large share of the whole stream.
	WarnNoRequiredWord WarningCode = "no-required-word"
	// WarnLowercaseOperator: `and`, `ou`, … written in lower case are
	// searched as words, which is rarely the intent.
	WarnLowercaseOperator WarningCode = "lowercase-operator"
	// WarnDashTerm: `-word` searches for the word (the tokenizer drops
	// the dash); write NOT word to exclude it.
	WarnDashTerm WarningCode = "dash-term"
)

func (w Warning) String() string { return w.Msg }

// maxLintAtoms bounds the exhaustive search of CanMatch: 2^16 truth
// assignments take a few milliseconds. Larger queries are assumed to be
// able to match.
const maxLintAtoms = 16

// CanMatch reports whether some item can match e. It considers every
// combination of its terms and filters being present or absent, keeping
// only those an item can produce (a phrase implies its words, a hashtag
// its word, an item has one language, one author, one follower count …).
// With more than 16 distinct terms and filters it gives up and says true.
func CanMatch(e Expr) bool {
	lm := newLintModel(e)
	if len(lm.atoms) > maxLintAtoms {
		return true
	}
	for mask := uint32(0); mask < 1<<len(lm.atoms); mask++ {
		if lm.eval(e, mask) && lm.valid(mask) {
			return true
		}
	}
	return false
}

// Lint returns the warnings for e, most serious first.
func Lint(e Expr) []Warning {
	var ws []Warning
	r := e.PositionRange()
	if !CanMatch(e) {
		ws = append(ws, Warning{WarnNeverMatches, "the query can never match: it requires something and its opposite", r})
	} else if wordless(e) != triFalse {
		ws = append(ws, Warning{WarnNoRequiredWord, "the query matches items that contain none of its words, a large share of the stream; add a word it requires", r})
	}
	walk(e, func(n Expr) bool {
		t, ok := n.(*Term)
		if !ok || t.Kind != Word {
			return true
		}
		if len(t.Value) > 1 && t.Value[0] == '-' && t.Value[1] != '-' {
			ws = append(ws, Warning{WarnDashTerm,
				fmt.Sprintf("%q searches for %q; write NOT %s to exclude it", t.Value, t.Value[1:], t.Value[1:]), t.PosRange})
		}
		if !t.Prefix {
			switch up := strings.ToUpper(t.Value); up {
			case "AND", "OR", "NOT", "ET", "OU", "SAUF":
				ws = append(ws, Warning{WarnLowercaseOperator,
					fmt.Sprintf("%q is searched as a word; write %s for the operator", t.Value, up), t.PosRange})
			}
		}
		return true
	})
	return ws
}

// tri is a three-valued truth: an item without any of the query's words
// makes terms false, but filters could go either way.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

// wordless evaluates e on an item that has none of its words.
func wordless(e Expr) tri {
	switch e := e.(type) {
	case *Term, *Phrase, *Near:
		return triFalse
	case *Field:
		return triUnknown
	case *Not:
		switch wordless(e.Arg) {
		case triFalse:
			return triTrue
		case triTrue:
			return triFalse
		}
		return triUnknown
	case *And:
		res := triTrue
		for _, a := range e.Args {
			switch wordless(a) {
			case triFalse:
				return triFalse
			case triUnknown:
				res = triUnknown
			}
		}
		return res
	case *Or:
		res := triFalse
		for _, a := range e.Args {
			switch wordless(a) {
			case triTrue:
				return triTrue
			case triUnknown:
				res = triUnknown
			}
		}
		return res
	}
	return triUnknown
}

// lintAtom is a leaf of the query seen as a boolean variable.
type lintAtom struct {
	kind   lintKind
	ns     namespace
	keys   []string // words: one key; phrases: several
	prefix bool
	field  fieldFilter
}

type lintKind uint8

const (
	lintText lintKind = iota // term or phrase
	lintNear
	lintField
)

type lintModel struct {
	atoms []lintAtom
	byKey map[string]int
	leaf  map[Expr]int
	// implies[i] is the set of atoms that must be true when i is;
	// excludes[i] the set that cannot be true with i.
	implies, excludes []uint32
	followers         []int // atoms on the follower count
}

func newLintModel(e Expr) *lintModel {
	lm := &lintModel{byKey: map[string]int{}, leaf: map[Expr]int{}}
	walk(e, func(n Expr) bool {
		switch n := n.(type) {
		case *Term, *Phrase:
			lm.leaf[n] = lm.textAtom(n)
		case *Near:
			a, b := lm.textAtom(n.A), lm.textAtom(n.B)
			lm.leaf[n.A], lm.leaf[n.B] = a, b
			key := "near/" + strconv.Itoa(n.Distance) + "\x00" + strconv.Itoa(min(a, b)) + "\x00" + strconv.Itoa(max(a, b))
			lm.leaf[n] = lm.atom(key, lintAtom{kind: lintNear, keys: []string{strconv.Itoa(a), strconv.Itoa(b)}})
			return false
		case *Field:
			f := normField(n)
			key := "field\x00" + string(f.name) + "\x00" + f.op.String() + "\x00" + f.value + "\x00" + strconv.FormatInt(f.num, 10)
			lm.leaf[n] = lm.atom(key, lintAtom{kind: lintField, field: f})
		}
		return true
	})
	if len(lm.atoms) <= maxLintAtoms {
		lm.constraints()
	}
	return lm
}

func (lm *lintModel) atom(key string, a lintAtom) int {
	if i, ok := lm.byKey[key]; ok {
		return i
	}
	lm.atoms = append(lm.atoms, a)
	lm.byKey[key] = len(lm.atoms) - 1
	return len(lm.atoms) - 1
}

func (lm *lintModel) textAtom(e Expr) int {
	keys, _ := operandKeys(e)
	a := lintAtom{kind: lintText, keys: keys}
	if t, ok := e.(*Term); ok {
		a.prefix = t.Prefix
		switch t.Kind {
		case Hashtag:
			a.ns = nsHashtag
		case Mention:
			a.ns = nsMention
		}
	}
	key := fmt.Sprintf("text\x00%d\x00%v\x00%s", a.ns, a.prefix, strings.Join(keys, "\x00"))
	return lm.atom(key, a)
}

// constraints records what an item can and cannot contain at once.
func (lm *lintModel) constraints() {
	n := len(lm.atoms)
	lm.implies = make([]uint32, n)
	lm.excludes = make([]uint32, n)
	for i, a := range lm.atoms {
		switch a.kind {
		case lintNear:
			x, _ := strconv.Atoi(a.keys[0])
			y, _ := strconv.Atoi(a.keys[1])
			lm.implies[i] |= 1<<x | 1<<y
		case lintField:
			if a.field.name == FieldFollowers {
				lm.followers = append(lm.followers, i)
			}
		}
		for j, b := range lm.atoms {
			if i == j {
				continue
			}
			if textImplies(a, b) {
				lm.implies[i] |= 1 << j
			}
			if a.kind == lintField && b.kind == lintField {
				if fieldImplies(a.field, b.field) {
					lm.implies[i] |= 1 << j
				}
				if fieldsExclude(a.field, b.field) {
					lm.excludes[i] |= 1 << j
				}
			}
		}
	}
}

// textImplies reports whether an item where a occurs necessarily has b:
// a phrase has its words, a hashtag or mention its word, a word any
// prefix of it.
func textImplies(a, b lintAtom) bool {
	if a.kind != lintText || b.kind != lintText || a.prefix || len(b.keys) != 1 {
		return false
	}
	if a.ns != b.ns && !(b.ns == nsWord && len(a.keys) == 1) {
		return false
	}
	for _, k := range a.keys {
		if k == b.keys[0] || b.prefix && strings.HasPrefix(k, b.keys[0]) {
			return true
		}
	}
	return false
}

// fieldImplies: lang:fr-ca implies lang:fr; url:example.com/blog implies
// url:example.com.
func fieldImplies(a, b fieldFilter) bool {
	if a.name != b.name {
		return false
	}
	switch a.name {
	case FieldLang:
		return langMatches(a.value, b.value)
	case FieldURL:
		return urlHost(b.value) == b.value && urlMatches(a.value, b.value)
	}
	return false
}

// fieldsExclude: an item has one language, network, author, source, kind
// and sentiment.
func fieldsExclude(a, b fieldFilter) bool {
	if a.name != b.name || a.value == b.value {
		return false
	}
	switch a.name {
	case FieldLang:
		return !langMatches(a.value, b.value) && !langMatches(b.value, a.value)
	case FieldNetwork, FieldAuthor, FieldSource, FieldKind, FieldSentiment:
		return true
	}
	return false
}

// valid reports whether some item has exactly the atoms set in mask.
func (lm *lintModel) valid(mask uint32) bool {
	for i := range lm.atoms {
		if mask&(1<<i) == 0 {
			continue
		}
		if mask&lm.implies[i] != lm.implies[i] || mask&lm.excludes[i] != 0 {
			return false
		}
	}
	return lm.followersPossible(mask)
}

// followersPossible reports whether one follower count (or an unknown
// one) gives the follower filters the truth values of mask.
func (lm *lintModel) followersPossible(mask uint32) bool {
	anyTrue := false
	for _, i := range lm.followers {
		if mask&(1<<i) != 0 {
			anyTrue = true
		}
	}
	if !anyTrue {
		return true // an unknown count makes every follower filter false
	}
	candidates := []int64{0}
	for _, i := range lm.followers {
		n := lm.atoms[i].field.num
		candidates = append(candidates, n-1, n, n+1)
	}
	for _, v := range candidates {
		ok := true
		for _, i := range lm.followers {
			f := lm.atoms[i].field
			if f.op.holds(v, f.num) != (mask&(1<<i) != 0) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (lm *lintModel) eval(e Expr, mask uint32) bool {
	switch e := e.(type) {
	case *Not:
		return !lm.eval(e.Arg, mask)
	case *And:
		for _, a := range e.Args {
			if !lm.eval(a, mask) {
				return false
			}
		}
		return true
	case *Or:
		for _, a := range e.Args {
			if lm.eval(a, mask) {
				return true
			}
		}
		return false
	}
	return mask&(1<<lm.leaf[e]) != 0
}
