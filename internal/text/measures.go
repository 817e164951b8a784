package text

import "strings"

// Quantities that tell a complaint: a wait or a delay told by its length
// ("waited 50 minutes for mains", "32 min d'attente", "3h de retard",
// "90 minutes late"), a time of day served long after the one booked
// ("réservé pour 20h, installés à 21h10"), a price rise told by its
// figures ("facture passée de 64€ à 112€", "water bill up 22%") and a sum
// charged ("charged me €55"), a time passed after a promise ("It's April
// 10."). They are facts of a complaint as those of facts.tsv are, read
// in the same loop — a condition or a notice before them applies — and
// praise around them is ironic ("Merci @SNCF pour les 2h de retard").
// A plain wait, a timeline, what something took, a sum charged or a time
// passed (measure.weak) is told happily too — fans queue for hours —: it
// makes praise ironic only when the post complains besides, and beside
// praise it weighs nothing (rules).

// measure is the span of a quantity that tells a complaint, toks[from:to+1].
type measure struct {
	from, to int
	val      float64
	// until: a time of day after "until"/"avant" ("weren't seated until
	// 8:30", "pas servis avant 21h30"): the negation before it is part of
	// the complaint, not a denial of it.
	until bool
	// weak: a plain wait or queue ("waited 40 minutes", "2h de queue"),
	// what something took, a timeline or a sum charged, which are told
	// happily too ("Il a mis 2 jours à arriver, parfait", "le coiffeur m'a
	// facturé 15€, top"); not being late, on hold or stuck, nor a rise.
	weak bool
}

const (
	waitValence   = -1.5 // as "waiting for hours" in facts.tsv
	riseValence   = -1.2 // as "prices went up"
	chargeValence = -1.2
	// minWait is the shortest wait or delay, in minutes, that is a
	// complaint: "10 min de retard" is a train's life, "2 min d'attente"
	// praise.
	minWait = 15
	// measureReach is how many tokens around a quantity are looked at for
	// what it measures ("attendu plus de", "de retard", "prix … +20 %"):
	// a window, not the sentence, so that a long post stays linear.
	measureReach = 8
)

// measuring holds a post while its quantities are read; fr and en say
// which languages' words apply (both when the language is unknown).
type measuring struct {
	s      string
	toks   []Token
	fr, en bool
	// Whether the post is a customer's (customer) and comments on what
	// it tells (complaining), and whether it says "instead" or "lieu"
	// (insteadAt): 0 not read yet, 1 no, 2 yes.
	cust, comment, instead int8
}

// Kinds of time of day the timeline starts from.
const (
	startNone     = iota
	startBooked   // "réservé pour 20h", "booked for 7:30", "rdv à 9h": ends when seated, served, seen
	startSchedule // "prévu à 14h05", "due at 9": ends when it left
	startArrival  // "arrivés aux urgences à 19h": ends when seen, called, taken in charge
)

// measures appends to dst the quantities of toks that tell a complaint,
// in order. Most posts hold no number and are skipped at once.
func measures(dst []measure, s string, toks []Token, lang string) []measure {
	if !hasQuantity(toks) {
		return dst[:0]
	}
	return readMeasures(dst, s, toks, lang)
}

// readMeasures is measures for a post known to hold a quantity.
func readMeasures(dst []measure, s string, toks []Token, lang string) []measure {
	dst = dst[:0]
	m := measuring{s: s, toks: toks, fr: lang == "fr" || lang == Und || lang == "", en: lang != "fr"}
	last := -1 // spans do not overlap
	// take keeps a quantity read at a token if it is told as what
	// happened and starts after the last one kept.
	take := func(q measure, ok bool) bool {
		if !ok || q.from <= last || !m.told(q) {
			return false
		}
		dst = append(dst, q)
		last = q.to
		return true
	}
	start, startAt, start24 := startNone, 0, false
	for i := range toks {
		if i <= last {
			continue
		}
		t := &toks[i]
		if t.Kind != Number && t.Kind != Word {
			continue
		}
		if t.Kind == Word && !(t.Text[0] >= '0' && t.Text[0] <= '9') && !(i+1 < len(toks) && m.numberWord(t.Text) && unitNext(toks[i+1].Text)) && !monthOrDay(t.Text) && t.Text != "may" {
			continue // most words: no number, or one that measures no time ("a table")
		}
		if take(m.nowAt(i)) || take(m.lengthenedAt(i)) || take(m.insteadAt(i, false)) || take(m.waitAt(i)) {
			continue
		}
		if at, end, dial24, ok := timeOfDay(s, toks, i); ok {
			k := m.eventBefore(i)
			if k < 0 {
				continue
			}
			least := 0
			if start != startNone {
				least = m.ends(start, k)
			}
			if least == 0 {
				// What arrives after a booking ends it ("starters
				// arrived at 9:05"); otherwise it starts anew.
				if kind := m.startKind(k); kind != startNone {
					start, startAt, start24 = kind, at, dial24
				}
				continue
			}
			most := 8 * 60
			if start == startArrival {
				most = 12 * 60 // "arrived at A&E at 7pm, seen by a doctor at 3am"
			}
			if gap := elapsed(startAt, at, start24 && dial24); gap >= least && gap < most && k > last {
				q := measure{k, end, waitValence, false, true}
				for j := k + 1; j < i; j++ {
					switch toks[j].Text {
					case "until", "till", "avant", "before", "qu'":
						q.until = true
					}
				}
				if m.told(q) {
					dst = append(dst, q)
					last = end
				}
			}
			continue
		}
		if take(m.riseAt(i)) || take(m.notWorth(m.chargeAt(i))) || take(m.notWorth(m.feeAt(i))) {
			continue
		}
		if !take(m.shrinkAt(i)) {
			take(m.insteadAt(i, true)) // a sum, once charges and fees have had their say
		}
	}
	return dst
}

// notWorth passes on a sum charged or a fee unless it is said to have
// been worth it.
func (m *measuring) notWorth(q measure, ok bool) (measure, bool) {
	return q, ok && !m.worthIt(q.from, q.to)
}

// hasQuantity reports whether toks hold a number, a unit of time or a
// day or a month, the least a quantity needs: most posts have none and
// skip the rest.
func hasQuantity(toks []Token) bool {
	for i := range toks {
		switch t := &toks[i]; t.Kind {
		case Number:
			return true
		case Word:
			if t.Text[0] >= '0' && t.Text[0] <= '9' || quantityWord(t.Text) {
				return true
			}
		}
	}
	return false
}

// quantityIn is hasQuantity for the tokens of sentimentModel.rules, whose
// entries in the word table are known: a word the table holds has its
// answer in its class.
func (m *sentimentModel) quantityIn(toks []Token, infos []int32) bool {
	for i := range toks {
		switch t := &toks[i]; t.Kind {
		case Number:
			return true
		case Word:
			if t.Text[0] >= '0' && t.Text[0] <= '9' {
				return true
			}
			if e := infos[i]; e != 0 {
				if m.infos[e].class&classQuantity != 0 {
					return true
				}
			} else if quantityWord(t.Text) {
				return true
			}
		}
	}
	return false
}

// quantityWord reports whether w is a unit of time, a day or a month.
func quantityWord(w string) bool {
	return unitMinutes(w) != 0 || monthOrDay(w)
}

// nowAt reads the date, day or time at toks[i] said as now after a
// promise: "promised my refund within 5 business days on Feb 2. It's
// April 10.", "'Fixed within 48 hours' they said. It's Thursday.",
// "Engineer was meant to come between 8 and 12. It's 5pm.",
// "Remboursement promis sous 10 jours le 12 mars. On est le 28 avril.",
// "Le technicien devait passer entre 8h et 12h. Il est 17h." A time
// that passed tells the complaint; beside praise it weighs nothing
// ("Promised by Friday. It's Friday and it's here, great").
func (m *measuring) nowAt(i int) (measure, bool) {
	toks := m.toks
	to := i
	t := &toks[i]
	switch {
	case t.Kind == Number && i+1 < len(toks) && (monthOrDay(toks[i+1].Text) || toks[i+1].Text == "may"):
		to = i + 1 // "28 avril", "10 April", "3 May"
	case monthOrDay(t.Text) || t.Text == "may" && i+1 < len(toks) && toks[i+1].Kind == Number:
		if i+1 < len(toks) && toks[i+1].Kind == Number {
			to = i + 1 // "April 10", "May 3"
		}
	default:
		_, end, _, ok := timeOfDay(m.s, toks, i)
		if !ok {
			return measure{}, false
		}
		to = end
	}
	k := i - 1
	for k >= 0 {
		switch toks[k].Text {
		case "le", "already", "deja", "now", "maintenant", "is", "desormais":
			k--
			continue
		}
		break
	}
	if k < 0 {
		return measure{}, false
	}
	from := -1
	switch toks[k].Text {
	case "it": // "It's", its "'s" left out by the tokenizer
		if m.en {
			from = k
		}
	case "est":
		if m.fr && k > 0 && (toks[k-1].Text == "on" || toks[k-1].Text == "il") {
			from = k - 1
		}
	case "sommes":
		if m.fr && k > 0 && toks[k-1].Text == "nous" {
			from = k - 1
		}
	}
	if from <= 0 || !clauseBreak(m.s[toks[from-1].End:toks[from].Start]) {
		return measure{}, false // it opens a sentence or a clause, after something
	}
	for j := from - 1; j >= 0 && j >= from-3*measureReach; j-- {
		switch toks[j].Text {
		case "promised", "promise", "promises", "promis", "said", "told", "guaranteed", "garanti", "garantie", "within", "sous",
			"devait", "devaient", "meant", "supposed", "due", "annonce", "annoncee", "prevu", "prevue", "would", "expected", "attendu", "estimated", "estime":
			return measure{from, to, waitValence, false, true}, true
		}
	}
	return measure{}, false
}

