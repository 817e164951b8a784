package text

import "strings"

// rhetoricalValence is what a rhetorical question weighs
// (rhetoricalQuestion).
const rhetoricalValence = -1.0

// rhetoricReach is how many words after its opening a frame's words are
// looked for: a window, so that a long post stays linear.
const rhetoricReach = 12

// Kinds of rhetorical frames: a strong one is a complaint by itself
// ("who thought this was a good idea?", "c'est trop demander ?"); a
// weak one asks sincerely too ("is this normal?", "who designed this
// station?", "depuis quand on peut payer sans contact ?") and needs a
// cue of complaint in its sentence and no praise there.
const (
	frameNone = iota
	frameWeak
	frameStrong
)

// rhetoricalQuestion finds a question that asks nothing but challenges
// what it names, as customers complain: whether it is fair or justified
// ("how exactly is a £3.49 'service fee' justified?", "c'est normal de
// payer 4 € un café ?"), whose idea it was ("who thought removing the
// jack was a good idea?", "qui a validé ce logo ?"), whether it is too
// much to ask ("c'est trop demander, un train à l'heure ?"), how hard it
// can be, what the point is, or since when a rule holds for everyone
// ("depuis quand on paie pour choisir son siège ?"). It returns the
// first and last tokens of the question's sentence from its opening
// frame, or -1, -1. The question must end on '?' or end the post
// unpunctuated. Questions of the same shape that ask for information
// are not matched: "how exactly do I add a driver?", "depuis quand la
// boutique est ouverte le dimanche ?", "comment est-ce possible de
// changer mon billet en ligne ?"; nor are those that praise or thank
// after: "Qui a eu l'idée de ces bornes ? Génial, merci !".
func rhetoricalQuestion(s string, toks []Token, val []float64, fr, en bool) (from, to int) {
	at := func(k int) string { return wordAt(toks, k) }
	frame := func(i, end int) int {
		end = min(end, i+rhetoricReach)
		k := frameNone
		if en {
			k = rhetoricalEN(at, i, end)
		}
		if fr && k == frameNone {
			k = rhetoricalFR(at, i, end)
		}
		return k
	}
	last, question := -1, false // the sentence going on, read once
	tagged := -1                // whether the post tags someone, read once
	for i := range toks {
		// Most words open no frame even up to the reach: the sentence
		// is read only for those that do.
		if !frameOpener(at(i)) || frame(i, len(toks)-1) == frameNone {
			continue
		}
		if i > last {
			last, question = sentenceLast(s, toks, i)
		}
		end := last
		kind := frame(i, end)
		if !question || kind == frameNone {
			continue
		}
		opens := i
		switch at(i) {
		case "too", "trouvez", "trouves":
			opens = -1 // "is it too much to ask", "vous trouvez ça normal"
		case "anyone", "anybody", "someone", "somebody":
			opens = i - 1 // "can anyone explain"
		}
		if opens >= 0 && !opensClause(s, toks, opens) {
			continue // "people who thought they would…"
		}
		if tagged < 0 {
			tagged = 0
			for k := range toks {
				if toks[k].Kind == Mention {
					tagged = 1 // "Can someone explain why my ticket costs more than the flight? @LNER"
					break
				}
			}
		}
		if kind == frameWeak && !complaintCue(s, toks, val, i, end, tagged == 1 && at(i) != "depuis" && at(i) != "since") {
			continue // "is this normal for a puppy?", "who designed this gorgeous station?"
		}
		for k := end + 1; k < len(toks); k++ {
			if val[k] > 0 || thanksWord(toks[k].Text) {
				return -1, -1 // "Qui a eu l'idée de ces bornes ? Génial, merci !"
			}
		}
		return i, end
	}
	return -1, -1
}

