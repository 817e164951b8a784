package query

import "fmt"

// Expr is a node of a parsed query. The concrete types are *Term, *Phrase,
// *Near, *Field, *Not, *And and *Or.
type Expr interface {
	// PositionRange is the byte range of the input the node was parsed from.
	PositionRange() PosRange
	// String is the canonical form of the node (see Print).
	String() string
	expr()
}

// PosRange is a half-open byte range [Start, End) of the query text.
type PosRange struct {
	Start, End int
}

// PositionRange returns r itself; it lets every node embed a PosRange.
func (r PosRange) PositionRange() PosRange { return r }

// TermKind says which tokens of a text a Term looks at.
type TermKind uint8

const (
	// Word matches any token by its folded text: words, numbers, cashtags,
	// emoji, a mention's handle, and a hashtag's text and its parts.
	Word TermKind = iota
	// Hashtag (#tag) matches hashtags only.
	Hashtag
	// Mention (@handle) matches mentions only.
	Mention
)

func (k TermKind) String() string {
	switch k {
	case Word:
		return "word"
	case Hashtag:
		return "hashtag"
	case Mention:
		return "mention"
	}
	return fmt.Sprintf("TermKind(%d)", k)
}

// sigil is what the query language writes before a term of this kind.
func (k TermKind) sigil() string {
	switch k {
	case Hashtag:
		return "#"
	case Mention:
		return "@"
	}
	return ""
}

// Term is one word of the query: `greve`, `grev*`, `#GreveSNCF`, `@sncf`.
// Value is as written, without sigil or '*'; matching folds it.
type Term struct {
	Kind   TermKind
	Value  string
	Prefix bool // written with a trailing '*'
	PosRange
}

// Phrase is a quoted sequence of words that must appear as consecutive
// tokens: `"grève générale"`. Value is the unescaped text between quotes.
type Phrase struct {
	Value string
	PosRange
}

// Near matches when A and B (each a *Term or a *Phrase) occur with at most
// Distance tokens between them, in either order: `NEAR/3(a b)`.
type Near struct {
	Distance int
	A, B     Expr
	PosRange
}

// FieldName is one of the item attributes a query can filter on.
type FieldName string

// The fields a query can filter on.
const (
	FieldLang      FieldName = "lang"
	FieldNetwork   FieldName = "network"
	FieldAuthor    FieldName = "author"
	FieldSource    FieldName = "source"
	FieldKind      FieldName = "kind"
	FieldSentiment FieldName = "sentiment"
	FieldURL       FieldName = "url"
	FieldFollowers FieldName = "followers"
)

// Fields lists every field name, in the order the documentation gives them.
func Fields() []FieldName {
	return []FieldName{FieldLang, FieldNetwork, FieldAuthor, FieldSource, FieldKind, FieldSentiment, FieldURL, FieldFollowers}
}

// CmpOp compares a numeric field (followers) with a number.
type CmpOp uint8

// The comparison operators of numeric fields.
const (
	OpEq  CmpOp = iota // followers:1000 or followers:=1000
	OpGt               // followers:>1000
	OpGte              // followers:>=1000
	OpLt               // followers:<1000
	OpLte              // followers:<=1000
)

func (o CmpOp) String() string {
	switch o {
	case OpGt:
		return ">"
	case OpGte:
		return ">="
	case OpLt:
		return "<"
	case OpLte:
		return "<="
	}
	return ""
}

// holds reports whether v op n is true.
func (o CmpOp) holds(v, n int64) bool {
	switch o {
	case OpGt:
		return v > n
	case OpGte:
		return v >= n
	case OpLt:
		return v < n
	case OpLte:
		return v <= n
	}
	return v == n
}

// Field is a filter on an attribute of the item: `lang:fr`,
// `url:example.com/blog`, `followers:>1000`. For followers, Op and Number
// hold the comparison and Value is empty; for the others Value holds the
// value as written.
type Field struct {
	Name   FieldName
	Value  string
	Op     CmpOp
	Number int64
	PosRange
}

// Not matches when Arg does not.
type Not struct {
	Arg Expr
	PosRange
}

// And matches when every argument matches. The parser flattens nested
// conjunctions, so no argument is itself an *And.
type And struct {
	Args []Expr
	PosRange
}

// Or matches when at least one argument matches. The parser flattens
// nested disjunctions, so no argument is itself an *Or.
type Or struct {
	Args []Expr
	PosRange
}

func (*Term) expr()   {}
func (*Phrase) expr() {}
func (*Near) expr()   {}
func (*Field) expr()  {}
func (*Not) expr()    {}
func (*And) expr()    {}
func (*Or) expr()     {}
