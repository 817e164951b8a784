package text

import (
	_ "embed"
	"fmt"
	"strings"
)

// What an organisation does to a customer, told by a verb and its object
// (data/actions.tsv): "cancelled my flight", "a coupé ma ligne", "raised
// my rent", "lost my luggage", "le vol annulé". Such an action is a fact
// of a complaint, as those of facts.tsv are, so that thanks and praise for
// it read as irony ("Thanks @Ryanair for cancelling my flight 👏",
// "Bravo @Orange pour avoir coupé ma ligne en plein télétravail"), while
// the same verb helps when its object is a burden ("merci d'avoir annulé
// les frais", "thanks for cutting my bill") and is no complaint when the
// customer asked for it ("cancelled my subscription", "closed my account
// within minutes") or it was made good ("for finding my lost bag").

//go:embed data/actions.tsv
var actionsTSV string

// actionSet is a set of the classes of data/actions.tsv a word is in.
type actionSet uint32

const (
	actDown      actionSet = 1 << iota // takes away, cuts, puts off
	actUp                              // raises
	actDamage                          // loses, breaks
	actSpurn                           // ignores
	actMake                            // makes its object into something
	objGood                            // what a customer wants
	objBurden                          // what a customer pays or bears
	objPlan                            // what a customer subscribes to
	objPerson                          // whom a verb may spurn
	actWorse                           // what a "make" verb makes its object into
	actWorsePlus                       // the same after "more", "plus"
	actAsked                           // the customer asked for it, and it was done well
	actFix                             // before a harm: it was made good
	actEnd                             // a "down" verb that stops whatever it names
	actCharge                          // charges or bills someone
	actLock                            // locks or blocks
	actLeave                           // leaves something or someone somewhere
	actExposed                         // where a thing left is exposed: the rain, the street
	actNounDown                        // the noun of a "down" verb: "la suppression du guichet"
	actNounUp                          // the noun of an "up" verb: "the increase in fees"
	objCard                            // a card one is charged on
	actBecome                          // becomes something, or is now or even more so

	actVerbs   = actDown | actUp | actDamage | actSpurn | actMake | actCharge | actLock | actLeave
	actNouns   = actNounDown | actNounUp
	actObjects = objGood | objBurden | objPlan
)

var actionClasses = map[string]actionSet{
	"down": actDown, "up": actUp, "damage": actDamage, "spurn": actSpurn, "make": actMake,
	"good": objGood, "burden": objBurden, "plan": objPlan, "person": objPerson,
	"worse": actWorse, "worse+": actWorsePlus, "asked": actAsked, "fix": actFix, "end": actEnd,
	"charge": actCharge, "lock": actLock, "leave": actLeave, "exposed": actExposed, "card": objCard,
	"down-noun": actNounDown, "up-noun": actNounUp, "become": actBecome,
}

const (
	harmValence = -1.5 // as "cancelled again" or "lost my luggage" in facts.tsv
	helpValence = 1.2  // as a fee waived
	// actionGap is how many words may stand between a verb and its
	// object besides determiners: "cancelled my 6am flight", "closing
	// the only library".
	actionGap = 2
	// actionReach is how far a "make" verb looks for what it makes its
	// object into, and how far before and after a harm the words that
	// undo it are looked for.
	actionReach = 6
	// eventReach is how far from a time of day the event it may be the
	// time of is looked for (scheduledEvent).
	eventReach = 15
)

// actionLexicon holds data/actions.tsv by language.
type actionLexicon struct {
	en, fr map[string]actionSet
}

func parseActions(data string) (*actionLexicon, error) {
	a := &actionLexicon{en: map[string]actionSet{}, fr: map[string]actionSet{}}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: %d fields, want 3", n+1, len(f))
		}
		c, ok := actionClasses[f[1]]
		if !ok {
			return nil, fmt.Errorf("line %d: unknown class %q", n+1, f[1])
		}
		byWord := a.en
		switch f[0] {
		case "fr":
			byWord = a.fr
		case "en":
		default:
			return nil, fmt.Errorf("line %d: unknown language %q", n+1, f[0])
		}
		for _, w := range strings.Split(f[2], "|") {
			if w == "" || Fold(w) != w {
				return nil, fmt.Errorf("line %d: %q is not a folded word", n+1, w)
			}
			byWord[w] |= c
		}
	}
	return a, nil
}

