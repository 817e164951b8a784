package text

import "strings"

// infoQuestion reports whether the post ends on a question that asks for
// information about a customer's dealings: a lone '?' ends its last
// question, whose clause opens on a word that asks or holds an
// inversion ("where do I report a lost card?", "am I entitled to
// compensation?", "le remboursement … est-il possible ?", "puis-je…");
// its sentence names a service, a good, a fee, a plan or a card
// (service); nothing bad is said before its sentence (unless it asks
// about the writer's own case: ownCase) or after it, nor anything good
// outside its clause; and no word in the post asks in disbelief ("why",
// "seriously", "c'est normal", "again", "supposed to", "is there
// literally anyone", "five times"). The trouble such a question names is
// its topic; the caller checks that the post shows no strong feeling
// besides. "??", "?!", "A fuel surcharge on a rail ticket?" and "how is
// this acceptable?" are complaints.
func infoQuestion(s string, toks []Token, val []float64, fr, en bool, service func(w string) bool) bool {
	last := -1
	for i := len(toks) - 1; i >= 0; i-- {
		end := len(s)
		if i+1 < len(toks) {
			end = toks[i+1].Start
		}
		gap := s[toks[i].End:end]
		if q := strings.IndexByte(gap, '?'); q >= 0 {
			if rest := gap[q+1:]; strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "!") || strings.HasPrefix(gap[:q], "!") {
				return false // "??", "?!", "!?": disbelief
			}
			last = i
			break
		}
	}
	if last < 0 {
		return false
	}
	c := last
	for c > 0 && !clauseBreak(s[toks[c-1].End:toks[c].Start]) {
		c--
	}
	// A complaint told before the question's sentence makes it
	// rhetorical: "Card blocked for 6 days, 4 calls, zero solutions.
	// @Chase is this a bank or a hobby?".
	start := c
	for start > 0 && !sentenceBreak(s[toks[start-1].End:toks[start].Start]) {
		start--
	}
	// … unless the question asks what the writer should do about their
	// own case: "I've lost my debit card. How do I freeze it?", "My
	// flight got cancelled — am I entitled to compensation?".
	mishap := ownMishapBefore(toks, c)
	own := mishap || ownCase(toks, c, last)
	if !own {
		for k := 0; k < start; k++ {
			if val[k] < 0 {
				return false
			}
		}
	}
	// Nor may anything bad follow it ("Does anybody want a ticket for
	// Tuesday? It pains me to miss the show"), nor praise stand outside
	// what it asks ("Great service, can I order again?"; but "puis-je
	// être remboursé ?" asks about the refund).
	for k := last + 1; k < len(toks); k++ {
		if val[k] < 0 {
			return false
		}
	}
	for k := range toks {
		if val[k] > 0 && (k < c || k > last) {
			return false
		}
	}
	// And it asks about a customer's dealings: a service, a good, a
	// fee, a plan or a card ("a lost card", "the £5 admin fee", "un
	// billet Ouigo"), not about the world ("how does it feel to be
	// booed?", "what am I doing with my life?").
	about, from := mishap, start // a mishap of one's own is the writer's dealings
	if own {
		from = 0 // the case may be told before: "my parcel says delivered but isn't here. What's the next step?"
	}
	for k := from; k <= last && !about; k++ {
		about = service(toks[k].Text)
	}
	if !about {
		return false
	}
	opens := c
	for opens < last && (toks[opens].Kind == Mention || greeting(toks[opens].Text)) {
		opens++
	}
	if !asksFor(toks, opens, fr, en) && !(fr && invertedFR(toks, opens, last)) && !(en && invertedEN(toks, opens, last)) {
		return false
	}
	for k := range toks {
		if disbelief(toks[k].Text) {
			return false
		}
		next, after := "", ""
		if k+1 < len(toks) {
			next = toks[k+1].Text
		}
		if k+2 < len(toks) {
			after = toks[k+2].Text
		}
		switch toks[k].Text {
		case "literally": // "is there literally anyone…", not "do I literally just restart it?"
			if next == "anyone" || next == "anybody" || next == "nobody" || next == "no" && after == "one" {
				return false
			}
		case "times", "fois":
			// A trouble over and over: "without transferring me five
			// times?"; not "payer en 4 fois", "2 fois par heure".
			if k > 1 && (toks[k-1].Kind == Number || manyWord(toks[k-1].Text)) && toks[k-2].Text != "en" && toks[k-2].Text != "in" &&
				next != "par" && next != "per" && next != "a" && next != "an" && next != "more" && next != "plus" {
				return false
			}
		}
	}
	return true
}

// invertedEN reports whether an English auxiliary comes before its
// subject pronoun in toks[from:to+1], which asks: "my flight got
// cancelled — am I entitled to compensation?".
func invertedEN(toks []Token, from, to int) bool {
	if toks[from].Text == "how" {
		return false // "how is it that… can't?", as asksFor has it
	}
	for k := from; k < to; k++ {
		switch toks[k].Text {
		case "am", "is", "are", "do", "does", "can", "could", "will", "would", "should", "shall", "may", "have", "has":
			switch toks[k+1].Text {
			case "i", "you", "we", "they", "it", "there":
				return true
			}
		}
	}
	return false
}

