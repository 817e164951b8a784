package text

import (
	"strconv"
	"strings"
)

// Quantities that tell a complaint: a wait or a delay told by its length
// ("waited 50 minutes for mains", "32 min d'attente", "3h de retard",
// "90 minutes late") and a price rise told by its figures ("facture
// passée de 64€ à 112€", "water bill up 22%"). They are facts of a
// complaint as those of facts.tsv are, read in the same loop — a
// negation, a condition or a notice before them applies — so praise
// around them is ironic ("Merci pour ces 50 min de musique d'attente").

// measure is the span of a quantity that tells a complaint, toks[from:to+1].
type measure struct {
	from, to int
	val      float64
}

const (
	waitValence = -1.5 // as "waiting for hours" in facts.tsv
	riseValence = -1.2 // as "prices went up"
	// minWait is the shortest wait or delay, in minutes, that is a
	// complaint: "10 min de retard" is a train's life, "2 min d'attente"
	// praise.
	minWait = 15
	// measureReach is how many tokens around a quantity are looked at for
	// what it measures ("attendu plus de", "de retard", "prix … +20 %"):
	// a window, not the sentence, so that a long post stays linear.
	measureReach = 8
)

// measures appends to dst the quantities of toks that tell a complaint,
// in order. Most posts hold no number and are skipped at once.
func measures(dst []measure, s string, toks []Token) []measure {
	dst = dst[:0]
	last := -1   // spans do not overlap
	booked := -1 // the time of day booked or arrived at, in minutes
	byBooking := false
	for i := range toks {
		if i <= last {
			continue
		}
		t := &toks[i]
		if t.Kind != Number && t.Kind != Word {
			continue
		}
		if t.Kind == Word && !(t.Text[0] >= '0' && t.Text[0] <= '9') && !(i+1 < len(toks) && numberWord(t.Text) && unitNext(toks[i+1].Text)) {
			continue // most words: no number, or one that measures no time ("a table")
		}
		if m, ok := waitAt(s, toks, i); ok && m.from > last && told(s, toks, m) {
			dst = append(dst, m)
			last = m.to
			continue
		}
		if at, end, ok := timeOfDay(s, toks, i); ok {
			// "Réservé pour 20h, installés à 21h10", "arrived at A&E at
			// 7pm, seen at 1:45": what was booked and when it came.
			k := eventBefore(s, toks, i)
			if k < 0 {
				continue
			}
			switch w := toks[k].Text; {
			case bookWord(w):
				booked, byBooking = at, true
			case booked < 0:
				if arriveWord(w) {
					booked = at
				}
			case (servedWord(w) || byBooking && (arriveWord(w) || departWord(w))) && late(booked, at):
				// A visit that lasted is no wait: "arrived at 9am, left
				// at 5pm"; a train that left late after its time is.
				if m := (measure{k, end, waitValence}); told(s, toks, m) {
					dst = append(dst, m)
					last = end
				}
			}
			continue
		}
		if m, ok := riseAt(s, toks, i); ok && m.from > last && told(s, toks, m) {
			dst = append(dst, m)
			last = m.to
			continue
		}
		if m, ok := chargeAt(s, toks, i); ok && m.from > last && told(s, toks, m) && !worthIt(toks, m.from, m.to) {
			dst = append(dst, m)
			last = m.to
		}
	}
	return dst
}

