package query

import (
	"strconv"
	"strings"
)

// Print returns the canonical form of a query: operators in upper-case
// English (AND, OR, NOT), every AND written out, phrases in straight
// double quotes, NEAR in its prefix form NEAR/n(a b), parentheses only
// where precedence needs them. For any e returned by Parse,
// Parse(Print(e)) is e again (positions aside).
func Print(e Expr) string {
	var b strings.Builder
	printExpr(&b, e)
	return b.String()
}

func (t *Term) String() string   { return Print(t) }
func (p *Phrase) String() string { return Print(p) }
func (n *Near) String() string   { return Print(n) }
func (f *Field) String() string  { return Print(f) }
func (n *Not) String() string    { return Print(n) }
func (a *And) String() string    { return Print(a) }
func (o *Or) String() string     { return Print(o) }

// precedence orders node types from loosest (OR) to tightest (operands).
func precedence(e Expr) int {
	switch e.(type) {
	case *Or:
		return 1
	case *And:
		return 2
	case *Not:
		return 3
	}
	return 4
}

// printArg prints e, in parentheses if it binds more loosely than its
// parent: an OR inside an AND, an AND inside a NOT. A node of the same
// precedence is parenthesised too, since a parsed tree never nests an
// AND directly in an AND.
func printArg(b *strings.Builder, e Expr, parent int) {
	if precedence(e) <= parent && parent < 3 || precedence(e) < parent {
		b.WriteByte('(')
		printExpr(b, e)
		b.WriteByte(')')
		return
	}
	printExpr(b, e)
}

func printExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Term:
		b.WriteString(e.Kind.sigil())
		b.WriteString(e.Value)
		if e.Prefix {
			b.WriteByte('*')
		}
	case *Phrase:
		b.WriteString(quote(e.Value))
	case *Near:
		b.WriteString("NEAR/")
		b.WriteString(strconv.Itoa(e.Distance))
		b.WriteByte('(')
		printExpr(b, e.A)
		b.WriteByte(' ')
		printExpr(b, e.B)
		b.WriteByte(')')
	case *Field:
		b.WriteString(string(e.Name))
		b.WriteByte(':')
		if e.Name == FieldFollowers {
			b.WriteString(e.Op.String())
			b.WriteString(strconv.FormatInt(e.Number, 10))
			break
		}
		if needsQuotes(e.Value) {
			b.WriteString(quote(e.Value))
		} else {
			b.WriteString(e.Value)
		}
	case *Not:
		b.WriteString("NOT ")
		printArg(b, e.Arg, 3)
	case *And:
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(" AND ")
			}
			printArg(b, a, 2)
		}
	case *Or:
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(" OR ")
			}
			printArg(b, a, 1)
		}
	}
}

// quote writes s as a phrase: in double quotes, with '"' and '\' escaped
// by a backslash.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// needsQuotes reports whether a field value must be quoted to be read
// back as one word.
func needsQuotes(v string) bool {
	if v == "" {
		return true
	}
	for _, r := range v {
		if endsWord(r) || r == '\\' {
			return true
		}
	}
	return false
}
