package query

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// itemType is the kind of a lexical item.
type itemType uint8

const (
	itemEOF itemType = iota
	itemLParen
	itemRParen
	itemAnd
	itemOr
	itemNot
	itemNear   // NEAR/n; n in item.num
	itemTerm   // word, #hashtag or @mention; see item.kind and item.prefix
	itemPhrase // quoted text, unescaped in item.val
	itemField  // name:value; see item.field, item.op and item.num
)

// item is one lexical item of a query.
type item struct {
	typ    itemType
	pos    int // byte offset of the first character
	end    int // byte offset just past the item
	val    string
	kind   TermKind
	prefix bool
	field  FieldName
	op     CmpOp
	num    int64
}

// desc describes the item for an error message: « ')' », « 'AND' »,
// « end of query ».
func (it item) desc(input string) string {
	if it.typ == itemEOF {
		return "end of query"
	}
	return "'" + input[it.pos:it.end] + "'"
}

// MaxNearDistance bounds n in NEAR/n; a larger window is better written
// as AND on tweet-length texts.
const MaxNearDistance = 100

// minPrefix is the number of characters required before '*': shorter
// prefixes would match a large share of all words.
const minPrefix = 3

// closingQuote maps an opening quote to the one that ends the phrase.
// French guillemets and typographic quotes are accepted as typed by
// French keyboards and phones; the printer writes straight quotes.
func closingQuote(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '“':
		return '”', true
	case '«':
		return '»', true
	}
	return 0, false
}

// endsWord reports whether r ends a bare word.
func endsWord(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '(', ')', '"', '“', '”', '«', '»':
		return true
	}
	return false
}

// lexer splits a query into items. It works on the whole input at once:
// queries are short, and the parser wants one item of look-ahead.
type lexer struct {
	input string
	pos   int
}

// lex returns the items of input, ending with itemEOF, or the first error.
func lex(input string) ([]item, error) {
	l := &lexer{input: input}
	var items []item
	for {
		it, err := l.next()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if it.typ == itemEOF {
			return items, nil
		}
	}
}

func (l *lexer) errorf(off int, format string, args ...any) error {
	return newError(l.input, off, format, args...)
}

func (l *lexer) next() (item, error) {
	for l.pos < len(l.input) {
		r, size := utf8.DecodeRuneInString(l.input[l.pos:])
		if !unicode.IsSpace(r) {
			break
		}
		l.pos += size
	}
	start := l.pos
	if start == len(l.input) {
		return item{typ: itemEOF, pos: start, end: start}, nil
	}
	r, size := utf8.DecodeRuneInString(l.input[start:])
	switch r {
	case '(':
		l.pos += size
		return item{typ: itemLParen, pos: start, end: l.pos}, nil
	case ')':
		l.pos += size
		return item{typ: itemRParen, pos: start, end: l.pos}, nil
	case '”', '»':
		return item{}, l.errorf(start, "unexpected %q", r)
	}
	if _, ok := closingQuote(r); ok {
		val, err := l.quoted()
		if err != nil {
			return item{}, err
		}
		if strings.TrimSpace(val) == "" {
			return item{}, l.errorf(start, "empty phrase")
		}
		return item{typ: itemPhrase, pos: start, end: l.pos, val: val}, nil
	}
	return l.word()
}

// quoted reads a quoted string starting at l.pos and returns its content.
// A backslash takes the next character literally (`"say \"hi\""`).
func (l *lexer) quoted() (string, error) {
	start := l.pos
	open, size := utf8.DecodeRuneInString(l.input[start:])
	closing, _ := closingQuote(open)
	l.pos += size
	var b strings.Builder
	for l.pos < len(l.input) {
		r, size := utf8.DecodeRuneInString(l.input[l.pos:])
		l.pos += size
		switch {
		case r == '\\' && l.pos < len(l.input):
			r, size = utf8.DecodeRuneInString(l.input[l.pos:])
			l.pos += size
			b.WriteRune(r)
		case r == closing:
			// « grève générale » is typed with (often no-break) spaces
			// inside the guillemets; they mean nothing.
			return strings.TrimSpace(b.String()), nil
		default:
			b.WriteRune(r)
		}
	}
	return "", l.errorf(start, "unterminated phrase starting")
}

