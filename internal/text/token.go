package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// TokenKind says what a token is.
type TokenKind uint8

// Token kinds. The zero value is Word so that a zero Token is a plain word.
const (
	Word     TokenKind = iota // letters, possibly with digits and inner apostrophes
	Number                    // digits with optional inner . or , separators
	Hashtag                   // #tag; Text without the sigil
	Mention                   // @user, @user@instance, @user.bsky.social; Text without the sigil
	Cashtag                   // $TICKER; Text without the sigil
	URL                       // http(s)://… or www.…; Text normalised (see NormalizeURL)
	Emoji                     // one emoji grapheme cluster; Text without variation selectors, skin tones or gender signs
	Emoticon                  // ASCII emoticon such as :-) or <3; Text canonical (":-)" → ":)")
)

var kindNames = [...]string{"word", "number", "hashtag", "mention", "cashtag", "url", "emoji", "emoticon"}

func (k TokenKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + string(rune('0'+k)) + ")"
}

// Token is one unit of a text. Positions used by phrase and NEAR queries are
// indexes in the slice returned by Tokenize.
type Token struct {
	Kind TokenKind
	// Text is the folded form used for matching (see Fold): NFKC, lower
	// case, accent-folded, letters repeated 3+ times squeezed to one;
	// without the sigil for hashtags, mentions and cashtags; URLs
	// normalised. Text == Fold(Raw without sigil) for words, hashtags,
	// mentions and cashtags. A French elided article keeps its apostrophe ("l'",
	// "qu'"), and an English possessive 's is dropped ("john's" → "john").
	Text string
	// Raw is the surface form: Raw == input[Start:End].
	Raw        string
	Start, End int
	// Parts holds the folded parts of a hashtag split on camelCase,
	// letter/digit changes and underscores ("#GreveSNCF" → ["greve",
	// "sncf"]). It is nil when the hashtag does not split, and for every
	// other kind.
	Parts []string
	// Elongated is set when a letter was repeated 3+ times ("trooop"), or
	// an emoticon's last character was (":)))").
	Elongated bool
	// Upper is set when the token has at least two letters, all capitals.
	Upper bool
	// asciiWord is set only on a word whose Raw is ASCII letters and
	// ASCII apostrophes, and on most such words (not on one that a
	// non-ASCII character ends, "bien…"): the language detector takes its
	// Text as it is when Text is as long as Raw (then it is Raw in lower
	// case), without reading it again.
	asciiWord bool
}

// Tokenize splits s into tokens. Separators (spaces, punctuation other than
// emoticons, hyphens) produce no token.
func Tokenize(s string) []Token {
	return AppendTokens(nil, s)
}

// AppendTokens appends the tokens of s to dst and returns the extended
// slice. Reusing dst across calls avoids allocating the slice; Text shares
// memory with s whenever folding leaves a token unchanged.
func AppendTokens(dst []Token, s string) []Token {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == ' ' {
			i++ // most bytes between tokens
			continue
		}
		if c < utf8.RuneSelf {
			if c <= '9' && (c >= '0' || c == '#' || c == '*') && i+1 < len(s) && s[i+1] >= utf8.RuneSelf {
				if n := keycapLen(s, i); n > 0 {
					raw := s[i : i+n]
					dst = append(dst, Token{Kind: Emoji, Text: foldEmoji(raw), Raw: raw, Start: i, End: i + n})
					i += n
					continue
				}
			}
			switch {
			case isASCIIAlnum(c):
				if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && !wordBefore(s, i) {
					if n := urlLen(s, i); n > 0 {
						dst = appendURL(dst, s, i, i+n)
						i += n
						continue
					}
				}
				if letterFace(s, i) && !wordBefore(s, i) {
					if t, n := emoticonAt(s, i); n > 0 {
						dst = append(dst, t)
						i += n
						continue
					}
				}
				dst, i = scanWord(dst, s, i)
				continue
			case c == '#':
				if n := tagLen(s, i, 1); n > 0 {
					dst = append(dst, hashtag(s, i, i+n))
					i += n
					continue
				}
			case c == '@':
				if n := mentionLen(s, i, 1); n > 0 {
					dst = append(dst, mention(s, i, i+n))
					i += n
					continue
				}
			case c == '$':
				if n := cashtagLen(s, i); n > 0 {
					raw := s[i : i+n]
					dst = append(dst, Token{Kind: Cashtag, Text: Fold(raw[1:]), Raw: raw, Start: i, End: i + n, Upper: n > 2 && isUpperASCII(raw[1:])})
					i += n
					continue
				}
			}
			if isEmoticonStart(c) && (!wordBefore(s, i) || afterEmoticon(dst, i)) {
				if t, n := emoticonAt(s, i); n > 0 {
					dst = append(dst, t)
					i += n
					continue
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '＃' && tagLen(s, i, size) > 0: // the full-width sign, as networks read it
			n := tagLen(s, i, size)
			dst = append(dst, hashtag(s, i, i+n))
			i += n
		case r == '＠' && mentionLen(s, i, size) > 0:
			n := mentionLen(s, i, size)
			dst = append(dst, mention(s, i, i+n))
			i += n
		case isEmojiRune(r):
			cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s[i:], -1)
			n := len(cluster)
			if n == 0 {
				n = size
			}
			raw := s[i : i+n]
			dst = append(dst, Token{Kind: Emoji, Text: foldEmoji(raw), Raw: raw, Start: i, End: i + n})
			i += n
		case isWordRune(r):
			dst, i = scanWord(dst, s, i)
		default:
			i += size
		}
	}
	return dst
}

