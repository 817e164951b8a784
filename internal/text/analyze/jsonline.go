package analyze

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// A line of input is a JSON object. Decoding it into a map and encoding it
// again would cost more than analysing the post, and would reorder fields;
// instead parseLine validates the object, keeps the raw bytes of each
// member, and decodes only the "text" and "lang" strings.

// member is one top-level "key": value of a line, as raw bytes.
type member struct {
	key  string // decoded key
	span []byte // `"key": value` as in the input
}

type parsedLine struct {
	members []member
	text    string
	hasText bool
	lang    string // as given, when it names a language (text.NormalizeLang)
}

var errNotObject = errors.New("not a JSON object")

// parseLine parses one JSON object into p, reusing p's slices.
func parseLine(line []byte, p *parsedLine) error {
	p.members = p.members[:0]
	p.text, p.hasText, p.lang = "", false, ""
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return errNotObject
	}
	i = skipSpace(line, i+1)
	if i < len(line) && line[i] == '}' {
		i++
	} else {
		for {
			i = skipSpace(line, i)
			start := i
			keyEnd, err := skipString(line, i)
			if err != nil {
				return fmt.Errorf("object key at byte %d: %w", i, err)
			}
			key := decodeKey(line[i:keyEnd])
			i = skipSpace(line, keyEnd)
			if i >= len(line) || line[i] != ':' {
				return fmt.Errorf("expected ':' at byte %d", i)
			}
			i = skipSpace(line, i+1)
			valStart := i
			i, err = skipValue(line, i, 0)
			if err != nil {
				return err
			}
			switch key {
			case "text":
				if line[valStart] != '"' {
					return fmt.Errorf(`"text" at byte %d is %s, not a string`, valStart, jsonKind(line[valStart]))
				}
				p.text, p.hasText = decodeString(line[valStart:i]), true
			case "lang":
				// A lang that names no language ("English", "und",
				// null) is replaced by the detected one.
				p.lang = ""
				if line[valStart] == '"' {
					if l := decodeString(line[valStart:i]); text.NormalizeLang(l) != "" {
						p.lang = l
					}
				}
			}
			p.members = append(p.members, member{key: key, span: line[start:i]})
			i = skipSpace(line, i)
			if i >= len(line) {
				return errors.New("unexpected end of line in object")
			}
			if line[i] == ',' {
				i++
				continue
			}
			if line[i] == '}' {
				i++
				break
			}
			return fmt.Errorf("expected ',' or '}' at byte %d", i)
		}
	}
	if i = skipSpace(line, i); i != len(line) {
		return fmt.Errorf("unexpected data after the object at byte %d", i)
	}
	if !p.hasText {
		return errors.New(`missing "text" string field`)
	}
	return nil
}

// jsonKind names the kind of JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// maxDepth bounds nesting so that a hostile line cannot exhaust the stack.
const maxDepth = 200

// skipValue returns the index just after the JSON value at i.
func skipValue(b []byte, i, depth int) (int, error) {
	if depth > maxDepth {
		return 0, errors.New("JSON nested too deeply")
	}
	if i >= len(b) {
		return 0, errors.New("unexpected end of line, expected a value")
	}
	switch c := b[i]; {
	case c == '"':
		return skipString(b, i)
	case c == '{':
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		for {
			i = skipSpace(b, i)
			end, err := skipString(b, i)
			if err != nil {
				return 0, fmt.Errorf("object key at byte %d: %w", i, err)
			}
			i = skipSpace(b, end)
			if i >= len(b) || b[i] != ':' {
				return 0, fmt.Errorf("expected ':' at byte %d", i)
			}
			if i, err = skipValue(b, skipSpace(b, i+1), depth+1); err != nil {
				return 0, err
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == '}' {
				return i + 1, nil
			}
			return 0, fmt.Errorf("expected ',' or '}' at byte %d", i)
		}
	case c == '[':
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = skipValue(b, skipSpace(b, i), depth+1); err != nil {
				return 0, err
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == ']' {
				return i + 1, nil
			}
			return 0, fmt.Errorf("expected ',' or ']' at byte %d", i)
		}
	case c == 't':
		return skipLiteral(b, i, "true")
	case c == 'f':
		return skipLiteral(b, i, "false")
	case c == 'n':
		return skipLiteral(b, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return skipNumber(b, i)
	}
	return 0, fmt.Errorf("unexpected character %q at byte %d", b[i], i)
}

func skipLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return 0, fmt.Errorf("invalid literal at byte %d", i)
}

// skipNumber follows the JSON number grammar exactly.
func skipNumber(b []byte, i int) (int, error) {
	start := i
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0, fmt.Errorf("invalid number at byte %d", start)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return 0, fmt.Errorf("invalid number at byte %d", start)
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, fmt.Errorf("invalid number at byte %d", start)
		}
	}
	return i, nil
}