// word reads a bare word and classifies it: operator, NEAR/n, field
// filter, hashtag, mention or term.
func (l *lexer) word() (item, error) {
	start := l.pos
	for l.pos < len(l.input) {
		r, size := utf8.DecodeRuneInString(l.input[l.pos:])
		if endsWord(r) {
			break
		}
		l.pos += size
	}
	w := l.input[start:l.pos]
	it := item{pos: start, end: l.pos}
	switch w {
	case "AND", "ET":
		it.typ = itemAnd
		return it, nil
	case "OR", "OU":
		it.typ = itemOr
		return it, nil
	case "NOT", "SAUF":
		it.typ = itemNot
		return it, nil
	case "NEAR":
		return it, l.errorf(start, "NEAR needs a distance, as in NEAR/3")
	}
	if n, ok := strings.CutPrefix(w, "NEAR/"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 0 || n[0] == '+' {
			return it, l.errorf(start+len("NEAR/"), "invalid NEAR distance %q, expected a number such as NEAR/3", n)
		}
		if d > MaxNearDistance {
			return it, l.errorf(start+len("NEAR/"), "NEAR distance %d is more than %d", d, MaxNearDistance)
		}
		it.typ, it.num = itemNear, int64(d)
		return it, nil
	}
	if name, ok := fieldPrefix(w); ok {
		return l.field(it, name)
	}
	it.typ = itemTerm
	body := w
	switch w[0] {
	case '#':
		it.kind, body = Hashtag, w[1:]
	case '@':
		it.kind, body = Mention, w[1:]
	}
	if strings.HasSuffix(body, "*") {
		it.prefix, body = true, body[:len(body)-1]
	}
	if i := strings.IndexByte(body, '*'); i >= 0 {
		return it, l.errorf(start+len(it.kind.sigil())+i, "'*' is only allowed at the end of a term")
	}
	if body == "" {
		switch {
		case it.prefix:
			return it, l.errorf(start, "'*' needs at least %d characters before it", minPrefix)
		case it.kind == Hashtag:
			return it, l.errorf(start, "empty hashtag")
		default:
			return it, l.errorf(start, "empty mention")
		}
	}
	if it.prefix && utf8.RuneCountInString(text.Fold(body)) < minPrefix {
		return it, l.errorf(start, "prefix %q needs at least %d characters before '*'", w, minPrefix)
	}
	it.val = body
	return it, nil
}

// fieldPrefix reports whether w starts with letters followed by ':' and
// returns the letters. Words such as "10:30" or ":)" are not fields.
func fieldPrefix(w string) (string, bool) {
	i := strings.IndexByte(w, ':')
	if i <= 0 {
		return "", false
	}
	for j := 0; j < i; j++ {
		c := w[j]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "", false
		}
	}
	return w[:i], true
}

// field finishes a `name:value` item. A value may be quoted:
// `source:"Le Monde"`.
func (l *lexer) field(it item, name string) (item, error) {
	start := it.pos
	f := FieldName(strings.ToLower(name))
	known := false
	for _, k := range Fields() {
		if f == k {
			known = true
		}
	}
	if !known {
		return it, l.errorf(start, "unknown field %q (fields are lang, network, author, source, kind, sentiment, url, followers; quote the word to search for it)", name)
	}
	valStart := start + len(name) + 1
	val := l.input[valStart:l.pos]
	if val == "" && l.pos < len(l.input) {
		r, _ := utf8.DecodeRuneInString(l.input[l.pos:])
		if _, ok := closingQuote(r); ok {
			q, err := l.quoted()
			if err != nil {
				return it, err
			}
			val = q
		}
	}
	it.end = l.pos
	it.typ, it.field = itemField, f
	if strings.TrimSpace(val) == "" {
		return it, l.errorf(start, "missing value after %s:", f)
	}
	if f == FieldFollowers {
		op, n, err := parseCount(val)
		if err != nil {
			return it, l.errorf(valStart, "%s", err)
		}
		it.op, it.num = op, n
		return it, nil
	}
	if err := checkFieldValue(f, val); err != nil {
		return it, l.errorf(valStart, "%s", err)
	}
	it.val = val
	return it, nil
}
