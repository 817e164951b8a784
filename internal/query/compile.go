package query

import (
	"fmt"
	"unicode/utf8"
)

// cop is the operation of a compiled node.
type cop uint8

const (
	opSeq   cop = iota // a term or phrase: atoms at consecutive positions
	opNear             // kids[0] and kids[1] (both opSeq) within dist tokens
	opField            // a filter on an item attribute
	opNot
	opAnd
	opOr
)

// namespace says which tokens an atom is looked up in.
type namespace uint8

const (
	nsWord namespace = iota
	nsHashtag
	nsMention
	numNamespaces
)

// cnode is a compiled query node. Before the query is added to a Matcher
// its atoms are named by key; Add resolves them to shared *atom values.
type cnode struct {
	op     cop
	ns     namespace
	prefix bool
	keys   []string // opSeq: folded token texts
	atoms  []*atom  // opSeq: resolved keys, same length
	dist   int      // opNear
	kids   []cnode  // opNear (2), opNot (1), opAnd, opOr
	field  fieldFilter
	fatom  *atom // opField: its index entry, nil for followers:
}

// fieldFilter is a Field with its value normalised once at compile time.
type fieldFilter struct {
	name  FieldName
	value string // normalised as the doc side is (normLang, normHandle, …)
	op    CmpOp
	num   int64
}

// compileExpr turns a parsed query into a tree of cnodes, tokenising its
// terms. It does not touch a Matcher, so it runs outside the lock.
func compileExpr(e Expr) (cnode, error) {
	switch e := e.(type) {
	case *Term, *Phrase:
		keys, msg := operandKeys(e)
		if msg != "" {
			return cnode{}, fmt.Errorf("%s", msg)
		}
		n := cnode{op: opSeq, keys: keys}
		if t, ok := e.(*Term); ok {
			n.prefix = t.Prefix
			switch t.Kind {
			case Hashtag:
				n.ns = nsHashtag
			case Mention:
				n.ns = nsMention
			}
		}
		return n, nil
	case *Near:
		a, err := compileExpr(e.A)
		if err != nil {
			return cnode{}, err
		}
		b, err := compileExpr(e.B)
		if err != nil {
			return cnode{}, err
		}
		if e.Distance < 0 {
			return cnode{}, fmt.Errorf("negative NEAR distance %d", e.Distance)
		}
		return cnode{op: opNear, dist: e.Distance, kids: []cnode{a, b}}, nil
	case *Field:
		return cnode{op: opField, field: normField(e)}, nil
	case *Not:
		arg, err := compileExpr(e.Arg)
		if err != nil {
			return cnode{}, err
		}
		return cnode{op: opNot, kids: []cnode{arg}}, nil
	case *And, *Or:
		op, args := opAnd, []Expr(nil)
		if a, ok := e.(*And); ok {
			args = a.Args
		} else {
			op, args = opOr, e.(*Or).Args
		}
		if len(args) == 0 {
			return cnode{}, fmt.Errorf("empty %T", e)
		}
		n := cnode{op: op, kids: make([]cnode, len(args))}
		for i, a := range args {
			k, err := compileExpr(a)
			if err != nil {
				return cnode{}, err
			}
			n.kids[i] = k
		}
		return n, nil
	}
	return cnode{}, fmt.Errorf("unknown query node %T", e)
}

func normField(f *Field) fieldFilter {
	ff := fieldFilter{name: f.Name, op: f.Op, num: f.Number}
	switch f.Name {
	case FieldLang:
		ff.value = normLang(f.Value)
	case FieldAuthor:
		ff.value = normHandle(f.Value)
	case FieldURL:
		ff.value = normURL(f.Value)
	case FieldFollowers:
	default:
		ff.value = normName(f.Value)
	}
	return ff
}

// fieldKey names a value of an attribute in the index: lang=fr,
// url=example.com (a host), author=sncf.
type fieldKey struct {
	name  FieldName
	value string
}

// indexKey returns the key under which a field filter is indexed, and
// false for filters that are not indexed (followers). url:example.com/blog
// is indexed by its host: every link it matches has that host.
func (f fieldFilter) indexKey() (fieldKey, bool) {
	switch f.name {
	case FieldFollowers:
		return fieldKey{}, false
	case FieldURL:
		return fieldKey{f.name, urlHost(f.value)}, true
	}
	return fieldKey{f.name, f.value}, true
}