// words calls add for each verb and object: the words a post's token
// must be for an action to start there.
func (a *actionLexicon) words(add func(w string)) {
	for _, byWord := range []map[string]actionSet{a.en, a.fr} {
		for w, c := range byWord {
			if c&(actVerbs|actNouns|actObjects|actBecome) != 0 {
				add(w)
			}
		}
	}
}

func (a *actionLexicon) classes(w string, fr, en bool) actionSet {
	var c actionSet
	if en {
		c |= a.en[w]
	}
	if fr {
		c |= a.fr[w]
	}
	return c
}

// at reads an action starting at toks[i]: a verb and its object
// ("cancelled my flight", "augmenté le loyer", "made the bars smaller",
// "ignored me"), or an object and a participle ("mon vol a été annulé",
// "my bag got lost"). It returns the action's valence — harmValence,
// helpValence — and its last token.
//
// bad reports whether toks[k] has a negative valence: a service that
// stops what is bad helps ("removing the scam page").
//
// addressed: the post tags someone.
func (a *actionLexicon) at(s string, toks []Token, sents *sentenceIndex, i int, fr, en, addressed bool, bad func(k int) bool) (val float64, end int, ok bool) {
	c := a.classes(toks[i].Text, fr, en)
	var verb, obj actionSet
	noun := false
	if c&actNouns != 0 {
		// "la suppression du guichet", "the closure of my branch", "la
		// hausse de 15 %".
		verb = actDown
		if c&actNounUp != 0 {
			verb = actUp
		}
		end, obj = a.nounObject(s, toks, i, fr, en)
		noun = end > 0
	}
	switch {
	case end > 0:
	case c&actBecome != 0 && c&actVerbs == 0:
		// "Nice one @Tesco, the meal deal just got pricier again",
		// "Bravo @SNCF, les billets sont encore plus chers": something
		// became worse, told to whom it tags, with thanks or of the
		// customer's own thing (the same post untagged is news).
		end, ok = a.becameWorse(s, toks, i, fr, en)
		if !ok || !addressed && !a.customer(s, toks, i, end, fr, en) && !a.customer(s, toks, max(0, i-actionGap-1), i, fr, en) {
			return 0, 0, false // "Netflix rend son abonnement plus cher à partir de janvier"
		}
		return a.harm(s, toks, i, end, fr, en)
	case c&actVerbs != 0:
		verb = c & (actVerbs | actEnd)
		if verb&actMake != 0 {
			end, ok = a.madeWorse(s, toks, i, fr, en)
			if !ok || !addressed && !a.customer(s, toks, i, end, fr, en) {
				return 0, 0, false // "the rain made the roads impossible"
			}
			return a.harm(s, toks, i, end, fr, en)
		}
		if (verb&actSpurn != 0 || fr && verb&(actCharge|actLock) != 0) && personBefore(s, toks, i, a, fr, en) && !sents.requested(s, toks, i) {
			// "de m'ignorer", "nous ignorent", "de me facturer 30 €", "m'a
			// bloqué"; in English "me" before a verb is its subject's
			// ("let me charge my phone").
			end = i
			if verb&actCharge != 0 {
				end = chargedSum(s, toks, i)
			}
			return a.harmUnless(s, toks, i, end, fr, en, verb, bad)
		}
		end, obj = a.object(s, toks, i, fr, en, verb, bad)
	}
	if end == 0 && (c&actObjects != 0 || clockTime(toks[i].Text) && !scheduledEvent(toks, i)) && i > 0 && (possessive(toks[i-1].Text) || i > 1 && determiner(toks[i-1].Text) && thanksFor(toks[i-2].Text)) {
		// "mon vol a été annulé", "merci pour le vol annulé", "merci
		// pour le 7h42 supprimé"; not "les loyers ont augmenté" (news)
		// nor "ma facture de gaz a augmenté" (the gas is not what rose).
		// "la facture", "the charges" are objects here, not verbs.
		obj = c & actObjects
		if obj == 0 {
			obj = objGood // a departure
		}
		end, verb = a.participle(s, toks, i, fr, en)
	}
	if end == 0 {
		return 0, 0, false
	}
	switch {
	case noun && !a.customer(s, toks, i, end, fr, en):
		// A noun needs thanks or a customer's own thing: "@MaBanque
		// annonce la fermeture de 50 agences" is news.
		return 0, 0, false
	case verb&actSpurn == 0 && !addressed && !a.customer(s, toks, i, end, fr, en):
		return 0, 0, false
	case !noun && selfDone(toks, i):
		// What the writer does: "how do I freeze my card", "je
		// bloque ma carte", "j'ai suspendu mon abonnement".
		return 0, 0, false
	case verb&(actCharge|actLock|actLeave) != 0 && en && !addressed && a.en[toks[i].Text] != 0 && diaryVerb(s, toks, i) &&
		i+1 < len(toks) && a.classes(toks[i+1].Text, fr, en)&objPerson == 0 && (verb&actLeave == 0 || !possessive(toks[i+1].Text)):
		// An English sentence that opens on the verb, in a post that
		// tags no one, with no person for object, is the writer's diary:
		// "Locked my bike outside the station", "Left a parcel for the
		// neighbours on their doorstep". Not "Locked me out of my own
		// account", nor a French participle ("Bloqué mon compte sans
		// prévenir"), nor the writer's things left out ("Left my parcel
		// in the rain again").
		return 0, 0, false
	case verb&(actCharge|actLock|actLeave) != 0 && sents.requested(s, toks, i):
		// Asked for: "can you leave my parcel outside?", "vous pouvez me
		// prélever en 3 fois ?", "please block me from the newsletter".
		return 0, 0, false
	}
	if verb&actUp != 0 && obj&(objBurden|objPlan) != 0 {
		// A rise announced is news, as one told by its figures is
		// (measures.go): "is raising the family plan from next month".
		m := measuring{s: s, toks: toks, fr: fr, en: en}
		if m.announced(i, end) {
			return 0, 0, false
		}
	}
	switch {
	case verb&actLeave != 0:
		// A thing or a person left where it suffers: "leaving my parcel
		// in the rain", "laissé mon colis sous la pluie", "left us
		// stranded"; not "left my parcel with the neighbour".
		if obj&(objGood|objPerson) == 0 {
			return 0, 0, false
		}
		for k := end + 1; k < len(toks) && k <= end+actionReach; k++ {
			if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
				break
			}
			if a.classes(toks[k].Text, fr, en)&actExposed != 0 {
				return a.harm(s, toks, i, k, fr, en)
			}
		}
		return 0, 0, false
	case verb&(actCharge|actLock) != 0 && obj&(objPerson|objCard|objPlan) != 0, verb&actLock != 0 && obj&objGood != 0:
		// "charging my card $450", "billing me for a modem", "locking
		// me out of my own account", "bloqué mon compte".
		if verb&actCharge != 0 {
			end = chargedSum(s, toks, end)
		}
		return a.harmUnless(s, toks, i, end, fr, en, verb, bad)
	case verb&actLock != 0 && obj&objBurden != 0:
		return helpValence, end, true // "blocking that weird charge"
	case verb&actDown != 0 && obj&objGood != 0, verb&actUp != 0 && obj&(objBurden|objPlan) != 0,
		verb&actDamage != 0 && obj&(objGood|objPlan) != 0, verb&actSpurn != 0 && obj != 0:
		return a.harm(s, toks, i, end, fr, en)
	case verb&actDown != 0 && obj&objBurden != 0, verb&actUp != 0 && obj&objGood != 0:
		return helpValence, end, true
	}
	return 0, 0, false
}