// frameOpener reports whether w may open a frame of rhetoricalEN or
// rhetoricalFR: one switch before either is called.
func frameOpener(w string) bool {
	switch w {
	case "how", "who", "whose", "since", "too", "what", "whats", "is", "isn't", "was", "are", "you're", "youre", "do",
		"anyone", "anybody", "someone", "somebody",
		"c'", "est", "trouvez", "trouves", "comment", "qui", "depuis", "a", "quelqu'un", "quel", "quoi", "vous", "tu":
		return true
	}
	return false
}

// complaintCue reports whether the question toks[i:end+1], opened by a
// weak frame, complains besides, within the frame's reach around it: it
// holds a price or judges one ("£3.49", "plus cher"), says something bad,
// asks in disbelief next to the frame ("how exactly", "seriously, is
// this normal?") or the post tags someone (tags), and praises nothing. A tag is
// no cue for "since when", which asks a brand about its hours too:
// "@Leclerc depuis quand vous êtes ouverts le dimanche ?".
func complaintCue(s string, toks []Token, val []float64, i, end int, tags bool) bool {
	cue := false
	from := max(0, i-rhetoricReach)
	for k := i - 1; k >= from; k-- {
		if sentenceBreak(s[toks[k].End:toks[k+1].Start]) {
			from = k + 1
			break
		}
	}
	for k := from; k <= min(end, i+rhetoricReach); k++ {
		t := &toks[k]
		if val[k] > 0 && !judgement(t.Text) {
			return false
		}
		switch {
		case val[k] < 0, tags:
			cue = true
		case t.Kind == Number:
			// A price: "a 'service fee' of £3.49"; not a length ("my
			// puppy sleeps 18 hours a day, is this normal?").
			_, _, price := money(s, toks, k)
			cue = cue || price
		case t.Kind == Word:
			switch t.Text {
			case "exactly", "seriously", "really", "honestly", "actually", "vraiment", "serieusement", "franchement", "exactement":
				cue = cue || k >= i-2 && k <= i+3 // disbelief next to the frame: "how exactly is…", "seriously, is this normal?"
			case "cher", "chers", "chere", "cheres", "expensive", "pricey", "pricier", "dearer", "extra":
				cue = true // a price judged: "pourquoi le TER coûte 2 fois plus cher"
			}
		}
	}
	return cue
}

// judgement reports whether w is the judgement a weak frame questions,
// no praise of the writer's: "how is this acceptable?", "c'est normal ?".
func judgement(w string) bool {
	switch w {
	case "justified", "justify", "justifiable", "acceptable", "ok", "okay", "fair", "legal", "allowed", "reasonable", "normal", "sane", "legit", "possible",
		"normale", "justifie", "justifier", "legale", "admissible", "tolerable", "logique", "serieux", "interet":
		return true
	}
	return false
}

// sentenceLast returns the last token of the sentence going on at
// toks[i], and whether it is a question: it ends on '?' (not "?!" nor
// "!?") or ends the post with no punctuation ("who thought this was a
// good idea").
func sentenceLast(s string, toks []Token, i int) (int, bool) {
	for k := i; k < len(toks); k++ {
		end := len(s)
		if k+1 < len(toks) {
			end = toks[k+1].Start
		}
		gap := s[toks[k].End:end]
		if !sentenceBreak(gap) {
			if k+1 == len(toks) {
				return k, true
			}
			continue
		}
		return k, strings.Contains(gap, "?") && !strings.Contains(gap, "!")
	}
	return len(toks) - 1, false
}