// window returns the bounds of the tokens looked at around toks[from:to+1].
func (m *measuring) window(from, to int) (int, int) {
	return max(0, from-measureReach), min(len(m.toks)-1, to+measureReach)
}

// told reports whether the quantity q is told as what happened, not as
// news or hearsay ("les loyers ont augmenté de 2,8 %, d'après
// l'observatoire", "heard it went from $35 to $42"), a habit nobody says
// they lived ("there's usually a 20-minute queue"; "En moyenne
// j'attends 45 min" is lived), or a question ("showing a 40 minute delay,
// anyone at the gate yet?"; "why did my bill go from £40 to £65?" is a
// complaint).
func (m *measuring) told(q measure) bool {
	toks := m.toks
	why, habit, mine := false, false, false
	from, to := m.window(q.from, q.to)
	for k := from; k <= to; k++ {
		w := toks[k].Text
		switch w {
		case "selon", "according", "reportedly", "apparently", "heard", "parait", "fyi",
			"survey", "study", "index", "etude", "enquete", "insee":
			return false
		case "apres": // "d'après", not "après 2h d'attente"
			if k > 0 && toks[k-1].Text == "d'" {
				return false
			}
		case "info": // "pour info", not "aucune info"
			if k > 0 && toks[k-1].Text == "pour" {
				return false
			}
		case "usually", "generally", "typically", "often", "normally", "average", "currently",
			"souvent", "generalement", "habituellement", "normalement", "moyenne", "actuellement", "moment":
			habit = true // and "right now", "en ce moment": a wait time told
		case "why", "pourquoi", "normal", "serieux", "serieusement", "seriously", "kidding", "joking":
			why = true // "… c'est normal ?", "seriously?": a complaint asked
		case "anyone", "anybody", "quelqu'un", "qqn": // "anyone at the gate yet?", not "anyone else?"
			if k+1 >= len(toks) || toks[k+1].Text != "else" {
				return false
			}
		case "how": // "how come"
			why = why || k+1 < len(toks) && toks[k+1].Text == "come"
		}
		mine = mine || firstPersonSingular(w) || firstPersonPlural(w)
	}
	if habit && !mine {
		return false
	}
	// A request for information before it: "Anyone know if the 18:40
	// is running? App shows a 20 minute delay."
	for k := max(0, q.from-3*measureReach); k < from; k++ {
		switch toks[k].Text {
		case "anyone", "anybody", "quelqu'un", "qqn":
			if toks[k+1].Text != "else" {
				return false
			}
		}
	}
	// A notice: "Kick-off delayed by 15 minutes due to crowd congestion",
	// "en raison de travaux"; a post opening "FYI", "Pour info", "Rappel".
	for k := from; k < to; k++ {
		if w := toks[k].Text; w == "due" && toks[k+1].Text == "to" || w == "en" && toks[k+1].Text == "raison" {
			return false
		}
	}
	if len(toks) > 1 {
		switch toks[0].Text {
		case "fyi", "psa", "reminder", "rappel", "info", "infos":
			return false
		case "pour":
			if toks[1].Text == "info" {
				return false
			}
		}
	}
	// The sentence's end, looked for a few words ahead only: a long post
	// without punctuation stays linear.
	rest := m.s[toks[q.to].End:]
	if k := q.to + 3*measureReach; k < len(toks) {
		rest = m.s[toks[q.to].End:toks[k].End]
	}
	if k := strings.IndexAny(rest, ".!?\n"); k >= 0 && rest[k] == '?' && !why {
		return false
	}
	return true
}

// when reports whether w opens a clause of time, which tells what
// happened as often as what might: "when I called I was on hold for 45
// minutes".
func when(w string) bool {
	return w == "when" || w == "quand" || w == "lorsque" || w == "lorsqu'"
}

// firstPersonPlural reports whether w speaks for "we": "we", "our",
// "nous", "on".
func firstPersonPlural(w string) bool {
	switch w {
	case "we", "us", "our", "nous", "notre", "nos", "on":
		return true
	}
	return false
}

// atMost reports whether the length ending at toks[to] is said to be a
// most: "20 minutes d'attente maximum", "30 min tops".
func (m *measuring) atMost(to int) bool {
	if to+1 < len(m.toks) {
		switch m.toks[to+1].Text {
		case "max", "maximum", "tops", "maxi":
			return true
		}
	}
	return false
}

// over reports whether the wait at toks[from] is said to be over: "Fini
// les 2h d'attente", "no more 2 hour queues", "adieu les files".
func (m *measuring) over(from int) bool {
	for k := max(0, from-3); k < from; k++ {
		switch m.toks[k].Text {
		case "fini", "finies", "finis", "adieu", "goodbye", "bye":
			return true
		case "more":
			if k > 0 && m.toks[k-1].Text == "no" {
				return true
			}
		}
	}
	return false
}

// stuck reports whether toks[from:to+1] tells being kept or stuck, no
// mere queue: "on hold", "bloqués", "stuck", "stranded", "sur le
// tarmac" (what a service took is no more than a wait).
func (m *measuring) stuck(from, to int) bool {
	for k := from; k <= to; k++ {
		switch m.toks[k].Text {
		case "hold", "stuck", "stranded", "tarmac", "bloque", "bloques", "bloquee", "bloquees", "coince", "coinces", "coincee", "coincees":
			return true
		}
	}
	return false
}

// waitAt reads a wait or a delay whose length starts at toks[i]: "waited
// 50 minutes", "on hold for 52 mins", "attendu 2h", "retardé de 40
// minutes", "32 min d'attente", "3 semaines de retard", "90 minutes
// late", "a 50-minute wait", "25 minutes sur le quai", "took 3 weeks to
// arrive".
func (m *measuring) waitAt(i int) (measure, bool) {
	toks := m.toks
	mins, end, ok := m.duration(i)
	if !ok || mins < minWait || shortened(toks, i) {
		return measure{}, false
	}
	from, late, took := -1, false, false
	// What waits, before the length: "waited (for) (over) 50 minutes",
	// "j'attends mon colis depuis 3 semaines", "sat on the platform for
	// 40 minutes".
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if clauseBreak(m.s[toks[k].End:toks[k+1].Start]) {
			break
		}
		if m.waitWord(k) {
			from, late = k, m.lateWord(toks[k].Text)
			if toks[k].Text == "hold" {
				from = k - 1 // "on hold", an idiom of its own starting at "on"
			}
			break
		}
		if m.tookWord(k) {
			// "took 3 weeks to arrive", "a mis 5 mois à traiter", "il a
			// fallu 2h pour répondre": what a service took, when long;
			// not "the studio took 6 years to make this game".
			if mins >= 60 && m.forService(end+1) {
				from, took = k, true
			}
			break
		}
		if !m.waitFiller(k) && !(toks[i-1].Text == "depuis" && k < i-1) {
			break
		}
	}
	if from < 0 && i >= 2 && toks[i-1].Text == "fait" && end+1 < len(toks) && (toks[end+1].Text == "que" || toks[end+1].Text == "qu'") && m.fr {
		from = i - 1 // "ça fait 45 minutes que je suis en attente"
	}
	to := end
	if from < 0 {
		// Or after it: "32 min d'attente", "90 minutes late", "25
		// minutes sur le quai", "a 50-minute wait".
		for k := end + 1; k < len(toks) && k <= end+3; k++ {
			if clauseBreak(m.s[toks[k-1].End:toks[k].Start]) {
				break
			}
			if m.waitNoun(k) {
				from, to, late = i, k, m.lateWord(toks[k].Text)
				break
			}
			if !m.waitFiller(k) {
				break
			}
		}
	}
	if from < 0 || from < i && shortened(toks, from) || m.atMost(to) || m.over(from) || late && m.wish(from, to) || m.worthIt(from, to) {
		return measure{}, false
	}
	return measure{from, to, waitValence, false, took || !late && !m.stuck(from, to)}, true
}

// lengthenedAt reads a length of time at toks[i] that something was made
// into a longer one: "turning a 2-hour trip into 5", "turned a 4-hour
// journey into an 8-hour one", "transformé un trajet de 2h en 5h". The
// measure runs from the verb to the longer length.
func (m *measuring) lengthenedAt(i int) (measure, bool) {
	toks := m.toks
	verb := -1
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if m.lengthens(toks[k].Text) {
			verb = k
			break
		}
	}
	if verb < 0 {
		return measure{}, false
	}
	n, end, ok := m.length(i)
	if !ok {
		return measure{}, false
	}
	per := unitMinutes(toks[end].Text)
	if per == 0 {
		// A compact "2h", "1h30", "45min": hours, or minutes.
		per = 1
		if _, rest := leadingInt(toks[end].Text); strings.HasPrefix(rest, "h") {
			per = 60
		}
	}
	for k := end + 1; k < len(toks) && k <= end+3; k++ {
		if clauseBreak(m.s[toks[k-1].End:toks[k].Start]) {
			return measure{}, false
		}
		if toks[k].Text != "into" && toks[k].Text != "en" {
			continue
		}
		j := k + 1
		if j < len(toks) && (toks[j].Text == "a" || toks[j].Text == "an" || toks[j].Text == "un" || toks[j].Text == "une") {
			j++
		}
		if j >= len(toks) {
			return measure{}, false
		}
		longer, to, ok := m.length(j)
		if !ok && toks[j].Kind == Number {
			// "into 5": the same unit
			v, ok2 := amount(toks[j].Text)
			longer, to, ok = v*per, j, ok2
		}
		if !ok || longer <= n || !m.journey(verb, to) {
			return measure{}, false
		}
		return measure{verb, to, waitValence, false, false}, true
	}
	return measure{}, false
}

