package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What the rules make of a complaint's facts (facts.tsv): irony around
// them, laughs and cheers after them, quotes that contest the company's
// word, and the notices, announcements, schedules, conditions and
// questions in which a fact states no complaint.

// ironicSentence returns the first and last token of the sentence of the
// first fact of a complaint (facts.tsv), at factAt, when a word of praise
// comes before the fact in that sentence, in its clause or as an
// interjection; otherwise -1, -1. Praise only
// after the fact is more often what was done about it ("my burger came
// out cold, they remade it in 5 minutes"), and praise in another sentence
// is about something else ("Awesome weekend. Flight delayed on the way
// home.").
func ironicSentence(s string, toks []Token, sents *sentenceIndex, val []float64, marks []mark, roles []role, factAt, factEnd int, fixes func(w string) bool) (from, to int) {
	if factAt < 0 {
		return -1, -1
	}
	from, to = sents.span(s, toks, factAt)
	// What the praise is for may be what was done about the fact: "merci
	// pour le remboursement de l'article jamais reçu", "thanks for
	// warning us about the outage", "merci pour la coupure annoncée à
	// l'avance". The word that says so stands between them or after the
	// fact in its clause.
	fixedAt := -1
	for k := factEnd + 1; k < len(toks) && k <= factEnd+8; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			break
		}
		if remedyWord(toks[k].Text) && !deniedBefore(roles, k) {
			return -1, -1
		}
	}
	for k := factAt - 1; k > from; k-- {
		if fixes(toks[k].Text) {
			fixedAt = k
			break
		}
	}
	clause := factAt
	for clause > from && !clauseBreak(s[toks[clause-1].End:toks[clause].Start]) {
		clause--
	}
	// A fact told as the back story of what is praised is no irony:
	// "shoutout to the staff who rebooked me after I missed my train" —
	// the fact right after "after", "après", "despite", "malgré".
	// "Thanks to the genius who charged me twice", "love how after 40
	// minutes on hold the call drops" and "great, after 2 hours on hold
	// the call got dropped" (an interjection) stay ironic.
	helpedUpTo := -1
	for k := factAt - 1; k > from && k >= factAt-3; k-- {
		if backStory(toks[k].Text) {
			switch toks[k+1].Text {
			case "i", "we", "my", "our", "avoir", "que", "qu'", "j'", "je", "nous":
				helpedUpTo = k // "after I missed", "après avoir raté"; not "after 40 minutes on hold"
			}
			break
		}
	}
	for i := from; i < factAt; i++ {
		if val[i] <= 0 || marks[i] == markNegated || toks[i].Kind == Hashtag {
			continue
		}
		// In the fact's clause ("love being charged twice", "merci pour
		// ce train supprimé"), or an interjection ending its own, maybe
		// with whom it addresses ("great, another hour on hold", "bravo
		// @TER, encore un train supprimé"); not "great pub, the beers
		// arrived cold".
		j := i + 1
		if j < factAt && praisedDeed(toks[j].Text) {
			j++ // "great job", "nice work", "brilliant move"
		}
		for j < factAt && toks[j].Kind == Mention {
			j++
		}
		interjection := clauseBreak(s[toks[j-1].End:toks[j].Start])
		if i < helpedUpTo && !interjection || i < fixedAt {
			continue
		}
		if i >= clause || interjection {
			return from, to
		}
	}
	return -1, -1
}

// deniedBefore reports whether a negation stands in the three words
// before toks[k]: "sans la moindre annonce", "no refund", "ni info".
func deniedBefore(roles []role, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if roles[j]&(roleNegEN|roleNegFR|roleNeCloseFR) != 0 {
			return true
		}
	}
	return false
}

// praisedDeed reports whether w, after praise, names a deed rather than
// a thing: "great job, …", "nice work @TER, …".
func praisedDeed(w string) bool {
	switch w {
	case "job", "work", "move", "effort", "one", "stuff", "boulot", "travail":
		return true
	}
	return false
}

// backStory reports whether w tells what came before: "after",
// "despite"…
func backStory(w string) bool {
	switch w {
	case "after", "apres", "despite", "malgre":
		return true
	}
	return false
}

// thanksWord reports whether w thanks or hails someone: bare, at the end
// of a post after a complaint's fact, with nothing good after and without
// naming what for, it is ironic ("merci la SNCF", "merci à la SNCF",
// "thanks @bank", "bravo"; not "merci pour le remboursement", "thanks to
// the agent who rebooked me", "Merci beaucoup !", "Thank you Emma, you
// were amazing").
func thanksWord(w string) bool {
	switch w {
	case "merci", "thanks", "thank", "thx", "cheers", "bravo":
		return true
	}
	return false
}

// thanksForMishap returns where thanks are given for a mishap, -1 if
// they are not: "Merci @SNCF pour le retard", "thanks @BT for the price
// hike", "Merci @LU_France pour la réduflation", "thanks for the minor
// delays again" (a mishap's noun, a fact of a complaint or a quantity
// right after "for"). Thanks for a warning, a fight or criticism are
// not ironic: only mishaps a company causes count, and not when the
// noun only names what is thanked for ("the delay alerts", "the bug
// fixes", "l'annulation gratuite") or the clause says it was announced,
// waived or made good ("la coupure annoncée à l'avance", "les frais de
// port offerts"), or praises ("…for the outage compensation, £40 back").
func thanksForMishap(s string, toks []Token, val []float64, marks []mark, factAt, factEnd int, meas []measure) int {
	for i := range toks {
		if val[i] <= 0 || marks[i] == markNegated || !thanksWord(toks[i].Text) {
			continue
		}
		// To whom: "@SNCF", "la SNCF", "you", "vous".
		k := i + 1
		for k < len(toks) && k <= i+3 && toks[k].Text != "for" && toks[k].Text != "pour" && val[k] == 0 {
			k++
		}
		if k >= len(toks) || toks[k].Text != "for" && toks[k].Text != "pour" {
			continue
		}
		j := k + 1
		for j < len(toks) && j <= k+3 && mishapDeterminer(toks[j].Text) {
			j++
		}
		if j+1 < len(toks) && val[j] == 0 && mishapAdjective(toks[j].Text) && mishapNoun(toks[j+1].Text) {
			j++ // "the minor delays", "les petits retards"
		}
		if j >= len(toks) || val[j] > 0 {
			continue
		}
		mishap := mishapNoun(toks[j].Text) || j == factAt || billWithSum(s, toks, k)
		if !mishap {
			// The quantities are in order: one search, not a scan per thanks.
			q, ok := slices.BinarySearchFunc(meas, j, func(q measure, j int) int { return q.from - j })
			mishap = ok && val[meas[q].to] < 0
		}
		if j == factAt {
			j = factEnd // what comes after an action: "for ignoring my emails"
		}
		if mishap && !madeGood(s, toks, val, j) {
			return i
		}
	}
	return -1
}

