package text

import "strings"

// recurValence is what a failure that keeps coming back weighs, as a
// fact of facts.tsv ("crash toutes les 10 minutes").
const recurValence = -1.8

// recurringFailure finds a failure told as coming back at intervals: a
// verb that breaks or cuts off ("restarts", "drops", "disconnects",
// "buffers", "redémarre", "coupe", "plante", "saute") followed within a
// few words, in its clause, by a period ("every 20 minutes", "every
// single time", "toutes les 5 minutes", "3 fois par jour", "twice an
// hour", "tous les soirs"). "Love that my router restarts every 20
// minutes" is sarcasm; "la box redémarre toutes les nuits pour se
// mettre à jour" is how it works, and a period after a verb that only
// plans ("updates every night") is no failure. It returns the verb and
// the period's last token, or -1, -1.
func recurringFailure(s string, toks []Token, fr, en bool) (from, to int) {
	// Periods are rarer than verbs: find one, then its verb before it.
	for k := range toks {
		if !periodStart(&toks[k]) {
			continue // most tokens: no period starts there
		}
		end := periodCases(toks, k)
		if end < 0 {
			continue
		}
		if end+2 < len(toks) && (toks[end+1].Text == "pour" || toks[end+1].Text == "to") && (toks[end+2].Text == "se" || toks[end+2].Text == "update" || toks[end+2].Text == "s'") {
			continue // "toutes les nuits pour se mettre à jour"
		}
		for i := k - 1; i >= 0 && i >= k-6; i-- {
			if clauseBreak(s[toks[i].End:toks[i+1].Start]) {
				break
			}
			if failing(toks, i, fr, en) {
				return i, end
			}
		}
	}
	return -1, -1
}

// failing reports whether toks[i] is a verb of a failure that can come
// back, not a noun ("une rame", "a crash"), not the writer's own doing
// ("je coupe le wifi"), not "dropped off", and not a price that drops.
func failing(toks []Token, i int, fr, en bool) bool {
	if toks[i].Kind != Word || !(en && (breaksEN(toks[i].Text) || breaksWithEN(toks, i))) && !(fr && breaksFR(toks[i].Text)) {
		return false
	}
	if strings.HasPrefix(toks[i].Text, "drop") && i > 0 {
		if p := toks[i-1].Text; p == "price" || p == "prices" || p == "cost" || p == "costs" || p == "rate" || p == "rates" {
			return false // "the price drops every week"
		}
	}
	if i > 0 && determiner(toks[i-1].Text) && !(fr && toks[i-1].Text == "a") {
		return false // a noun: "une rame toutes les 85 secondes", "a crash every"; not "a planté"
	}
	if ownSubject(toks, i) {
		return false // the writer's doing: "je coupe le wifi toutes les heures"
	}
	if i+1 < len(toks) && breaksEN(toks[i].Text) {
		switch toks[i+1].Text {
		case "off", "by", "laughing", "in":
			// "dropped off soup every evening", "dies laughing every
			// time"; not "drops off every 20 minutes".
			if i+2 >= len(toks) || period(toks, i+2) < 0 {
				return false
			}
		}
	}
	if fr && toks[i].Text == "saute" && i+1 < len(toks) {
		switch toks[i+1].Text {
		case "sur", "dans", "par", "de", "du", "au":
			return false // "le chat saute sur mon lit toutes les nuits"
		}
	}
	return true
}

// breaksEN reports whether w is an English verb of a failure that can
// come back: "restarts", "crashes", "drops", "disconnects", "freezes".
func breaksEN(w string) bool {
	switch w {
	case "restarts", "restarted", "restarting", "reboots", "rebooted", "rebooting", "crashes", "crashed", "crashing", "freezes", "froze", "freezing",
		"drops", "dropped", "dropping", "disconnects", "disconnected", "disconnecting", "buffers", "buffering", "lags", "lagging", "glitches",
		"dies", "died", "dying", "fails", "failed", "failing", "stalls", "stalled":
		return true
	}
	return false
}

// breaksWithEN reports whether w, with a particle after it, is an
// English verb of a failure that can come back: "logs me out", "cuts
// out", "goes down", "kicks me off".
func breaksWithEN(toks []Token, i int) bool {
	switch toks[i].Text {
	case "logs", "logged", "logging", "kicks", "kicked", "kicking", "cuts", "cutting", "goes", "going", "went", "shuts", "switches", "turns":
		for k := i + 1; k < len(toks) && k <= i+2; k++ {
			switch toks[k].Text {
			case "out", "off", "down", "offline", "dead", "dark", "blank", "silent":
				return true
			}
		}
	}
	return false
}