// insteadAt reads a quantity at toks[i] that replaced a better one, told
// with "instead of" or "au lieu de": a longer length of time ("le trajet
// en 5h au lieu de 2h", "a 3-hour flight instead of 1"), a higher sum
// ("45€ par mois au lieu de 30€") or fewer of what serves ("2 voitures
// au lieu de 4", "5 carriages instead of 11"), in a customer's post or
// one that thanks. Times of day say neither ("départ 6h au lieu de 14h"),
// nor do sizes of packs (shrinkAt reads those). It reads sums only when
// sums is set, and only them.
func (m *measuring) insteadAt(i int, sums bool) (measure, bool) {
	toks := m.toks
	const (
		sum = iota + 1
		length
		served
	)
	if m.instead == 0 {
		// Without "instead" or "lieu" there is nothing to read: most
		// posts skip the sums and lengths below.
		m.instead = 1
		for k := range toks {
			if toks[k].Text == "instead" || toks[k].Text == "lieu" {
				m.instead = 2
				break
			}
		}
	}
	if m.instead == 1 {
		return measure{}, false
	}
	kind, a, end, per := 0, 0.0, 0, 1.0
	v, e, isSum := money(m.s, toks, i)
	if isSum != sums {
		return measure{}, false
	}
	if i > 0 && !isSum && (unitMinutes(toks[i-1].Text) > 0 || compactLength(toks[i-1].Text)) {
		return measure{}, false // the minutes of "1h 30 min" belong to the hours before
	}
	inLength := i > 0 && (toks[i-1].Text == "en" || toks[i-1].Text == "in")
	if isSum {
		kind, a, end = sum, v, e
	} else if clockTime(toks[i].Text) && !inLength {
		return measure{}, false // "départ 14h au lieu de 6h": a time of day
	} else if mins, e, ok := m.duration(i); ok {
		kind, a, end = length, mins, e
	} else if v, ok := compactDuration(toks[i].Text); ok && inLength {
		kind, a, end = length, v, i // "en 5h": a length, not a time of day
	} else if v, ok := amount(toks[i].Text); ok && toks[i].Kind == Number && i+1 < len(toks) && servedCount(toks[i+1].Text) {
		kind, a, end = served, v, i+1
	} else {
		return measure{}, false
	}
	if kind == length {
		// The unit of the first figure ("1h 30 min" is in hours; "a
		// 3-hour flight instead of 1"), which a bare second one shares.
		if _, rest := leadingInt(toks[i].Text); strings.HasPrefix(rest, "h") {
			per = 60
		} else if i+1 <= end {
			per = max(unitMinutes(toks[i+1].Text), 1)
		}
	}
	k := end + 1
	for k < len(toks) && k <= end+4 && toks[k].Text != "instead" && toks[k].Text != "lieu" {
		if clauseBreak(m.s[toks[k-1].End:toks[k].Start]) {
			return measure{}, false
		}
		k++
	}
	if k+2 >= len(toks) || k > end+4 {
		return measure{}, false
	}
	switch next := toks[k+1].Text; {
	case toks[k].Text == "instead" && next == "of", toks[k].Text == "lieu" && toks[k-1].Text == "au" && (next == "de" || next == "d'"):
	default:
		return measure{}, false
	}
	j := k + 2
	if j < len(toks) && (toks[j].Text == "a" || toks[j].Text == "an" || toks[j].Text == "the") {
		j++
	}
	if j >= len(toks) {
		return measure{}, false
	}
	b, to, ok := 0.0, j, false
	switch kind {
	case sum:
		if b, to, ok = money(m.s, toks, j); !ok && toks[j].Kind == Number {
			to = j
			b, ok = amount(toks[j].Text) // "45€ au lieu de 30"
		}
	case length:
		if b, to, ok = m.length(j); !ok && toks[j].Kind == Number {
			to = j
			b, ok = amount(toks[j].Text) // "a 3-hour flight instead of 1"
			b *= per
		}
	case served:
		b, ok = amount(toks[j].Text)
	}
	if !ok || !m.customer() && !m.thanked() {
		return measure{}, false
	}
	if kind == served && a >= b || kind != served && a <= b {
		return measure{}, false
	}
	// A longer time is a trip's or a wait's ("le trajet en 5h", "the
	// 3-hour flight"), not a night's sleep or a holiday; a higher sum is
	// one paid, not one saved, won or sold for.
	from, upTo := m.window(i, to)
	if kind == length && !m.journey(from, upTo) || kind == sum && !m.paying(from, upTo) {
		return measure{}, false
	}
	return measure{i, to, waitValence, false, false}, true
}

// paying reports whether toks[from:to+1] tell a sum paid, and none
// gained: "45€ par mois", "I pay £60 for my bag", "l'abonnement à 45€";
// not "saved £45", "vendu ma veste 45€".
func (m *measuring) paying(from, to int) bool {
	paid := false
	for k := from; k <= to; k++ {
		switch m.toks[k].Text {
		case "saved", "save", "won", "win", "sold", "earned", "earn", "cashback", "refund", "refunded", "raised", "got",
			"economise", "economiser", "gagne", "gagner", "vendu", "vendue", "rembourse", "recolte", "touche":
			return false
		case "pay", "paid", "paying", "pays", "charge", "charged", "charging", "bill", "billed", "fare", "fee", "price", "cost", "costs",
			"subscription", "plan", "ticket", "month", "monthly", "year",
			"payer", "paye", "payons", "payez", "payes", "facture", "preleve", "abonnement", "forfait", "billet", "tarif", "prix",
			"frais", "mois", "an", "annee", "coute":
			paid = true
		}
	}
	return paid
}

// compactLength reports whether w is a compact length of time: "1h",
// "45min".
func compactLength(w string) bool {
	_, ok := compactDuration(w)
	return ok
}

// servedCount reports whether w counts what serves travellers or
// customers, fewer of which is worse: "2 voitures", "5 carriages", "1
// caisse".
func servedCount(w string) bool {
	switch w {
	case "voiture", "voitures", "wagon", "wagons", "rame", "rames", "carriage", "carriages", "coach", "coaches", "car", "cars",
		"train", "trains", "bus", "buses", "caisse", "caisses", "till", "tills", "guichet", "guichets", "counter", "counters",
		"agent", "agents", "staff", "desk", "desks":
		return true
	}
	return false
}

// thanked reports whether the post thanks someone: thanks given for
// what a quantity tells make it the customer's.
func (m *measuring) thanked() bool {
	for k := range m.toks {
		if thanksWord(m.toks[k].Text) {
			return true
		}
	}
	return false
}

// length reads a length of time at toks[i] as duration does, and a
// compact one that could be a time of day too ("2h"): after a verb that
// lengthens it, it is a length.
func (m *measuring) length(i int) (mins float64, end int, ok bool) {
	if mins, end, ok = m.duration(i); ok {
		return mins, end, true
	}
	if v, ok := compactDuration(m.toks[i].Text); ok {
		return v, i, true
	}
	return 0, 0, false
}

// journey reports whether toks[from:to+1] name what takes a customer's
// time: a trip, a wait, a job done for them ("a 2-hour trip", "un
// trajet de 2h", "a 20-minute job"); not a recipe's time.
func (m *measuring) journey(from, to int) bool {
	for k := from; k <= to; k++ {
		switch m.toks[k].Text {
		case "trip", "trips", "journey", "journeys", "commute", "ride", "flight", "drive", "transfer", "wait", "queue", "job", "repair",
			"appointment", "call", "delivery", "trajet", "trajets", "voyage", "vol", "parcours", "attente", "rendez", "livraison",
			"intervention", "appel", "deplacement", "reparation":
			return true
		}
	}
	return false
}

// lengthens reports whether w makes something into something else:
// "turning", "made", "transformé".
func (m *measuring) lengthens(w string) bool {
	if m.en {
		switch w {
		case "turn", "turns", "turned", "turning", "make", "makes", "made", "making", "stretch", "stretched", "stretching":
			return true
		}
	}
	if m.fr {
		switch w {
		case "transformer", "transforme", "transformee", "transformes", "transformant", "changer", "change", "changeant":
			return true
		}
	}
	return false
}