// thanksForFix returns the first and last token of a fix thanked for
// and its object, -1, -1 if there is none: "Thank you @UberEats for refunding the missing meal", "Merci à
// la SNCF de nous avoir prévenus la veille", "Props to @Chase for
// blocking that weird charge" (fix: a word of actions.tsv's "fix"
// class). Not when anything bad follows its clause.
func thanksForFix(s string, toks []Token, val []float64, marks []mark, fix func(w string) bool) (from, to int) {
	for i := range toks {
		if val[i] <= 0 || marks[i] == markNegated || !thanksWord(toks[i].Text) && !praiseOpener(toks[i].Text) {
			continue
		}
		forWord := func(w string) bool { return w == "for" || w == "pour" || w == "de" || w == "d'" }
		k := i + 1
		for k < len(toks) && k <= i+4 && !forWord(toks[k].Text) && !clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			k++
		}
		if k >= len(toks) || k > i+4 || !forWord(toks[k].Text) {
			continue
		}
		j, past := k+1, false
		for j < len(toks) && j <= k+3 && (determiner(toks[j].Text) || fixFiller(toks[j].Text)) {
			past = past || toks[j].Text == "avoir"
			j++
		}
		if j >= len(toks) {
			continue
		}
		// "réglé" folds as "règle" (a rule) does: a fix only after
		// "avoir" ("d'avoir réglé mon problème").
		settled := past && (toks[j].Text == "regle" || toks[j].Text == "regles")
		if !fix(toks[j].Text) && !settled || (toks[k].Text == "de" || toks[k].Text == "d'") && !past && toks[j].Kind == Word && infinitive(toks[j].Text) {
			continue // "merci de me rembourser…", "merci de résoudre…" ask
		}
		// The problem fixed is the fix's object: up to a preposition
		// or the end of the clause ("for replacing my broken phone |
		// with another broken one").
		to := j
		for to+1 < len(toks) && !clauseBreak(s[toks[to].End:toks[to+1].Start]) && !fixObjectEnd(toks[to+1].Text) {
			to++
		}
		if badManner(toks[j+1 : to+1]) {
			continue // "for fixing my phone so badly", "d'avoir réparé ma machine si mal"
		}
		end := to // the clause's: what it says besides weighs as it is
		for end+1 < len(toks) && !clauseBreak(s[toks[end].End:toks[end+1].Start]) {
			end++
		}
		for k := to + 1; k < len(toks); k++ {
			if k > end && val[k] < 0 {
				return -1, -1 // something bad after: "…, the new one leaks too"
			}
			if pause(s[toks[k-1].End:toks[k].Start]) && lateAfter(toks, k) {
				return -1, -1 // a pause before a gibe: "d'avoir traité ma demande… 7 mois après"
			}
		}
		return j, to
	}
	return -1, -1
}

// lateAfter reports whether the words from toks[k] tell how late
// something came: "7 mois après", "3 months later", "only 6 weeks
// after".
func lateAfter(toks []Token, k int) bool {
	for j := k; j < len(toks) && j <= k+4; j++ {
		switch toks[j].Text {
		case "apres", "later", "after", "tard":
			return true
		}
	}
	return false
}

// infinitive reports whether a French verb w is an infinitive: "rembourser",
// "résoudre", "rétablir".
func infinitive(w string) bool {
	return strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir") || strings.HasSuffix(w, "re")
}

// badManner reports whether toks, a fix's object, tell that the fix was
// done badly: an adverb of bad manner ("so badly", "rudely", "si mal",
// "n'importe comment") before any relative pronoun, after which it names
// the fault ("ma machine qui marchait mal").
func badManner(toks []Token) bool {
	for k := range toks {
		switch toks[k].Text {
		case "qui", "que", "qu'", "that", "which", "who":
			return false
		case "badly", "poorly", "rudely", "carelessly", "sloppily", "incompetently", "lazily", "wrongly", "incorrectly", "mal":
			return true
		case "importe":
			if k+1 < len(toks) && toks[k+1].Text == "comment" {
				return true
			}
		}
	}
	return false
}

// fixObjectEnd reports whether w ends the object of a fix: a
// preposition or a conjunction.
func fixObjectEnd(w string) bool {
	switch w {
	case "with", "by", "and", "but", "without", "to", "into", "par", "avec", "et", "mais", "sans", "contre", "en":
		return true
	}
	return false
}

// fixFiller reports whether w may stand between "for", "de" and the fix
// thanked for: "d'avoir", "de nous avoir", "for quickly".
func fixFiller(w string) bool {
	switch w {
	case "avoir", "having", "nous", "m'", "me", "us", "vous", "so", "very", "quickly", "rapidement", "aussi", "also", "finally", "enfin":
		return true
	}
	return false
}

// billWithSum reports whether a bill with its sum follows "for" at
// toks[k] in its clause: "thanks for the estimated £600 bill", "Bravo
// pour la facture de régularisation de 800€". Thanks for a sum owed are
// ironic; "merci pour la facture détaillée" thanks.
func billWithSum(s string, toks []Token, k int) bool {
	for j := k + 1; j < len(toks) && j <= k+6; j++ {
		if clauseBreak(s[toks[j-1].End:toks[j].Start]) {
			return false
		}
		switch toks[j].Text {
		case "bill", "invoice", "facture", "factures", "note", "douloureuse":
		default:
			continue
		}
		// The sum right before ("the £600 bill") or, after "de" and a
		// word at most, right after ("la facture de régularisation de
		// 800€"); not nothing ("facture de 0 €").
		for q := max(k+1, j-2); q < len(toks) && q <= j+4; q++ {
			if a, _, ok := money(s, toks, q); ok && q != j {
				return a > 0
			}
		}
		return false
	}
	return false
}