// told reports whether the quantity m is told as what happened to the
// writer, not as news, a habit or a question: "les loyers ont augmenté
// de 2,8 % en moyenne, d'après l'observatoire", "there's usually a
// 20-minute queue", "heard it went from $35 to $42", "showing a 40
// minute delay, anyone at the gate yet?" ("why did my bill go from £40
// to £65?" is a complaint).
func told(s string, toks []Token, m measure) bool {
	why := false
	for k := max(0, m.from-measureReach); k < len(toks) && k <= m.to+measureReach; k++ {
		switch toks[k].Text {
		case "selon", "according", "apres", "moyenne", "average", "usually", "generally", "typically", "often", "normally",
			"souvent", "generalement", "habituellement", "normalement", "fyi", "info", "heard", "apparently", "reportedly", "parait",
			"survey", "study", "index", "etude", "enquete", "insee", "inflation":
			switch toks[k].Text {
			case "apres": // "d'après", not "après 2h d'attente"
				if k > 0 && toks[k-1].Text == "d'" {
					return false
				}
			case "info": // "pour info", not "aucune info"
				if k > 0 && toks[k-1].Text == "pour" {
					return false
				}
			default:
				return false
			}
		case "why", "pourquoi":
			why = true
		case "how": // "how come"
			why = why || k+1 < len(toks) && toks[k+1].Text == "come"
		}
	}
	// The sentence's end, looked for a few words ahead only: a long post
	// without punctuation stays linear.
	rest := s[toks[m.to].End:]
	if k := m.to + 3*measureReach; k < len(toks) {
		rest = s[toks[m.to].End:toks[k].End]
	}
	if k := strings.IndexAny(rest, ".!?\n"); k >= 0 && rest[k] == '?' && !why {
		return false
	}
	return true
}

// waitAt reads a wait or a delay whose length starts at toks[i]: "waited
// 50 minutes", "on hold for 52 mins", "attendu 2h", "retardé de 40
// minutes", "32 min d'attente", "3 semaines de retard", "90 minutes
// late", "a 50-minute wait", "25 minutes sur le quai".
func waitAt(s string, toks []Token, i int) (measure, bool) {
	mins, end, ok := duration(toks, i)
	if !ok || mins < minWait || shortened(toks, i) {
		return measure{}, false
	}
	from, late := -1, false
	// What waits, before the length: "waited (for) (over) 50 minutes".
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
			break
		}
		w := toks[k].Text
		if waitWord(w) {
			from, late = k, lateWord(w)
			break
		}
		if tookWord(w) {
			// "took 3 weeks to arrive", "a mis 5 mois à traiter", "il a
			// fallu 2h pour": what it took to do, when long.
			if mins >= 60 && end+1 < len(toks) && purpose(toks[end+1].Text) {
				from = k
			}
			break
		}
		if !waitFiller(w) {
			break
		}
	}
	to := end
	if from < 0 {
		// Or after it: "32 min d'attente", "90 minutes late", "25
		// minutes sur le quai", "a 50-minute wait".
		for k := end + 1; k < len(toks) && k <= end+3; k++ {
			if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
				break
			}
			w := toks[k].Text
			if waitNoun(w) {
				from, to, late = i, k, lateWord(w)
				break
			}
			if !waitFiller(w) {
				break
			}
		}
	}
	if from < 0 || from < i && shortened(toks, from) || late && mins >= 24*60 && wish(toks, from, to) || worthIt(toks, from, to) {
		return measure{}, false
	}
	return measure{from, to, waitValence}, true
}