// duration reads a length of time at toks[i]: "50 minutes", "2 hrs",
// "4-hour", "2-3 hours", "1h30", "2h", "45min", "1h 10m", "1 hour 47
// minutes", "two and a half hours", "deux heures et demie", "une
// demi-heure", "half an hour", "an hour", "10 working days", "15 jours
// ouvrés". It returns the length in minutes and the last token read.
// Years are left out: a wait of years is a fan's ("waited 20 years for
// this reunion") or an age ("bloquée à 25 ans").
func (m *measuring) duration(i int) (mins float64, end int, ok bool) {
	toks := m.toks
	t := &toks[i]
	n := 0.0
	switch {
	case t.Kind == Word && t.Text[0] >= '0' && t.Text[0] <= '9':
		v, ok := compactDuration(t.Text)
		if !ok || clockTime(t.Text) && !m.lengthNotTime(i) {
			return 0, 0, false // "arrivé à 21h10", "le TER de 7h42"
		}
		if v == float64(int(v/60))*60 && i+1 < len(toks) {
			if extra, ok := minutesAfterHours(toks, i+1); ok {
				return v + extra.mins, extra.end, true // "1h 10m", "1h 10 min"
			}
		}
		return v, i, true
	case t.Kind == Number:
		v, ok := amount(t.Text)
		if !ok {
			return 0, 0, false
		}
		n = v
		if i+1 < len(toks) && (m.s[t.End:toks[i+1].Start] == "-" || m.s[t.End:toks[i+1].Start] == "–") {
			// "2-3 hours", "2-3h": the shorter length
			if toks[i+1].Kind == Number {
				i++
			} else if v2, ok := compactDuration(toks[i+1].Text); ok {
				if v2 >= 60 {
					return n * 60, i + 1, true
				}
				return n, i + 1, true
			}
		}
	case t.Text == "half" && i+2 < len(toks) && (toks[i+1].Text == "an" || toks[i+1].Text == "a"):
		n, i = 0.5, i+1 // "half an hour"
	case (t.Text == "une" || t.Text == "un") && i+2 < len(toks) && toks[i+1].Text == "demi":
		n, i = 0.5, i+1 // "une demi-heure", "un demi-siècle" (not a unit below)
	default:
		v, ok := m.numberWordValue(t.Text)
		if !ok {
			return 0, 0, false
		}
		n = v
	}
	j := i + 1
	if j+2 < len(toks) && toks[j].Text == "and" && toks[j+1].Text == "a" && toks[j+2].Text == "half" {
		n, j = n+0.5, j+3 // "two and a half hours"
	}
	if j < len(toks) && (toks[j].Text == "working" || toks[j].Text == "business") {
		j++ // "10 working days"
	}
	if j >= len(toks) {
		return 0, 0, false
	}
	per := unitMinutes(toks[j].Text)
	if per == 0 || (t.Text == "a" || t.Text == "an") && !englishUnit(toks[j].Text) {
		return 0, 0, false // "à jour" is no day
	}
	mins = n * per
	switch {
	case j+1 < len(toks) && (toks[j+1].Text == "ouvres" || toks[j+1].Text == "ouvrables"):
		j++ // "15 jours ouvrés"
	case j+2 < len(toks) && toks[j+1].Text == "et" && (toks[j+2].Text == "demie" || toks[j+2].Text == "demi"):
		mins, j = mins+per/2, j+2 // "deux heures et demie"
	case per == 60 && j+1 < len(toks):
		if extra, ok := minutesAfterHours(toks, j+1); ok {
			mins, j = mins+extra.mins, extra.end // "1 hour 47 minutes"
		}
	}
	return mins, j, true
}

// lengthNotTime reports whether a compact "2h" at toks[i] that could be
// a time of day is a length: before what it measures ("après 2h
// d'attente", "2h de retard"), or after a wait ("retard de 2h", "plus de
// 2h"), and not one end of a range ("file d'attente de 9h à 12h").
func (m *measuring) lengthNotTime(i int) bool {
	toks := m.toks
	if i+2 < len(toks) && (toks[i+1].Text == "a" || toks[i+1].Text == "to" || toks[i+1].Text == "jusqu'") && clockTime(toks[i+2].Text) ||
		i+1 < len(toks) && clockTime(toks[i+1].Text) && strings.TrimSpace(m.s[toks[i].End:toks[i+1].Start]) == "-" {
		return false
	}
	k := i + 1
	if k < len(toks) && (toks[k].Text == "de" || toks[k].Text == "d'" || toks[k].Text == "of") {
		k++
	}
	if k < len(toks) && m.waitNoun(k) {
		return true
	}
	if i == 0 {
		return true
	}
	switch toks[i-1].Text {
	case "de", "depuis": // "retard de 2h", "plus de 2h", "j'attends depuis 2h"; not "down depuis 14h"
		return i >= 2 && (m.waitWord(i-2) || toks[i-2].Text == "plus" || toks[i-2].Text == "pres")
	case "a", "at", "vers", "pour", "des", "avant", "apres", "from", "until", "till", "by", "jusqu'", "since", "le", "the", "of":
		return false
	}
	return true
}

// minutes is a count of minutes read after hours and its last token.
type minutes struct {
	mins float64
	end  int
}

// minutesAfterHours reads the minutes after a length in hours: "10m",
// "10 min", "47 minutes".
func minutesAfterHours(toks []Token, i int) (minutes, bool) {
	w := toks[i].Text
	if d, rest := leadingInt(w); len(rest) < len(w) && d < 60 {
		switch rest {
		case "m", "min", "mins", "mn":
			return minutes{float64(d), i}, true
		case "":
			if i+1 < len(toks) && unitMinutes(toks[i+1].Text) == 1 {
				return minutes{float64(d), i + 1}, true
			}
		}
	}
	return minutes{}, false
}

// compactDuration reads a length written as one word: "2h", "1h30",
// "1h30min", "45min", "3hrs". A bare "m" is no minute ("500m" is a
// distance) but after hours (minutesAfterHours).
func compactDuration(w string) (float64, bool) {
	n, rest := leadingInt(w)
	if rest == w || rest == "" || len(w)-len(rest) > 3 {
		return 0, false
	}
	switch rest {
	case "h", "hr", "hrs":
		return float64(n) * 60, true
	case "min", "mins", "mn":
		return float64(n), true
	}
	if rest[0] != 'h' {
		return 0, false
	}
	mm, tail := leadingInt(rest[1:])
	if len(rest)-1-len(tail) != 2 || mm >= 60 {
		return 0, false
	}
	switch tail {
	case "", "min", "mn", "m":
		return float64(n)*60 + float64(mm), true // "1h30", "1h30min"
	}
	return 0, false
}

// unitMinutes returns how many minutes a unit of time lasts, 0 if w is
// none (years included: see duration).
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
	}
	return 0
}

// englishUnit reports whether w is an English unit of time: the only
// kind "a"/"an" may count ("a day", "an hour"; not French "à jour").
func englishUnit(w string) bool {
	switch w {
	case "minute", "hour", "day", "week", "month":
		return true
	}
	return false
}

// shortened reports whether the length at toks[i] is said to be short:
// "only 20 minutes", "moins de 30 min", "à peine 20 minutes", "in under
// an hour", "en moins d'une heure".
func shortened(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch toks[k].Text {
		case "only", "just", "barely", "under", "within", "seulement", "juste", "peine", "moins", "less", "sous", "most":
			return true
		case "que", "qu'": // "je n'ai attendu que 20 min", not "scandaleux que 3h d'attente"
			for j := k - 1; j >= 0 && j >= k-5; j-- {
				if toks[j].Text == "ne" || toks[j].Text == "n'" {
					return true
				}
			}
			return false
		case "de", "d'", "than", "a":
			continue // "moins de", "less than", "à peine"
		}
		return false
	}
	return false
}

// waitWord reports whether toks[k], before a length, says one waited or
// was late: "waited", "on hold", "had to wait", "queued", "stuck",
// "delayed"; "attendu", "j'attends", "a dû attendre", "retardé",
// "retard". Orders and recipes are none: "wait 20 minutes before
// baking", "il faut attendre 2 semaines".
func (m *measuring) waitWord(k int) bool {
	toks := m.toks
	w := toks[k].Text
	prev := ""
	if k > 0 {
		prev = toks[k-1].Text
	}
	if m.en {
		switch w {
		case "waited", "waiting", "queued", "queuing", "queueing", "stuck", "stranded", "delayed", "delay", "delays", "sat", "stood", "standing":
			return true
		case "hold": // "on hold", "put me on hold"; not "put the project on hold"
			if prev != "on" {
				return false
			}
			for j := k - 2; j >= 0 && j >= k-4; j-- {
				switch toks[j].Text {
				case "put", "putting", "placed", "placing":
					return toks[j+1].Text == "me" || toks[j+1].Text == "us"
				}
			}
			return true
		case "wait", "queue": // "had to wait"
			return prev == "to" && k >= 2 && (toks[k-2].Text == "had" || toks[k-2].Text == "have" || toks[k-2].Text == "has" || toks[k-2].Text == "having")
		}
	}
	if m.fr {
		switch w {
		case "attendu", "attendue", "attendus", "attendues", "attends", "attend", "attendons", "attente",
			"poireaute", "poireautes", "bloque", "bloques", "bloquee", "bloquees",
			"coince", "coinces", "coincee", "coincees", "retard", "retarde", "retardes", "retardee", "retardees":
			return true
		case "attendre", "patienter", "poireauter": // "a dû attendre", "il a fallu attendre", "me demande d'attendre"
			return prev == "du" || prev == "fallu" || prev == "d'"
		}
	}
	return false
}

// tookWord reports whether toks[k] says how long something took: "took",
// "has taken", "a mis", "il a fallu"; not "takes" (a timetable: "the
// Eurostar takes 2 hours"), "il faut" (advice) or "mis à jour".
func (m *measuring) tookWord(k int) bool {
	w := m.toks[k].Text
	switch {
	case m.en && (w == "took" || w == "taken"):
		return true
	case m.fr && w == "fallu":
		return true
	case m.fr && w == "mis" && k > 0:
		switch m.toks[k-1].Text {
		case "a", "ont", "ai", "avons", "avez", "as":
			return true
		}
	}
	return false
}