// madeGood reports whether what toks[j] names, thanked for, is no
// mishap after all: a pay rise ("the pay hike"), a noun naming it ("delay alerts", "outage
// compensation", "bug report"), or the rest of its clause says it was
// announced, waived or made good, or praises.
func madeGood(s string, toks []Token, val []float64, j int) bool {
	if j > 0 {
		switch toks[j-1].Text {
		case "pay", "salary", "wage", "salaire", "salaires": // "the pay hike"
			return true
		}
	}
	for k := j + 1; k < len(toks) && k <= j+8; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return false
		}
		if val[k] > 0 && toks[k].Kind == Word { // not the clap that seals the irony
			return true
		}
		if k == j+1 && toks[k].Kind == Word && englishMishap(toks[j].Text) && !phraseWord(toks[k].Text) {
			// An English noun before another names it: "the delay
			// vouchers", "the outage credit", "the fees waiver".
			return true
		}
		if remedyWord(toks[k].Text) && !recurs(toks[k-1].Text) {
			return true // not "slower with every update"
		}
	}
	return false
}

// recurs reports whether w says what follows comes again and again:
// "every", "each", "chaque".
func recurs(w string) bool {
	return w == "every" || w == "each" || w == "chaque"
}

// remedyWord reports whether w, after a mishap in its clause, says it
// was announced, waived or made good: "la coupure annoncée à l'avance",
// "the outage compensation", "les frais offerts".
func remedyWord(w string) bool {
	switch w {
	case "alert", "alerts", "alerte", "alertes", "repay", "compensation", "compensations", "indemnisation", "dedommagement", "report", "reports",
		"fix", "fixes", "fixed", "email", "emails", "mail", "mails", "sms", "text", "texts", "notice", "notification", "notifications", "warning", "warnings",
		"update", "updates", "info", "infos", "information", "annoncee", "annonce", "announced", "avance", "advance", "offert", "offerts", "offerte", "offertes",
		"gratuit", "gratuite", "gratuits", "gratuites", "free", "refund", "refunded", "rembourse", "remboursee", "rembourses", "remboursement", "back",
		"waived", "annules", "annulee", "annule", "supprimes", "supprimee", "cover", "coverage", "tips", "heads", "explanation", "explication", "explications",
		"accorde", "accordee", "travaux", "indispensables", "necessaires", "credit", "credits", "avoir", "faveur", "favour", "favor", "rebate":
		return true
	}
	return false
}

// englishMishap reports whether the mishap's noun w is English, where
// a noun after it names a thing ("the delay vouchers"); French names
// with "de" ("la panne de ce matin", "la coupure internet").
func englishMishap(w string) bool {
	switch w {
	case "delay", "delays", "outage", "outages", "fees", "surcharge", "surcharges":
		return true
	}
	return false
}

// phraseWord reports whether w, after a mishap's noun, goes on the
// sentence rather than naming a thing: "the delay again", "the outage
// today", "the fees on top".
func phraseWord(w string) bool {
	switch w {
	case "again", "today", "tonight", "yesterday", "this", "that", "these", "on", "at", "in", "of", "for", "to", "and", "but", "with", "from", "yet", "so", "all",
		"every", "last", "lol", "guys", "mate", "x", "once", "twice", "i", "we", "you", "my", "our", "your", "just", "only", "much", "even", "literally", "as", "is", "was", "are", "were":
		return true
	}
	return false
}

// mishapAdjective reports whether w may stand before a mishap's noun:
// "the minor delays", "les petits retards", "the usual outage".
func mishapAdjective(w string) bool {
	switch w {
	case "minor", "small", "little", "huge", "long", "usual", "daily", "constant", "endless", "latest", "extra", "hidden",
		"petit", "petits", "petite", "petites", "longs", "longue", "longues", "enormes", "enorme", "habituel", "habituelle", "habituels", "quotidiens", "incessants":
		return true
	}
	return false
}

// mishapDeterminer reports whether w may stand between "for" and the
// mishap: "the", "another", "ces", "encore une".
func mishapDeterminer(w string) bool {
	switch w {
	case "the", "this", "that", "these", "those", "your", "yet", "another", "all", "a", "an",
		"le", "la", "les", "l'", "ce", "cet", "cette", "ces", "votre", "vos", "encore", "un", "une", "nouveau", "nouvelle", "nouvelles", "enieme":
		return true
	}
	return false
}

// mishapNoun reports whether w names a mishap a customer suffers from a
// company: a delay, an outage, a fee, shrinkflation. Strikes and works
// are left out (thanked sincerely too), and so are cancellations,
// rises, hikes, waits and bugs (a free cancellation, a pay rise, a hike
// in the hills, "merci pour votre attente", a bug report): a price rise
// is a fact of its own ("la hausse des prix").
func mishapNoun(w string) bool {
	switch w {
	case "retard", "retards", "panne", "pannes", "coupure", "coupures", "frais", "reduflation", "shrinkflation", "bouchons",
		"delay", "delays", "outage", "outages", "fees", "surcharge", "surcharges":
		return true
	}
	return false
}

// thanksFor reports whether w, after thanks, names what they are for or
// whom they go to: "pour", "for", "who", "tous"…
func thanksFor(w string) bool {
	switch w {
	case "pour", "for", "de", "d'", "of", "who", "qui", "tous", "toutes", "all", "everyone", "everybody":
		return true
	}
	return false
}

// scareQuoteValence is what a quote contesting the company's word weighs.
const scareQuoteValence = -1.0