// letterFace reports whether s[i:] starts as an emoticon that starts
// with a letter does: "xD", "o_O", "T_T", "D:". Words such as "of" or
// "Do" are not looked for among the emoticons.
func letterFace(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	switch s[i] {
	case 'x', 'X', 'D', 'o', 'O', 'T':
		switch s[i+1] {
		case '_', 'D', 'd', ':':
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isASCIIAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// afterEmoticon reports whether the last token is an emoticon that ends
// at i: faces in a row ("<3<3") are each a face, though the first ends
// in a digit.
func afterEmoticon(dst []Token, i int) bool {
	return len(dst) > 0 && dst[len(dst)-1].Kind == Emoticon && dst[len(dst)-1].End == i
}

// keycapLen returns the length of the keycap emoji at i ("1️⃣", "#️⃣",
// "*⃣": a digit, # or *, a variation selector or not, U+20E3), or 0.
func keycapLen(s string, i int) int {
	j := i + 1
	if strings.HasPrefix(s[j:], "\uFE0F") {
		j += len("\uFE0F")
	}
	if strings.HasPrefix(s[j:], "\u20E3") {
		return j + len("\u20E3") - i
	}
	return 0
}

// isWordRune reports whether r can start or continue a word. Variation
// selectors, which are marks, are not: "©️" and "↔️" make no word; nor is
// ʼ (U+02BC), a letter that is typed as an apostrophe ("lʼamour").
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return unicode.IsLetter(r) && r != '\u02BC' || unicode.IsDigit(r) || (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)) && !isVariationSelector(r)
}

func isVariationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
}

// wordBefore reports whether the rune ending at byte i is a word rune, in
// which case a sigil or emoticon at i is part of something else ("C#",
// "a@b", "12:30").
func wordBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r) || r == '_'
}

func isApostrophe(s string, i int) int {
	if s[i] == '\'' || s[i] == '`' {
		return 1 // ` typed for one: "don`t", "l`ami"
	}
	if strings.HasPrefix(s[i:], "\u00B4") {
		return len("\u00B4") // ´, the spacing acute typed for one: "c´est", "don´t"
	}
	// ’ (U+2019), the typographic apostrophe; ʼ (U+02BC), the modifier
	// letter some keyboards type; ‘ (U+2018), typed for one by mistake;
	// ＇ (U+FF07), the full-width one of Asian keyboards.
	// Fold turns each into '.
	if s[i] == 0xE2 && (strings.HasPrefix(s[i:], "\u2019") || strings.HasPrefix(s[i:], "\u2018")) {
		return len("\u2019")
	}
	if strings.HasPrefix(s[i:], "\u02BC") {
		return len("\u02BC")
	}
	if strings.HasPrefix(s[i:], "\uFF07") {
		return len("\uFF07") // full-width, which NFKC folds to '
	}
	return 0
}

// elision returns the token text of w, a word before an apostrophe, if w
// is a French word that loses its vowel before another word ("l'amour",
// "qu'il", "jusqu'à"): such a word becomes a token of its own, so that
// "amour" matches "l'amour". The texts are constants: a post's many
// elisions allocate nothing.
func elision(w string) (string, bool) {
	if 0 < len(w) && len(w) <= 2 && isASCIILetter(w[0]) && isASCIILetter(w[len(w)-1]) {
		// Fold of one or two ASCII letters is their lower case.
		var low [2]byte
		for i := range len(w) {
			low[i] = w[i] | 0x20
		}
		return elided(string(low[:len(w)]))
	}
	return elided(Fold(w))
}

// maxElisionBytes bounds the bytes before an elision's apostrophe: six
// letters ("lorsqu") of up to four bytes each (full-width forms), with
// some room for combining marks.
const maxElisionBytes = 32

