package text

import (
	"unicode"
	"unicode/utf8"
)

// tagLen returns the length of the hashtag starting with a sign of sigil
// bytes at i ('#', or '＃' of Chinese and Japanese keyboards), or 0. A
// hashtag needs at least one letter ("#1" is not one) and must not follow a
// word character ("C#", "issue#12").
func tagLen(s string, i, sigil int) int {
	if wordBefore(s, i) {
		return 0
	}
	j := i + sigil
	hasLetter := false
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == '_' || isWordRune(r) {
			if unicode.IsLetter(r) {
				hasLetter = true
			}
			j += size
			continue
		}
		// A variation selector after a letter is noise from some keyboards.
		break
	}
	if !hasLetter {
		return 0
	}
	return j - i
}

// sigilBody returns a hashtag's or a mention's Raw without its sign
// ("#", "@", or their full-width forms).
func sigilBody(raw string) string {
	if raw != "" && raw[0] < utf8.RuneSelf {
		return raw[1:]
	}
	_, n := utf8.DecodeRuneInString(raw)
	return raw[n:]
}

func mention(s string, start, end int) Token {
	raw := s[start:end]
	return Token{Kind: Mention, Text: Fold(sigilBody(raw)), Raw: raw, Start: start, End: end}
}

func hashtag(s string, start, end int) Token {
	raw := s[start:end]
	body := sigilBody(raw)
	t := Token{Kind: Hashtag, Raw: raw, Start: start, End: end, Text: Fold(body)}
	t.Parts = splitTag(body)
	letters, uppers := 0, 0
	for _, r := range body {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		}
	}
	t.Upper = letters >= 2 && uppers == letters
	return t
}

// splitTag splits a hashtag body on underscores, lower→upper changes
// ("GreveSNCF" → "Greve", "SNCF"; not after one lower-case letter that
// starts the tag: "iPhone15" → "iPhone", "15"), the last capital of an acronym followed
// by lower case ("SNCFGreve" → "SNCF", "Greve") and letter/digit changes
// ("COVID19" → "COVID", "19"); the parts are folded. It returns nil, without
// allocating, when the body does not split.
func splitTag(body string) []string {
	n := 0
	tagParts(body, func(string) { n++ })
	if n < 2 {
		return nil
	}
	parts := make([]string, 0, n)
	tagParts(body, func(p string) { parts = append(parts, Fold(p)) })
	return parts
}

// tagParts calls emit with each part of a hashtag body, unfolded.
func tagParts(body string, emit func(string)) {
	const (
		other = iota
		lower
		upper
		digit
	)
	classOf := func(r rune) int {
		switch {
		case unicode.IsUpper(r):
			return upper
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			return lower
		case unicode.IsDigit(r):
			return digit
		}
		return other
	}
	start, prevClass, prevStart := 0, other, 0
	upperRun := 0 // capitals in a row, up to the previous rune
	flush := func(end int) {
		if end > start {
			emit(body[start:end])
		}
	}
	for i, r := range body {
		if r == '_' {
			flush(i)
			start, prevClass, upperRun = i+1, other, 0
			continue
		}
		c := classOf(r)
		switch {
		case prevClass == lower && c == upper && prevStart == start && (start == 0 || body[start-1] == '_'):
			// One lower-case letter that starts the tag (or a part after
			// "_") before a capital is a brand's prefix, not a word:
			// "iPhone", "eBay". After a digit it is an ordinal's ending:
			// "5eRépublique".
		case prevClass == lower && c == upper,
			prevClass == digit && c != digit,
			prevClass != digit && prevClass != other && c == digit:
			flush(i)
			start = i
		case prevClass == upper && c == lower && prevStart > start && upperRun >= 2:
			// "SNCFGreve": the G starts the next word.
			flush(prevStart)
			start = prevStart
		}
		if c == upper {
			upperRun++
		} else {
			upperRun = 0
		}
		prevClass, prevStart = c, i
	}
	flush(len(body))
}

// mentionLen returns the length of the @mention at i, or 0. Handles accept
// letters, digits and '_', with inner '.' and '-' (Bluesky
// "@alice.bsky.social") and one inner '@' (fediverse "@alice@example.org").
// Its sign is sigil bytes long ('@', or '＠' of full-width keyboards).
func mentionLen(s string, i, sigil int) int {
	if wordBefore(s, i) {
		return 0
	}
	j := i + sigil
	ats := 0
	for j < len(s) {
		c := s[j]
		if isASCIIAlnum(c) || c == '_' {
			j++
			continue
		}
		if (c == '.' || c == '-' || (c == '@' && ats == 0)) && j > i+sigil && j+1 < len(s) && (isASCIIAlnum(s[j+1]) || s[j+1] == '_') {
			if c == '@' {
				ats++
			}
			j++
			continue
		}
		break
	}
	if j == i+sigil {
		return 0
	}
	return j - i
}

// cashtagLen returns the length of a $TICKER at i (1 to 6 ASCII letters,
// optionally ".X" share class), or 0; "$5" and "$HOME2" are not cashtags.
func cashtagLen(s string, i int) int {
	if wordBefore(s, i) {
		return 0
	}
	j := i + 1
	for j < len(s) && j-i <= 7 && (('A' <= s[j] && s[j] <= 'Z') || ('a' <= s[j] && s[j] <= 'z')) {
		j++
	}
	n := j - i - 1
	if n < 1 || n > 6 {
		return 0
	}
	// A share class: one letter after a dot, and no more ("$BRK.B";
	// "$AAPL.com" is no ticker's).
	if j+1 < len(s) && s[j] == '.' && isASCIILetter(s[j+1]) && (j+2 == len(s) || !isASCIIAlnum(s[j+2]) && s[j+2] != '_' && s[j+2] < utf8.RuneSelf) {
		j += 2
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) || r == '_' {
			return 0
		}
	}
	return j - i
}