// forService reports whether toks[k:] says what a service took that long
// to do: "to arrive", "to get through", "pour répondre", "à traiter".
func (m *measuring) forService(k int) bool {
	toks := m.toks
	if k+1 >= len(toks) {
		return false
	}
	switch toks[k].Text {
	case "to", "for", "before", "until", "pour", "a", "avant":
	default:
		return false
	}
	j := k + 1
	if toks[k].Text == "pour" && (toks[j].Text == "que" || toks[j].Text == "qu'") {
		return true // "il a fallu 4 mois pour que la CAF traite"
	}
	for j < len(toks) && j <= k+3 && (toks[j].Kind == Mention || toks[j].Text == "them" || toks[j].Text == "someone" || toks[j].Text == "anyone" || toks[j].Text == "me" || toks[j].Text == "m'") {
		j++ // "took 3 weeks for them to reply", "pour me répondre"
	}
	if j+1 < len(toks) && (toks[j].Text == "my" || toks[j].Text == "our" || toks[j].Text == "the") {
		j += 2 // "took 3 weeks for my parcel to arrive"
	}
	if j < len(toks) && toks[j].Text == "to" {
		j++
	}
	if j >= len(toks) {
		return false
	}
	switch toks[j].Text {
	case "arrive", "deliver", "reply", "respond", "answer", "refund", "fix", "repair", "process", "sort", "resolve", "ship", "dispatch",
		"connect", "install", "come", "show", "call", "replace", "approve", "review", "pay", "credit", "restore", "reconnect",
		"arriver", "livrer", "repondre", "rembourser", "reparer", "traiter", "regler", "resoudre", "expedier", "envoyer", "raccorder",
		"installer", "venir", "intervenir", "rappeler", "remplacer", "valider", "payer", "verser", "retablir", "recevoir", "obtenir", "avoir":
		return true
	case "get": // "to get through", "to get a reply"
		return j+1 < len(toks) && (toks[j+1].Text == "through" || toks[j+1].Text == "back" || toks[j+1].Text == "a" || toks[j+1].Text == "my" || toks[j+1].Text == "an")
	}
	return false
}

// waitNoun reports whether toks[k], after a length, says it was spent
// waiting or late: "d'attente", "de queue", "de retard", "late", "wait",
// "on hold", "sur le quai", "on the platform", "at the gate", "in line".
func (m *measuring) waitNoun(k int) bool {
	w := m.toks[k].Text
	prev := ""
	if k > 0 {
		prev = m.toks[k-1].Text
	}
	if m.en {
		switch w {
		case "late", "wait", "waiting", "queue", "queuing", "queueing", "delay", "platform", "gate", "tarmac", "stuck":
			return true
		case "hold":
			return prev == "on"
		case "line":
			return prev == "in"
		}
	}
	if m.fr {
		switch w {
		case "attente", "queue", "retard", "quai", "guichet", "arret", "bloque", "bloques", "bloquee", "bloquees", "coince", "coinces":
			return true
		case "file": // "2h de file", not "the 2 hour file"
			return prev == "de" || prev == "d'"
		}
	}
	return false
}

// lateWord reports whether w says something was late rather than
// waited for.
func (m *measuring) lateWord(w string) bool {
	switch w {
	case "late", "delay", "delays", "delayed", "retard", "retarde", "retardes", "retardee", "retardees":
		return true
	}
	return false
}

// waitFiller reports whether toks[k] may stand between a wait and its
// length, or between a length and what it measures: "waited for over 2
// hours", "on hold to @BritishGas for 52 minutes", "attendu plus de 2h",
// "retardé de 40 min", "2 hours in the queue".
func (m *measuring) waitFiller(k int) bool {
	t := &m.toks[k]
	if t.Kind == Mention {
		return true
	}
	switch t.Text {
	case "for", "over", "nearly", "almost", "about", "around", "another", "a", "an", "more", "than", "by", "good", "of", "in", "on", "at", "the", "me", "us", "them",
		"pendant", "plus", "de", "d'", "pres", "presque", "encore", "environ", "depuis", "une", "bonne", "bonnes", "sur", "le", "la", "au", "en":
		return true
	case "platform", "tarmac", "gate", "phone", "quai", "telephone", "tel": // "sat on the platform for 40 minutes"
		return true
	case "with", "to", "avec", "chez": // "on hold with @bank for 40 min"
		return k+1 < len(m.toks) && m.toks[k+1].Kind == Mention
	}
	return false
}

// wish reports whether the post around a delay wishes someone well or
// tells a birth: "Joyeux anniversaire, avec 2 jours de retard !", "happy
// birthday mum, 5 hours late", "born 3 weeks late"; before the delay, or
// after it in its sentence.
func (m *measuring) wish(from, to int) bool {
	q := to
	from, to = m.window(from, to)
	for k := from; k <= to; k++ {
		if k > q && sentenceBreak(m.s[m.toks[k-1].End:m.toks[k].Start]) {
			break // "… for the 3-hour delay. Loved spending my birthday on the floor"
		}
		switch m.toks[k].Text {
		case "anniversaire", "birthday", "anniversary", "happy", "joyeux", "joyeuse", "bday", "anniv", "felicitations", "congrats", "congratulations",
			"born", "naissance", "bebe", "baby":
			return true
		}
	}
	return false
}

// worthIt reports whether the wait or the sum is said to have been worth
// it: "worth the 2 hour wait", "ça valait les 2h de queue"; not "not
// worth the 3 hour wait", "ça ne valait pas les 2h d'attente".
func (m *measuring) worthIt(from, to int) bool {
	// Further after than other cues: "waited 3 hours in line for the
	// merch truck and it was worth it".
	toks := m.toks
	for k := max(0, from-measureReach); k < len(toks) && k <= to+2*measureReach; k++ {
		switch toks[k].Text {
		case "worth", "worthwhile", "vaut", "valait", "valu", "merite", "meritait":
			for j := max(0, k-2); j < k; j++ {
				switch toks[j].Text {
				case "not", "never", "isn't", "wasn't", "ne", "n'", "pas", "jamais":
					return false
				}
			}
			if k+1 < len(toks) && (toks[k+1].Text == "pas" || toks[k+1].Text == "jamais") {
				return false // "ça ne valait pas"
			}
			return true
		}
	}
	return false
}

// riseAt reads a price rise whose figure is at toks[i]: "passée de 64€ à
// 112€", "went from £78 to £146", "up 22%", "en hausse de 30 %",
// "augmenter les abonnements de 30%", "+15 %", "ont pris 20%"; a price's
// name must be near ("facture", "abonnements", "bill", "prices"), which
// tells it from "sales up 22%" and "-20% sur toute la collection", and
// what is not a price must not be ("house prices", "le prix pour le
// vainqueur", "ticket sales").
func (m *measuring) riseAt(i int) (measure, bool) {
	toks := m.toks
	t := &toks[i]
	if t.Kind != Number {
		return measure{}, false
	}
	if a, end, ok := money(m.s, toks, i); ok {
		return m.sumRise(i, a, end)
	}
	if !percent(m.s, t) || m.notRise(i) {
		return measure{}, false
	}
	from := -1
	if t.Start > 0 && m.s[t.Start-1] == '+' {
		from = i
	}
	for k := i - 1; from < 0 && k >= 0 && k >= i-4; k-- {
		if clauseBreak(m.s[toks[k].End:toks[k+1].Start]) {
			break
		}
		if m.riseWord(k, i) {
			from = k
		}
	}
	for k := i + 1; from < 0 && k < len(toks) && k <= i+2; k++ {
		if m.riseWord(k, i) {
			from = i // "a 22% increase", "20 % de hausse", "a 12% price rise"
		} else if w := toks[k].Text; w != "de" && w != "d'" && !m.priceNoun(k) {
			break
		}
	}
	if from < 0 || !m.priceNear(i) || m.announced(from, i) {
		return measure{}, false
	}
	return measure{from, i, riseValence, false, false}, true
}

// sumRise reads a rise told by the sum a at toks[i:end+1]: "from £78 to
// £146", "de 64€ à 112€" (a change, said by a verb), "monte le loyer de
// 60 $", "raised my rent by £100" (by how much), "+2 € par mois", "£6
// more a month", "elle coûte 10 centimes de plus".
func (m *measuring) sumRise(i int, a float64, end int) (measure, bool) {
	toks := m.toks
	rise := func(from, to int) (measure, bool) {
		if !m.priceNear(i) || m.announced(from, to) {
			return measure{}, false
		}
		return measure{from, to, riseValence, false, false}, true
	}
	paid := func(from, to int) (measure, bool) {
		// A sum paid more often or for the same thing is a price
		// whatever it is named; "for £5 more a month you get…" is an
		// offer.
		if m.offer(from) || shortened(toks, from) || m.announced(from, to) || m.willing(from, to) || !m.complaining() {
			return measure{}, false
		}
		return measure{from, to, riseValence, false, false}, true
	}
	if i > 0 && (toks[i-1].Text == "from" || toks[i-1].Text == "de" || toks[i-1].Text == "by") {
		j := end + 1
		if j+1 < len(toks) && (toks[j].Text == "to" || toks[j].Text == "a") {
			if b, end2, ok := money(m.s, toks, j+1); ok {
				if b > a && toks[i-1].Text != "by" && m.changeVerb(i-1) {
					return rise(i-1, end2)
				}
				return measure{}, false
			}
		}
		if m.raiseVerb(i - 1) {
			return rise(i-1, end)
		}
		return measure{}, false
	}
	if t := &toks[i]; t.Start > 0 && m.s[t.Start-1] == '+' && (i == 0 || !strings.ContainsAny(m.s[toks[max(0, i-3)].Start:t.Start], "€$£")) {
		// "+2 € par mois"; not "8 € le livre +9,90 € de port", nor a
		// price list's "location des patins +3 €" nobody comments on.
		if !m.complaining() || m.willing(i, end) {
			return measure{}, false
		}
		return rise(i, end)
	}
	// "£6 more a month", "2 € de plus par mois", "coûte 10 centimes de
	// plus", "$3 extra per ticket".
	k := end + 1
	if k < len(toks) && (toks[k].Text == "de" || toks[k].Text == "en") && k+1 < len(toks) && toks[k+1].Text == "plus" && m.fr {
		k++
	} else if k >= len(toks) || !m.en || toks[k].Text != "more" && toks[k].Text != "extra" {
		return measure{}, false
	}
	if k+2 < len(toks) && perPeriod(toks[k+1].Text, toks[k+2].Text) {
		return paid(i, k+2)
	}
	for j := max(0, i-3); j < i; j++ {
		switch toks[j].Text {
		case "costs", "cost", "coute", "coutent", "pay", "paying", "payer", "paie", "paye", "payons":
			return paid(j, k)
		}
	}
	return measure{}, false
}