// harmUnless returns a charge or a lock from toks[from] to toks[to] as
// a harm, unless it is undone (harm) or said to be small or made back
// ("only charged me £5", "charged me back", "ne m'a facturé que"); a
// lock for a bad cause named after it in its clause is a fix, up to that
// cause ("blocked my card after a fraudulent payment", "bloqué mon
// compte suite à une tentative de piratage").
func (a *actionLexicon) harmUnless(s string, toks []Token, from, to int, fr, en bool, verb actionSet, bad func(k int) bool) (float64, int, bool) {
	if verb&actCharge != 0 {
		// "only charged me £5", "charged me only £5", "ne m'a facturé que
		// 5 €", "charged me nothing", "charged me back".
		if from > 0 && (toks[from-1].Text == "only" || toks[from-1].Text == "seulement") {
			return 0, 0, false
		}
		for k := from + 1; k <= to+1 && k < len(toks); k++ {
			switch toks[k].Text {
			case "only", "seulement", "nothing", "rien", "back", "zero":
				return 0, 0, false
			case "que", "qu'":
				if k <= to {
					return 0, 0, false
				}
			}
		}
	}
	if verb&actLock != 0 {
		// A lock for a bad cause protects, and the cause is no complaint
		// of the writer's: "blocked my card after a fraudulent payment",
		// "bloqué ma carte suite à une tentative de fraude"; not
		// "blocked my card, leaving me stranded".
		cause := false
		for k := to + 1; k < len(toks) && k <= to+actionReach; k++ {
			if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
				break
			}
			switch toks[k].Text {
			case "after", "following", "due", "because", "over", "for", "suite", "apres", "car", "pour", "cause", "vu":
				cause = true
			}
			// A denial is no cause: "for no reason", "pour aucune raison".
			if cause && bad(k) && !negator(toks[k].Text) && toks[k].Text != "aucune" && toks[k].Text != "aucun" && toks[k].Text != "without" {
				return helpValence, k, true
			}
		}
	}
	return a.harm(s, toks, from, to, fr, en)
}