// scareQuote returns the first and last token of the first short span in
// quotes — one to three words, the first in small letters — that is not
// what to click or type ("cliquez sur « mot de passe oublié »", "tap
// 'forgot password'") nor a name or a term introduced as one ("called
// 'pure'"); -1, -1 if there is none. In the labelled customer posts all
// 58 such spans but one were in complaints: "tracking has said 'label
// created' for 12 days", "promis « sous 7 jours »".
func scareQuote(s string, toks []Token) (from, to int) {
	// Byte scans: ContainsAny with non-ASCII quotes tests each rune of the
	// post against the set, a fifth of the time of the rules.
	if strings.IndexByte(s, '\'') < 0 && strings.IndexByte(s, '"') < 0 && !strings.Contains(s, "‘") && !strings.Contains(s, "“") && !strings.Contains(s, "«") {
		return -1, -1
	}
	for i := range toks {
		start := 0
		if i > 0 {
			start = toks[i-1].End
		}
		gap := s[start:toks[i].Start]
		if gap == " " || gap == "" {
			continue // the usual gap: no quote
		}
		closer, ok := quoteOpens(gap, i == 0)
		if !ok {
			continue
		}
	span:
		for j, words := i, 1; j < len(toks) && words <= 3; j++ {
			end := len(s)
			if j+1 < len(toks) {
				end = toks[j+1].Start
			}
			gap := s[toks[j].End:end]
			if quoteCloses(gap, closer) {
				if quotable(toks, i) && (j > i || len(toks[i].Text) > 1) { // not rock 'n' roll
					return i, j
				}
				break
			}
			switch strings.TrimSpace(gap) {
			case "-": // "next-day" is one word
			case "":
				words++
			default:
				break span // punctuation inside: a sentence, not a word quoted
			}
		}
	}
	return -1, -1
}

// quoteOpens reports whether the text between two tokens ends with an
// opening quote detached from the word before ("got 'delivered'", "un
// essai « gratuit »"; not "the kids' toys"), and returns its closer.
func quoteOpens(gap string, first bool) (closer string, ok bool) {
	g := strings.TrimRight(gap, quoteSpaces)
	for _, q := range [...]struct{ open, close string }{{"'", "'’"}, {"\"", "\""}, {"‘", "’'"}, {"“", "”\""}, {"«", "»"}} {
		rest, found := strings.CutSuffix(g, q.open)
		if !found {
			continue
		}
		if len(g) < len(gap) && q.open != "«" {
			return "", false // "' delivered": a closer, then a space
		}
		// Detached from the word before: the post's start, a space or "(".
		detached := rest == "" && first || strings.TrimRight(rest, quoteSpaces) != rest || strings.HasSuffix(rest, "(")
		return q.close, detached
	}
	return "", false
}

// quoteSpaces are the spaces around quotes: French typography puts a
// no-break space inside « ».
const quoteSpaces = " \u00a0\u202f"

// quoteCloses reports whether the text after a token starts with one of
// the closers, followed by the end, a space or punctuation.
func quoteCloses(gap, closers string) bool {
	g := strings.TrimLeft(gap, quoteSpaces)
	for _, c := range closers {
		if rest, ok := strings.CutPrefix(g, string(c)); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return rest == "" || unicode.IsSpace(r) || unicode.IsPunct(r)
		}
	}
	return false
}

// quotable reports whether the quote opening at toks[i] may contest a
// word: its first word in small letters, and not after what introduces a
// term, a name or an instruction.
func quotable(toks []Token, i int) bool {
	r, _ := utf8.DecodeRuneInString(toks[i].Raw)
	if !unicode.IsLower(r) && !unicode.IsDigit(r) {
		return false
	}
	if i == 0 {
		return true
	}
	switch toks[i-1].Text {
	case "sur", "on", "click", "cliquez", "cliquer", "clique", "tap", "appuyez", "select", "selectionnez", "choose", "choisissez",
		"menu", "tab", "onglet", "rubrique", "section", "button", "bouton", "option", "field", "champ", "type", "tapez", "enter",
		"saisissez", "search", "recherchez", "called", "named", "titled", "dubbed", "appele", "appelee", "intitule", "intitulee",
		"word", "words", "mot", "mots", "term", "terme", "hashtag", "code",
		"calls", "call", "appelle", "appellent",
		// Described as, qualified as: "the festival as 'a huge success'",
		// "l'édition de « grand succès »".
		"as", "comme", "de", "qualifie", "qualifient", "described", "describes", "promet", "promises":
		return false
	case "say", "said", "dit", "disait", "wrote", "ecrit", "asked", "replied", "repondu":
		// What someone said or wrote ("my daughter said 'best day
		// ever'"), unless a system said it ("tracking has said 'label
		// created'", "l'appli dit « livré »").
		for k := i - 2; k >= 0 && k >= i-4; k-- {
			if systemNoun(toks[k].Text) {
				return true
			}
		}
		return false
	}
	return true
}

// systemNoun reports whether w names a system that tells a customer a
// status: the tracking, the app, an email ("tracking says 'delivered'").
func systemNoun(w string) bool {
	switch w {
	case "tracking", "app", "status", "site", "website", "email", "text", "notification", "screen", "page", "message", "system", "bot", "chatbot",
		"appli", "application", "statut", "suivi", "mail", "sms", "ecran", "systeme":
		return true
	}
	return false
}

// firstPersonSingular reports whether w is the speaker speaking of
// themselves: "I", "my", "je", "mon"…
func firstPersonSingular(w string) bool {
	switch w {
	case "i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "mine", "je", "j'", "moi", "mon", "ma", "mes", "m'":
		return true
	}
	return false
}

// contests reports whether the quote toks[from:to+1] contests a word: the
// post complains besides — a word of complaint, a negation, another fact,
// "why", "still", "again", "so-called", "guaranteed", whom it tags, the
// system that says it —
// and the rest of it praises nothing (a laugh aside), presents nothing
// new and asks nothing unless it complains. News, themes and titles quote
// without contesting ("The minister said the plan was 'on track'",
// "theme: 'back to school'", "Love the new 'dark mode' 😍", "Découvrez
// notre gamme « bio »").
func contests(s string, toks []Token, val []float64, from, to int, r *ruleResult) bool {
	complains := r.facts > 0 || r.mentions > 0 || r.negations > 0
	for k := range toks {
		inside := k >= from && k <= to
		if !inside && val[k] > 0 && !laughs(&toks[k]) {
			return false
		}
		complains = complains || !inside && val[k] < 0
		switch w := toks[k].Text; w {
		case "our", "notre", "nos", "new", "nouveau", "nouvelle", "nouveaux", "nouvelles", "decouvrez", "discover", "try",
			"essayez", "available", "disponible", "disponibles", "introducing":
			return false
		case "why", "pourquoi", "still", "again", "yet", "encore", "toujours", "supposedly", "pretendument", "soi", "so-called",
			"promised", "promis", "promise", "guaranteed", "garanti", "garantie":
			complains = true
		default:
			complains = complains || systemNoun(w)
		}
	}
	if gap := s[max(0, toks[from].Start-4):toks[from].Start]; strings.Contains(gap, ":") {
		return false // a theme or a title: "Le mot de l'année : « wokisme »"
	}
	return complains
}