// duration reads a length of time at toks[i]: "50 minutes", "2 hrs",
// "4-hour", "1h30", "2h", "45min", "1h 10m", "two hours", "une
// demi-heure", "half an hour", "an hour", "10 working days". It returns
// the length in minutes and the last token read.
func duration(toks []Token, i int) (mins float64, end int, ok bool) {
	t := &toks[i]
	n := 0.0
	switch {
	case t.Kind == Word && t.Text[0] >= '0' && t.Text[0] <= '9':
		m, ok := compactDuration(t.Text)
		if !ok || i > 0 && clockTime(t.Text) && timeOfDayBefore(toks, i-1) {
			return 0, 0, false // "arrivé à 21h10", "le TER de 7h42"
		}
		if m < 60*24 && m == float64(int(m/60))*60 && i+1 < len(toks) {
			// "1h 10m", "1h 10 min"
			if extra, ok := compactDuration(toks[i+1].Text); ok && extra < 60 {
				return m + extra, i + 1, true
			}
			if toks[i+1].Kind == Number && i+2 < len(toks) && minuteUnit(toks[i+2].Text) {
				if v, err := strconv.Atoi(toks[i+1].Text); err == nil && v < 60 {
					return m + float64(v), i + 2, true
				}
			}
		}
		return m, i, true
	case t.Kind == Number:
		v, ok := amount(t.Text, false)
		if !ok {
			return 0, 0, false
		}
		n = v
	case t.Text == "half" && i+2 < len(toks) && (toks[i+1].Text == "an" || toks[i+1].Text == "a"):
		n, i = 0.5, i+1 // "half an hour"
	case (t.Text == "une" || t.Text == "un") && i+2 < len(toks) && toks[i+1].Text == "demi":
		n, i = 0.5, i+1 // "une demi-heure", "un demi-siècle" (not a unit below)
	default:
		v, ok := numberWordValue(t.Text)
		if !ok {
			return 0, 0, false
		}
		n = v
	}
	j := i + 1
	if j < len(toks) && (toks[j].Text == "working" || toks[j].Text == "business") {
		j++ // "10 working days"
	}
	if j >= len(toks) {
		return 0, 0, false
	}
	per := unitMinutes(toks[j].Text)
	if per == 0 {
		return 0, 0, false
	}
	if j+1 < len(toks) && (toks[j+1].Text == "ouvres" || toks[j+1].Text == "ouvrables") {
		j++ // "15 jours ouvrés"
	}
	return n * per, j, true
}

// timeOfDayBefore reports whether w, before "20h" or "7pm", makes it a
// time of day: "à 20h", "réservé pour 20h", "le train de 7h42", "at 7pm".
// After "de", only when no wait or "plus" comes before it: "retard de
// 2h", "plus de 2h" are lengths.
func timeOfDayBefore(toks []Token, k int) bool {
	switch toks[k].Text {
	case "de":
		return k == 0 || !waitWord(toks[k-1].Text) && toks[k-1].Text != "plus" && toks[k-1].Text != "pres"
	case "a", "at", "vers", "pour", "des", "avant", "apres", "from", "until", "till", "by", "jusqu'", "since", "depuis", "le", "the", "of":
		return true
	}
	return false
}

// compactDuration reads a length written as one word: "2h", "1h30",
// "45min", "3hrs", "10m" (minutes, only after hours: "1h 10m"; read here
// as minutes, and the caller checks it follows hours).
func compactDuration(w string) (float64, bool) {
	d := 0
	for d < len(w) && d < 3 && w[d] >= '0' && w[d] <= '9' {
		d++
	}
	if d == 0 || d == len(w) {
		return 0, false
	}
	n, _ := strconv.Atoi(w[:d])
	switch rest := w[d:]; rest {
	case "h", "hr", "hrs":
		return float64(n) * 60, true
	case "min", "mins", "mn", "m":
		return float64(n), true
	default:
		if rest[0] == 'h' && len(rest) == 3 && rest[1] >= '0' && rest[1] <= '5' && rest[2] >= '0' && rest[2] <= '9' {
			return float64(n)*60 + float64((rest[1]-'0')*10+rest[2]-'0'), true
		}
	}
	return 0, false
}

// unitMinutes returns how many minutes a unit of time lasts, 0 if w is
// none.
func unitMinutes(w string) float64 {
	switch w {
	case "min", "mins", "mn", "minute", "minutes":
		return 1
	case "h", "hr", "hrs", "hour", "hours", "heure", "heures":
		return 60
	case "day", "days", "jour", "jours", "journee", "journees":
		return 60 * 24
	case "week", "weeks", "semaine", "semaines":
		return 60 * 24 * 7
	case "month", "months", "mois":
		return 60 * 24 * 30
	case "year", "years", "an", "ans", "annee", "annees":
		return 60 * 24 * 365
	}
	return 0
}