// selfDone reports whether the verb toks[i] has the writer for its
// subject, maybe past an auxiliary, or asks how to do it: "I", "je",
// "j'ai", "I've", "comment".
func selfDone(toks []Token, i int) bool {
	k := i - 1
	for k >= 0 && k >= i-3 && (actionAdverb(toks[k].Text) || firstAuxiliary(toks[k].Text)) {
		k--
	}
	if k < 0 {
		return false
	}
	switch toks[k].Text {
	case "i", "we", "i've", "we've", "i'd", "how", "je", "j'", "comment":
		return k == i-1 || firstAuxiliary(toks[k+1].Text) || actionAdverb(toks[k+1].Text)
	case "nous": // "nous avons résilié", not "nous a bloqués"
		return toks[k+1].Text == "avons" || toks[k+1].Text == "avions"
	}
	return false
}

// diaryVerb reports whether the verb toks[i] opens its sentence, with no
// subject said: the writer's own doing in a diary ("Locked my bike…").
func diaryVerb(s string, toks []Token, i int) bool {
	return i == 0 || sentenceBreak(s[toks[i-1].End:toks[i].Start])
}

// firstAuxiliary reports whether w is an auxiliary of the first person:
// "j'ai suspendu", "we have cancelled", "I've left".
func firstAuxiliary(w string) bool {
	switch w {
	case "ai", "avons", "have", "had", "'ve", "ve", "avais", "avions":
		return true
	}
	return false
}

// personBefore reports whether a person stands right before the verb
// toks[i], in its clause, maybe with an auxiliary: "me facturer", "m'a
// bloqué", "nous ont ignorés".
func personBefore(s string, toks []Token, i int, a *actionLexicon, fr, en bool) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
			return false
		}
		if a.classes(toks[k].Text, fr, en)&objPerson != 0 {
			return true
		}
		if !fr || !auxiliary(toks[k].Text) {
			return false
		}
	}
	return false
}

// chargedSum returns the last token of the sum that follows a charge
// ending at toks[end] ("me facturer 30 €", "charged my card $450"), or
// end when none follows.
func chargedSum(s string, toks []Token, end int) int {
	for k := end + 1; k < len(toks) && k <= end+3; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			break
		}
		if _, e, ok := money(s, toks, k); ok {
			return e
		}
		if !determiner(toks[k].Text) {
			break
		}
	}
	return end
}