// bitterLaughs takes their valence from the laughs at a complaint's fact
// toks[factAt:factEnd+1] — laughing at one's luck: "charged twice 😂",
// "3h de retard mdr" — when the post addresses someone ("… @amazon"),
// says nothing glad, or laughs right beside the fact; not "missed my
// train because I was laughing so hard at this video 😂", nor after a
// quote alone, which may be what someone said ("my 5yo just said 'you're
// old' 😂").
func bitterLaughs(toks []Token, val []float64, marks []mark, factAt, factEnd int, addressed, onlyQuote bool) {
	glad := false
	for i := range toks {
		if val[i] > 0 && !laughs(&toks[i]) {
			glad = true
			break
		}
	}
	near0, near1 := besideFact(toks, factAt, factEnd)
	for i := range toks {
		if val[i] > 0 && laughs(&toks[i]) && (addressed || !onlyQuote && (!glad || i >= near0 && i <= near1)) {
			val[i] = 0
			marks[i] = markIdiom
		}
	}
}

// mockingLaughs takes their valence from the laughs of a post that
// blames in words and says nothing glad: the laugh is at someone's
// expense ("He is a communist fool 😂😂", "another bigot showing he is
// gutless 😂", "lol this is so bad"). Not a laugh alone, nor a blame an
// emoji tells ("😂😂🤦"), nor the words that say how hard one laughs
// ("I'm dead 😂😂", "je suis mort mdr", "wtf 😂"), nor a laugh negated or
// turned by the rules before ("not LOL funny 😂"), which is no blame.
// The blame is weighed before a "but" weighs it ("a stupid idea but
// lol" mocks).
//
// readLaughs calls it for a post whose only valences above zero are
// laughs.
func mockingLaughs(toks []Token, val []float64, marks []mark) {
	blames := false
	for i, v := range val {
		t := &toks[i]
		if v <= -mockBlame && (t.Kind == Word || t.Kind == Hashtag) && !laughs(t) && !laughHyperbole(t.Text) {
			blames = true
			break
		}
	}
	if !blames {
		return
	}
	for i, v := range val {
		if v > 0 { // a laugh: readLaughs found nothing else above zero
			val[i] = 0
			marks[i] = markIdiom
		}
	}
}

// readLaughs reads what a post's laughs say: the words that say how
// hard one laughs are no grief (laughedHyperboles), and laughs beside a
// blame with nothing glad mock (mockingLaughs). A laugh is looked for
// only among the valences above zero, which every laugh has unless a
// rule took it: most posts have none.
func readLaughs(toks []Token, val []float64, marks []mark) {
	laughed, glad := false, false
	for i, v := range val {
		if v > 0 {
			if laughs(&toks[i]) {
				laughed = true
			} else {
				glad = true
			}
		}
	}
	if !laughed {
		return
	}
	laughedHyperboles(toks, val, marks)
	if !glad {
		mockingLaughs(toks, val, marks)
	}
}

// laughedHyperboles takes their valence from the words that say how hard
// one laughs, said of oneself or right beside a laugh: "I'm dead 😂😂",
// "je suis mort mdr", "crying 😭😂" are no grief; "the weak punks they
// are lol", "you can cry all day lmao" stay blames.
//
// readLaughs calls it for a post that laughs.
func laughedHyperboles(toks []Token, val []float64, marks []mark) {
	for i, v := range val {
		if v >= 0 || toks[i].Kind != Word || !laughHyperbole(toks[i].Text) {
			continue
		}
		self := i > 0 && firstPersonBe(toks[i-1].Text)
		for k := max(0, i-2); !self && k <= min(len(toks)-1, i+2); k++ {
			self = laughs(&toks[k])
		}
		if self {
			val[i] = 0
			marks[i] = markIdiom
		}
	}
}

// firstPersonBe reports whether w, folded, says "I am" or "je (suis)"
// before a word: "I'm dead", "je suis mort", "je pleure".
func firstPersonBe(w string) bool {
	switch w {
	case "i'm", "im", "am", "suis", "jsuis", "chui", "je", "j'":
		return true
	}
	return false
}

// laughHyperbole reports whether w, folded, is a word that says how hard
// one laughs ("I'm dead 😂", "crying 😂😂", "je suis mort mdr", "jpp") or
// exclaims at what one laughs at ("damn", "wtf", "putain"): not a
// blame, and beside a laugh no grief nor anger.
func laughHyperbole(w string) bool {
	switch w {
	case "dead", "dying", "die", "died", "crying", "cry", "cried", "tears", "weak", "screaming", "killing", "killed", "damn", "wtf",
		"mort", "morte", "morts", "mortes", "pleure", "pleurer", "pleurs", "jpp", "ptn", "putain":
		return true
	}
	return false
}

// mockBlame is the least blame in a word that makes a post's laughs mock:
// "He is a fool 😂", not "j'ai la flemme 😂" (−1).
const mockBlame = 1.5

// cheerAfter returns the first token of a cheer that ends the post after
// a complaint's fact toks[factAt:factEnd+1] — its last sentence, or what
// follows the fact's clause in it — or -1: "Vol annulé. La classe.",
// "colis perdu, top 👍", "site down again, well done @shop". Not after
// the speaker's own mishap, nor when what comes between tells, without
// complaint, what happened next ("Missed my train, next one was 5 min
// later. Great service", "Vol retardé de 2h. Super équipage, très pro.").
func cheerAfter(s string, toks []Token, sents *sentenceIndex, val []float64, marks []mark, factAt, factEnd int) int {
	w := len(toks) - 1
	for w > factEnd && toks[w].Kind != Word {
		w-- // "Génial. @airfrance": the sentence of the last word
	}
	last, _ := sents.span(s, toks, w)
	if last <= factEnd {
		last = factEnd + 1
		for last < len(toks) && !clauseBreak(s[toks[last-1].End:toks[last].Start]) {
			last++
		}
	}
	after := factEnd + 1 // past the rest of the fact's clause ("still no food")
	for after < last && !clauseBreak(s[toks[after-1].End:toks[after].Start]) {
		after++
	}
	if last < len(toks) && !ownMishap(toks[factAt].Text) && complaintGoesOn(toks, val, marks, after, last) && cheer(toks, val, last, len(toks)-1) {
		return last
	}
	return -1
}

