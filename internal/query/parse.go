package query

import (
	"strings"
	"unicode/utf8"
)

// Parse parses a query. The error, if any, is an *Error that gives the
// line and column of the problem.
//
// Grammar, loosest binding first:
//
//	query   = or
//	or      = and { ("OR" | "OU") and }
//	and     = unary { [ "AND" | "ET" ] unary }      adjacent = AND
//	unary   = ("NOT" | "SAUF") unary | near
//	near    = operand [ "NEAR/n" operand ] | primary   (NEAR/n not followed by "(")
//	primary = operand | field | "(" or ")" | "NEAR/n" "(" operand operand ")"
//	operand = term | term* | #tag | @handle | "phrase"
func Parse(input string) (Expr, error) {
	if len(input) > MaxQueryLength {
		return nil, newError(input, MaxQueryLength, "query longer than %d bytes", MaxQueryLength)
	}
	if !utf8.ValidString(input) {
		// A query is text: its canonical form could not say these bytes.
		off := 0
		for off < len(input) {
			r, size := utf8.DecodeRuneInString(input[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return nil, newError(input, off, "byte 0x%02x is not UTF-8 text", input[off])
	}
	items, err := lex(input)
	if err != nil {
		return nil, err
	}
	p := &parser{input: input, items: items}
	if p.peek().typ == itemEOF {
		return nil, p.errorf(0, "empty query")
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if it := p.peek(); it.typ != itemEOF {
		return nil, p.unexpected(it)
	}
	if err := check(input, e); err != nil {
		return nil, err
	}
	return e, nil
}

// MaxQueryLength bounds the size of a query. The longest real listening
// queries (every product and person of a brand, misspellings included)
// stay well under it.
const MaxQueryLength = 16 << 10

// MustParse is Parse for queries known to be valid, such as those in tests
// and examples. It panics on error.
func MustParse(input string) Expr {
	e, err := Parse(input)
	if err != nil {
		panic(err)
	}
	return e
}

type parser struct {
	input string
	items []item
	i     int
}

func (p *parser) peek() item { return p.items[p.i] }

func (p *parser) advance() item {
	it := p.items[p.i]
	if it.typ != itemEOF {
		p.i++
	}
	return it
}

func (p *parser) errorf(off int, format string, args ...any) error {
	return newError(p.input, off, format, args...)
}

func (p *parser) unexpected(it item) error {
	return p.errorf(it.pos, "unexpected %s", it.desc(p.input))
}

// startsUnary reports whether an item can begin an operand of AND, which
// is what makes two adjacent expressions an implicit AND.
func startsUnary(t itemType) bool {
	switch t {
	case itemNot, itemTerm, itemPhrase, itemField, itemLParen, itemNear:
		return true
	}
	return false
}

func (p *parser) parseOr() (Expr, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	args := []Expr{first}
	for p.peek().typ == itemOr {
		op := p.advance()
		if !startsUnary(p.peek().typ) {
			return nil, p.afterOperator(op)
		}
		e, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return first, nil
	}
	return &Or{Args: flatten[*Or](args), PosRange: span(args)}, nil
}

func (p *parser) parseAnd() (Expr, error) {
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	args := []Expr{first}
	for {
		t := p.peek().typ
		if t == itemAnd {
			op := p.advance()
			if !startsUnary(p.peek().typ) {
				return nil, p.afterOperator(op)
			}
		} else if !startsUnary(t) {
			break
		}
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return first, nil
	}
	return &And{Args: flatten[*And](args), PosRange: span(args)}, nil
}

// afterOperator reports what follows a binary operator that cannot start
// its right operand: « unexpected ')' », « unexpected end of query ».
func (p *parser) afterOperator(op item) error {
	next := p.peek()
	if next.typ == itemEOF {
		return p.errorf(op.pos, "%s needs an expression after it", op.desc(p.input))
	}
	return p.unexpected(next)
}

func (p *parser) parseUnary() (Expr, error) {
	if p.peek().typ != itemNot {
		return p.parseNear()
	}
	op := p.advance()
	if !startsUnary(p.peek().typ) {
		return nil, p.afterOperator(op)
	}
	arg, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return &Not{Arg: arg, PosRange: PosRange{op.pos, arg.PositionRange().End}}, nil
}

func (p *parser) parseNear() (Expr, error) {
	lhs, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	// NEAR/n followed by '(' is always the prefix form NEAR/n(a b), the
	// next operand of an implicit AND: `(a OR b) NEAR/3(c d)`.
	if p.peek().typ != itemNear || p.items[p.i+1].typ == itemLParen {
		return lhs, nil
	}
	op := p.advance()
	if !isOperand(lhs) {
		return nil, p.errorf(op.pos, "%s needs a term or phrase on its left", op.desc(p.input))
	}
	next := p.peek()
	if next.typ != itemTerm && next.typ != itemPhrase {
		if next.typ == itemEOF {
			return nil, p.errorf(op.pos, "%s needs a term or phrase on its right", op.desc(p.input))
		}
		return nil, p.errorf(next.pos, "unexpected %s, %s needs a term or phrase on its right", next.desc(p.input), op.desc(p.input))
	}
	rhs, _ := p.parsePrimary()
	if it := p.peek(); it.typ == itemNear {
		return nil, p.errorf(it.pos, "unexpected %s: NEAR cannot be chained, combine two NEAR with AND", it.desc(p.input))
	}
	return &Near{Distance: int(op.num), A: lhs, B: rhs, PosRange: PosRange{lhs.PositionRange().Start, rhs.PositionRange().End}}, nil
}

func isOperand(e Expr) bool {
	switch e.(type) {
	case *Term, *Phrase:
		return true
	}
	return false
}

func (p *parser) parsePrimary() (Expr, error) {
	it := p.advance()
	switch it.typ {
	case itemTerm:
		return &Term{Kind: it.kind, Value: it.val, Prefix: it.prefix, PosRange: PosRange{it.pos, it.end}}, nil
	case itemPhrase:
		return &Phrase{Value: it.val, PosRange: PosRange{it.pos, it.end}}, nil
	case itemField:
		return &Field{Name: it.field, Value: it.val, Op: it.op, Number: it.num, PosRange: PosRange{it.pos, it.end}}, nil
	case itemLParen:
		if next := p.peek(); next.typ == itemRParen {
			return nil, p.errorf(it.pos, "empty parentheses")
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		switch closing := p.peek(); closing.typ {
		case itemRParen:
			p.advance()
			return e, nil
		case itemEOF:
			return nil, p.errorf(it.pos, "unclosed '('")
		default:
			return nil, p.unexpected(closing)
		}
	case itemNear:
		return p.parseNearCall(it)
	case itemEOF:
		return nil, p.errorf(it.pos, "unexpected end of query")
	}
	return nil, p.unexpected(it)
}

// parseNearCall parses the prefix form NEAR/n(a b), `op` already consumed.
func (p *parser) parseNearCall(op item) (Expr, error) {
	if open := p.peek(); open.typ != itemLParen {
		if open.typ == itemEOF {
			return nil, p.errorf(op.pos, "%s needs two terms or phrases, as in %s(a b)", op.desc(p.input), strings.Trim(op.desc(p.input), "'"))
		}
		return nil, p.errorf(open.pos, "unexpected %s, expected '(' after %s", open.desc(p.input), op.desc(p.input))
	}
	open := p.advance()
	var args []Expr
	for len(args) < 3 {
		it := p.peek()
		if it.typ == itemRParen {
			break
		}
		if it.typ == itemEOF {
			return nil, p.errorf(open.pos, "unclosed '('")
		}
		if it.typ != itemTerm && it.typ != itemPhrase {
			return nil, p.errorf(it.pos, "unexpected %s, %s takes two terms or phrases", it.desc(p.input), op.desc(p.input))
		}
		e, _ := p.parsePrimary()
		args = append(args, e)
	}
	if len(args) != 2 {
		at := p.peek().pos
		if len(args) > 2 {
			at = args[2].PositionRange().Start
		}
		return nil, p.errorf(at, "%s takes two terms or phrases, got %d", op.desc(p.input), len(args))
	}
	closing := p.advance()
	return &Near{Distance: int(op.num), A: args[0], B: args[1], PosRange: PosRange{op.pos, closing.end}}, nil
}

// flatten splices arguments of type T (an *And into an *And, an *Or into
// an *Or) so that `a AND (b AND c)` and `a AND b AND c` are the same tree.
func flatten[T interface{ *And | *Or }](args []Expr) []Expr {
	out := make([]Expr, 0, len(args))
	for _, a := range args {
		if inner, ok := a.(T); ok {
			switch v := any(inner).(type) {
			case *And:
				out = append(out, v.Args...)
			case *Or:
				out = append(out, v.Args...)
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

func span(args []Expr) PosRange {
	return PosRange{args[0].PositionRange().Start, args[len(args)-1].PositionRange().End}
}