// Static costs steer the choice of the atoms a query is indexed under
// towards rare ones, so that few items pull the query in as a candidate,
// until the matcher has seen enough items to know (Matcher.cost). They
// estimate how often an atom occurs from the word itself (short words,
// stop words and prefixes are frequent) times the number of queries that
// use it: the words many queries share ("retard", "refund", lang:fr) are
// context, the ones few use (a brand, its hashtag) are what the query is
// about, and rarer.
const (
	costWord       = 1
	costShortWord  = 4   // three characters
	costStopWord   = 30  // one or two characters, or a stop word
	costPrefix     = 10  // all words sharing a prefix
	costRareField  = 2   // author, source, url
	costCommonAttr = 100 // lang, network, kind, sentiment: a large share of all items
)

// stopWords are frequent French and English words: a query that contains
// one is better indexed under another of its words.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "are": true, "you": true, "not": true, "but": true,
	"with": true, "this": true, "that": true, "have": true, "from": true, "was": true,
	"les": true, "des": true, "une": true, "est": true, "pas": true, "que": true, "qui": true,
	"pour": true, "dans": true, "sur": true, "par": true, "avec": true, "plus": true, "mais": true,
	"son": true, "ses": true, "aux": true, "ces": true, "nous": true, "vous": true, "elle": true,
}

func keyCost(ns namespace, key string, prefix bool) int {
	if prefix {
		return costPrefix
	}
	if ns != nsWord {
		return costWord
	}
	switch n := utf8.RuneCountInString(key); {
	case n <= 2 || stopWords[key]:
		return costStopWord
	case n == 3:
		return costShortWord
	}
	return costWord
}

func fieldCost(name FieldName) int {
	switch name {
	case FieldAuthor, FieldSource, FieldURL:
		return costRareField
	}
	return costCommonAttr
}

// requirement is a set of index entries such that every item matching a
// node has at least one of them.
type requirement struct {
	atoms []*atom
	cost  float64
}

// costFunc estimates how costly it is to index a query under atom a,
// given the static cost of its kind (keyCost, fieldCost).
type costFunc func(a *atom, static int) float64

// required chooses the requirement of the program node at pc, or returns
// false when no set of index entries covers every match (NOT,
// followers:, or an OR with such a branch): such queries are checked
// against every item. atoms maps atom ids to atoms.
func required(p *program, pc uint32, atoms []*atom, cost costFunc) (requirement, bool) {
	in := &p.code[pc]
	switch in.op {
	case opSeq:
		// Every atom of a phrase must be present: one is enough.
		ids := []uint32{in.arg}
		if in.n > 1 {
			ids = p.ids[in.arg : in.arg+in.n]
		}
		var best *atom
		bestCost := 0.0
		for _, id := range ids {
			a := atoms[id]
			if c := cost(a, keyCost(a.ns, a.key, a.prefix)); best == nil || c < bestCost {
				best, bestCost = a, c
			}
		}
		return requirement{atoms: []*atom{best}, cost: bestCost}, true
	case opField:
		if in.n == 0 {
			return requirement{}, false
		}
		a := atoms[in.n-1]
		return requirement{atoms: []*atom{a}, cost: cost(a, fieldCost(a.field.name))}, true
	case opNear, opAnd:
		var best requirement
		found := false
		for k := pc + 1; k < in.end; k = p.code[k].end {
			r, ok := required(p, k, atoms, cost)
			if ok && (!found || r.cost < best.cost) {
				best, found = r, true
			}
		}
		return best, found
	case opOr:
		var all requirement
		for k := pc + 1; k < in.end; k = p.code[k].end {
			r, ok := required(p, k, atoms, cost)
			if !ok {
				return requirement{}, false
			}
			all.atoms = appendUnique(all.atoms, r.atoms...)
			all.cost += r.cost
		}
		return all, true
	}
	return requirement{}, false
}

func appendUnique(dst []*atom, add ...*atom) []*atom {
next:
	for _, a := range add {
		for _, b := range dst {
			if a == b {
				continue next
			}
		}
		dst = append(dst, a)
	}
	return dst
}
