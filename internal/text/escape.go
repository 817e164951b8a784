package text

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// AppendPostTokens appends the tokens of a post as its analysis reads it:
// unescaped first (unescapePost), so that search, topic matching and
// sentiment see "grève" and "<3" where an API sent "gr\u00e8ve" and
// "&lt;3". Token offsets are into the unescaped text.
func AppendPostTokens(dst []Token, s string) []Token {
	return AppendTokens(dst, unescapePost(s))
}

// unescapePost undoes the escaping that posts pick up on their way through
// APIs and exports: HTML entities (the Twitter API sends "&amp;", "&lt;",
// "&gt;") and JSON escapes left as text ("don\u2019t", "\u002c"), so that
// "can\u2019t" is a negation and "&lt;3" a heart. Text without '&' or `\u`
// is returned as it is, without allocating.
func unescapePost(s string) string {
	if strings.IndexByte(s, '&') < 0 && !strings.Contains(s, `\u`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	changed := false
	// amp and esc are the next '&' and backslash from i on (len(s) when there
	// is none): the text between them is copied whole.
	amp, esc := -1, -1
	for i := 0; i < len(s); {
		if amp < i {
			amp = nextByte(s, i, '&')
		}
		if esc < i {
			esc = nextByte(s, i, '\\')
		}
		if j := min(amp, esc); j > i {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		c := s[i]
		if c == '&' {
			if rep, n := htmlEntity(s[i:]); n > 0 {
				b.WriteString(rep)
				i += n
				changed = true
				continue
			}
		}
		if c == '\\' && i+6 <= len(s) && s[i+1] == 'u' {
			if r, n := jsonEscape(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				changed = true
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	if !changed {
		return s
	}
	return b.String()
}

// nextByte returns the index of the first c in s from i on, or len(s).
func nextByte(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return len(s)
}

func htmlEntity(s string) (string, int) {
	for _, e := range [...]struct{ name, rep string }{
		{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "},
	} {
		if strings.HasPrefix(s, e.name) {
			return e.rep, len(e.name)
		}
	}
	// Any other whole reference HTML names, closed by ';': "&eacute;",
	// "&#232;", "&#xE8;", "&hellip;". Not a name html would also read
	// without its ';' ("&copy 2024;"), nor the start of a longer word
	// ("&notre;"), nor a link's parameters ("?id=1&section=2;").
	n := referenceLen(s)
	if n == 0 {
		return "", 0
	}
	rep := html.UnescapeString(s[:n])
	if rep == s[:n] || len(rep) > 1 && strings.HasSuffix(rep, ";") {
		return "", 0 // unknown, or html read a shorter name: "&notre;" is "¬re;"
	}
	return rep, n
}

// maxEntityBytes bounds a reference: the longest names,
// "&CounterClockwiseContourIntegral;", have 33 bytes.
const maxEntityBytes = 40

// referenceLen returns the length of the character reference at the start
// of s — "&name;", "&#digits;" or "&#xhex;" — or 0.
func referenceLen(s string) int {
	i := 1
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	hex := func(c byte) bool { return digit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }
	alnum := func(c byte) bool { return digit(c) || isASCIILetter(c) }
	ok := alnum
	switch {
	case len(s) > 2 && s[1] == '#' && (s[2] == 'x' || s[2] == 'X'):
		i, ok = 3, hex
	case len(s) > 1 && s[1] == '#':
		i, ok = 2, digit
	case len(s) > 1 && isASCIILetter(s[1]):
	default:
		return 0
	}
	start := i
	for i < len(s) && i < maxEntityBytes && ok(s[i]) {
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0
	}
	return i + 1
}

// jsonEscape decodes `\uXXXX` at the start of s, with a following low
// surrogate when XXXX is a high one.
func jsonEscape(s string) (rune, int) {
	hex := func(s string) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[2:6], 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex(s)
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 {
		lo, ok := hex(s[6:])
		if !ok || lo < 0xDC00 || lo > 0xDFFF {
			return 0, 0
		}
		return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12
	}
	if r >= 0xDC00 && r <= 0xDFFF || !utf8.ValidRune(r) {
		return 0, 0
	}
	return r, 6
}