func minuteUnit(w string) bool { return unitMinutes(w) == 1 }

// shortened reports whether the length at toks[i] is said to be short:
// "only 20 minutes", "moins de 30 min", "à peine 20 minutes", "in under
// an hour", "en moins d'une heure".
func shortened(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch toks[k].Text {
		case "only", "just", "barely", "under", "within", "seulement", "juste", "que", "qu'", "peine", "moins", "less", "sous":
			return true
		case "de", "d'", "than", "a":
			continue // "moins de", "less than", "à peine"
		}
		return false
	}
	return false
}

// waitWord reports whether w, before a length, says one waited or was
// late: "waited", "queued", "hold" ("on hold for 52 mins"), "attendu",
// "retardé", "retard" ("retard de 40 minutes"), "delayed".
func waitWord(w string) bool {
	switch w {
	case "wait", "waited", "waiting", "waits", "queue", "queued", "queuing", "queueing", "hold",
		"stuck", "stranded", "delayed", "delay", "delays",
		"attendu", "attendue", "attendus", "attendues", "attendre", "attends", "attend", "attendons", "attente",
		"patiente", "patientes", "poireaute", "poireautes", "poireauter", "bloque", "bloques", "bloquee", "bloquees",
		"coince", "coinces", "coincee", "coincees", "retard", "retarde", "retardes", "retardee", "retardees":
		return true
	}
	return false
}

// tookWord reports whether w says how long something took: "took",
// "a mis", "il a fallu".
func tookWord(w string) bool {
	switch w {
	case "took", "takes", "taken", "taking", "mis", "mettre", "met", "mettent", "fallu", "faut":
		return true
	}
	return false
}

// purpose reports whether w, after what something took, says what for:
// "to arrive", "pour répondre", "à traiter", "before anyone called".
func purpose(w string) bool {
	switch w {
	case "to", "for", "before", "until", "pour", "a", "avant":
		return true
	}
	return false
}

// waitNoun reports whether w, after a length, says it was spent waiting
// or late: "d'attente", "de queue", "de retard", "late", "wait", "on
// hold", "sur le quai", "on the platform", "at the gate".
func waitNoun(w string) bool {
	switch w {
	case "attente", "queue", "file", "retard", "late", "wait", "waiting", "queuing", "queueing", "delay",
		"hold", "quai", "platform", "gate", "tarmac", "guichet", "arret", "stuck", "bloque", "bloques", "bloquee", "bloquees", "coince", "coinces":
		return true
	}
	return false
}

// lateWord reports whether w says something was late rather than
// waited for.
func lateWord(w string) bool {
	switch w {
	case "late", "delay", "delays", "delayed", "retard", "retarde", "retardes", "retardee", "retardees":
		return true
	}
	return false
}

// waitFiller reports whether w may stand between a wait and its length,
// or between a length and what it measures: "waited for over 2 hours",
// "attendu plus de 2h", "retardé de 40 min", "2 hours in the queue".
func waitFiller(w string) bool {
	switch w {
	case "for", "over", "nearly", "almost", "about", "around", "another", "a", "an", "more", "than", "by", "good", "of", "in", "on", "at", "the", "me", "us", "them",
		"pendant", "plus", "de", "d'", "pres", "presque", "encore", "environ", "depuis", "une", "bonne", "bonnes", "sur", "le", "la", "au", "en":
		return true
	}
	return false
}

// wish reports whether the post around a delay of days wishes someone
// well: "Joyeux anniversaire, avec 2 jours de retard !", "happy birthday,
// 3 days late".
func wish(toks []Token, from, to int) bool {
	for k := max(0, from-measureReach); k < len(toks) && k <= to+measureReach; k++ {
		switch toks[k].Text {
		case "anniversaire", "birthday", "anniversary", "happy", "joyeux", "joyeuse", "bday", "anniv", "felicitations", "congrats", "congratulations":
			return true
		}
	}
	return false
}

