package text

// minSlow is the shortest time, in minutes, that belies praise of a
// service's speed when the post marks it as the time taken (a week).
const minSlow = 7 * 24 * 60

// minSlowLittle is the shortest time, in minutes, that belies such praise
// when the post says it was little ("only", "seulement"): three weeks.
const minSlowLittle = 21 * 24 * 60

// slowPraise finds praise of a service's speed belied by the time it
// took: a length of a week or more told as that time, with what marks
// it so — "only", "just", "a mere", "seulement", "à peine", "ne … que"
// before it (three weeks or more: "only 2 weeks to New Zealand" is
// quick), "later", "après", "plus tard" after it, "after" before it,
// what it took to do after it ("6 weeks to process a claim", "7 mois
// pour un remboursement"), or as a sentence of its own ("… la réponse
// rapide. 11 semaines."). "Thanks for handling my claim so quickly —
// only took 4 months", "Merci pour la rapidité, 7 mois pour un
// remboursement". It returns the speed word and the length's first and
// last tokens, or -1s. A speed word negated ("pas très rapide") praises
// nothing; "only took 2 days" is quick indeed, speed compared with what
// was expected is sincere ("12 jours après. Bien plus rapide que
// prévu"), and a length told without a mark ("took 3 weeks but they
// sorted it") may be fair.
//
// A speed word is belied too by a wait on hold, late or stuck that the
// quantities read (meas): "picking up so quickly today. 1 hour 52
// minutes on hold". Thanks for a fix (fixes: "restoring", "rétabli") are
// belied the same way when a length of a week or more is said to be
// little ("only", "seulement"): "Cheers @VodafoneUK for restoring my
// signal, only took three weeks".
func slowPraise(s string, toks []Token, marks []mark, meas []measure, lang string, fixes func(w string) bool, quantity bool) (speed, from, to int) {
	if !quantity {
		return -1, -1, -1 // most posts: no length, and the speed word needs one
	}
	speed = -1
	fixed := false
	for k := range toks {
		if speedWord(toks[k].Text) && marks[k] != markNegated && !compared(toks, k) && praisesService(toks, k) {
			speed, fixed = k, false // praise of speed wins over thanks for a fix
			break
		}
		if speed < 0 && thanksWord(toks[k].Text) && marks[k] != markNegated {
			if j := thankedFor(toks, k, fixes); j >= 0 {
				speed, fixed = j, true
			}
		}
	}
	if speed < 0 {
		return -1, -1, -1 // no speed praised
	}
	if !fixed {
		// A wait on hold, late or stuck (not a plain wait: measures.go)
		// belies the speed praised: "Thanks @HMRC for picking up so
		// quickly today. 1 hour 52 minutes on hold".
		for _, q := range meas {
			if !q.weak && q.val == waitValence {
				return speed, q.from, q.to
			}
		}
	}
	m := measuring{s: s, toks: toks, fr: lang == "fr" || lang == Und || lang == "", en: lang != "fr"}
	for i := range toks {
		mins, end, ok := m.duration(i)
		if !ok || mins < minSlow {
			continue
		}
		if fixed && m.markBefore(i) == markedLittle || !fixed && m.slowMarked(i, end, mins) {
			return speed, i, end
		}
	}
	return -1, -1, -1
}

// thankedFor returns the fix the thanks at toks[k] are for, within five
// words ("Cheers @Vodafone for restoring", "Merci d'avoir rétabli la
// fibre"), or -1.
func thankedFor(toks []Token, k int, fixes func(w string) bool) int {
	for j := k + 1; j < len(toks) && j <= k+5; j++ {
		if fixes(toks[j].Text) {
			switch toks[j-1].Text {
			case "for", "pour", "de", "d'", "avoir":
				return j
			}
		}
	}
	return -1
}

// What stands before a length of time (markBefore).
const (
	markedNone   = iota
	markedLittle // said to be little: "only took three weeks", "seulement 3 semaines", "à peine 4 mois", "il n'a fallu que…"
	markedAfter  // a time after which: "after 3 weeks", "après 2 mois"
)