// nounObject finds the object of a verb's noun toks[i]: "la suppression
// du guichet", "the closure of my branch", "the increase in fees", "la
// hausse de 15 %" (a rise by a share or a sum is a rise in what one
// pays).
func (a *actionLexicon) nounObject(s string, toks []Token, i int, fr, en bool) (int, actionSet) {
	k := i + 1
	if k >= len(toks) || clauseBreak(s[toks[i].End:toks[k].Start]) {
		return 0, 0
	}
	switch toks[k].Text {
	case "of", "in", "de", "d'", "du", "des":
	default:
		return 0, 0
	}
	if k+1 < len(toks) && a.classes(toks[i].Text, fr, en)&actNounUp != 0 && !clauseBreak(s[toks[k].End:toks[k+1].Start]) {
		_, e, ok := money(s, toks, k+1)
		if !ok && toks[k+1].Kind == Number && percent(s, &toks[k+1]) {
			e, ok = k+1, true
		}
		if ok {
			// What rose comes after its figure ("la hausse de 10 % de
			// nos salaires"); without it, only a word for a price rise
			// is one ("la hausse de 15 %", not "l'augmentation de 5 %").
			if e+1 < len(toks) {
				switch toks[e+1].Text {
				case "of", "de", "d'", "du", "des", "on", "sur":
					return a.object(s, toks, e+1, fr, en, 0, func(int) bool { return false })
				}
			}
			if priceRise(toks[i].Text) {
				return e, objBurden
			}
			return 0, 0
		}
	}
	return a.object(s, toks, k, fr, en, 0, func(int) bool { return false })
}

// priceRise reports whether the noun of a rise w names a rise in prices
// of its own: "hike", "hausse", "majoration".
func priceRise(w string) bool {
	switch w {
	case "hike", "hikes", "hausse", "hausses", "majoration", "majorations", "flambee", "envolee":
		return true
	}
	return false
}

// harm returns an action from toks[from] to toks[to] as a harm, unless a
// word before it in its clause says it was made good ("for finding my
// lost bag") or one after it that the customer asked for it and it was
// done well ("cancelled my order within minutes", "résilié mon abonnement
// sans discuter").
func (a *actionLexicon) harm(s string, toks []Token, from, to int, fr, en bool) (float64, int, bool) {
	for k := from - 1; k >= 0 && k >= from-actionReach; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
			break
		}
		if a.classes(toks[k].Text, fr, en)&actFix != 0 || backStory(toks[k].Text) {
			return 0, 0, false
		}
	}
	clause := true
	for k := to + 1; k < len(toks) && k <= to+actionReach; k++ {
		gap := s[toks[k-1].End:toks[k].Start]
		if sentenceBreak(gap) {
			break
		}
		clause = clause && !clauseBreak(gap)
		if clause && a.classes(toks[k].Text, fr, en)&actAsked != 0 {
			return 0, 0, false
		}
		if refunded(toks[k].Text) && !negator(toks[k-1].Text) {
			// Made good in the next clause: "l'annulation de ma
			// commande, remboursé en 2 jours"; not "no refund", "pas
			// remboursé".
			return 0, 0, false
		}
	}
	return harmValence, to, true
}

// refunded reports whether w says money was paid back.
func refunded(w string) bool {
	switch w {
	case "refunded", "reimbursed", "rembourse", "remboursee", "rembourses", "remboursees":
		return true
	}
	return false
}

// negator reports whether w denies the word after it: "not refunded",
// "pas remboursé", "still waiting".
func negator(w string) bool {
	switch w {
	case "not", "never", "no", "nor", "still", "yet", "pas", "jamais", "toujours", "non", "ni", "rien", "sans":
		return true
	}
	return false
}