// rhetoricalEN returns the kind of English rhetorical frame that opens
// at toks[i], in a question ending at toks[end] (rhetoricalQuestion).
func rhetoricalEN(at func(int) string, i, end int) int {
	within := func(words ...string) bool {
		for k := i + 1; k <= end; k++ {
			for _, w := range words {
				if at(k) == w {
					return true
				}
			}
		}
		return false
	}
	switch at(i) {
	case "how":
		switch at(i + 1) {
		case "hard", "difficult":
			if at(i+2) == "can" || at(i+2) == "could" {
				return frameStrong // "how hard can it be to…"; not "how hard is it to learn French?"
			}
		case "is", "are", "was", "can", "could", "exactly", "on", "the", "come", "in":
			// "how is a 3-hour wait acceptable?", "how exactly is £3.49
			// justified?"; "how is it possible that…", not "how is it
			// possible to change my ticket?".
			if within("justified", "justify", "justifiable", "acceptable", "ok", "okay", "fair", "legal", "allowed", "reasonable", "normal", "sane", "legit") {
				return frameWeak
			}
			for k := i + 1; k < end; k++ {
				if at(k) == "possible" && at(k+1) == "that" {
					return frameWeak
				}
			}
		}
	case "who":
		switch at(i + 1) {
		case "thought":
			if within("idea") {
				return frameStrong // "who thought … was a good idea?"
			}
			return frameWeak
		case "decided", "approved", "designed", "signed", "okayed", "greenlit", "greenlighted":
			return frameWeak // "who signed off on this logo?"; not "who designed this gorgeous station?"
		}
	case "anyone", "anybody", "someone", "somebody":
		// "can anyone explain how a cabin bag costs more than the
		// seat?", "is anyone at @easyJet actually able to explain…"
		for k := i + 1; k <= end && k <= i+6; k++ {
			if at(k) == "explain" {
				if (at(i-1) == "can" || at(i-1) == "could" || at(i-1) == "is" || at(i-1) == "will" || at(i-1) == "would") && !instructions(at, k+1) {
					return explainKind(at, k+1)
				}
				return frameNone
			}
		}
	case "whose":
		if at(i+1) == "idea" || at(i+1) == "bright" && at(i+2) == "idea" {
			return frameStrong
		}
	case "since":
		if at(i+1) != "when" {
			return frameNone
		}
		if within("pay", "paying", "charge", "charging", "charged", "cost", "costs") {
			return frameStrong // "since when do we pay for seats?"
		}
		switch at(i + 2) {
		case "do", "does", "did", "is", "are", "can", "should", "has", "have", "must":
			switch at(i + 3) {
			case "we", "you", "i", "it", "one", "they", "people", "customers", "passengers", "anyone":
				return frameWeak // "since when do we pay for seats?"
			}
		case "it", "we", "you":
			return frameWeak // "since when it's ok to…"
		}
	case "too":
		if at(i+1) == "much" && at(i+2) == "to" && at(i+3) == "ask" {
			return frameStrong // "is it too much to ask for…?"
		}
	case "what", "whats":
		// "what's the point of premium if…" ("what's" is read "what"),
		// "what exactly am I paying for if…"
		k := i + 1
		if at(k) == "exactly" {
			k++
		}
		if (at(k) == "am" && at(k+1) == "i" || at(k) == "are" && (at(k+1) == "we" || at(k+1) == "you")) && at(k+2) == "paying" {
			return frameStrong
		}
		point := func(k int) bool { // "the point of…", not "the point spread"
			return at(k) == "point" && (k == end || at(k+1) == "of" || at(k+1) == "in" || at(k+1) == "if")
		}
		if at(i+1) == "the" && point(i+2) || at(i+1) == "is" && at(i+2) == "the" && point(i+3) ||
			at(i+1) == "were" && (at(i+2) == "you" || at(i+2) == "they") && at(i+3) == "thinking" {
			return frameStrong
		}
	case "is", "isn't", "was":
		// "is this normal?", "is that a joke?", "is it that hard to…?"
		switch at(i + 1) {
		case "this", "that", "it":
			switch at(i + 2) {
			case "normal", "acceptable", "ok", "okay", "fair", "legal", "legit", "justified":
				return frameWeak // "is this normal for a puppy?" asks
			case "a":
				if at(i+3) == "joke" {
					return frameStrong
				}
			case "that", "so", "really":
				if at(i+3) == "hard" || at(i+3) == "difficult" {
					return frameWeak
				}
			}
		}
	case "are", "you're", "youre":
		// "are you kidding me?", "are you serious?", "you're joking, right?"
		k := i + 1
		if at(i) == "are" {
			if at(k) != "you" {
				return frameNone
			}
			k++
		}
		switch at(k) {
		case "kidding", "joking", "serious":
			return frameStrong
		case "having":
			if at(k+1) == "a" && at(k+2) == "laugh" {
				return frameStrong
			}
		}
	case "do":
		// "do you seriously expect us to…?"
		if (at(i+1) == "you" || at(i+1) == "they") && (at(i+2) == "seriously" || at(i+2) == "honestly" || at(i+2) == "really") {
			switch at(i + 3) {
			case "think", "expect", "believe":
				return frameStrong
			}
		}
	}
	return frameNone
}