// besideFact returns the first and last token of the fact toks[from:to+1]
// with the emoji and laughs right before and after it: "charged twice
// 😂😂", "lol they lost my luggage"; not "missed my train because I was
// laughing so hard at this video 😂".
func besideFact(toks []Token, from, to int) (int, int) {
	beside := func(t *Token) bool { return t.Kind == Emoji || t.Kind == Emoticon || laughs(t) }
	for from > 0 && beside(&toks[from-1]) {
		from--
	}
	for to+1 < len(toks) && beside(&toks[to+1]) {
		to++
	}
	return from, to
}

// laughs reports whether t is a laugh: 😂, "lol", "mdr", "haha"…
func laughs(t *Token) bool {
	switch t.Text {
	case "😂", "🤣", "😅", "😹", "😆", "xd", "lol", "lolz", "lulz", "lmao", "lmfao", "rofl", "mdr", "ptdr", "xptdr":
		return true
	}
	return (t.Kind == Word || t.Kind == Hashtag) && (strings.HasPrefix(t.Text, "haha") || strings.HasPrefix(t.Text, "hihi"))
}

// cheer reports whether toks[from:to+1], the end of a post after a
// complaint's fact, only cheers: at most three words, some praise and
// nothing bad,
// the other words articles, intensifiers, whom it addresses or what the
// company did in general ("La classe.", "Great job again @shop", "Bravo
// l'équipe", "Top service 👍"); not "Perfect condition", "Lovely crew",
// "souvenir inoubliable", "great service otherwise", "you were amazing".
// Thanks are the bare-thanks rule's to read ("Merci beaucoup !").
func cheer(toks []Token, val []float64, from, to int) bool {
	words, praise, thanks := 0, false, false
	for k := from; k <= to; k++ {
		if val[k] < 0 {
			return false
		}
		if toks[k].Kind == Word && thanksWord(toks[k].Text) && toks[k].Text != "bravo" {
			// Thanks before praise cheer too ("Thanks @Barclays, really
			// helpful"); bare ones are the bare-thanks rule's to read
			// ("Merci beaucoup !").
			thanks = true
			continue
		}
		praise = praise || val[k] > 0
		if toks[k].Kind != Word {
			continue
		}
		switch toks[k].Text {
		case "as", "usual", "always", "comme", "toujours", "d'hab", "hab", "d'habitude", "habitude":
			continue // "Fantastic organisation as always 👏": a habit, no more words
		}
		words++
		if val[k] > 0 {
			continue
		}
		switch toks[k].Text {
		case "la", "le", "l'", "les", "the", "a", "un", "une", "so", "very", "really", "just", "simply", "absolutely", "trop", "vraiment", "tres", "quel", "quelle", "what",
			"again", "encore", "clearly", "indeed",
			"well", "done", "keep", "it", "up", // the rest of an idiom of praise: "well done", "keep it up", "love it"
			"job", "work", "service", "stuff", "effort", "timing", "organisation", "organization", "communication", "management", "boulot", "travail", "gestion",
			"system", "systeme", "process", "planning", "logistics", "logistique", "experience",
			"guys", "team", "folks", "equipe", "move", "idea", "decision", "choice", "idee", "choix":
		default:
			return false
		}
	}
	return praise && words <= 3 && (!thanks || words > 0)
}

// complaintGoesOn reports whether toks[from:to], between a complaint's fact
// and a cheer, go on complaining — a word of complaint or a negation — or
// hold no word: "Vol annulé, aucun mail. Génial." Not "Missed my train,
// next one was 5 min later. Great service", "staff printed my boarding
// pass at the desk. Absolute legends": what happened next is praised.
func complaintGoesOn(toks []Token, val []float64, marks []mark, from, to int) bool {
	words := false
	for k := from; k < to; k++ {
		if val[k] > 0 {
			return false
		}
		if val[k] < 0 || marks[k] == markNegated {
			return true
		}
		words = words || toks[k].Kind == Word
	}
	return !words
}

// ownMishap reports whether a fact opening with w is the speaker's own
// doing ("missed my train", "oublié mon badge"), which a cheer after
// does not mock.
func ownMishap(w string) bool {
	switch w {
	case "missed", "forgot", "rate", "ratee", "oublie", "oubliee":
		return true
	}
	return false
}

// clockTime reports whether w is a time of day: "9h", "8h30", "20h",
// "7pm", "10am".
func clockTime(w string) bool {
	hour, rest := leadingInt(w)
	if d := len(w) - len(rest); d == 0 || d > 2 {
		return false
	}
	switch {
	case rest == "am" || rest == "pm":
		return hour >= 1 && hour <= 12
	case rest == "h":
		return hour <= 24 // not "sous 48h"
	case len(rest) == 3 && rest[0] == 'h':
		return hour <= 24 && rest[1] >= '0' && rest[1] <= '5' && rest[2] >= '0' && rest[2] <= '9'
	}
	return false
}

