package text

import "strings"

// rhetoricalValence is what a rhetorical question weighs
// (rhetoricalQuestion).
const rhetoricalValence = -1.0

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
	at := func(k int) string {
		if k < 0 || k >= len(toks) || toks[k].Kind != Word {
			return ""
		}
		return toks[k].Text
	}
	frame := func(i, end int) bool { return en && rhetoricalEN(at, i, end) || fr && rhetoricalFR(at, i, end) }
	last, question := -1, false // the sentence going on, read once
	for i := range toks {
		// Most words open no frame even up to the post's end: the
		// sentence is read only for those that do.
		if at(i) == "" || !frame(i, len(toks)-1) {
			continue
		}
		if i > last {
			last, question = sentenceLast(s, toks, i)
		}
		end := last
		if !question || !frame(i, end) {
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
		for k := end + 1; k < len(toks); k++ {
			if val[k] > 0 || thanksWord(toks[k].Text) {
				return -1, -1 // "Qui a eu l'idée de ces bornes ? Génial, merci !"
			}
		}
		return i, end
	}
	return -1, -1
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

// rhetoricalEN reports whether an English rhetorical frame opens at
// toks[i], in a question ending at toks[end] (rhetoricalQuestion).
func rhetoricalEN(at func(int) string, i, end int) bool {
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
			return true // "how hard can it be to…"
		case "is", "are", "was", "can", "could", "exactly", "on", "the", "come", "in":
			// "how is a 3-hour wait acceptable?", "how exactly is £3.49
			// justified?"; "how is it possible that…", not "how is it
			// possible to change my ticket?".
			if within("justified", "justify", "justifiable", "acceptable", "ok", "okay", "fair", "legal", "allowed", "reasonable", "normal", "sane", "legit") {
				return true
			}
			for k := i + 1; k < end; k++ {
				if at(k) == "possible" && at(k+1) == "that" {
					return true
				}
			}
		}
	case "who":
		switch at(i + 1) {
		case "thought", "decided", "approved", "designed", "signed", "okayed", "greenlit", "greenlighted":
			return true // "who thought … was a good idea?", "who signed off on this logo?"
		}
	case "anyone", "anybody", "someone", "somebody":
		// "can anyone explain how a cabin bag costs more than the
		// seat?", "is anyone at @easyJet actually able to explain…"
		for k := i + 1; k <= end && k <= i+6; k++ {
			if at(k) == "explain" {
				return (at(i-1) == "can" || at(i-1) == "could" || at(i-1) == "is" || at(i-1) == "will" || at(i-1) == "would") && !instructions(at, k+1)
			}
		}
	case "whose":
		return at(i+1) == "idea" || at(i+1) == "bright" && at(i+2) == "idea"
	case "since":
		if at(i+1) != "when" {
			return false
		}
		switch at(i + 2) {
		case "do", "does", "did", "is", "are", "can", "should", "has", "have", "must":
			switch at(i + 3) {
			case "we", "you", "i", "it", "one", "they", "people", "customers", "passengers", "anyone":
				return true // "since when do we pay for seats?"
			}
		case "it's", "it", "we", "you":
			return true // "since when it's ok to…"
		}
	case "too":
		return at(i+1) == "much" && at(i+2) == "to" && at(i+3) == "ask" // "is it too much to ask for…?"
	case "what", "whats":
		// "what's the point of premium if…" ("what's" is read "what"),
		// "what exactly am I paying for if…"
		k := i + 1
		if at(k) == "exactly" {
			k++
		}
		if (at(k) == "am" && at(k+1) == "i" || at(k) == "are" && (at(k+1) == "we" || at(k+1) == "you")) && at(k+2) == "paying" {
			return true
		}
		return at(i+1) == "the" && at(i+2) == "point" || at(i+1) == "is" && at(i+2) == "the" && at(i+3) == "point" ||
			at(i+1) == "were" && (at(i+2) == "you" || at(i+2) == "they") && at(i+3) == "thinking"
	case "is", "isn't", "was":
		// "is this normal?", "is that a joke?", "is it that hard to…?"
		switch at(i + 1) {
		case "this", "that", "it":
			switch at(i + 2) {
			case "normal", "acceptable", "ok", "okay", "fair", "legal", "legit", "joke", "justified":
				return true
			case "a":
				return at(i+3) == "joke"
			case "that", "so", "really":
				return at(i+3) == "hard" || at(i+3) == "difficult"
			}
		}
	case "are", "you're", "youre":
		// "are you kidding me?", "are you serious?", "you're joking, right?"
		k := i + 1
		if at(i) == "are" {
			if at(k) != "you" {
				return false
			}
			k++
		}
		switch at(k) {
		case "kidding", "joking", "serious", "having":
			return at(k) != "having" || at(k+1) == "a" && at(k+2) == "laugh"
		}
	case "do":
		// "do you seriously expect us to…?"
		if at(i+1) == "you" || at(i+1) == "they" {
			switch at(i + 2) {
			case "seriously", "honestly", "really":
				switch at(i + 3) {
				case "think", "expect", "believe":
					return true
				}
			}
		}
	}
	return false
}