// rhetoricalFR returns the kind of French rhetorical frame that opens at
// toks[i], in a question ending at toks[end] (rhetoricalQuestion).
func rhetoricalFR(at func(int) string, i, end int) int {
	judged := func(k int) bool {
		switch at(k) {
		case "normal", "normale", "acceptable", "justifie", "justifiable", "legal", "legale", "admissible", "tolerable", "logique", "serieux":
			return true
		}
		return false
	}
	switch at(i) {
	case "c'", "est":
		// "c'est normal de payer 4 € un café ?", "c'est trop demander
		// d'avoir un train à l'heure ?", "c'est si compliqué de…",
		// "est-ce normal…"
		if at(i) == "c'" && at(i+1) != "est" || at(i) == "est" && at(i+1) != "ce" {
			return frameNone
		}
		switch k := i + 2; at(k) {
		case "trop":
			if at(k+1) == "demander" {
				return frameStrong
			}
		case "si", "tellement", "vraiment", "donc":
			switch at(k + 1) {
			case "complique", "difficile", "dur":
				return frameStrong
			}
			if judged(k + 1) {
				return frameWeak
			}
		case "une":
			if at(k+1) == "blague" {
				return frameStrong
			}
		default:
			if judged(k) {
				return frameWeak // "c'est normal que mon lave-vaisselle fasse ce bruit ?" asks
			}
		}
	case "trouvez", "trouves":
		// "vous trouvez ça normal, 45 minutes d'attente ?"
		for k := i + 1; k <= end && k <= i+3; k++ {
			if judged(k) {
				return frameWeak
			}
		}
	case "comment":
		// "comment c'est possible de perdre un colis ?" is the
		// writer's complaint only with "que": "comment est-il possible
		// que…"; "comment justifier…", "comment c'est acceptable".
		for k := i + 1; k <= end && k <= i+4; k++ {
			if judged(k) && at(k) != "serieux" || at(k) == "justifier" || at(k) == "possible" && at(k+1) == "que" {
				return frameWeak
			}
		}
	case "qui":
		// "qui a eu l'idée de…", "qui a validé ce logo ?", "qui peut
		// m'expliquer pourquoi…"
		if at(i+1) == "peut" && (at(i+2) == "m'" || at(i+2) == "nous") && at(i+3) == "expliquer" {
			if !instructions(at, i+4) {
				return explainKind(at, i+4)
			}
			return frameNone
		}
		if at(i+1) != "a" {
			return frameNone
		}
		switch at(i + 2) {
		case "valide", "decide", "approuve", "pense", "concu", "imagine":
			return frameWeak
		case "eu":
			if at(i+3) == "l'" && at(i+4) == "idee" || at(i+3) == "cette" && at(i+4) == "idee" {
				return frameStrong
			}
		}
	case "depuis":
		// "depuis quand on paie pour choisir son siège ?", not
		// "depuis quand la boutique est ouverte le dimanche ?"
		if at(i+1) != "quand" {
			return frameNone
		}
		if at(i+3) == "peut" || at(i+3) == "peux" || at(i+3) == "pouvez" {
			return frameNone // "depuis quand on peut payer sans contact ?" asks
		}
		// "depuis quand on paie pour choisir son siège ?", "depuis
		// quand un bagage cabine coûte plus cher que le billet ?": a
		// price for everyone.
		for k := i + 2; k <= end; k++ {
			switch at(k) {
			case "coute", "coutent", "paie", "paye", "payer", "facture", "facturent", "factures":
				return frameStrong
			}
		}
		switch at(i + 2) {
		case "on", "doit", "c'", "ca", "vous", "nous", "je", "j'", "tu", "est", "faut":
			return frameWeak // "depuis quand faut-il un visa ?" asks
		case "il":
			if at(i+3) == "faut" || at(i+3) == "faudrait" {
				return frameWeak // not "depuis quand il y a un Decathlon"
			}
			return frameNone
		}
	case "a":
		// "à quoi bon…", "à quoi sert l'appli si elle plante ?"
		if at(i+1) != "quoi" {
			return frameNone
		}
		switch at(i + 2) {
		case "bon":
			return frameStrong
		case "sert", "servent", "ca":
			for k := i + 3; k <= end; k++ {
				if at(k) == "si" || at(k) == "s'" {
					return frameStrong // what it is for, if it fails
				}
			}
		}
	case "quelqu'un":
		// "quelqu'un peut m'expliquer pourquoi…", not "… comment
		// activer la carte"
		for k := i + 1; k <= end && k <= i+4; k++ {
			if at(k) == "expliquer" {
				if !instructions(at, k+1) {
					return explainKind(at, k+1)
				}
				return frameNone
			}
		}
	case "quel", "quoi":
		// "quel est l'intérêt de…", "c'est quoi l'intérêt"
		for k := i + 1; k <= end && k <= i+3; k++ {
			if at(k) == "interet" {
				return frameWeak
			}
		}
	case "vous", "tu":
		// "vous vous moquez de nous ?", "tu te fous de qui ?"
		switch at(i + 1) {
		case "vous", "te":
			switch at(i + 2) {
			case "moquez", "moques", "foutez", "fous", "fichez", "fiches":
				return frameStrong
			}
		}
	}
	return frameNone
}