// willing reports whether the writer says they are glad to pay the sum
// toks[from:to+1] ("happy to pay £2 more a month", "prêt à payer 2 € de
// plus"), or earn or save it ("je gagne 300 € de plus par mois").
func (m *measuring) willing(from, to int) bool {
	lo, hi := m.window(from, to)
	for k := lo; k <= hi; k++ {
		switch m.toks[k].Text {
		case "happy", "glad", "willing", "ready", "worth", "pret", "prete", "prets", "pretes", "vaut",
			// Money earned or saved: "je gagne 300 € de plus par mois",
			// "I earn £300 more a month", "$200 more a week in tips".
			"gagne", "gagner", "touche", "toucher", "economise", "economiser", "epargne", "prime", "salaire", "augmentation",
			"earn", "earns", "earning", "make", "makes", "making", "made", "save", "saving", "saved", "tips", "salary", "bonus", "raise":
			return true
		}
	}
	return false
}

// offer reports whether the sum at toks[from] is what more a shop asks
// for more: "for £5 more a month you get…", "pour seulement 2 € de plus".
func (m *measuring) offer(from int) bool {
	for k := from - 1; k >= 0 && k >= from-2; k-- {
		switch m.toks[k].Text {
		case "for", "pour":
			return true
		case "just", "only", "seulement", "juste":
			continue
		}
		return false
	}
	return false
}

// perPeriod reports whether w, next say how often a sum is paid: "a
// month", "per year", "par mois", "each ticket".
func perPeriod(w, next string) bool {
	switch w {
	case "a", "per", "par", "each", "every", "chaque":
		switch next {
		case "month", "year", "week", "ticket", "night", "mois", "an", "annee", "semaine", "billet", "nuit", "nuitee":
			return true
		}
	}
	return false
}

// raiseVerb reports whether a verb that raises a price comes just before
// toks[at] ("de"/"by"): "monte le loyer de 60 $", "raised my rent by
// £100", "augmente l'abonnement de 3 €".
func (m *measuring) raiseVerb(at int) bool {
	for k := at - 1; k >= 0 && k >= at-4; k-- {
		switch m.toks[k].Text {
		case "raised", "raises", "hiked", "hikes", "increased", "increases", "bumped", "up": // "gone up by £140"
			return m.en
		case "put", "puts": // "put the rent up by £50", not "down"
			for j := k + 1; j < at; j++ {
				if m.toks[j].Text == "up" {
					return m.en
				}
			}
			return false
		case "monte", "montent", "augmente", "augmentent", "augmentee", "gonfle", "relever", "releve", "grimpe", "grimpent":
			return m.fr
		}
	}
	return false
}

// announced reports whether the rise toks[from:to+1] is announced rather
// than lived: to come ("fares to rise 4.6% in March", "will go up", "au
// 1er janvier", "à partir du", "from Sunday", "next month") or in a
// communiqué ("annonce le gouvernement", "Ofgem announced"), unless the
// price is the writer's own ("our rent is going up 15% in June", "mon
// loyer passe de … au 1er janvier").
func (m *measuring) announced(from, to int) bool {
	toks := m.toks
	lo, hi := m.window(from, to)
	ahead := false
	for k := lo; k <= hi; k++ {
		w := toks[k].Text
		switch w {
		case "my", "our", "mon", "ma", "mes", "notre", "nos":
			return false
		case "will", "set", "annonce", "announced", "announces", "confirmed", "confirms", "confirme", "breaking", "gouvernement", "government", "ofgem", "starts", "start":
			ahead = true
		case "next", "prochain", "prochaine": // "next month", "le mois prochain"; not "next time"
			if k+1 < len(toks) {
				switch n := toks[k+1].Text; n {
				case "month", "year", "week", "spring", "summer", "autumn", "winter", "mois", "annee", "an", "semaine", "rentree":
					ahead = true
				default:
					ahead = ahead || monthOrDay(n)
				}
			}
			if k > 0 {
				switch toks[k-1].Text {
				case "mois", "annee", "semaine", "an":
					ahead = true
				}
			}
		case "to": // "to rise"
			ahead = ahead || k+1 < len(toks) && m.riseWord(k+1, to)
		case "partir": // "à partir du"
			ahead = ahead || k > 0 && toks[k-1].Text == "a"
		case "1er", "premier": // "au 1er janvier", "le 1er avril"
			ahead = ahead || k > 0 && (toks[k-1].Text == "au" || toks[k-1].Text == "le" || toks[k-1].Text == "du")
		case "from": // "from Sunday", "from 1 April", "from March"
			if k+1 < len(toks) && k+1 != from+1 {
				n := toks[k+1]
				ahead = ahead || n.Kind == Number || monthOrDay(n.Text)
			}
		}
	}
	return ahead
}

// monthOrDay reports whether w names a month or a day of the week.
// "May" is left out (a modal: "it may rain"); nowAt reads it before or
// after a number ("May 3").
func monthOrDay(w string) bool {
	if weekday(w) || month(w) {
		return true
	}
	switch w {
	case "mai", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv", "fev", "avr", "juil":
		return true
	}
	return false
}