// notice reports whether the fact of a complaint toks[i:end+1] is in a
// notice rather than a complaint: a disruption announced ("coupure
// prévue", "planned outage", "trains supprimés dimanche pour travaux"), a
// release note ("Fixed an issue where the app crashes on startup"), or a
// help headline — a question without "I" or "why", answered by an
// instruction ("Can't sign in? Reset your password", "Colis pas reçu ?
// Contactez-nous").
func notice(s string, toks []Token, sents *sentenceIndex, i, end int, lang string) bool {
	if i > 0 && plannedWord(toks[i-1].Text) || end+1 < len(toks) && plannedWord(toks[end+1].Text) {
		return true
	}
	from, to := sents.span(s, toks, i)
	if end+1 < len(toks) && int(sents.works[end+1]) <= to {
		// "pour travaux", "for engineering works", "pour cause
		// d'entretien" after the fact; not "faute d'entretien", "pas de
		// date de travaux".
		return true
	}
	if fix := toks[from].Text; fix == "fixed" || fix == "corrige" || fix == "correction" {
		// Release notes open with the fix: "Fixed an issue where…",
		// "Fixed bug where…", "Correction d'un bug qui…".
		k := from + 1
		if k < i && article(toks[k].Text) {
			k++
		}
		if k < i && issueNoun(toks[k].Text) {
			return true
		}
	}
	if to+2 >= len(toks) {
		return false // no answer follows
	}
	gap := s[toks[to].End:toks[to+1].Start]
	if !strings.Contains(gap, "?") || strings.Contains(gap, "!") || !answers(s, toks, sents, to+1, lang) {
		return false
	}
	return !sents.mine(toks, from, to, lang)
}

// announcement returns where a post tells its readers what to do or what
// is arranged instead, in no one's name: "Escalator en panne à la sortie
// 3, merci d'utiliser l'ascenseur", "Tram service cancelled on Sunday for
// the city marathon. Buses will run on route 12", "les passagers sont
// replacés sur celui de 9h"; -1 if it does not, or if someone speaks of
// themselves or reports what they were told ("my flight was cancelled,
// please refund me", "on nous dit que les billets seront remboursés",
// "replacement buses will run, they say").
func announcement(toks []Token, lang string) int {
	cue := -1
	for i := range toks {
		if toks[i].Kind == Mention {
			return -1 // tagging the operator: a customer
		}
		w := toks[i].Text
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].Text
		}
		if firstPersonSingular(w) {
			return -1
		}
		found := false
		switch w {
		case "apparently", "apparemment", "supposedly", "disant", "says", "said", "paraît", "parait", "repond", "selon", "according",
			// Again, the nth time: a complaint about what keeps happening.
			"again", "encore", "still", "toujours":
			return -1
		case "on": // "on nous dit", "on a attendu"; not "on Sunday"
			if lang == "fr" {
				return -1
			}
		case "they", "ils":
			if next == "say" || next == "said" || next == "disent" || next == "ont" && i+2 < len(toks) && toks[i+2].Text == "dit" {
				return -1
			}
		case "please":
			switch next {
			case "use", "note", "allow", "check", "visit", "see", "follow", "plan", "consider", "arrive", "bring", "keep", "refer", "ignore", "go":
				found = true
			}
		case "will":
			switch next {
			case "run", "operate", "resume", "reopen":
				found = true
			case "be":
				if i+2 < len(toks) {
					switch toks[i+2].Text {
					case "refunded", "rebooked", "collected", "reopened", "rescheduled", "credited", "honoured", "honored", "replaced":
						found = true
					}
				}
			}
		case "replacement":
			found = next == "bus" || next == "buses" || next == "coach" || next == "coaches"
		case "merci":
			found = mercidePlease(toks, i)
		case "veuillez", "utilisez", "consultez", "empruntez", "privilegiez", "prevoyez", "renseignez":
			found = true
		case "seront", "sont":
			switch next {
			case "rembourses", "remboursees", "replaces", "replacees", "reportes", "reportees", "collectes", "collectees", "valables", "echanges", "rediriges", "redirigees":
				found = true
			}
		case "substitution":
			found = i > 0 && toks[i-1].Text == "de"
		}
		if found && cue < 0 {
			cue = i
		}
	}
	for k := len(toks) - 1; cue >= 0 && k >= 0 && k >= len(toks)-4; k-- {
		if thanksWord(toks[k].Text) || toks[k].Text == "sure" {
			return -1 // "… les billets seront remboursés dans 3 mois. Bravo la SNCF"
		}
	}
	return cue
}

// negScan tells whether a token before i has a negative valence, scanning
// each token once however many facts ask.
type negScan struct {
	next int
	neg  bool
}

func (n *negScan) seen(val []float64, i int) bool {
	for ; n.next < i; n.next++ {
		n.neg = n.neg || val[n.next] < 0
	}
	return n.neg
}

// lazyAnnouncement runs announcement once, for the first fact of a post.
type lazyAnnouncement struct {
	known bool
	cue   int
}

// covers reports whether the fact at toks[i] is part of an announcement:
// in the sentence of its cue or the one before, and not something still
// awaited ("Still nothing 12 hours later", "toujours rien").
func (a *lazyAnnouncement) covers(s string, toks []Token, sents *sentenceIndex, i int, lang string) bool {
	if !a.known {
		a.known, a.cue = true, announcement(toks, lang)
	}
	if a.cue < 0 {
		return false
	}
	if i > a.cue {
		return false // "Replacement buses will run. Nowhere to be seen."
	}
	cueFrom, _ := sents.span(s, toks, a.cue)
	from, to := sents.span(s, toks, i)
	return from == cueFrom || to+1 == cueFrom
}

// plannedWord reports whether w says a disruption was announced.
func plannedWord(w string) bool {
	switch w {
	case "planned", "scheduled", "prevu", "prevue", "prevus", "prevues", "programme", "programmee", "programmes", "programmees":
		return true
	}
	return false
}

// article and issueNoun read release notes: "fixed an issue", "correction
// d'un bug".
func article(w string) bool {
	switch w {
	case "a", "an", "the", "un", "une", "le", "la", "d'", "du", "des", "de":
		return true
	}
	return false
}

func issueNoun(w string) bool {
	switch w {
	case "issue", "issues", "bug", "bugs", "problem", "problems", "crash", "crashes", "bogue", "bogues", "probleme", "problemes":
		return true
	}
	return false
}

// answers reports whether the sentence starting at toks[k] answers a help
// headline: an instruction or words to the reader ("Reset your password",
// "Contactez-nous", "Returns are free within 30 days", "L'échange est
// gratuit"), not a complaint going on ("It's not here", "@bank").
func answers(s string, toks []Token, sents *sentenceIndex, k int, lang string) bool {
	if sents.answer[k] == 0 { // read each sentence once, however many facts ask
		sents.answer[k] = 2
		if readsAsAnswer(s, toks, sents, k, lang) {
			sents.answer[k] = 1
		}
	}
	return sents.answer[k] == 1
}