// elided is elision for a folded word.
func elided(w string) (string, bool) {
	switch w {
	case "l":
		return "l'", true
	case "d":
		return "d'", true
	case "j":
		return "j'", true
	case "n":
		return "n'", true
	case "c":
		return "c'", true
	case "s":
		return "s'", true
	case "m":
		return "m'", true
	case "t":
		return "t'", true
	case "qu":
		return "qu'", true
	case "jusqu":
		return "jusqu'", true
	case "lorsqu":
		return "lorsqu'", true
	case "puisqu":
		return "puisqu'", true
	case "quoiqu":
		return "quoiqu'", true
	case "presqu":
		return "presqu'", true
	}
	return "", false
}

// scanWord reads a word or number starting at i, appends it to dst and
// returns the index just after it. A word of ASCII letters alone, most
// words, is read by asciiLetters' loop, which keeps few variables (in
// scanWordAny's they went to the stack and back at every character);
// TestScanWordASCIILetters and FuzzTokenize compare the two.
func scanWord(dst []Token, s string, i int) ([]Token, int) {
	end, uppers, elong := asciiLetters(s, i)
	if end == i {
		return scanWordAny(dst, s, i)
	}
	// appendWord for a word of ASCII letters alone, which has no
	// possessive to drop.
	dst, t := nextSlot(dst)
	raw := s[i:end]
	t.Kind, t.Text, t.Raw, t.Start, t.End, t.Parts = Word, raw, raw, i, end, nil
	if elong {
		t.Text = Fold(raw)
	} else if uppers > 0 {
		t.Text = foldChars(raw)
	}
	t.Elongated, t.Upper, t.asciiWord = elong, uppers >= 2 && uppers == end-i, true
	return dst, end
}

// nextSlot extends dst by one token, whose slot it returns: the caller
// sets its every field (it may hold a token of an earlier post).
func nextSlot(dst []Token) ([]Token, *Token) {
	if len(dst) == cap(dst) {
		dst = slices.Grow(dst, 1)
	}
	dst = dst[:len(dst)+1]
	return dst, &dst[len(dst)-1]
}

// asciiLetters reads the ASCII letters of s from i on, the whole of most
// words, with few variables to keep: it returns the index after them, how
// many are capitals, and whether a letter repeats 3 times ("trooop",
// "TROOOP"). It returns i when they may not be the whole word, as when a
// digit, an apostrophe (' or `) or a non-ASCII character follows them
// (scanWordAny reads those).
func asciiLetters(s string, i int) (end, uppers int, elong bool) {
	j := i
	var p1, p2 byte // the last two letters, in lower case
	for ; j < len(s); j++ {
		c := s[j]
		if c-'a' > 'z'-'a' {
			if c-'A' > 'Z'-'A' {
				break
			}
			uppers++
			c += 'a' - 'A'
		}
		if c == p1 && c == p2 {
			elong = true
		}
		p2, p1 = p1, c
	}
	if j < len(s) {
		if c := s[j]; c >= utf8.RuneSelf || c-'0' <= '9'-'0' || c == '\'' || c == '`' {
			return i, 0, false
		}
	}
	return j, uppers, elong
}