// worthIt reports whether the wait is said to have been worth it: "worth
// the 2 hour wait", "ça valait les 2h de queue".
func worthIt(toks []Token, from, to int) bool {
	// Further after than other cues: "waited 3 hours in line for the
	// merch truck and it was worth it".
	for k := max(0, from-measureReach); k < len(toks) && k <= to+2*measureReach; k++ {
		switch toks[k].Text {
		case "worth", "worthwhile", "vaut", "valait", "valu", "merite", "meritait":
			return true
		}
	}
	return false
}

// riseAt reads a price rise whose figure is at toks[i]: "passée de 64€ à
// 112€", "went from £78 to £146", "up 22%", "en hausse de 30 %",
// "augmenter les abonnements de 30%", "+15 %", "ont pris 20%"; a price's
// name must be near ("facture", "abonnements", "bill", "prices"), which
// tells it from "sales up 22%" and "-20% sur toute la collection".
func riseAt(s string, toks []Token, i int) (measure, bool) {
	t := &toks[i]
	if t.Kind != Number {
		return measure{}, false
	}
	en := true
	if k := i - 1; k >= 0 && (toks[k].Text == "de" || toks[k].Text == "d'") {
		en = false
	}
	if a, ok := money(s, toks, i, en); ok && i > 0 && (toks[i-1].Text == "from" || toks[i-1].Text == "de") {
		// "from £78 to £146", "de 64€ à 112€": a change, said by a verb.
		j := i + 1
		if j < len(toks) && moneyWord(toks[j].Text) {
			j++
		}
		if j+1 < len(toks) && (toks[j].Text == "to" || toks[j].Text == "a") {
			if b, ok := money(s, toks, j+1, en); ok && b > a && changeVerb(toks, i-1) && priceNear(toks, i) {
				return measure{i - 1, j + 1, riseValence}, true
			}
		}
		return measure{}, false
	}
	if !percent(s, t) {
		return measure{}, false
	}
	plus := t.Start > 0 && s[t.Start-1] == '+'
	from := i
	if !plus {
		from = -1
		for k := i - 1; k >= 0 && k >= i-4; k-- {
			if riseWord(toks[k].Text) {
				from = k
				break
			}
		}
		for k := i + 1; from < 0 && k < len(toks) && k <= i+2; k++ {
			if riseWord(toks[k].Text) {
				from = i // "a 22% increase", "20 % de hausse", "a 12% price rise"
			} else if w := toks[k].Text; w != "de" && w != "d'" && !priceNoun(w) {
				break
			}
		}
	}
	if from < 0 || !priceNear(toks, i) {
		return measure{}, false
	}
	return measure{from, i, riseValence}, true
}

// chargeValence is what a sum charged to the writer weighs.
const chargeValence = -1.2

// chargeAt reads a sum charged to the writer at toks[i]: "charged me
// €55 because my bag was 2cm too wide", "billed us an extra £40", "on
// m'a facturé 120€", "ils m'ont prélevé 15€". A customer who tells what
// they were charged complains of it; not "only charged me £5", "m'a
// facturé que 10€".
func chargeAt(s string, toks []Token, i int) (measure, bool) {
	en := true
	if i > 0 && (toks[i-1].Text == "de" || toks[i-1].Text == "d'") {
		en = false
	}
	if a, ok := money(s, toks, i, en); !ok || a == 0 || shortened(toks, i) {
		return measure{}, false
	}
	// Back over "a", "an extra", "un supplément de" to "me"/"us" after the
	// verb, or to the French verb after "m'a", "nous ont".
	for k := i - 1; k >= 1 && k >= i-4; k-- {
		w, prev := toks[k].Text, toks[k-1].Text
		switch {
		case (w == "me" || w == "us") && chargeVerbEN(prev):
			if k >= 2 && shortened(toks, k-1) {
				return measure{}, false // "only charged me £5"
			}
			return measure{k - 1, i, chargeValence}, true
		case chargeVerbFR(w) && (prev == "a" || prev == "ont" || prev == "avez") && k >= 2 && (toks[k-2].Text == "m'" || toks[k-2].Text == "nous"):
			return measure{k - 2, i, chargeValence}, true
		}
		switch w {
		case "a", "an", "extra", "another", "additional", "un", "une", "supplement", "de", "d'", "en", "plus":
			continue
		}
		return measure{}, false
	}
	return measure{}, false
}