func readsAsAnswer(s string, toks []Token, sents *sentenceIndex, k int, lang string) bool {
	_, to := sents.span(s, toks, k)
	for _, t := range toks[k : to+1] {
		if firstPersonSingular(t.Text) {
			return false // the customer speaking; "call us", "notre service client" are the brand
		}
	}
	for _, t := range toks[k : to+1] {
		if lang == "fr" {
			switch t.Text {
			case "contactez", "appelez", "consultez", "rendez", "cliquez", "suivez", "voici", "retrouvez", "envoyez",
				"essayez", "verifiez", "connectez", "telechargez", "faites", "demandez", "ecrivez", "signalez", "utilisez",
				"decouvrez", "lisez", "reinitialisez", "mettez", "allez", "passez", "remplissez", "indiquez", "pensez",
				"votre", "vos", "vous", "gratuit", "gratuite", "gratuits", "offert", "offerte", "echange", "retour":
				return true
			}
			continue
		}
		switch t.Text {
		case "reset", "contact", "call", "tap", "click", "visit", "check", "dm", "message", "email", "here's", "heres",
			"find", "see", "try", "use", "read", "follow", "send", "fill", "update", "download", "chat", "ask",
			"learn", "discover", "head", "report", "request", "turn", "freeze", "text",
			"your", "you", "free", "returns", "exchange":
			return true
		}
	}
	return false
}

// firstPersonOrWhy reports whether w is a word of the speaker ("I", "my",
// "je", "on") or "why": a question of one's own, not a headline.
func firstPersonOrWhy(w, lang string) bool {
	if lang == "fr" {
		switch w {
		case "je", "j'", "me", "m'", "moi", "mon", "ma", "mes", "nous", "notre", "nos", "on", "pourquoi":
			return true
		}
		return false
	}
	switch w {
	case "i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "we", "we're", "our", "us", "why":
		return true
	}
	return false
}

// conditionOf reports whether the fact at toks[i] is in a condition:
// condAt, the last word of the post before it that opens one
// (conditional; -1 if none), is in its clause, which starts at
// toks[clause], and the fact is not such a word itself. "When" opens no
// condition for a fact that is a quantity (quantity): "when I called, 40
// minutes on hold".
func conditionOf(toks []Token, clause, condAt, i int, quantity bool) bool {
	if conditional(toks[i].Text) || condAt < clause {
		return false
	}
	return !(quantity && when(toks[condAt].Text))
}

// lastConditional finds, for facts met in the order of the post, the last
// word before each that opens a condition. Facts are rare, so words are
// read only as far as the last fact, and each once: reading each fact's
// clause back took time quadratic in a clause of repeated facts ("price
// hike price hike…").
type lastConditional struct{ upto, at int }

// before returns the index of the last conditional word before toks[i],
// or -1; i never decreases from one call to the next.
func (c *lastConditional) before(toks []Token, i int) int {
	for ; c.upto < i; c.upto++ {
		if conditional(toks[c.upto].Text) {
			c.at = c.upto
		}
	}
	return c.at
}

// conditional reports whether w opens a condition: a fact in its clause
// ("if no one answers", "si personne ne répond") states nothing.
func conditional(w string) bool {
	switch w {
	case "if", "unless", "when", "whenever", "si", "quand", "lorsque", "lorsqu'":
		return true
	}
	return false
}

// asks reports whether the post asks a question: a '?' between its
// tokens or after them, not inside a link.
func asks(s string, toks []Token) bool {
	if strings.IndexByte(s, '?') < 0 {
		// Most posts: no gap holds a '?', only the words can ask.
		for i := range toks {
			if askOpener(toks, i) {
				return true
			}
		}
		return false
	}
	return asksInGaps(s, toks)
}

// asksInGaps is asks looking for a '?' in every gap between the tokens, as
// it does when the post holds one.
func asksInGaps(s string, toks []Token) bool {
	end := 0
	for i := range toks {
		if strings.Contains(s[end:toks[i].Start], "?") || askOpener(toks, i) {
			return true
		}
		end = toks[i].End
	}
	return strings.Contains(s[end:], "?")
}

// askOpener reports whether toks[i] opens a question that texting leaves
// without its '?': "qqn sait à quelle heure…", "does anyone know if…",
// "est-ce que vous livrez…", "savez-vous si…".
func askOpener(toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	next := toks[i+1].Text
	switch toks[i].Text {
	case "quelqu'un", "qqn", "qq1", "qlq":
		return next == "sait" || next == "saurait"
	case "anyone", "anybody":
		return next == "know" || next == "knows"
	case "someone", "somebody": // "someone know if…"; "someone knows" tells
		return next == "know"
	case "est":
		// "est-ce que…", not "c'est ce que…", "n'est ce qu'…".
		return next == "ce" && i+2 < len(toks) && (toks[i+2].Text == "que" || toks[i+2].Text == "qu'") &&
			(i == 0 || toks[i-1].Text != "c'" && toks[i-1].Text != "n'" && toks[i-1].Text != "ce")
	case "savez", "sauriez":
		return next == "vous"
	}
	return false
}

// scheduleCues counts the words of a schedule in a post: days, months,
// seasons, times ("9h", "8 pm"), opening and closing, "sera", "will",
// "sortira", "rappel".
func scheduleCues(toks []Token) int {
	n := 0
	for i, t := range toks {
		if weekday(t.Text) || month(t.Text) {
			n++
		}
		switch t.Text {
		case "rappel", "reminder", "sera", "seront", "aura", "will", "ouvert", "ouverte", "ferme", "fermee", "fermes", "fermees",
			"open", "opens", "closed", "closes", "horaires", "hours", "reouverture", "reopening",
			"fermeture", "fermetures", "ouverture", "ouvertures", "closure", "closures",
			"sortira", "sortiront", "ouvrira", "ouvriront", "fermera", "fermeront", "debutera", "commencera", "reprendra", "reprendront", "lancera",
			"hiver", "automne", "printemps", "winter", "summer", "spring", "autumn":
			n++
		}
		if t.Kind == Word && clockTime(t.Text) || t.Kind == Number && i+1 < len(toks) && (toks[i+1].Text == "am" || toks[i+1].Text == "pm" || toks[i+1].Text == "h") {
			n++
		}
	}
	return n
}
