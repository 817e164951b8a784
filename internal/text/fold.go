package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the form of s used for matching: NFKC, lower case, Latin
// and Greek accents removed, ligatures and ß expanded (œ→oe, æ→ae, ß→ss), the
// typographic apostrophe and those typed for one (ʼ ‘ ´ `) replaced by ', and letters repeated 3 or more times
// squeezed to one ("TROOOP" → "trop"). Query terms go through Fold so that
// they compare equal to Token.Text of the text they should match.
//
// Fold does not tokenize: "#Grève" folds to "#greve". Use Tokenize on a query
// phrase to get the same tokens a post would give.
func Fold(s string) string {
	f := foldChars(s)
	if hasLetterRun(f) {
		return squeeze(f, 1)
	}
	return f
}

// ElongatedForm returns an elongated word with each run of 3 or more
// letters kept to two ("Goooood" → "good", "Allllez" → "allez"): the word
// as written right when its own letter is double, which Text, squeezed to
// one letter ("god", "alez"), misses. Search and query matching look it up
// besides Text. It returns "" for a token that is not an elongated word,
// or whose form is its Text.
func ElongatedForm(t *Token) string {
	if t.Kind != Word || !t.Elongated {
		return ""
	}
	w := squeeze(foldChars(t.Raw), 2)
	if n := len(w); n > 3 && w[n-2:] == "'s" {
		w = w[:n-2] // as Text drops a possessive
	}
	if w == t.Text {
		return ""
	}
	return w
}

// hasLetterRun reports whether s has a letter repeated 3 times in a row.
func hasLetterRun(s string) bool {
	var prev rune = -1
	run := 0
	for _, r := range s {
		if r == prev {
			run++
			if run >= 3 && unicode.IsLetter(r) {
				return true
			}
		} else {
			prev, run = r, 1
		}
	}
	return false
}

// foldChars is Fold without squeezing repeated letters: the exact folded
// form of a handle, or of an elongated word before choosing how much to
// squeeze it.
func foldChars(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	// A short word of ASCII and Western European letters ("Merci",
	// "été", "SNCF"), most that get here: folded on the stack and copied
	// once. Folding them never lengthens them.
	var buf [32]byte
	if len(s) <= len(buf) {
		i := 0
		for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
			buf[i] = foldASCII(s[i])
		}
		if i == len(s) {
			return string(buf[:i]) // ASCII: its lower case
		}
		if latinOnly(s) {
			n := 0
			for _, r := range s {
				if c, f := latinFold(r); f == "" {
					buf[n] = c
					n++
				} else {
					n += copy(buf[n:], f)
				}
			}
			return string(buf[:n])
		}
		var b strings.Builder
		b.Grow(len(s))
		appendFoldUnicode(&b, s) // neither ASCII nor latinOnly
		return b.String()
	}
	var b strings.Builder
	b.Grow(len(s))
	appendFold(&b, s)
	return b.String()
}

// isFoldedASCII reports whether s is already in folded form, which is the
// common case for words inside a post and lets Fold return s unchanged
// without allocating.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '`' {
			return false
		}
	}
	return true
}

// appendFold writes the folded form of s to b.
func appendFold(b *strings.Builder, s string) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			b.WriteByte(foldASCII(s[i]))
		}
		return
	}
	if latinOnly(s) {
		for _, r := range s {
			if c, f := latinFold(r); f == "" {
				b.WriteByte(c)
			} else {
				b.WriteString(f)
			}
		}
		return
	}
	appendFoldUnicode(b, s)
}

// appendFoldUnicode is appendFold for text with letters that latinOnly
// does not cover.
func appendFoldUnicode(b *strings.Builder, s string) {
	// Compatibility forms (ﬁ, full-width letters, 𝐛𝐨𝐥𝐝 "fancy" text used on
	// social networks) become plain letters first; NFD afterwards exposes
	// accents as separate marks that we can drop.
	// NFKC may expand one character into several words (U+FDFA) or into
	// space + mark (U+FE7A); spaces that were not in the input are dropped
	// so that a token never folds to several words.
	keepSpaces := strings.ContainsFunc(s, unicode.IsSpace)
	if strings.Contains(s, "\u00b4") {
		// ´ typed for an apostrophe, which NFKC makes a space and an accent.
		s = strings.ReplaceAll(s, "\u00b4", "'")
	}
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	var prevFolded bool
	for _, r := range s {
		if !keepSpaces && unicode.IsSpace(r) || invisibleInWord(r) {
			continue
		}
		if r < utf8.RuneSelf {
			c := foldASCII(byte(r))
			b.WriteByte(c)
			prevFolded = c >= 'a' && c <= 'z'
			continue
		}
		if f, ok := foldSpecial(r); ok {
			b.WriteString(f)
			prevFolded = true
			continue
		}
		r = unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) {
			// A combining mark left over after NFKC (e.g. "e" + U+0301 that
			// has no precomposed form): drop it after a Latin letter.
			if prevFolded {
				continue
			}
			b.WriteRune(r)
			continue
		}
		if unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Greek, r) {
			// Greek loses its accents and breathings as Latin does:
			// "Οδός" is "οδοσ", as Greek search engines read it.
			prevFolded = true
			if 'α' <= r && r <= 'ω' {
				b.WriteRune(r) // the Greek letters without accents
				continue
			}
			if g := greekBase(r); g != 0 {
				b.WriteRune(g) // with a tonos or a diaeresis: most Greek words have one
				continue
			}
			var buf [8]byte
			n := utf8.EncodeRune(buf[:], r)
			d := norm.NFD.Append(nil, buf[:n]...)
			for len(d) > 0 {
				dr, sz := utf8.DecodeRune(d)
				d = d[sz:]
				if unicode.Is(unicode.Mn, dr) {
					continue
				}
				b.WriteRune(dr)
			}
			continue
		}
		prevFolded = false
		b.WriteRune(r)
	}
}