// weekday reports whether w names a day of the week.
func weekday(w string) bool {
	switch w {
	case "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// month reports whether w names a month in full, May and mai left out
// ("it may rain"; scheduleCues counts neither).
func month(w string) bool {
	switch w {
	case "janvier", "fevrier", "mars", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
		"january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december":
		return true
	}
	return false
}

// notRise reports whether the percentage at toks[i] is a tax, a discount
// or a bonus: "+20% VAT", "+20 % de TVA", "20% off", "+50% de data",
// "10% extra credit".
func (m *measuring) notRise(i int) bool {
	for k := i + 1; k < len(m.toks) && k <= i+2; k++ {
		switch m.toks[k].Text {
		case "vat", "tva", "ht", "ttc", "off", "discount", "reduc", "reduction", "remise", "extra", "more", "bonus", "data", "free", "gratuit", "offert", "offerts", "cashback", "interest", "interet", "interets":
			return true
		case "de", "d'":
			continue
		}
		return false
	}
	return false
}

// riseWord reports whether toks[k], before or after the percentage at
// toks[i], says a figure went up: "up" (not "up to 70% off", "sign up"),
// "rise", "hausse", "augmenté", "ont pris 20%".
func (m *measuring) riseWord(k, i int) bool {
	toks := m.toks
	switch w := toks[k].Text; w {
	case "up":
		if k+1 < len(toks) && toks[k+1].Text == "to" {
			return false
		}
		if k > 0 {
			switch toks[k-1].Text {
			case "sign", "signed", "top", "topped", "pick", "picked", "set", "make", "made":
				return false
			}
		}
		return m.en
	case "rise", "rises", "risen", "increase", "increased", "increases", "hike", "hiked", "hikes", "jump", "jumped", "jumps", "raised", "raising":
		return m.en
	case "hausse", "augmentation", "augmente", "augmentee", "augmentes", "augmentent", "augmenter", "grimpe", "grimpee", "grimpent", "bondi", "explose", "flambe":
		return m.fr
	case "pris": // "les prix ont pris 20%", not "j'ai pris les billets avec 20%"
		return m.fr && k == i-1 && k > 0 && (toks[k-1].Text == "ont" || toks[k-1].Text == "a")
	}
	return false
}

// chargeAt reads a sum charged to the writer at toks[i]: "charged me
// €55 because my bag was 2cm too wide", "billed us an extra £40", "on
// m'a facturé 120€", "ils m'ont prélevé 15€". A customer who tells what
// they were charged complains of it; not "only charged me £5", "m'a
// facturé que 10€".
func (m *measuring) chargeAt(i int) (measure, bool) {
	toks := m.toks
	a, end, ok := money(m.s, toks, i)
	if !ok || a == 0 || shortened(toks, i) || m.discount(end, a) {
		return measure{}, false
	}
	// Back over "a", "an extra", "un supplément de" to "me"/"us" after the
	// verb, or to the French verb after "m'a", "nous ont".
	for k := i - 1; k >= 1 && k >= i-4; k-- {
		w, prev := toks[k].Text, toks[k-1].Text
		switch {
		case m.en && (w == "me" || w == "us") && chargeVerbEN(prev):
			if k >= 2 && shortened(toks, k-1) {
				return measure{}, false // "only charged me £5"
			}
			return measure{k - 1, i, chargeValence, false, true}, true
		case m.fr && chargeVerbFR(w) && (prev == "a" || prev == "ont" || prev == "avez") && k >= 2 && (toks[k-2].Text == "m'" || toks[k-2].Text == "nous"):
			return measure{k - 2, i, chargeValence, false, true}, true
		}
		switch w {
		case "a", "an", "extra", "another", "additional", "un", "une", "supplement", "de", "d'", "en", "plus":
			continue
		}
		return measure{}, false
	}
	return measure{}, false
}

// discount reports whether the sum a, ending at toks[end], is said to be
// less than it might have been: "20€ de moins", "£5 less", "£5 instead
// of £15" ("15€ au lieu de 2€" is more).
func (m *measuring) discount(end int, a float64) bool {
	toks := m.toks
	for k := end + 1; k < len(toks) && k <= end+4; k++ {
		switch toks[k].Text {
		case "moins", "less", "off", "discount", "remise":
			return true
		case "instead", "lieu":
			for j := k + 1; j < len(toks) && j <= k+3; j++ {
				if b, _, ok := money(m.s, toks, j); ok {
					return b > a
				}
			}
			return false
		}
	}
	return false
}

func chargeVerbEN(w string) bool {
	switch w {
	case "charged", "charging", "billed", "debited", "fined":
		return true
	}
	return false
}

func chargeVerbFR(w string) bool {
	switch w {
	case "facture", "preleve", "debite", "compte", "reclame":
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

// money reads the sum at toks[i] when a currency is written beside it
// ("£78", "64€", "31,99 €", "120 euros", "1 200 €", "£1,000.50") and
// returns it with its last token.
func money(s string, toks []Token, i int) (float64, int, bool) {
	t := &toks[i]
	if t.Kind != Number {
		return 0, 0, false
	}
	v, ok := amount(t.Text)
	if !ok {
		return 0, 0, false
	}
	end := i
	// Thousands apart: "1 200 €", "10 000€"; a first group of one to
	// three digits and at most four more, so that "100 100 100 …" is read
	// in bounded time from each of its numbers.
	if len(t.Text) <= 3 && !strings.ContainsAny(t.Text, ".,") {
		for end+1 < len(toks) && end < i+4 && toks[end+1].Kind == Number && len(toks[end+1].Text) == 3 && thinSpace(s[toks[end].End:toks[end+1].Start]) {
			g, ok := amount(toks[end+1].Text)
			if !ok {
				break
			}
			v = v*1000 + g
			end++
		}
	}
	before := strings.TrimSuffix(s[:t.Start], " ")
	after := strings.TrimLeft(s[toks[end].End:], " \u00a0\u202f")
	cur := strings.HasSuffix(before, "€") || strings.HasSuffix(before, "$") || strings.HasSuffix(before, "£") ||
		strings.HasPrefix(after, "€") || strings.HasPrefix(after, "$") || strings.HasPrefix(after, "£")
	if !cur && i > 0 && thinSpace(s[toks[i-1].End:t.Start]) {
		switch toks[i-1].Text {
		case "chf", "eur", "usd", "gbp", "cad", "aud":
			cur = true // "CHF 12"
		}
	}
	if !cur && end+1 < len(toks) && moneyWord(toks[end+1].Text) {
		cur = true
		end++
		switch toks[end].Text {
		case "centimes", "cents", "pence": // "80 centimes", "90 cents"
			v /= 100
		}
	}
	if !cur {
		return 0, 0, false
	}
	return v, end, true
}

// thinSpace reports whether gap is the space between the groups of a
// number's thousands.
func thinSpace(gap string) bool {
	return gap == " " || gap == "\u00a0" || gap == "\u202f"
}

// moneyWord reports whether w names a currency: "120 euros".
func moneyWord(w string) bool {
	switch w {
	case "euro", "euros", "eur", "dollar", "dollars", "usd", "pound", "pounds", "gbp", "balles", "quid", "chf", "centimes", "cents", "pence":
		return true
	}
	return false
}

// amount parses a number as written in either language: a separator
// followed by three digits groups thousands ("1,200", "1.050", "1.000,50",
// "1,000.50"); one followed by one or two digits marks decimals ("24,99",
// "24.99").
func amount(w string) (float64, bool) {
	v, scale, decimals := 0.0, 1.0, false
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c >= '0' && c <= '9':
			if decimals {
				scale /= 10
				v += float64(c-'0') * scale
			} else {
				v = v*10 + float64(c-'0')
			}
		case c == ',' || c == '.':
			digits := 0
			for k+1+digits < len(w) && w[k+1+digits] >= '0' && w[k+1+digits] <= '9' {
				digits++
			}
			if digits == 3 && !decimals {
				continue // thousands
			}
			if decimals || digits == 0 {
				return 0, false
			}
			decimals = true
		default:
			return 0, false
		}
	}
	return v, len(w) > 0
}

// changeVerb reports whether a verb of change, in the past or the present
// ("went from", "est passée de", "jumped from", "augmente de"), comes
// just before toks[at] ("from"/"de"). The future is an announcement: "le
// ticket passera de 1,60 € à 1,70 € au 1er janvier".
func (m *measuring) changeVerb(at int) bool {
	for k := at - 1; k >= 0 && k >= at-3; k-- {
		switch m.toks[k].Text {
		case "went", "gone", "goes", "jumped", "jumps", "increased", "increases", "risen", "rose", "rises", "raised", "hiked",
			"passe", "passee", "passes", "passees", "passent", "augmente", "augmentee", "augmentes", "augmentent", "grimpe", "grimpee", "bondi", "monte", "montee":
			return true
		}
	}
	return false
}

// priceNear reports whether a price is named near toks[i] ("facture",
// "abonnements", "bill", "fares") and nothing says the figure is a prize
// ("le prix pour le vainqueur"), the price a value ("house prices",
// "stock price", "prix de l'immobilier"), or the figure a count or an
// income ("ticket sales up 35%", "ticket demand up 300%", "salaire
// +0%"). "House insurance up 30%" and "car hire prices" are prices.
func (m *measuring) priceNear(i int) bool {
	toks := m.toks
	price := -1
	for k := max(0, i-measureReach); k < len(toks) && k <= i+3; k++ {
		switch toks[k].Text {
		case "vainqueur", "vainqueurs", "gagnant", "gagnants", "winner", "winners", "tournoi", "concours", "prize", "jackpot", "cagnotte",
			"cac", "bourse", "indice", "nasdaq", "dow", "ftse", "petrole", "oil", "brent":
			return false // a prize, markets
		}
		if m.priceNoun(k) && (price < 0 || k <= i || price < i && i-price > k-i) {
			price = k // the nearest
		}
	}
	if price < 0 {
		return false
	}
	if w := toks[price].Text; w == "price" || w == "prices" || w == "prix" {
		for k := max(0, price-1); k < len(toks) && k <= price+3; k++ {
			switch toks[k].Text {
			case "house", "houses", "property", "stock", "stocks", "share", "shares", "bitcoin", "immobilier", "action", "actions":
				return false
			}
		}
	}
	for k := min(price, i-1); k < len(toks) && k <= max(price, i+1); k++ {
		switch toks[k].Text {
		case "sales", "ventes", "revenue", "revenues", "chiffre", "followers", "abonnes", "audience", "views", "vues", "subscribers", "members", "membres",
			"salary", "salaire", "wage", "wages", "pension", "savings", "epargne", "donations", "dons", "goal", "objectif", "mileage", "demand", "demande", "traffic", "trafic":
			return false
		}
	}
	return true
}

// priceNoun reports whether toks[k] names what a customer pays.
func (m *measuring) priceNoun(k int) bool {
	w := m.toks[k].Text
	if m.fr {
		switch w {
		case "prix", "tarif", "tarifs", "facture", "factures", "loyer", "loyers", "abonnement", "abonnements", "forfait", "forfaits",
			"cotisation", "cotisations", "mensualite", "mensualites", "prelevement", "billet", "billets", "assurance", "cout", "couts", "mutuelle", "charges":
			return true
		case "taxe": // "taxe foncière", "taxe d'habitation"
			return k+1 < len(m.toks) && (m.toks[k+1].Text == "fonciere" || m.toks[k+1].Text == "d'")
		case "ticket": // "le ticket de métro"
			return k+1 < len(m.toks) && m.toks[k+1].Text == "de"
		case "frais": // "frais de livraison", "frais bancaires"; not "produits frais"
			return k+1 < len(m.toks) && (m.toks[k+1].Text == "de" || m.toks[k+1].Text == "d'" || m.toks[k+1].Text == "bancaires")
		}
	}
	if m.en {
		switch w {
		case "price", "prices", "bill", "bills", "fee", "fees", "fare", "fares", "rent", "subscription", "premium", "premiums",
			"cost", "costs", "debit", "ticket", "tickets", "insurance", "tariff", "tariffs":
			return true
		case "tax": // "council tax", not "+20% tax" (notRise)
			return k > 0 && m.toks[k-1].Text == "council"
		}
	}
	return false
}

// numberWord reports whether w may start a length written in words:
// "two hours", "deux heures", "an hour", "half an hour", "une
// demi-heure".
func (m *measuring) numberWord(w string) bool {
	if w == "half" || w == "demi" {
		return true
	}
	_, ok := m.numberWordValue(w)
	return ok
}

// unitNext reports whether w may follow a number word in a length of
// time: a unit, or "an"/"demi"/"and" ("half an hour", "une demi-heure",
// "two and a half hours").
func unitNext(w string) bool {
	return unitMinutes(w) != 0 || w == "an" || w == "a" || w == "demi" || w == "and" || w == "working" || w == "business"
}

func (m *measuring) numberWordValue(w string) (float64, bool) {
	switch w {
	case "a", "an", "one":
		return 1, m.en
	case "un", "une":
		return 1, m.fr
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
// "7.30pm", "7:30", "9:05 am", "8 pm", "at 8.45" — and returns it in
// minutes after midnight with the last token read, and whether it is on
// a 24-hour dial ("15h", "7pm", "17:30"; not "7:30").
func timeOfDay(s string, toks []Token, i int) (mins, end int, dial24, ok bool) {
	t := &toks[i]
	w := t.Text
	if t.Kind == Word {
		if clockTime(w) {
			h, rest := leadingInt(w)
			switch {
			case rest == "am" || rest == "pm":
				return hour12(h, rest) * 60, i, true, true
			case rest == "h":
				return h * 60, i, true, true
			default: // "21h10"
				m, _ := leadingInt(rest[1:])
				return h*60 + m, i, true, true
			}
		}
		// "7.30pm"
		h, rest := leadingInt(w)
		if len(rest) == 5 && (rest[0] == '.' || rest[0] == ':') && (rest[3:] == "am" || rest[3:] == "pm") {
			if m, r := leadingInt(rest[1:3]); r == "" && h >= 1 && h <= 12 && m < 60 {
				return hour12(h, rest[3:])*60 + m, i, true, true
			}
		}
		return 0, 0, false, false
	}
	if t.Kind != Number {
		return 0, 0, false, false
	}
	if h, rest := leadingInt(w); len(rest) == 3 && rest[0] == '.' && h <= 24 && i > 0 && (toks[i-1].Text == "at" || toks[i-1].Text == "a") {
		// "seated at 8.45"
		if m, r := leadingInt(rest[1:]); r == "" && m < 60 {
			return h*60 + m, i, h > 12, true
		}
	}
	if len(w) > 2 {
		return 0, 0, false, false
	}
	h, _ := leadingInt(w)
	if h > 24 || i+1 >= len(toks) {
		return 0, 0, false, false
	}
	next := &toks[i+1]
	switch {
	case s[t.End:next.Start] == ":" && len(next.Text) >= 2:
		// "7:30", "9:05", "7:30pm"
		m, rest := leadingInt(next.Text)
		if len(next.Text)-len(rest) != 2 || m >= 60 {
			return 0, 0, false, false
		}
		end = i + 1
		if rest == "" && i+2 < len(toks) && (toks[i+2].Text == "am" || toks[i+2].Text == "pm") {
			rest, end = toks[i+2].Text, i+2
		}
		switch rest {
		case "":
			return h*60 + m, end, h > 12 || h == 0, true
		case "am", "pm":
			if h >= 1 && h <= 12 {
				return hour12(h, rest)*60 + m, end, true, true
			}
		}
	case next.Text == "am" || next.Text == "pm":
		if h >= 1 && h <= 12 {
			return hour12(h, next.Text) * 60, i + 1, true, true
		}
	}
	return 0, 0, false, false
}

// leadingInt splits w into its leading digits' value (at most four) and
// the rest.
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
// "installés à", "vus par un médecin à" — or -1. Only small words may
// stand between an end and its time ("seen the sunset at 8pm" is no
// wait).
func (m *measuring) eventBefore(i int) int {
	toks := m.toks
	small := true // only small words so far
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if clauseBreak(m.s[toks[k].End:toks[k+1].Start]) {
			return -1
		}
		if m.startKind(k) != startNone || small && m.endWord(k) {
			// What started may stand further: "arrivés aux urgences à
			// 19h", "booked a table for 7:30".
			return k
		}
		switch toks[k].Text {
		case "at", "a", "for", "pour", "vers", "around", "about", "only", "finally", "enfin", "seulement", "qu'", "until", "till", "avant", "before", "jusqu'",
			"par", "by", "un", "une", "le", "la", "the", "vous", "en", "charge", "in", "not", "pas", "n'", "weren't", "wasn't", "didn't", "never", "jamais",
			"medecin", "doctor", "docteur", "nurse", "infirmier", "infirmiere", "surgeon", "chirurgien", "someone", "quelqu'un", "conseiller", "conseillere", "agent":
			continue
		}
		small = false
	}
	return -1
}

// startKind says whether toks[k] starts a timeline, and how: a booking,
// a timetable or an arrival.
func (m *measuring) startKind(k int) int {
	switch m.toks[k].Text {
	case "booked", "booking", "reserved", "reservation", "appointment", "appt",
		"reserve", "reservee", "reserves", "reservees", "resa", "rdv", "rendez", "convoque", "convoquee", "convoques":
		return startBooked
	case "scheduled", "due", "prevu", "prevue", "prevus", "prevues":
		return startSchedule
	}
	if m.arriveWord(k) {
		return startArrival
	}
	return startNone
}

// arriveWord reports whether toks[k] says one arrived.
func (m *measuring) arriveWord(k int) bool {
	switch m.toks[k].Text {
	case "arrived", "arrive", "arrivee", "arrives", "arrivees", "showed", "turned":
		return true
	}
	return false
}

// endWord reports whether toks[k] may end a timeline (ends says which).
func (m *measuring) endWord(k int) bool {
	return m.seated(k) || m.served(k) || m.seenBy(k) || m.departWord(k)
}

// ends returns how many minutes late toks[k] must come to end a
// timeline begun by start as a complaint, or 0 if it does not end it:
// what was booked is seated (30), seen or called in (45), served or
// received (60); a train or a flight leaves (30) after its time; at a
// hospital or a counter one is seen, called or taken in charge (120).
// Not "on est arrivés à 20h45" after a booking (the writer was late),
// "my parents turned up at 8:15", "got seated at 7pm" after arriving at
// a stadium, nor a timetable's arrival ("départ prévu à 17h02, arrivée
// à 19h10").
func (m *measuring) ends(start, k int) int {
	switch start {
	case startBooked:
		switch {
		case m.seated(k):
			return 30
		case m.seenBy(k):
			return 45
		case m.served(k) || m.arriveWord(k) && m.awaitedArrives(k):
			return 60
		}
	case startSchedule:
		if m.departWord(k) {
			return 30
		}
	case startArrival:
		if m.seenBy(k) {
			return 120
		}
	}
	return 0
}

// awaitedArrives reports whether what arrives at toks[k] is what a
// booking awaited — a dish, an order, a technician — not the writer or
// their guests: "starters arrived at 9:05", "le technicien est arrivé à
// 16h".
func (m *measuring) awaitedArrives(k int) bool {
	for j := max(0, k-3); j < k; j++ {
		switch m.toks[j].Text {
		case "food", "starters", "starter", "mains", "main", "dessert", "desserts", "order", "pizza", "meal", "drinks",
			"engineer", "technician", "plumber", "electrician", "driver", "taxi", "courier",
			"plat", "plats", "entree", "entrees", "commande", "repas", "boissons", "technicien", "plombier", "electricien", "livreur", "chauffeur":
			return true
		}
	}
	return false
}

// seated reports whether toks[k] says one was seated: "seated at",
// "installés à".
func (m *measuring) seated(k int) bool {
	switch m.toks[k].Text {
	case "seated", "installes", "installe", "installee", "installees":
		return true
	}
	return false
}

// served reports whether toks[k] says what was awaited was served or
// received: "served at", "servis à", "reçu à 11h".
func (m *measuring) served(k int) bool {
	switch m.toks[k].Text {
	case "served", "servi", "servis", "servie", "servies", "recu", "recus", "recue", "recues":
		return true
	}
	return false
}

// seenBy reports whether toks[k] says one was seen or called in: "seen
// by", "vus par", "called in", "appelé", "pris en charge"; not "seen the
// sunset", "pris un café".
func (m *measuring) seenBy(k int) bool {
	toks := m.toks
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].Text
	}
	switch toks[k].Text {
	case "seen", "vu", "vus", "vue", "vues":
		return next == "by" || next == "par"
	case "called":
		return next == "in" || next == "at"
	case "appele", "appeles", "appelee", "appelees":
		return true
	case "pris", "prise", "prises":
		return next == "en" && k+2 < len(toks) && toks[k+2].Text == "charge"
	}
	return false
}

// departWord reports whether toks[k] says a train, a bus or a flight
// left.
func (m *measuring) departWord(k int) bool {
	switch m.toks[k].Text {
	case "departed", "left", "boarded", "parti", "partis", "decolle", "embarque", "embarques", "depart":
		return true
	}
	return false
}

// elapsed returns the minutes from the time of day start to at. On a
// 24-hour dial a time before the start is after midnight ("arrivés à
// 19h, vus à 1h45"), and "Rdv à 15h, reçu à 10h" is no wait; otherwise
// times are compared on a 12-hour dial ("booked for 12:30, seated at
// 1:15", "7:30pm … 8:45").
func elapsed(start, at int, dial24 bool) int {
	if dial24 {
		if at < start {
			at += 24 * 60
		}
		return at - start
	}
	return ((at-start)%720 + 720) % 720
}

// complainsBesides reports whether a word or hashtag of toks other than
// the quantities meas says something bad: "25 min bloqués entre deux
// gares, clim en panne", "#jamaisplus". Emoji do not: 😭 is as often joy.
func complainsBesides(toks []Token, val []float64, meas []measure) bool {
	bad := 0
	for i, v := range val {
		if v < 0 && toks[i].Kind != Emoji && toks[i].Kind != Emoticon {
			bad++
		}
	}
	for _, q := range meas {
		if val[q.to] < 0 && toks[q.to].Kind != Emoji && toks[q.to].Kind != Emoticon {
			bad--
		}
	}
	return bad > 0
}

// addresses reports whether the post tags someone it speaks to or of,
// not whom it went to see: "@SNCF 2h de retard", not "40 minutes
// d'attente pour @Stromae", "waited an hour to meet @TaylorSwift".
func addresses(toks []Token) bool {
	for i := range toks {
		if toks[i].Kind != Mention {
			continue
		}
		if i == 0 {
			return true
		}
		switch toks[i-1].Text {
		case "pour", "for", "meet", "see", "voir", "rencontrer", "watch", "hear", "ecouter":
			continue
		}
		return true
	}
	return false
}
