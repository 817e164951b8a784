package text

import (
	"strings"
	"unicode/utf8"
)

// Sentences and clauses of a post, as the rules see them.

// sentenceIndex maps each token of a post to the first and last token of
// its sentence. It is built once per post, on first use: the rules look at
// the sentence of each fact or thanks, and scanning it each time would be
// quadratic on a long post.
type sentenceIndex struct {
	from, to []int32
	works    []int32 // the first "pour travaux", "for works"… at or after each token (len(toks) if none)
	speaker  []int8  // per sentence, at its first token: 0 not known yet, 1 in the first person or asking why, 2 not
	answer   []int8  // per sentence, at its first token: 0 not known yet, 1 an answer to a help headline, 2 not
	built    bool
	// For requested, per token, built on first use (reqBuilt, reset with
	// built): a request word from its sentence's start to before it; a
	// "please" after it in its sentence; its sentence ends with a '?'.
	reqBuilt                       bool
	reqBefore, pleaseAfter, askEnd []bool
	// titleCase: whether the post is written in title case (titleCasePost),
	// 0 not known yet, 1 yes, 2 no. Reset with built.
	titleCase int8
}

// mine reports whether the sentence toks[from:to+1] speaks in the first
// person or asks why (firstPersonOrWhy), scanning it once.
func (x *sentenceIndex) mine(toks []Token, from, to int, lang string) bool {
	if x.speaker[from] == 0 {
		x.speaker[from] = 2
		for _, t := range toks[from : to+1] {
			if firstPersonOrWhy(t.Text, lang) {
				x.speaker[from] = 1
				break
			}
		}
	}
	return x.speaker[from] == 1
}

// span returns the first and last token of the sentence of toks[i].
func (x *sentenceIndex) span(s string, toks []Token, i int) (from, to int) {
	if !x.built {
		x.build(s, toks)
	}
	return int(x.from[i]), int(x.to[i])
}

func (x *sentenceIndex) build(s string, toks []Token) {
	n := len(toks)
	if cap(x.from) < n {
		x.from, x.to, x.works = make([]int32, n), make([]int32, n), make([]int32, n)
		x.speaker, x.answer = make([]int8, n), make([]int8, n)
	}
	x.from, x.to, x.works, x.speaker, x.answer = x.from[:n], x.to[:n], x.works[:n], x.speaker[:n], x.answer[:n]
	clear(x.speaker)
	clear(x.answer)
	next := int32(n)
	for k := n - 1; k >= 0; k-- {
		x.works[k] = next
		switch toks[k].Text {
		case "travaux", "maintenance", "works", "engineering", "entretien":
			p := k - 1
			if p > 0 && plannedWord(toks[p].Text) {
				p-- // "for planned maintenance"
			}
			if p >= 0 && (toks[p].Text == "pour" || toks[p].Text == "for") {
				next = int32(p)
			} else if k > 1 && toks[k-1].Text == "d'" && toks[k-2].Text == "cause" {
				next = int32(k - 2)
			}
		}
		if next < x.works[k] {
			x.works[k] = next
		}
	}
	for i := range toks {
		x.from[i] = int32(i)
		if i > 0 && !sentenceBreak(s[toks[i-1].End:toks[i].Start]) {
			x.from[i] = x.from[i-1]
		}
	}
	for i := n - 1; i >= 0; i-- {
		x.to[i] = int32(i)
		if i+1 < n && x.from[i+1] == x.from[i] {
			x.to[i] = x.to[i+1]
		}
	}
	x.built = true
}

// sentenceBreak reports whether the text between two tokens ends a
// sentence.
func sentenceBreak(gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch c := gap[i]; {
		case c == '.' || c == '!' || c == '?' || c == '\n':
			return true
		case c >= utf8.RuneSelf:
			return strings.ContainsAny(gap[i:], sentenceMarks)
		}
	}
	return false
}

// sentenceMarks and clauseMarks are what sentenceBreak and clauseBreak
// look for. ContainsAny would look each rune of a gap up in them; the
// functions test ASCII bytes at once, and hand the rest of a gap to it
// from its first other byte on (TestBreakMarks compares them).
const (
	sentenceMarks = ".!?\n…！？"
	clauseMarks   = ".,;:!?\n()[]«»\"…！？"
)