// breaksFR reports whether w is a French verb of a failure that can come
// back: "redémarre", "plante", "coupe", "déconnecte", "saute" ("rame"
// rows as often as it lags: "mon fils rame tous les jours").
func breaksFR(w string) bool {
	switch w {
	case "redemarre", "redemarrent", "reboote", "plante", "plantent", "crashe", "crashent", "bug", "bugue", "buguent", "freeze",
		"coupe", "coupent", "deconnecte", "deconnectent", "saute", "sautent", "lache", "lachent", "decroche", "decrochent", "arrete", "eteint":
		return true
	}
	return false
}

// periodStart reports whether a period may start at t (period's cases):
// a number, or one of the words that open one.
func periodStart(t *Token) bool {
	if t.Kind == Number {
		return true
	}
	if t.Kind != Word {
		return false
	}
	switch t.Text {
	case "every", "toutes", "tous", "twice", "deux", "trois":
		return true
	}
	return false
}

// period returns the last token of a period that starts at toks[k]
// ("every 20 minutes", "every single time", "toutes les 5 minutes", "3
// fois par jour", "twice an hour", "tous les soirs"), or -1.
func period(toks []Token, k int) int {
	if k < 0 || k >= len(toks) || !periodStart(&toks[k]) {
		return -1
	}
	return periodCases(toks, k)
}

// periodCases is period at a token where one may start (periodStart,
// which recurringFailure asks of every token itself). A case whose
// opening word periodStart lacks would never be reached, and a test of
// it would fail; TestPeriodStart compares the two on many posts.
func periodCases(toks []Token, k int) int {
	at := func(j int) string { return wordAt(toks, j) }
	unit := func(j int) bool {
		switch at(j) {
		case "minute", "minutes", "mins", "min", "hour", "hours", "hr", "hrs", "seconds", "secs", "day", "days", "night", "nights", "evening", "time", "times", "call", "song", "episode", "match",
			"week", "secondes", "heures", "heure", "jour", "jours", "semaine", "soirs", "nuits", "matins", "fois", "appel", "appels", "chanson", "episodes", "matchs":
			return true
		}
		return false
	}
	switch at(k) {
	case "every", "toutes", "tous":
		j := k + 1
		if at(k) != "every" {
			if at(j) != "les" {
				return -1
			}
			j++
		}
		switch {
		case j < len(toks) && toks[j].Kind == Number, at(j) == "few", at(j) == "other", at(j) == "single", at(j) == "couple", writtenCount(at(j)):
			j++
			if at(j) == "of" {
				j++ // "every couple of minutes"
			}
		}
		if unit(j) {
			return j
		}
	case "twice", "deux", "trois":
		j := k + 1
		if at(k) != "twice" {
			if at(j) != "fois" {
				return -1
			}
			j++
		}
		if at(j) == "a" || at(j) == "an" || at(j) == "per" || at(j) == "par" {
			if unit(j + 1) {
				return j + 1
			}
		}
	default:
		if k+3 < len(toks) && toks[k].Kind == Number && (at(k+1) == "times" || at(k+1) == "fois") {
			if at(k+2) == "a" || at(k+2) == "an" || at(k+2) == "per" || at(k+2) == "par" || at(k+2) == "in" || at(k+2) == "en" {
				if unit(k + 3) {
					return k + 3
				}
			}
		}
	}
	return -1
}

// writtenCount reports whether w is a number of two or more written out,
// as in "every five minutes", "toutes les trois heures".
func writtenCount(w string) bool {
	v, ok := (&measuring{fr: true, en: true}).numberWordValue(w)
	return ok && v >= 2
}

// ownSubject reports whether the writer is the subject of the verb at
// toks[i]: "je coupe", "I drop", "on coupe", "we restart".
func ownSubject(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch toks[k].Text {
		case "je", "j'", "i", "we", "on":
			return true // not "nous", an object as often ("la box nous lâche"), nor "I'm disconnected"
		case "ne", "n'", "always", "toujours", "just":
			continue // "je ne coupe", "I always restart"
		}
		return false
	}
	return false
}