func chargeVerbEN(w string) bool {
	switch w {
	case "charged", "charge", "charges", "charging", "billed", "bill", "debited", "fined":
		return true
	}
	return false
}

func chargeVerbFR(w string) bool {
	switch w {
	case "facture", "preleve", "debite", "compte", "reclame", "facturer", "prelever", "debiter":
		return true
	}
	return false
}

// percent reports whether the number t is a percentage: "22%", "30 %".
func percent(s string, t *Token) bool {
	rest := s[t.End:]
	rest = strings.TrimPrefix(rest, " ")
	rest = strings.TrimPrefix(rest, "\u00a0")
	rest = strings.TrimPrefix(rest, "\u202f")
	return strings.HasPrefix(rest, "%")
}

// money reads the amount of the number toks[i] when a currency is
// written beside it ("£78", "64€", "31,99 €", "120 euros"); en tells
// whether "1,200" is read as a thousand two hundred.
func money(s string, toks []Token, i int, en bool) (float64, bool) {
	t := &toks[i]
	if t.Kind != Number {
		return 0, false
	}
	before := s[:t.Start]
	before = strings.TrimSuffix(before, " ")
	after := s[t.End:]
	after = strings.TrimLeft(after, " \u00a0\u202f")
	cur := strings.HasSuffix(before, "€") || strings.HasSuffix(before, "$") || strings.HasSuffix(before, "£") ||
		strings.HasPrefix(after, "€") || strings.HasPrefix(after, "$") || strings.HasPrefix(after, "£") ||
		i+1 < len(toks) && moneyWord(toks[i+1].Text)
	if !cur {
		return 0, false
	}
	return amount(t.Text, en)
}

// moneyWord reports whether w names a currency: "120 euros".
func moneyWord(w string) bool {
	switch w {
	case "euro", "euros", "eur", "dollar", "dollars", "usd", "pound", "pounds", "gbp", "balles", "quid":
		return true
	}
	return false
}

// amount parses a number as written: "24,99" and "24.99" are decimals;
// with en, "1,200" is a thousand two hundred.
func amount(w string, en bool) (float64, bool) {
	if c := strings.IndexByte(w, ','); c >= 0 {
		if en && len(w)-c == 4 && strings.Count(w, ",") == 1 {
			w = w[:c] + w[c+1:]
		} else {
			w = strings.Replace(w, ",", ".", 1)
		}
	}
	v, err := strconv.ParseFloat(w, 64)
	return v, err == nil
}

// changeVerb reports whether a verb of change comes just before
// toks[at] ("from"/"de"): "went from", "est passée de", "jumped from",
// "augmente de".
func changeVerb(toks []Token, at int) bool {
	for k := at - 1; k >= 0 && k >= at-3; k-- {
		switch toks[k].Text {
		case "passe", "passee", "passes", "passees", "passer", "passent", "passera", "passeront",
			"went", "gone", "goes", "go", "going", "jumped", "jumps", "increased", "increase", "increases", "risen", "rose", "rises", "raised", "hiked",
			"augmente", "augmentee", "augmentes", "augmentent", "grimpe", "grimpee", "bondi", "monte", "montee":
			return true
		}
	}
	return false
}