// invertedFR reports whether a French verb and its subject pronoun are
// inverted in toks[from:to+1], which asks: "le remboursement … est-il
// possible", "la carte marche-t-elle".
func invertedFR(toks []Token, from, to int) bool {
	for k := from; k < to; k++ {
		switch toks[k+1].Text {
		case "il", "elle", "on", "ils", "elles":
			if toks[k].Text == "t" || toks[k].Kind == Word && strings.HasSuffix(toks[k].Text, "t") && toks[k].Text != "et" {
				// "est-il", "peut-on", "marche-t-elle", "doit-il"
				return true
			}
		case "je":
			switch toks[k].Text {
			case "puis", "dois", "ai", "peux", "suis", "vais", "aurai", "pourrai", "devrai":
				return true
			}
		}
	}
	return false
}

// disbelief reports whether w asks in disbelief or indignation: "why",
// "seriously", "c'est normal ?".
func disbelief(w string) bool {
	switch w {
	case "why", "kidding", "joking", "joke", "serious", "seriously", "srsly", "wtf", "really", "acceptable", "normal", "again", "even", "supposed", "else",
		"pourquoi", "serieux", "serieusement", "vraiment", "blague", "normale":
		return true
	}
	return false
}

// ownCase reports whether the clause toks[from:to+1] asks what the
// writer should do or may get: the writer is its subject ("how do I",
// "am I entitled", "puis-je", "dois-je") or it asks for the next step
// ("what's the next step", "la démarche").
func ownCase(toks []Token, from, to int) bool {
	for k := from; k <= to; k++ {
		switch toks[k].Text {
		case "i", "je", "j'":
			return true
		case "step", "steps", "procedure", "demarche", "demarches", "process":
			return true
		}
	}
	return false
}

// greeting reports whether w may open a question before what it asks:
// "Bonjour, …", "Hi @EE, …", "Quick q: …".
func greeting(w string) bool {
	switch w {
	case "hi", "hello", "hey", "morning", "quick", "q", "question", "please", "bonjour", "bonsoir", "salut", "allo", "coucou", "svp", "stp":
		return true
	}
	return false
}

// asksFor reports whether toks[i] opens a question for information: an
// interrogative word or an inverted auxiliary ("where", "how do", "am
// I", "is there", "est-il", "puis-je", "faut-il", "est-ce que").
func asksFor(toks []Token, i int, fr, en bool) bool {
	if askOpener(toks, i) {
		return true
	}
	w := toks[i].Text
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1].Text
	}
	if en {
		switch w {
		case "what", "what's", "whats", "which", "where", "where's", "when", "whom", "whose", "do", "does", "can", "could", "will", "would", "should", "shall",
			"am", "is", "are", "has", "have", "any", "anyone", "anybody":
			return true
		case "who":
			return next != "thought" && next != "cares" && next != "asked"
		case "how":
			switch next {
			case "do", "does", "did", "can", "could", "long", "much", "many", "should", "would", "will", "to", "often", "soon", "far", "i":
				return true
			}
		}
	}
	if fr {
		switch w {
		case "quel", "quelle", "quels", "quelles", "ou", "quand", "combien", "lequel", "laquelle", "lesquels", "lesquelles":
			return true
		case "comment":
			switch next {
			case "est", "c'", "osez", "peut", "pouvez", "oser":
				return false // "comment est-ce possible ?", "comment pouvez-vous…"
			}
			return true
		case "est":
			return next == "il" || next == "elle"
		case "puis", "dois", "ai", "aurai", "pourrai", "devrai":
			return next == "je"
		case "peut", "doit":
			return next == "on" || next == "il" || next == "elle"
		case "peux":
			return next == "je" || next == "tu"
		case "faut", "reste", "existe":
			return next == "il"
		case "pouvez", "pourriez", "savez", "sauriez", "auriez", "avez", "faites", "acceptez", "livrez", "prenez", "proposez":
			return next == "vous"
		case "y":
			return next == "a" && i+2 < len(toks) && toks[i+2].Text == "t" // "y a-t-il"
		}
	}
	return false
}

// manyWord reports whether w counts more than once: "three", "five",
// "plusieurs".
func manyWord(w string) bool {
	switch w {
	case "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "multiple", "many", "countless",
		"deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "plusieurs", "maintes", "cent":
		return true
	}
	return false
}

// ownMishapBefore reports whether the writer tells, before toks[c], a
// mishap of their own doing ("j'ai oublié mon sac dans un VTC", "I left
// my bag on the 18:05", "I've lost my card"), about which the question
// asks what to do.
func ownMishapBefore(toks []Token, c int) bool {
	for k := 0; k < c; k++ {
		if !firstPersonSingular(toks[k].Text) {
			continue
		}
		for j := k + 1; j < c && j <= k+3; j++ {
			switch toks[j].Text {
			case "oublie", "oubliee", "perdu", "perdue", "laisse", "laissee", "egare", "egaree", "forgot", "lost", "left", "dropped", "misplaced":
				// A thing of the writer's right after: "oublié mon sac",
				// "left my bag"; not "lost a whole day of work because
				// of your outage", "lost my patience".
				if j+2 >= c || !possessive(toks[j+1].Text) {
					continue // "I left work early and then lost my wallet"
				}
				switch toks[j+2].Text {
				case "patience", "temper", "mind", "faith", "hope", "will", "confiance", "espoir", "tete", "foi", "time", "temps", "day", "journee":
					continue
				}
				for o := j + 1; o < c; o++ {
					if toks[o].Text == "because" || toks[o].Text == "cause" || toks[o].Kind == Mention {
						return false // "à cause de", "because of", "@Barclays has done nothing": the blame is told
					}
				}
				return true
			}
		}
	}
	return false
}