// object finds the object of the verb toks[i]: after a particle ("cut
// off"), adverbs ("encore", "again"), determiners, numbers and up to
// actionGap other words, in its clause. spurn: a person or anything
// after a possessive ("ignored my emails") is an object too.
func (a *actionLexicon) object(s string, toks []Token, i int, fr, en bool, verb actionSet, bad func(k int) bool) (int, actionSet) {
	spurn, end := verb&actSpurn != 0, verb&actEnd != 0
	person := verb&(actSpurn|actCharge|actLock|actLeave) != 0
	others := 0
	det := func(w string) bool { return determiner(w) && (w != "a" || !fr) } // "à" folds to "a"
	for k := i + 1; k < len(toks) && k <= i+actionGap+4; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return 0, 0
		}
		t := &toks[k]
		c := a.classes(t.Text, fr, en)
		switch {
		case c&(actObjects|objCard) != 0:
			// A compound's head is its last noun: "gas prices", "train
			// tickets", "power bill"; of at most compoundMax nouns, so
			// that a run of words both verb and object ("taxe taxe…")
			// does not read to the end of the post from each.
			for first := k; k+1 < len(toks) && k+1 < first+compoundMax && toks[k+1].Kind == Word && a.classes(toks[k+1].Text, fr, en)&(actObjects|objCard) != 0 && !clauseBreak(s[toks[k].End:toks[k+1].Start]); {
				k++
				c = a.classes(toks[k].Text, fr, en)
			}
			return k, c & (actObjects | objCard)
		case (k > i+1 && det(toks[k-1].Text) || k == i+1 && en && i > 0 && det(toks[i-1].Text)) &&
			(clockTime(t.Text) || t.Kind == Number && k+1 < len(toks) && toks[k+1].Kind == Number && s[t.End:toks[k+1].Start] == ":") &&
			!scheduledEvent(toks, k):
			// A departure: "cancelled the 07:42", "supprimé le 7h12",
			// "thanks for the cancelled 7:05".
			if !clockTime(t.Text) {
				k++
			}
			return k, objGood
		case person && c&objPerson != 0:
			return k, objPerson
		case spurn && possessive(t.Text):
			// Whatever was theirs: "ignored my three emails".
			end := k
			for end+1 < len(toks) && end < k+3 && (toks[end+1].Kind == Word || toks[end+1].Kind == Number) && !actionStop(toks[end+1].Text) && !clauseBreak(s[toks[end].End:toks[end+1].Start]) {
				end++
			}
			if end == k {
				return 0, 0
			}
			return end, objPerson
		case end && t.Kind == Word && k > i+1 && det(toks[k-1].Text) && !actionStop(t.Text) && !bad(k):
			// What a shop or a service stopped selling or offering:
			// "discontinuing the only gluten-free bread", "arrêté les
			// croissants"; not "removing the scam page".
			for k+1 < len(toks) && toks[k+1].Kind == Word && !actionStop(toks[k+1].Text) && !determiner(toks[k+1].Text) && !clauseBreak(s[toks[k].End:toks[k+1].Start]) && k < i+actionGap+4 {
				if bad(k + 1) {
					return 0, 0
				}
				k++
			}
			return k, objGood
		case t.Kind == Number || t.Kind == Word && t.Text[0] >= '0' && t.Text[0] <= '9',
			det(t.Text), actionAdverb(t.Text), k == i+1 && en && particle(t.Text):
		case t.Kind == Word && !actionStop(t.Text) && others < actionGap:
			others++
		default:
			return 0, 0
		}
	}
	return 0, 0
}

// participle finds a participle after the object toks[i], maybe after
// an auxiliary or the departure it names: "vol annulé", "mon vol a été
// annulé", "my bag got lost", "internet cut off", "le TER de 7h42
// supprimé".
func (a *actionLexicon) participle(s string, toks []Token, i int, fr, en bool) (end int, verb actionSet) {
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return 0, 0
		}
		w := toks[k].Text
		if c := a.classes(w, fr, en) & (actDown | actUp | actDamage); c != 0 {
			if en && (strings.HasSuffix(w, "ed") || englishParticiple(w)) || fr && frenchParticiple(w) {
				return k, c
			}
			return 0, 0
		}
		if !auxiliary(w) && !actionAdverb(w) && !departure(toks, k) {
			return 0, 0
		}
	}
	return 0, 0
}

// scheduledEvent reports whether toks name, within eventReach words of
// the time of day at toks[i], an event that is not a departure, whose
// time it may be: "the cancelled 9am lecture", "le 21h décalé" of a
// match, "le cours de 8h annulé". A window, so that a post of many times
// stays linear.
func scheduledEvent(toks []Token, i int) bool {
	for k := max(0, i-eventReach); k < len(toks) && k <= i+eventReach; k++ {
		switch toks[k].Text {
		case "lecture", "lectures", "class", "classes", "lesson", "meeting", "meetings", "match", "game", "kickoff", "kick", "show", "gig",
			"concert", "exam", "appointment", "webinar", "session", "call", "party",
			"cours", "reunion", "seance", "rdv", "partiel", "examen", "emission", "film", "spectacle", "soiree", "coup", "foot", "rugby",
			"uni", "univ", "fac", "school", "college", "ecole", "lycee", "prof", "teacher": // "Merci @univ pour le 8h annulé"
			return true
		}
	}
	return false
}