// skipString returns the index after the JSON string starting at i.
func skipString(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, errors.New("expected a string")
	}
	j := i + 1
	for ; j < len(b); j++ {
		// Eight bytes at a time to the first that ends the string or
		// escapes, which the switch then reads.
		for j+8 <= len(b) {
			if m := stringSpecial(binary.LittleEndian.Uint64(b[j:])); m != 0 {
				j += bits.TrailingZeros64(m) / 8
				break
			}
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			if j+1 >= len(b) {
				return 0, fmt.Errorf("unterminated string from byte %d", i)
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if j+5 >= len(b) {
					return 0, fmt.Errorf("bad \\u escape at byte %d", j)
				}
				for _, h := range b[j+2 : j+6] {
					if !isHex(h) {
						return 0, fmt.Errorf("bad \\u escape at byte %d", j)
					}
				}
				j += 5
			default:
				return 0, fmt.Errorf("bad escape at byte %d", j)
			}
		case c < 0x20:
			return 0, fmt.Errorf("control character in string at byte %d", j)
		}
	}
	return 0, fmt.Errorf("unterminated string from byte %d", i)
}

// Eight bytes at a time (SWAR): ones is 0x01 in every byte, highs 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stringSpecial has the high bit of the first of the eight bytes of x (in
// memory order) set if it is a quote, a backslash or a control character:
// what skipString must look at. It has none set when no byte is; the bits
// of the bytes after the first may be wrong.
func stringSpecial(x uint64) uint64 {
	return (hasZeroByte(x^('"'*ones)) | hasZeroByte(x^('\\'*ones)) | (x-0x20*ones)&^x) & highs
}

// hasZeroByte has the high bit of the first zero byte of x (the lowest)
// set, and none if no byte is zero; a borrow may set the bits of the
// bytes above the first.
func hasZeroByte(x uint64) uint64 { return (x - ones) &^ x }

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// decodeKey is decodeString for an object key, without allocating for
// the keys most lines have.
func decodeKey(q []byte) string {
	switch string(q) {
	case `"id"`:
		return "id"
	case `"text"`:
		return "text"
	case `"lang"`:
		return "lang"
	}
	return decodeString(q)
}

// decodeString decodes a JSON string literal (with its quotes) that
// skipString has validated, as encoding/json does: escapes undone, a
// surrogate half or a byte of invalid UTF-8 turned to U+FFFD
// (FuzzParseLine compares the two).
func decodeString(q []byte) string {
	inner := q[1 : len(q)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner) // most strings: no escape, valid UTF-8
	}
	var b strings.Builder
	b.Grow(len(inner))
	for r := 0; r < len(inner); {
		// The run up to the next escape: whole when it is valid UTF-8,
		// rune by rune otherwise.
		end := len(inner)
		if k := bytes.IndexByte(inner[r:], '\\'); k >= 0 {
			end = r + k
		}
		if end > r {
			writeRunes(&b, inner[r:end])
			r = end
			continue
		}
		switch e := inner[r+1]; e {
		case 'u':
			rr := hex4(inner[r+2 : r+6])
			r += 6
			if utf16.IsSurrogate(rr) {
				rr1 := rune(-1)
				if r+6 <= len(inner) && inner[r] == '\\' && inner[r+1] == 'u' {
					rr1 = hex4(inner[r+2 : r+6])
				}
				if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
					b.WriteRune(dec)
					r += 6
					continue
				}
				rr = unicode.ReplacementChar
			}
			b.WriteRune(rr)
			continue
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		default: // '"', '\\', '/'
			b.WriteByte(e)
		}
		r += 2
	}
	return b.String()
}

// writeRunes writes run, which holds no escape, turning each byte of
// invalid UTF-8 to U+FFFD.
func writeRunes(b *strings.Builder, run []byte) {
	if utf8.Valid(run) {
		b.Write(run)
		return
	}
	for len(run) > 0 {
		rr, size := utf8.DecodeRune(run)
		if rr == utf8.RuneError && size == 1 {
			b.WriteRune(unicode.ReplacementChar)
		} else {
			b.Write(run[:size])
		}
		run = run[size:]
	}
}

// hex4 reads four hexadecimal digits that skipString has checked.
func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				switch c {
				case '\n':
					b = append(b, '\\', 'n')
				case '\t':
					b = append(b, '\\', 't')
				case '\r':
					b = append(b, '\\', 'r')
				default:
					b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
				}
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, `\u202`...)
			b = append(b, "89"[r-'\u2028'])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendFloat appends x as strconv.AppendFloat(b, x, 'f', -1, 64) does.
// The scores and confidences written are in thousandths: such a number
// is written from its integer count of thousandths, at a fraction of
// the cost. Below 1e12 doubles lie less than 0.001 apart, so the double
// nearest k/1000 has no shorter decimal form than k/1000's own: any
// shorter one is another multiple of 0.001, nearer another double. The
// bound kept, 1e15 thousandths, is that 1e12.
func appendFloat(b []byte, x float64) []byte {
	k := math.Round(x * 1000)
	if k/1000 != x || math.Abs(k) >= 1e15 || x == 0 && math.Signbit(x) {
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	n := int64(k)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/1000, 10)
	if frac := n % 1000; frac != 0 {
		digits := [4]byte{'.', byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
		end := len(digits)
		for digits[end-1] == '0' {
			end--
		}
		b = append(b, digits[:end]...)
	}
	return b
}