// riseWord reports whether w says a figure went up: "up", "hausse",
// "augmenter", "pris" ("les prix ont pris 20%").
func riseWord(w string) bool {
	switch w {
	case "up", "rise", "rises", "rose", "risen", "increase", "increased", "increases", "hike", "hiked", "hikes", "jump", "jumped", "jumps", "raised", "raising",
		"hausse", "augmentation", "augmente", "augmentee", "augmentes", "augmentent", "augmenter", "augmentera", "pris", "grimpe", "grimpee", "grimpent", "bondi":
		return true
	}
	return false
}

// priceNear reports whether a price is named near toks[i]: "facture",
// "abonnements", "bill", "fares".
func priceNear(toks []Token, i int) bool {
	for k := max(0, i-measureReach); k < len(toks) && k <= i+3; k++ {
		if priceNoun(toks[k].Text) {
			return true
		}
	}
	return false
}

func priceNoun(w string) bool {
	switch w {
	case "prix", "tarif", "tarifs", "facture", "factures", "frais", "loyer", "loyers", "abonnement", "abonnements", "forfait", "forfaits",
		"cotisation", "cotisations", "mensualite", "mensualites", "prelevement", "billet", "billets", "assurance", "charges", "cout", "couts",
		"price", "prices", "bill", "bills", "fee", "fees", "fare", "fares", "rent", "subscription", "subscriptions", "plan", "premium", "premiums",
		"membership", "cost", "costs", "debit", "ticket", "tickets", "insurance", "tariff", "tariffs":
		return true
	}
	return false
}

// numberWord reports whether w may start a length written in words:
// "two hours", "deux heures", "an hour", "half an hour", "une
// demi-heure".
func numberWord(w string) bool {
	if w == "half" || w == "demi" {
		return true
	}
	_, ok := numberWordValue(w)
	return ok
}

// unitNext reports whether w may follow a number word in a length of
// time: a unit, or "an"/"demi" ("half an hour", "une demi-heure").
func unitNext(w string) bool {
	return unitMinutes(w) != 0 || w == "an" || w == "a" || w == "demi" || w == "working" || w == "business"
}

func numberWordValue(w string) (float64, bool) {
	switch w {
	case "a", "an", "one", "un", "une":
		return 1, true
	case "two", "deux":
		return 2, true
	case "three", "trois":
		return 3, true
	case "four", "quatre":
		return 4, true
	case "five", "cinq":
		return 5, true
	case "six":
		return 6, true
	case "seven", "sept":
		return 7, true
	case "eight", "huit":
		return 8, true
	case "nine", "neuf":
		return 9, true
	case "ten", "dix":
		return 10, true
	case "twelve", "douze":
		return 12, true
	case "fifteen", "quinze":
		return 15, true
	case "twenty", "vingt":
		return 20, true
	case "thirty", "trente":
		return 30, true
	case "forty", "quarante":
		return 40, true
	case "fifty", "cinquante":
		return 50, true
	}
	return 0, false
}

// timeOfDay reads a time of day at toks[i] — "20h", "21h10", "8pm",
// "7.30pm", "7:30", "9:05 am", "8 pm" — and returns it in minutes after
// midnight (12-hour times without am or pm are read as written) with the
// last token read.
func timeOfDay(s string, toks []Token, i int) (mins, end int, ok bool) {
	t := &toks[i]
	w := t.Text
	if t.Kind == Word {
		if clockTime(w) {
			h, rest := leadingInt(w)
			switch {
			case rest == "am" || rest == "pm":
				return hour12(h, rest) * 60, i, true
			case rest == "h":
				return h * 60, i, true
			default: // "21h10"
				m, _ := leadingInt(rest[1:])
				return h*60 + m, i, true
			}
		}
		// "7.30pm"
		h, rest := leadingInt(w)
		if len(rest) == 5 && (rest[0] == '.' || rest[0] == ':') && (rest[3:] == "am" || rest[3:] == "pm") {
			if m, r := leadingInt(rest[1:3]); r == "" && h >= 1 && h <= 12 && m < 60 {
				return hour12(h, rest[3:])*60 + m, i, true
			}
		}
		return 0, 0, false
	}
	if t.Kind != Number || len(w) > 2 {
		return 0, 0, false
	}
	h, _ := leadingInt(w)
	if h > 24 || i+1 >= len(toks) {
		return 0, 0, false
	}
	next := &toks[i+1]
	switch {
	case s[t.End:next.Start] == ":" && len(next.Text) >= 2:
		// "7:30", "9:05", "7:30pm"
		m, rest := leadingInt(next.Text)
		if len(next.Text)-len(rest) != 2 || m >= 60 {
			return 0, 0, false
		}
		end = i + 1
		if rest == "" && i+2 < len(toks) && (toks[i+2].Text == "am" || toks[i+2].Text == "pm") {
			rest, end = toks[i+2].Text, i+2
		}
		switch rest {
		case "":
			return h*60 + m, end, true
		case "am", "pm":
			if h >= 1 && h <= 12 {
				return hour12(h, rest)*60 + m, end, true
			}
		}
	case next.Text == "am" || next.Text == "pm":
		if h >= 1 && h <= 12 {
			return hour12(h, next.Text) * 60, i + 1, true
		}
	}
	return 0, 0, false
}