// departure reports whether toks[k] tells which departure an object is:
// "le TER de 7h42 supprimé".
func departure(toks []Token, k int) bool {
	switch w := toks[k].Text; w {
	case "de", "du", "d'", "of", "from":
		return true
	default:
		return clockTime(w) || toks[k].Kind == Number
	}
}

// madeWorse finds what a "make" verb at toks[i] makes its object into,
// when that is worse: "made the bars smaller", "rendu l'appli
// inutilisable", "making it more expensive".
func (a *actionLexicon) madeWorse(s string, toks []Token, i int, fr, en bool) (end int, ok bool) {
	for k := i + 2; k < len(toks) && k <= i+actionReach; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return 0, false
		}
		c := a.classes(toks[k].Text, fr, en)
		if c&actWorse != 0 || c&actWorsePlus != 0 && (toks[k-1].Text == "more" || toks[k-1].Text == "plus") {
			return k, true
		}
	}
	return 0, false
}

// becameWorse finds what toks[i], a verb that becomes ("got",
// "devient") or a "be" with what says it changed ("sont encore", "is
// now", "are even"), says something became, when that is worse: "got
// pricier", "devient inutilisable", "sont encore plus chers", "is now
// more expensive".
func (a *actionLexicon) becameWorse(s string, toks []Token, i int, fr, en bool) (end int, ok bool) {
	changed := false
	switch toks[i].Text {
	case "is", "are", "was", "were", "est", "sont", "etait", "etaient":
	default:
		changed = true // "got", "becomes", "devient"
	}
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return 0, false
		}
		switch toks[k].Text {
		case "even", "now", "again", "encore", "desormais", "maintenant", "getting", "becoming":
			changed = true
			continue
		case "so", "much", "way", "a", "lot", "bit", "just", "more", "plus", "bien", "tellement", "beaucoup", "de", "un", "peu":
			continue
		}
		if !changed {
			return 0, false // "is good": most "be"s stop here, before a lookup
		}
		c := a.classes(toks[k].Text, fr, en)
		if c&actWorse == 0 && (c&actWorsePlus == 0 || toks[k-1].Text != "more" && toks[k-1].Text != "plus") {
			return 0, false
		}
		if lessened(toks[k].Text) && a.burdenBefore(toks, i, fr, en) {
			return 0, false // "my commute got shorter", "la file est désormais plus courte"
		}
		return k, true
	}
	return 0, false
}

// lessened reports whether w says something got less: shorter, smaller
// ("the bars got smaller" is harm, "the queue got shorter" is not).
func lessened(w string) bool {
	switch w {
	case "smaller", "tinier", "shorter", "thinner", "lighter", "petit", "petits", "petite", "petites", "court", "courte", "courts", "courtes":
		return true
	}
	return false
}

// burdenBefore reports whether a burden or a journey is named in the
// three words before toks[i]: "the queue", "mon trajet".
func (a *actionLexicon) burdenBefore(toks []Token, i int, fr, en bool) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if a.classes(toks[k].Text, fr, en)&objBurden != 0 {
			return true
		}
		switch toks[k].Text {
		case "commute", "journey", "trip", "trajet", "trajets", "journeys", "commutes":
			return true
		}
	}
	return false
}

// customer reports whether an action from toks[from] to toks[to] is done
// to a customer (besides a post that tags someone, which the caller
// knows): its object is theirs ("my flight", "nos trains", "me"), or it
// is what thanks or praise are for ("thanks for cancelling the 8am").
// News and notices ("the city closed the library", "les loyers ont
// augmenté") are not.
func (a *actionLexicon) customer(s string, toks []Token, from, to int, fr, en bool) bool {
	for k := from; k <= to; k++ {
		if possessive(toks[k].Text) || a.classes(toks[k].Text, fr, en)&objPerson != 0 {
			return true
		}
	}
	for k := from - 1; k >= 0 && k >= from-actionReach; k-- {
		if sentenceBreak(s[toks[k].End:toks[k+1].Start]) {
			break
		}
		if thanksWord(toks[k].Text) || praiseOpener(toks[k].Text) {
			return true
		}
	}
	return false
}

