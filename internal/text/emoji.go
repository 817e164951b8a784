package text

import (
	"strings"
	"unicode/utf8"
)

// isEmojiRune reports whether r starts an emoji. The ranges cover the
// Unicode emoji blocks (pictographs, emoticons, transport, supplemental
// symbols, regional indicators for flags) and the older symbols that are
// shown as emoji (☺ ❤ ✨ ⭐ ✅ …); text symbols such as © ™ and arrows are
// left out because they rarely carry meaning in posts.
func isEmojiRune(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return !(r >= 0x1F3FB && r <= 0x1F3FF) // skin tones alone are modifiers
	case r >= 0x2600 && r <= 0x27BF:
		return true
	case r >= 0x2B05 && r <= 0x2B07, r == 0x2B1B, r == 0x2B1C, r == 0x2B50, r == 0x2B55:
		return true
	case r == 0x231A, r == 0x231B, r == 0x2328, r == 0x23CF, r >= 0x23E9 && r <= 0x23F3, r >= 0x23F8 && r <= 0x23FA:
		return true
	case r == 0x203C, r == 0x2049, r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// foldEmoji drops what only changes how an emoji looks (variation selectors,
// skin tones, and the sign that makes a person a woman or a man) so that
// 👍🏽 and 👍, and 🤦‍♀️, 🤦🏽‍♂️ and 🤦, count as the same emoji.
func foldEmoji(raw string) string {
	clean := true
	for i, r := range raw {
		if isEmojiDecoration(r) || genderSign(raw, i, r) {
			clean = false
			break
		}
	}
	if clean {
		return raw
	}
	var b strings.Builder
	skip := false // the gender sign after a joiner
	for i, r := range raw {
		switch {
		case skip:
			skip = false
		case genderSign(raw, i, r):
			skip = true // the joiner now, the sign next
		case !isEmojiDecoration(r):
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return raw
	}
	return b.String()
}

func isEmojiDecoration(r rune) bool {
	return r == 0xFE0F || r == 0xFE0E || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// genderSign reports whether r, at byte i of s, is the zero-width joiner
// of a gender sign after an emoji ("🤦" "\u200d" "♀"): the sign is part of
// the person's look, as a skin tone is. A sign alone, or joined first, is
// an emoji of its own.
func genderSign(s string, i int, r rune) bool {
	if r != 0x200D || i == 0 {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[i+len("\u200d"):])
	return next == 0x2640 || next == 0x2642
}

type emoticon struct{ face, canon string }

// emoticons are ASCII faces, longest first so that ":-)" wins over ":-".
// Each maps to its canonical form (the nose removed, sideways variants
// unified) so that sentiment needs one entry per face.
var emoticons = []emoticon{
	{">:-(", ">:("}, {":'-(", ":'("}, {"</3", "</3"}, {"^_^", "^^"}, {"-_-", "-_-"},
	{"o_O", "o_o"}, {"O_o", "o_o"}, {"o_o", "o_o"}, {"O_O", "o_o"}, {"T_T", "t_t"}, {"x_x", "x_x"},
	{":-)", ":)"}, {":-(", ":("}, {":-D", ":d"}, {";-)", ";)"}, {";-D", ";d"},
	{":-P", ":p"}, {":-p", ":p"}, {":-/", ":/"}, {":-\\", ":/"}, {":-|", ":|"}, {":-o", ":o"},
	{":-O", ":o"}, {":-*", ":*"}, {":-S", ":s"}, {">:(", ">:("}, {":'(", ":'("}, {":')", ":')"},
	{":'D", ":')"},
	{":)", ":)"}, {":(", ":("}, {":D", ":d"}, {";)", ";)"}, {";D", ";d"}, {":P", ":p"},
	{":p", ":p"}, {":/", ":/"}, {":\\", ":/"}, {":|", ":|"}, {":o", ":o"}, {":O", ":o"},
	{":*", ":*"}, {":S", ":s"}, {":s", ":s"}, {":]", ":)"}, {":[", ":("}, {":3", ":3"},
	{":@", ">:("}, {";(", ":("}, {"=)", ":)"}, {"=(", ":("}, {"=D", ":d"}, {"=]", ":)"},
	{"=/", ":/"}, {"<3", "<3"}, {"^^", "^^"}, {"xD", "xd"}, {"XD", "xd"}, {"xd", "xd"},
	{"D:", "d:"}, {"(:", ":)"},
}

// emoticonsByFirst holds the emoticons by their first byte, in their
// order (longest first): a face is tried only where its first byte is.
var emoticonsByFirst = func() (by [256][]emoticon) {
	for _, e := range emoticons {
		by[e.face[0]] = append(by[e.face[0]], e)
	}
	return by
}()

func isEmoticonStart(c byte) bool {
	switch c {
	case ':', ';', '=', '<', '>', '^', '-', 'o', 'O', 'T', 'x', '(':
		return true
	}
	return false
}

// emoticonAt matches an emoticon at i. It must not be glued to a following
// letter or digit (":Dans" is not ":D"), and "://" is never a face.
func emoticonAt(s string, i int) (Token, int) {
	rest := s[i:]
	for _, e := range emoticonsByFirst[rest[0]] {
		if !strings.HasPrefix(rest, e.face) {
			continue
		}
		// ":)))", ":DDD", "<333" are one emphatic face.
		n := len(e.face)
		last := e.face[len(e.face)-1]
		m := n
		for m < len(rest) && rest[m] == last && (last == ')' || last == '(' || last == 'D' || last == '3') {
			m++
		}
		if m < len(rest) {
			next, _ := utf8.DecodeRuneInString(rest[m:])
			if isWordRune(next) || next == '/' || next == '_' {
				continue
			}
		}
		t := Token{Kind: Emoticon, Text: e.canon, Raw: rest[:m], Start: i, End: i + m, Elongated: m-n >= 2}
		return t, m
	}
	return Token{}, 0
}