// rhetoricalFR reports whether a French rhetorical frame opens at
// toks[i], in a question ending at toks[end] (rhetoricalQuestion).
func rhetoricalFR(at func(int) string, i, end int) bool {
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
			return false
		}
		switch k := i + 2; at(k) {
		case "trop":
			return at(k+1) == "demander"
		case "si", "tellement", "vraiment", "donc":
			switch at(k + 1) {
			case "complique", "difficile", "dur":
				return true
			}
			return judged(k + 1)
		case "une":
			return at(k+1) == "blague"
		default:
			return judged(k)
		}
	case "trouvez", "trouves":
		// "vous trouvez ça normal, 45 minutes d'attente ?"
		for k := i + 1; k <= end && k <= i+3; k++ {
			if judged(k) {
				return true
			}
		}
	case "comment":
		// "comment c'est possible de perdre un colis ?" is the
		// writer's complaint only with "que": "comment est-il possible
		// que…"; "comment justifier…", "comment c'est acceptable".
		for k := i + 1; k <= end && k <= i+4; k++ {
			if judged(k) && at(k) != "serieux" || at(k) == "justifier" || at(k) == "possible" && at(k+1) == "que" {
				return true
			}
		}
	case "qui":
		// "qui a eu l'idée de…", "qui a validé ce logo ?", "qui peut
		// m'expliquer pourquoi…"
		if at(i+1) == "peut" && (at(i+2) == "m'" || at(i+2) == "nous") && at(i+3) == "expliquer" {
			return !instructions(at, i+4)
		}
		if at(i+1) != "a" {
			return false
		}
		switch at(i + 2) {
		case "valide", "decide", "approuve", "pense", "concu", "imagine":
			return true
		case "eu":
			return at(i+3) == "l'" && at(i+4) == "idee" || at(i+3) == "cette" && at(i+4) == "idee"
		}
	case "depuis":
		// "depuis quand on paie pour choisir son siège ?", not
		// "depuis quand la boutique est ouverte le dimanche ?"
		if at(i+1) != "quand" {
			return false
		}
		switch at(i + 2) {
		case "on", "faut", "doit", "c'", "ca", "vous", "nous", "je", "j'", "tu", "est":
			return true
		case "il":
			return at(i+3) == "faut" || at(i+3) == "faudrait" // not "depuis quand il y a un Decathlon"
		}
		// "depuis quand un bagage cabine coûte plus cher que le
		// billet ?": a price that changed.
		for k := i + 2; k <= end; k++ {
			switch at(k) {
			case "coute", "coutent", "paie", "paye", "payer", "facture", "facturent", "factures":
				return true
			}
		}
	case "a":
		// "à quoi bon…", "à quoi sert l'appli si elle plante ?"
		if at(i+1) != "quoi" {
			return false
		}
		switch at(i + 2) {
		case "bon":
			return true
		case "sert", "servent", "ca":
			for k := i + 3; k <= end; k++ {
				if at(k) == "si" || at(k) == "s'" {
					return true
				}
			}
		}
	case "quelqu'", "quelqu'un":
		// "quelqu'un peut m'expliquer comment…"
		for k := i + 1; k <= end && k <= i+4; k++ {
			if at(k) == "expliquer" {
				return !instructions(at, k+1)
			}
		}
	case "quel", "quoi":
		// "quel est l'intérêt de…", "c'est quoi l'intérêt"
		for k := i + 1; k <= end && k <= i+3; k++ {
			if at(k) == "interet" {
				return true
			}
		}
	case "vous", "tu":
		// "vous vous moquez de nous ?", "tu te fous de qui ?"
		switch at(i + 1) {
		case "vous", "te":
			switch at(i + 2) {
			case "moquez", "moques", "foutez", "fous", "fichez", "fiches":
				return true
			}
		}
	}
	return false
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