// leadingInt splits w into its leading digits' value and the rest.
func leadingInt(w string) (int, string) {
	n, d := 0, 0
	for d < len(w) && w[d] >= '0' && w[d] <= '9' && d < 4 {
		n = n*10 + int(w[d]-'0')
		d++
	}
	return n, w[d:]
}

func hour12(h int, ampm string) int {
	h %= 12
	if ampm == "pm" {
		h += 12
	}
	return h
}

// eventBefore returns the index of the word that says what happened at
// the time of day toks[i] — "booked for", "réservé pour", "seated at",
// "installés à", "vus par un médecin à" — or -1. It looks back a few
// words within the clause.
func eventBefore(s string, toks []Token, i int) int {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
			return -1
		}
		if w := toks[k].Text; bookWord(w) || arriveWord(w) || servedWord(w) || departWord(w) {
			return k
		}
	}
	return -1
}

// late reports whether a time of day comes long after the one booked:
// half an hour or more, and less than half a day (a time before the
// booked one is read as after midnight: "arrivés à 19h, vus à 1h45").
func late(booked, at int) bool {
	if at < booked {
		at += 24 * 60
	}
	return at-booked >= 30 && at-booked < 12*60
}

// bookWord reports whether w says a time of day was booked or due:
// "booked for 7:30", "réservé pour 20h", "rdv à 14h", "prévu à 9h".
func bookWord(w string) bool {
	switch w {
	case "booked", "booking", "reserved", "reservation", "appointment", "appt", "scheduled", "due",
		"reserve", "reservee", "reserves", "reservees", "resa", "rdv", "prevu", "prevue", "prevus", "prevues", "convoque", "convoquee":
		return true
	}
	return false
}

// arriveWord reports whether w says one arrived: the time it gives is
// when the wait began ("arrivés aux urgences à 19h"), or, after a time
// booked, when what was awaited came ("the engineer arrived at 4pm").
func arriveWord(w string) bool {
	switch w {
	case "arrived", "arrive", "arrivee", "arrives", "arrivees", "came", "showed", "turned":
		return true
	}
	return false
}

// servedWord reports whether w says what was awaited happened: "seated
// at", "servis à", "vus par un médecin à".
func servedWord(w string) bool {
	switch w {
	case "seated", "served", "seen", "called",
		"installes", "installe", "installee", "installees", "servi", "servis", "servie", "servies", "vus", "vu", "vue",
		"appele", "appeles", "appelee", "pris", "prise":
		return true
	}
	return false
}

// departWord reports whether w says a train, a bus or a flight left:
// late only after the time it was due ("prévu à 14h05, parti à 16h30").
func departWord(w string) bool {
	switch w {
	case "departed", "boarded", "left", "parti", "partis", "decolle", "embarque", "embarques", "depart":
		return true
	}
	return false
}