// markBefore returns what marks the length at toks[i] in the three words
// before it, in its clause, past "took", "il a fallu" and the like.
func (m *measuring) markBefore(i int) int {
	toks := m.toks
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if clauseBreak(m.s[toks[k].End:toks[k+1].Start]) {
			return markedNone
		}
		switch toks[k].Text {
		case "only", "just", "mere", "seulement", "peine", "juste", "que", "qu'":
			return markedLittle
		case "after", "apres":
			if k == 0 {
				return markedNone // a timeline heading the post: "After 3 weeks in Japan: …"
			}
			return markedAfter
		case "a", "took", "taken", "it", "fallu", "pris", "mis", "il", "ca", "m'", "nous":
			continue
		}
		return markedNone
	}
	return markedNone
}

// slowMarked reports whether the length toks[i:end+1] is marked as the
// time a service took (slowPraise).
func (m *measuring) slowMarked(i, end int, mins float64) bool {
	toks := m.toks
	if end+1 < len(toks) {
		switch toks[end+1].Text {
		case "ago":
			return false // "8 months ago"
		case "of", "d'":
			for j := end + 2; j < len(toks) && j <= end+3; j++ {
				switch toks[j].Text {
				case "use", "usage", "utilisation", "service", "ownership":
					return false // "after 8 months of (daily) use", "après 8 mois d'utilisation"
				}
			}
		}
	}
	switch m.markBefore(i) {
	case markedLittle:
		return mins >= minSlowLittle // three weeks or more: "only 2 weeks to New Zealand" is quick
	case markedAfter:
		return true
	}
	if (i == 0 || sentenceBreak(m.s[toks[i-1].End:toks[i].Start])) && (end+1 == len(toks) || sentenceBreak(m.s[toks[end].End:toks[end+1].Start])) {
		return true // a sentence of its own: "… la réponse rapide à ma réclamation. 11 semaines."
	}
	if end+1 < len(toks) {
		switch toks[end+1].Text {
		case "later", "apres":
			// "3 weeks later", "2 mois après", not "2 semaines après
			// la commande", a timeline.
			return end+2 == len(toks) || clauseBreak(m.s[toks[end+1].End:toks[end+2].Start])
		case "plus":
			return end+2 < len(toks) && toks[end+2].Text == "tard"
		}
	}
	return m.forService(end+1) || m.serviceAfter(end+1)
}

// serviceAfter reports whether toks[k:] name what a service took that
// long to give: "pour un remboursement", "for a reply", "to get my
// refund".
func (m *measuring) serviceAfter(k int) bool {
	toks := m.toks
	if k >= len(toks) {
		return false
	}
	switch toks[k].Text {
	case "pour", "for":
	default:
		return false
	}
	for j := k + 1; j < len(toks) && j <= k+3; j++ {
		switch toks[j].Text {
		case "remboursement", "reponse", "retour", "reparation", "livraison", "colis", "dossier", "rappel", "intervention", "raccordement",
			"refund", "reply", "response", "answer", "repair", "delivery", "parcel", "claim", "callback", "engineer", "replacement":
			return true
		}
	}
	return false
}

// speedWord reports whether w praises a service's speed: "quickly",
// "speedy", "lightning", "rapidité", "réactivité", "efficacité".
func speedWord(w string) bool {
	switch w {
	case "quick", "quickly", "fast", "speedy", "swift", "swiftly", "prompt", "promptly", "rapid", "rapidly", "lightning", "efficient", "efficiency", "snappy",
		"rapide", "rapides", "rapidement", "rapidite", "vite", "reactivite", "reactif", "reactive", "reactifs", "efficace", "efficacite", "celerite", "eclair":
		return true
	}
	return false
}

// compared reports whether the word at toks[k] is compared with
// something: "plus rapide que prévu", "more efficient than expected",
// "aussi rapide que".
func compared(toks []Token, k int) bool {
	if k > 0 {
		switch toks[k-1].Text {
		case "plus", "more", "aussi", "as", "moins", "less":
			return true
		}
	}
	return k+1 < len(toks) && (toks[k+1].Text == "que" || toks[k+1].Text == "qu'" || toks[k+1].Text == "than")
}

// praisesService reports whether the speed word at toks[k] praises what a
// service did, not a message's shortness ("Quick update", "quick
// question") nor the pace of life ("how quickly the kids grow").
func praisesService(toks []Token, k int) bool {
	if k > 0 && (toks[k-1].Text == "how" || toks[k-1].Text == "comme") {
		return false
	}
	if k+1 < len(toks) {
		switch toks[k+1].Text {
		case "update", "updates", "question", "questions", "q", "reminder", "note", "look", "thought", "thoughts", "shout", "heads", "poll", "tip", "reminders", "point":
			return false
		}
	}
	return true
}