// praiseOpener reports whether w opens praise for what someone did:
// "kudos to", "props to", "love how", "félicitations à", "chapeau".
func praiseOpener(w string) bool {
	switch w {
	case "kudos", "props", "congrats", "congratulations", "love", "loving", "appreciate", "job", "done", "work", "shoutout", "cheers",
		"felicitations", "chapeau", "adore", "bravo", "plaisir":
		return true
	}
	return false
}

func englishParticiple(w string) bool {
	switch w {
	case "lost", "broken", "broke", "cut", "shut", "shrunk", "withdrawn":
		return true
	}
	return false
}

func frenchParticiple(w string) bool {
	for _, end := range [...]string{"e", "ee", "es", "ees", "u", "ue", "us", "ues", "it", "ite", "its", "ites"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

func auxiliary(w string) bool {
	switch w {
	case "was", "were", "got", "gets", "get", "has", "have", "had", "been", "is", "are", "be", "being",
		"a", "ont", "est", "sont", "ete", "etait", "etaient", "fut", "avait", "avaient", "se", "s'", "fait", "faite":
		return true
	}
	return false
}

// actionAdverb reports whether w may stand inside an action without
// changing it: "cancelled again", "a encore annulé", "just lost".
func actionAdverb(w string) bool {
	switch w {
	case "again", "also", "just", "already", "even", "completely", "literally", "totally", "quietly", "suddenly", "randomly",
		"encore", "aussi", "deja", "meme", "completement", "litteralement", "totalement", "discretement", "carrement", "purement", "simplement":
		return true
	}
	return false
}

func particle(w string) bool {
	switch w {
	case "up", "down", "off", "back", "out":
		return true
	}
	return false
}

func possessive(w string) bool {
	switch w {
	case "my", "our", "mon", "ma", "mes", "notre", "nos":
		return true
	}
	return false
}

func determiner(w string) bool {
	switch w {
	case "the", "my", "our", "your", "a", "an", "this", "that", "these", "those", "their", "his", "her", "its", "all", "every", "another",
		"le", "la", "les", "l'", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "son", "sa", "ses", "leur", "leurs", "un", "une", "des", "du",
		"ce", "cet", "cette", "ces", "tout", "toute", "tous", "toutes":
		return true
	}
	return false
}

// actionStop reports whether w ends the words that may stand between a
// verb and its object: a preposition, a pronoun, a conjunction.
func actionStop(w string) bool {
	switch w {
	case "to", "for", "of", "on", "in", "at", "with", "by", "from", "into", "and", "or", "but", "that", "which", "who", "it", "them", "him", "you",
		"i", "we", "they", "is", "was", "are", "were", "be", "been", "us", "so", "as", "if", "than", "then", "because",
		"de", "d'", "a", "au", "aux", "pour", "par", "avec", "dans", "sur", "en", "et", "ou", "mais", "que", "qu'", "qui", "il", "elle", "ils",
		"elles", "je", "j'", "tu", "vous", "nous", "me", "m'", "te", "t'", "se", "s'", "y", "ne", "n'", "pas", "sans", "car", "donc", "comme", "si":
		return true
	}
	return false
}

// requestWord reports whether toks[k] opens a request ("please", "can
// you", "vous pouvez", "merci de" before a verb): sentenceIndex.requested.
func requestWord(toks []Token, k int) bool {
	switch toks[k].Text {
	case "please", "pls", "plz", "can", "could", "would", "will", "svp", "veuillez", "pouvez", "pourriez", "peux", "pourrais", "pourriez-vous", "voulez":
		return true
	}
	return mercidePlease(toks, k) // "merci de nous communiquer…"; "merci de me facturer 30 €" thanks, ironically
}

// pleaseWord reports whether w asks after the verb: "help me block spam
// calls please".
func pleaseWord(w string) bool {
	switch w {
	case "please", "pls", "plz", "svp", "stp":
		return true
	}
	return false
}

// compoundMax is the most nouns a compound object holds: "train station
// car park fees" has five.
const compoundMax = 8