// scanWordAny is scanWord for any word: of letters of any script, digits,
// marks, apostrophes, and numbers with their separators.
func scanWordAny(dst []Token, s string, i int) ([]Token, int) {
	start := i
	letters, uppers := 0, 0
	digitsOnly := true
	elong := false
	var prev rune
	run := 0
	folded := true // lower-case ASCII: Fold has nothing to do but squeeze
	ascii := true  // and elong says whether Fold squeezes
	other := false // a digit, a mark, or a backtick for an apostrophe
	apostrophe := false
	for i < len(s) {
		if c := s[i]; 'a' <= c && c <= 'z' {
			// The most common bytes of a word, at the least cost.
			j, p, r, e := lowerLetters(s, i, prev, run)
			letters += j - i
			digitsOnly = false
			prev, run, elong, i = p, r, elong || e, j
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			folded, ascii = false, false
		} else if isASCIILetter(byte(r)) {
			// The common case, without Unicode tables.
			letters++
			if r <= 'Z' {
				uppers++
				folded = false
				r += 'a' - 'A'
			}
			digitsOnly = false
			prev, run = letterRun(r, prev, run)
			elong = elong || run >= 3
			i++
			continue
		}
		if isWordRune(r) {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					uppers++
				}
				digitsOnly = false
				prev, run = letterRun(unicode.ToLower(r), prev, run)
				elong = elong || run >= 3
			} else {
				prev, run = 0, 0
				other = true
				if !unicode.IsDigit(r) {
					digitsOnly = false
				}
			}
			i += size
			continue
		}
		// Decimal and thousands separators inside a number.
		if digitsOnly && (r == '.' || r == ',') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		if invisibleInWord(r) && letters > 0 && i+size < len(s) {
			if nr, _ := utf8.DecodeRuneInString(s[i+size:]); unicode.IsLetter(nr) {
				// "gr\u00adève": one word, which Fold reads without it.
				folded, ascii, digitsOnly = false, false, false
				i += size
				continue
			}
		}
		if n := isApostrophe(s, i); n > 0 && i+n < len(s) {
			nr, _ := utf8.DecodeRuneInString(s[i+n:])
			if unicode.IsLetter(nr) && letters > 0 && !digitsOnly {
				// Only a word's first apostrophe can end an elision,
				// and only after a few letters: folding all that was
				// read at every apostrophe of "a'a'a'…" took time
				// quadratic in its length.
				if !apostrophe && i-start <= maxElisionBytes {
					if text, ok := elision(s[start:i]); ok {
						return append(dst, Token{Kind: Word, Text: text, Raw: s[start : i+n], Start: start, End: i + n, asciiWord: ascii && !other && s[i] == '\''}), i + n
					}
				}
				apostrophe = true
				if s[i] == '`' {
					// Folded to ' ("don`t" is "don't"); no word the
					// language detector may take as written. ´ is not
					// ASCII: Fold reads the word already.
					folded, other = false, true
				}
				digitsOnly = false
				prev, run = 0, 0
				i += n
				continue
			}
		}
		break
	}
	if digitsOnly {
		raw, text := s[start:i], s[start:i]
		if !ascii && !norm.NFKC.IsNormalString(raw) {
			text = norm.NFKC.String(raw) // full-width "２０２４" is 2024
		}
		return append(dst, Token{Kind: Number, Text: text, Raw: raw, Start: start, End: i}), i
	}
	return appendWord(dst, s, start, i, letters, uppers, elong, ascii, folded, other), i
}

// appendWord appends the word s[start:end], of which scanWordAny read
// letters letters and uppers capitals, elongated or not; ascii says it is
// all ASCII, folded that it is in lower case ASCII, and other that it
// holds a digit, a mark or a backtick for an apostrophe.
func appendWord(dst []Token, s string, start, end, letters, uppers int, elong, ascii, folded, other bool) []Token {
	raw := s[start:end]
	// Every field is set here or below, without a Token built and
	// copied: the slot may hold a token of an earlier post (FuzzTokenize
	// appends over such slots).
	dst, t := nextSlot(dst)
	t.Kind, t.Text, t.Raw, t.Start, t.End, t.Parts = Word, raw, raw, start, end, nil
	switch {
	case elong || !ascii:
		t.Text = Fold(raw) // squeezes "trooop" to "trop"; folding may make a run ("éee")
	case !folded:
		t.Text = foldChars(raw) // upper-case ASCII without a run: lower case
	}
	t.Elongated = elong
	t.asciiWord = ascii && !other
	if n := len(t.Text); n > 3 && t.Text[n-2:] == "'s" {
		t.Text = t.Text[:n-2]
	}
	t.Upper = letters >= 2 && uppers == letters
	return dst
}

// lowerLetters reads the lower-case ASCII letters of s from i on, which
// continue a run of run letters prev, and returns the index after them,
// the run they end with, and whether a run reached 3 letters ("trooop").
// Its loop keeps its state in locals of its own: scanWord's, whose other
// paths call functions, loaded and stored it for each letter.
func lowerLetters(s string, i int, prev rune, run int) (int, rune, int, bool) {
	elong := false
	for ; i < len(s); i++ {
		c := rune(s[i])
		if c < 'a' || c > 'z' {
			break
		}
		if c != prev {
			prev, run = c, 1
		} else if run++; run >= 3 {
			elong = true
		}
	}
	return i, prev, run, elong
}

// letterRun extends the run of identical lower-case letters that prev
// ends, run long, with the letter lr: three make a word elongated.
func letterRun(lr, prev rune, run int) (rune, int) {
	if lr == prev {
		return prev, run + 1
	}
	return lr, 1
}

// squeeze shortens every run of 3 or more identical letters to keep
// letters; shorter runs stay as they are ("aller" keeps its double l).
func squeeze(s string, keep int) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		n := 1
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if r2 != r {
				break
			}
			j += size2
			n++
		}
		if n >= 3 && unicode.IsLetter(r) {
			n = keep
		}
		for k := 0; k < n; k++ {
			b.WriteRune(r)
		}
		i = j
	}
	return b.String()
}