// emojiBreak reports whether a word follows emoji or an emoticon, which
// end a clause as punctuation does: "rien ne manquait 🙏 merci".
func emojiBreak(toks []Token, i int) bool {
	p := toks[i-1].Kind
	return toks[i].Kind == Word && (p == Emoji || p == Emoticon)
}

// pause reports whether the text between two tokens holds an ellipsis:
// "remercie les habitants... après 6 mois", "ma demande… 7 mois après".
func pause(gap string) bool {
	return strings.Contains(gap, "...") || strings.Contains(gap, "…")
}

// clauseBreak reports whether the text between two tokens ends a clause,
// which ends a negation's scope.
func clauseBreak(gap string) bool {
	if gap == " " {
		return false // most gaps
	}
	for i := 0; i < len(gap); i++ {
		switch c := gap[i]; {
		case clauseBytes[c>>6]&(1<<(c&63)) != 0:
			return true
		case c >= utf8.RuneSelf:
			return strings.ContainsAny(gap[i:], clauseMarks)
		}
	}
	return false
}

// clauseBytes is the set of the ASCII bytes of clauseMarks, a bit each.
var clauseBytes = func() (set [4]uint64) {
	for _, c := range []byte(clauseMarks) {
		if c < utf8.RuneSelf {
			set[c>>6] |= 1 << (c & 63)
		}
	}
	return set
}()

// sentenceEnd finds where the sentence going on at a byte offset ends, and
// whether it is a question (a '?' not followed by '!': "?!" is an
// exclamation). It remembers the last sentence found, so that the words
// of one sentence cost one scan between them.
type sentenceEnd struct {
	end int // byte offset of the punctuation that ends the sentence, or len(s)
	q   bool
	ok  bool
}

// question reports whether the sentence going on at byte from of s ends
// with a question mark.
func (e *sentenceEnd) question(s string, from int) bool {
	if !e.ok || from > e.end {
		e.ok = true
		k := strings.IndexAny(s[from:], ".!?\n")
		if k < 0 {
			e.end, e.q = len(s), false
		} else {
			e.end = from + k
			e.q = s[e.end] == '?' && !strings.HasPrefix(strings.TrimLeft(s[e.end:], "?"), "!")
		}
	}
	return e.q
}

// requested reports whether the sentence of toks[i] asks for what the
// verb toks[i] does: it ends with a question mark, a request opens it
// before the verb ("please", "can you", "vous pouvez", "merci de"), or a
// "please" follows it. What each token's sentence holds before and after
// it is worked out once per post, on first use: reading each verb's
// sentence took time quadratic in a sentence of repeated verbs ("left me
// left me…").
func (x *sentenceIndex) requested(s string, toks []Token, i int) bool {
	if !x.built {
		x.build(s, toks)
	}
	if !x.reqBuilt {
		n := len(toks)
		if cap(x.reqBefore) < n {
			x.reqBefore, x.pleaseAfter, x.askEnd = make([]bool, n), make([]bool, n), make([]bool, n)
		}
		x.reqBefore, x.pleaseAfter, x.askEnd = x.reqBefore[:n], x.pleaseAfter[:n], x.askEnd[:n]
		for k := range n {
			x.reqBefore[k] = k > 0 && x.from[k] == x.from[k-1] && (x.reqBefore[k-1] || requestWord(toks, k-1))
		}
		for k := n - 1; k >= 0; k-- {
			switch {
			case k+1 < n && x.from[k+1] == x.from[k]:
				x.pleaseAfter[k] = x.pleaseAfter[k+1] || pleaseWord(toks[k+1].Text)
				x.askEnd[k] = x.askEnd[k+1]
			case k+1 < n:
				x.pleaseAfter[k], x.askEnd[k] = false, strings.Contains(s[toks[k].End:toks[k+1].Start], "?")
			default:
				x.pleaseAfter[k], x.askEnd[k] = false, strings.Contains(s[toks[k].End:], "?")
			}
		}
		x.reqBuilt = true
	}
	return x.reqBefore[i] || x.pleaseAfter[i] || x.askEnd[i]
}