// opensClause reports whether toks[i] opens its clause, after tags, a
// greeting or a word that only leads in ("so", "and", "mais",
// "sérieusement", "honestly").
func opensClause(s string, toks []Token, i int) bool {
	for k := i; k > 0; k-- {
		if clauseBreak(s[toks[k-1].End:toks[k].Start]) {
			return true
		}
		p := &toks[k-1]
		if p.Kind == Mention || p.Kind == Hashtag || p.Kind == Emoji || greeting(p.Text) {
			continue
		}
		switch p.Text {
		case "so", "and", "but", "ok", "okay", "honestly", "seriously", "genuinely", "like", "sorry", "um", "erm",
			"et", "mais", "alors", "donc", "bref", "serieusement", "serieux", "franchement", "euh", "bon":
			continue
		}
		return false
	}
	return true
}

// instructions reports whether what someone is asked to explain, from
// toks[k], is how to do something: "explain how to add a driver",
// "m'expliquer comment activer la carte"; not "how a bag costs more",
// "pourquoi le TER coûte 2 fois plus".
func instructions(at func(int) string, k int) bool {
	switch at(k) {
	case "how":
		return at(k+1) == "to" || at(k+1) == "i" || at(k+1) == "we"
	case "comment":
		w := at(k + 1)
		return infinitive(w) || w == "je" || w == "faire" || w == "on"
	}
	return false
}

// explainKind returns the kind of frame someone asked to explain opens,
// from toks[k]: weak, why or how, as both ask sincerely too ("explain
// why the leaves turn yellow").
func explainKind(at func(int) string, k int) int {
	return frameWeak // "pourquoi les feuilles jaunissent" asks too: a cue decides
}