// greekBase returns the letter of a lower-case modern Greek letter with
// a tonos or a diaeresis (ά έ ή ί ό ύ ώ ϊ ϋ ΐ ΰ), or 0: what NFD and
// dropping the marks give, without either.
func greekBase(r rune) rune {
	switch r {
	case 'ά':
		return 'α'
	case 'έ':
		return 'ε'
	case 'ή':
		return 'η'
	case 'ί', 'ϊ', 'ΐ':
		return 'ι'
	case 'ό':
		return 'ο'
	case 'ύ', 'ϋ', 'ΰ':
		return 'υ'
	case 'ώ':
		return 'ω'
	}
	return 0
}

// foldSpecial covers the letters whose folded form is not their NFD base
// letter: ligatures, ß, letters with a stroke, and apostrophe variants.
func foldSpecial(r rune) (string, bool) {
	switch r {
	case 'œ', 'Œ':
		return "oe", true
	case 'æ', 'Æ':
		return "ae", true
	case 'ß', 'ẞ':
		return "ss", true
	case 'ø', 'Ø':
		return "o", true
	case 'đ', 'Đ':
		return "d", true
	case 'ł', 'Ł':
		return "l", true
	case 'ı':
		return "i", true
	case 'þ', 'Þ':
		return "th", true
	case '\u2019', '\u02bc', '\u2018', '\u00b4':
		return "'", true // ´ too, typed for an apostrophe ("c´est")
	case 'ς':
		return "σ", true // case folding: final sigma is sigma ("ΟΔΟΣ" is "οδος")
	}
	return "", false
}

// latinBase maps U+00C0…U+017F (Latin-1 Supplement letters and Latin
// Extended-A) to the lower-case ASCII letter they decompose to; 0 marks the
// letters that need foldSpecial or the general path. Generated with
// Python's unicodedata (NFD, base letter lower-cased).
const latinBase = "aaaaaa\x00ceeeeiiii\x00nooooo\x00\x00uuuuy\x00\x00aaaaaa\x00ceeeeiiii\x00nooooo\x00\x00uuuuy\x00yaaaaaaccccccccdd\x00\x00eeeeeeeeeegggggggghh\x00\x00iiiiiiiii\x00\x00\x00jjkk\x00llllll\x00\x00\x00\x00nnnnnn\x00\x00\x00oooooo\x00\x00rrrrrrsssssssstttt\x00\x00uuuuuuuuuuuuwwyyyzzzzzz\x00"

// latinOnly reports whether every letter of s is ASCII or a Western
// European accented letter (most French, Spanish, German… text), which
// latinFold folds without Unicode tables. NFKC leaves these letters
// unchanged, so the result is the same as the general path's.
func latinOnly(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if invisibleInWord(r) {
			return false // appendFoldUnicode drops it
		}
		if _, ok := foldSpecial(r); ok {
			continue
		}
		if r < 0xC0 || r >= 0x180 || latinBase[r-0xC0] == 0 {
			return false
		}
	}
	return true
}

// foldASCII folds an ASCII byte: a capital to lower case, the backtick
// typed for an apostrophe ("don`t") to one.
func foldASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	if c == '`' {
		return '\''
	}
	return c
}

// latinFold folds one rune of a latinOnly text: to a byte, or to the
// string f when f is not empty. None folds longer than it is written.
func latinFold(r rune) (c byte, f string) {
	switch {
	case r < utf8.RuneSelf:
		return foldASCII(byte(r)), ""
	case r >= 0xC0 && r < 0x180 && latinBase[r-0xC0] != 0:
		return latinBase[r-0xC0], ""
	}
	f, _ = foldSpecial(r)
	return 0, f
}

// invisibleInWord reports whether r is a character that shows nothing and
// may sit inside a word: the soft hyphen (U+00AD, "&shy;" of news sites'
// feeds, where a line may break), the zero-width space, the word joiner
// and the zero-width no-break space. The tokenizer keeps the word whole
// and Fold drops them: "gr\u00adève" is "greve".
func invisibleInWord(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u2060', '\ufeff':
		return true
	}
	return false
}
