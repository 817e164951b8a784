package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// voice tells who speaks in a post: the writer of themselves ("I", "my",
// "je", "mon"), of a group ("we", "our", "nous", "nos"), to someone
// ("you", "vous", "ton"), whether someone is tagged after the post has
// begun (tags), and whether it opens on tags (replies, and customers
// tagging a brand).
type voice struct {
	singular, plural, second, tags, leadTag bool
}

// voiceOf returns the voice of toks.
func voiceOf(toks []Token) voice {
	var v voice
	lead := true
	for i := range toks {
		t := &toks[i]
		if t.Kind == Mention {
			v.tags = v.tags || !lead
			v.leadTag = v.leadTag || lead
			continue
		}
		lead = false
		if t.Kind != Word {
			continue
		}
		v.singular = v.singular || firstPersonSingular(t.Text)
		// "on" speaks for customers as often as for an organisation:
		// "ça fait 2 heures qu'on poireaute".
		v.plural = v.plural || firstPersonPlural(t.Text) && t.Text != "on"
		switch t.Text {
		case "ours", "we've", "we're", "we'll", "we'd":
			v.plural = true
		case "you", "your", "yours", "you're", "you've", "u", "ur", "vous", "votre", "vos", "tu", "ton", "ta", "tes", "te", "t'", "toi":
			v.second = true
		}
	}
	return v
}

// serviceNotice finds whether toks are an organisation speaking to those
// it serves, and returns its formula's first and last tokens (from < 0
// when not), and whether it is a reply to one customer (brandReply): a
// formula only it writes ("Merci de votre compréhension", "Thank you for
// your patience", "Nous nous excusons pour la gêne occasionnée", "Thank
// you for contacting us"; "Merci de votre retour", "Thanks for your
// feedback" only with a "we"), no word of the writer about themselves
// ("I", "my", "je", "mon"), no one tagged but those a reply answers,
// which says "we" ("@julie_m … Toutes nos excuses") or speaks as a
// service desk (brandReply), and no comment, quote or judgement of the
// writer's. What it tells of a disruption is news, not a complaint:
// "We've had to cancel the 18:15 to Brighton due to a signalling fault.
// Thank you for your understanding." A customer who mocks the formula
// says "my", tags the brand or judges: "Train cancelled again, thanks for
// your understanding @SNCF", "@SNCF 2h de retard, c'est une honte. Merci
// de votre compréhension".
func serviceNotice(s string, toks []Token, fr, en bool) (from, to int, reply bool) {
	from, to, withWe := serviceFormula(s, toks, fr, en)
	if from < 0 && (len(toks) < 3 || toks[0].Kind != Mention) {
		return -1, -1, false // most posts: no formula, and no reply
	}
	v := voiceOf(toks)
	if v.singular || v.tags || commented(toks) || quotes(s) {
		return -1, -1, false
	}
	if from >= 0 && (v.plural || !withWe && !v.leadTag) {
		return from, to, false
	}
	from, to = brandReply(s, toks, from, to, fr, en)
	return from, to, from >= 0
}

// quoteMarks are the marks that quote; quoteMark reports whether s holds
// one of them, by byte scans, as scareQuote does: ContainsAny would look
// each rune of s up in them (TestBreakMarks compares the two).
const quoteMarks = "«»“”\"‘"

func quoteMark(s string) bool {
	return strings.IndexByte(s, '"') >= 0 || strings.Contains(s, "«") || strings.Contains(s, "»") ||
		strings.Contains(s, "“") || strings.Contains(s, "”") || strings.Contains(s, "‘")
}

// quotes reports whether s quotes something: a notice's formula in
// quotes is a customer's gibe ("all we get is 'thank you for your
// patience'", "« Nous nous excusons pour la gêne occasionnée » : quatre
// mots pour 3 heures bloqués").
func quotes(s string) bool {
	if quoteMark(s) {
		return true
	}
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\'' && (i == 0 || s[i-1] == ' ') && s[i+1] != ' ' {
			return true // an opening quote, not an apostrophe
		}
	}
	return false
}

// commented reports whether the writer comments on what a notice or a
// piece of news tells, as no organisation's plain notice does: a laugh,
// what "they said", an opinion's adverb, a trouble said to come back,
// never again, grief or a judgement ("lol", "qu'ils disent", "frankly",
// "third … this week", "again", "toujours", "plus jamais", "avec une
// immense tristesse… le décès", "a disgrace", "c'est une honte").
func commented(toks []Token) bool {
	for k := range toks {
		prev := ""
		if k > 0 {
			prev = toks[k-1].Text
		}
		switch toks[k].Text {
		case "said", "say", "says":
			if prev == "they" || prev == "he" || prev == "she" {
				return true // "Sorry for the inconvenience, they said."
			}
		case "jamais":
			if prev == "plus" {
				return true // "Plus jamais avec vous."
			}
		case "again":
			return true // "never again", "cancelled again"
		case "lol", "lmao", "mdr", "ptdr", "disent", "frankly", "honestly", "franchement", "honnetement",
			"still", "third", "fourth", "fifth", "encore", "toujours", "troisieme", "quatrieme", "cinquieme",
			"deces", "tristesse", "deuil", "condoleances", "sadness", "sad", "grief", "devastated", "heartbroken", "passed",
			"disgrace", "shame", "shameful", "ridiculous", "unacceptable", "pathetic", "joke", "useless", "absurd", "appalling", "outrageous",
			"awful", "terrible", "dreadful", "horrible", "shambles", "nightmare", "disgraceful", "atrocious",
			"honte", "honteux", "scandale", "scandaleux", "ridicule", "inacceptable", "inadmissible", "lamentable", "pathetique", "nul", "nulle", "absurde",
			"odieux", "odieuse", "catastrophique", "affreux", "cauchemar":
			return true
		}
	}
	return false
}

// wordAt returns the folded text of toks[k] when it is a word, or "" —
// past either end too — so that phrases are matched without bounds
// checks.
func wordAt(toks []Token, k int) string {
	if k < 0 || k >= len(toks) || toks[k].Kind != Word {
		return ""
	}
	return toks[k].Text
}

// serviceFormula finds a formula of an organisation to its public
// (serviceNotice): its first and last tokens (from < 0 for none), and
// whether it is one that needs a "we" to be the organisation's ("Merci de
// votre retour").
func serviceFormula(s string, toks []Token, fr, en bool) (from, to int, withWe bool) {
	at := func(k int) string { return wordAt(toks, k) }
	for i := range toks {
		w := at(i)
		if w == "" {
			continue
		}
		if fr {
			switch w {
			case "merci", "remercions", "remercie":
				// "Merci de votre compréhension", "Nous vous remercions
				// de votre patience".
				k := i + 1
				if at(k) == "de" || at(k) == "pour" {
					k++
				}
				switch at(k) {
				case "patienter":
					return i, k, false // "Merci de patienter"
				case "votre", "vos":
					switch at(k + 1) {
					case "patience", "comprehension", "indulgence", "cooperation":
						return i, k + 1, false
					case "retour", "retours", "message", "signalement", "remarque", "remarques":
						return i, k + 1, true // "Merci de votre retour, nous transmettons…"
					}
				case "nous":
					switch at(k + 1) {
					case "avoir", "contacter", "ecrire":
						return i, k + 1, false // "Merci de nous avoir contactés", "merci de nous contacter en MP"
					}
				}
			case "gene", "desagrement", "desagrements":
				// "Nous nous excusons pour la gêne occasionnée",
				// "Toutes nos excuses pour ce désagrément", "Veuillez
				// nous excuser pour la gêne".
				switch at(i + 1) {
				case "occasionnee", "occasionnees", "occasionne", "occasionnes":
					return i, i + 1, false
				}
				if k := apologyBefore(s, toks, i, "excusons", "excuser", "excuses", "pardon", "desole", "desoles", "desolee", "desolees"); k >= 0 {
					return k, i, false
				}
			}
		}
		if en {
			switch w {
			case "thank", "thanks", "thx":
				k := i + 1
				for at(k) == "you" || at(k) == "so" || at(k) == "very" || at(k) == "much" || at(k) == "all" || at(k) == "again" {
					k++ // "Thanks so much for your patience"
				}
				if at(k) != "for" {
					continue
				}
				switch at(k + 1) {
				case "your":
					switch at(k + 2) {
					case "patience", "understanding", "cooperation", "co-operation":
						return i, k + 2, false
					case "feedback", "message", "report", "enquiry", "inquiry", "email":
						return i, k + 2, true // "Thanks for your feedback, we've passed it on"
					}
				case "contacting", "bearing":
					if at(k+2) == "us" || at(k+2) == "with" {
						return i, k + 2, false // "Thank you for contacting us", "for bearing with us"
					}
				case "getting":
					if at(k+2) == "in" && at(k+3) == "touch" {
						return i, k + 3, false
					}
				}
			case "inconvenience", "inconveniences", "disruption":
				// "We apologise for any inconvenience", "Sorry for the
				// inconvenience caused", "We apologize for the delay and
				// any inconvenience caused".
				if k := apologyBefore(s, toks, i, "apologise", "apologize", "apologies", "sorry", "regret"); k >= 0 {
					return k, i, false
				}
			case "appreciate", "appreciates":
				// "We appreciate your patience".
				if at(i+1) == "your" && (at(i+2) == "patience" || at(i+2) == "understanding") {
					return i, i + 2, false
				}
			}
		}
	}
	return -1, -1, false
}

// apologyBefore returns the index of one of words up to six words
// before toks[i], in its clause, or -1: "Veuillez nous excuser pour la
// gêne", "We apologize for the delay and any inconvenience".
func apologyBefore(s string, toks []Token, i int, words ...string) int {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
			return -1
		}
		for _, w := range words {
			if toks[k].Text == w {
				return k
			}
		}
	}
	return -1
}

// suspended reports whether an ellipsis stands between two words of s,
// the pause before a gibe ("La mairie remercie les habitants... après 6
// mois de travaux"); one that ends a headline before its link is none.
func suspended(s string, toks []Token) bool {
	for k := 1; k < len(toks); k++ {
		if pause(s[toks[k-1].End:toks[k].Start]) && toks[k].Kind == Word {
			return true
		}
	}
	return false
}

// newsVoice reports whether toks speak of others only: no writer's "I"
// or "we", no "you" ("… les supporters vous remercient" is the
// writer's, addressed), no one tagged after the start and no comment of
// the writer's (commented). Thanks told in such a post are news ("Bank
// thanks customers after weekend app outage"), and the trouble they
// follow is the news's, not the writer's.
func newsVoice(toks []Token) bool {
	v := voiceOf(toks)
	return !v.singular && !v.plural && !v.second && !v.tags && !commented(toks)
}

// brandReply finds whether toks, in which serviceNotice found no
// writer's word of themselves, no one tagged after the start and no
// comment or quote, are an organisation's reply to one of its customers,
// and returns its formula's first and last tokens (from < 0 when not);
// from and to are serviceFormula's, if any. The post opens on the
// customer's tag, says sorry or thanks as a service does ("Sorry to hear
// that", "Apologies for the wait", "désolés pour ce désagrément",
// "navrés d'apprendre cela", serviceFormula's) and speaks as a service
// desk: it greets the customer by name, signs, asks for a private
// message, or tells what was done about the case ("@tom_b Sorry for the
// inconvenience, Tom. Your replacement card has been dispatched",
// "@julie_m Bonjour Julie, désolés pour ce désagrément. Pouvez-vous nous
// envoyer votre numéro de commande en MP ?"). A customer who answers a
// brand asks back at the formula or shouts "??" ("@BA Sorry for the
// inconvenience? You lost my bag").
func brandReply(s string, toks []Token, from, to int, fr, en bool) (int, int) {
	if len(toks) < 3 || toks[0].Kind != Mention || strings.Contains(s, "??") {
		return -1, -1
	}
	if from < 0 {
		from, to = replyApology(toks, fr, en)
	}
	if from < 0 || !deskVoice(s, toks) {
		return -1, -1
	}
	for k := to; k < len(toks) && k <= to+3; k++ {
		end := len(s)
		if k+1 < len(toks) {
			end = toks[k+1].Start
		}
		if gap := s[toks[k].End:end]; sentenceBreak(gap) {
			if strings.Contains(gap, "?") {
				return -1, -1 // "Sorry about the delay? The flight has been cancelled"
			}
			break
		}
	}
	return from, to
}

// replyApology finds an apology as a service desk makes it to a
// customer: "sorry to hear", "sorry about/for", "apologies for", "toutes
// nos excuses", "désolé(e)(s) pour/de/d'", "navré(e)(s)". It returns its
// first and last tokens, or -1, -1.
func replyApology(toks []Token, fr, en bool) (from, to int) {
	at := func(k int) string { return wordAt(toks, k) }
	// What a desk is sorry for: "the inconvenience", "the wait", "this
	// experience", "ce désagrément", "l'attente".
	trouble := func(k int) bool {
		for j := k; j <= k+2; j++ {
			switch at(j) {
			case "inconvenience", "wait", "delay", "delays", "trouble", "confusion", "disruption", "hassle", "experience", "issue", "issues", "problem", "problems", "frustration", "error", "mix-up",
				"desagrement", "desagrements", "gene", "attente", "retard", "souci", "soucis", "probleme", "problemes", "incident", "erreur", "deconvenue":
				return true
			}
		}
		return false
	}
	for i := range toks {
		switch w := at(i); {
		case en && (w == "sorry" || w == "apologies"):
			if i == len(toks)-1 && i > 1 {
				return i, i // "No ETA just yet, sorry."
			}
			switch at(i + 1) {
			case "to":
				switch at(i + 2) {
				case "hear", "learn", "read", "see":
					return i, i + 2 // "Sorry to hear that"; not "sorry to say"
				}
			case "about", "for":
				if trouble(i+2) || at(i+1) == "about" && (at(i+2) == "that" || at(i+2) == "this") {
					return i, i + 1 // "Sorry for the wait", "Sorry about that!"
				}
			}
		case fr && w == "excuses" && (at(i-1) == "nos" || at(i-1) == "mes"):
			return i - 1, i
		case fr && (strings.HasPrefix(w, "desole") || strings.HasPrefix(w, "navre")) && len(w) <= 8:
			switch at(i + 1) {
			case "d'", "de":
				switch at(i + 2) {
				case "apprendre", "lire", "voir", "entendre":
					return i, i + 2 // "désolés d'apprendre cela"; not "désolé de le dire"
				}
			case "pour", "du", "des":
				if trouble(i + 2) {
					return i, i + 1 // "désolés pour la longue attente"
				}
			}
		}
	}
	return -1, -1
}

// deskVoice reports whether a reply speaks as a service desk: it greets
// the customer by name ("Hi Sarah", "Bonjour Julie", "…, Tom."), signs
// ("^JB", "Thanks, Amy", "Bonne soirée, Léa"), asks for a private
// message ("DM us", "en MP", "message privé") or tells what was done
// about the case ("Your refund has been processed", "Votre colis sera
// livré demain", "Have you tried…").
func deskVoice(s string, toks []Token) bool {
	named := func(k int) bool {
		if k <= 0 || k >= len(toks) || toks[k].Kind != Word || toks[k].Text == toks[0].Text {
			return false
		}
		r, _ := utf8.DecodeRuneInString(toks[k].Raw)
		return unicode.IsUpper(r) && !toks[k].Upper
	}
	last := len(toks) - 1
	for last > 0 && toks[last].Kind != Word {
		last--
	}
	for k := 1; k < len(toks); k++ {
		w := toks[k].Text
		gap := s[toks[k-1].End:toks[k].Start]
		switch {
		case greeting(w) && toks[k-1].Kind == Mention && named(k+1):
			return true // "@sarah_k Hi Sarah,"
		case k == last && named(k) && (strings.Contains(gap, "^") || strings.Contains(gap, ",") && k >= 3 && closing(toks[k-1].Text, toks[k-2].Text)):
			return true // "^JB", "Thanks, Amy"
		case strings.Contains(gap, ",") && named(k) && k+1 < len(toks) && strings.ContainsAny(s[toks[k].End:toks[k+1].Start], ".!") && toks[k-1].Kind == Word:
			return true // "Apologies for the wait, Jen."
		}
		switch w {
		case "dm", "dms", "mp", "inbox":
			return true
		case "prive", "private", "direct":
			if k+1 < len(toks) && (toks[k+1].Text == "message" || toks[k+1].Text == "messages") || w == "prive" && toks[k-1].Text == "message" {
				return true
			}
		case "tried", "essaye", "able", "pu":
			// "Have you tried…", "Avez-vous essayé…", "Have you been
			// able to log in since…", "Avez-vous pu…"
			p := toks[k-1].Text
			if p == "been" && k > 1 {
				p = toks[k-2].Text
			}
			if p == "you" || p == "vous" {
				return true
			}
		case "been", "ete":
			switch toks[k-1].Text {
			case "has", "have", "now", "just", "already", "a", "ont", "bien", "deja":
				if k+1 < len(toks) && deskDone(toks[k+1].Text) {
					return true // "has now been fixed", "a été effectué"; not "has been cancelled"
				}
			}
		case "sera", "seront", "be":
			if readers(toks, k) && k+1 < len(toks) && deskDone(toks[k+1].Text) {
				return true // "Votre colis sera livré demain", "your card will be sent"
			}
		}
	}
	return false
}

// closing reports whether w (after prev) ends a message before its
// signature: "Thanks", "Cheers", "Best", "Bonne journée", "Cordialement".
func closing(w, prev string) bool {
	switch w {
	case "thanks", "cheers", "best", "regards", "cordialement", "merci":
		return true
	case "journee", "soiree", "week-end", "weekend", "day", "evening", "continuation":
		switch prev {
		case "bonne", "belle", "excellente", "nice", "great", "good", "lovely", "wonderful", "fantastic":
			return true
		}
	}
	return false
}

// readers reports whether a word of the reader's ("your", "votre",
// "vos") stands up to three words before toks[k].
func readers(toks []Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		switch toks[j].Text {
		case "your", "votre", "vos":
			return true
		}
	}
	return false
}

// wished reports whether toks[k] belongs to a wish or thanks that close a
// message, no praise of anything: "Bonne soirée", "Belle journée", "Have
// a great day", "Thanks, Amy".
func wished(toks []Token, k int) bool {
	if k+1 < len(toks) && closing(toks[k+1].Text, toks[k].Text) && toks[k+1].Text != toks[k].Text {
		return true
	}
	if closing(toks[k].Text, "") {
		return k+2 == len(toks) && toks[k+1].Kind == Word // "Thanks, Amy"
	}
	return k > 0 && closing(toks[k].Text, toks[k-1].Text)
}

// participle reports whether toks[k] is a past participle, as a service
// tells what it did: "dispatched", "sent", "effectué", "remboursée",
// "reçu" ("has been awful" is the writer's judgement).
func participle(toks []Token, k int) bool {
	if k >= len(toks) || toks[k].Kind != Word {
		return false
	}
	switch toks[k].Text {
	case "sent", "done", "paid", "made", "put", "set", "taken", "given", "fait", "mis", "pris", "remis", "transmis":
		return true
	}
	raw := toks[k].Raw // accents tell a French participle; no lower-casing, which allocates
	for _, end := range [...]string{"ed", "é", "ée", "és", "ées", "u", "ue", "us", "ues"} {
		if strings.HasSuffix(raw, end) && len(raw) > len(end)+2 {
			return true
		}
	}
	return false
}

// deskDone reports whether w is what a service desk tells it did about
// a case: "dispatched", "processed", "refunded", "expédié", "traité",
// "remboursée"; not what customers tell was done to them ("cancelled",
// "supprimé").
func deskDone(w string) bool {
	for _, stem := range [...]string{"dispatch", "process", "refund", "credit", "issued", "fixed", "resolved", "restored", "escalat", "forward", "updated",
		"reactivat", "unblock", "unlock", "arranged", "rebooked", "approved", "shipped", "sent", "raised", "passed", "reset",
		"expedi", "envoye", "effectu", "traite", "rembours", "transmis", "initie", "resolu", "retabli", "valide", "enregistre", "corrige", "debloque",
		"reactive", "remplace", "pris", "transfere", "relance", "signale"} {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}

// bulletin reports whether toks are an organisation's bulletin to its
// public, told without a formula (serviceNotice): it opens on a label
// ("Rappel :", "Reminder:", "Planned engineering works:", "Info trafic
// :") or a warning sign (⚠️, 🚧, 📢), advises the public ("Consultez
// l'appli avant de partir", "Please check before you travel", "Allow
// extra time"), or says "we" will reopen or resume ("We hope to reopen
// tomorrow", "Nous rouvrirons lundi"); and, as for a notice, the writer
// says nothing of themselves, tags no one after the start, comments on
// nothing and quotes nothing. "⚠️ Grève le 5 décembre : trafic très
// perturbé. Consultez l'appli avant de partir." tells of a disruption;
// "Rappel : ça fait 3 semaines que j'attends mon remboursement" is a
// customer's. An emoji of anger or sorrow after the start is the
// writer's feeling; a bulletin advises, reopens or tells a schedule
// besides its label, says "we" only to advise or reopen (a family's
// "Update: we waited 3 hours" is no organisation's), and one that tells to flee or boycott is a
// customer's warning ("Conseil : fuyez Free").
func bulletin(s string, toks []Token, val []float64, fr, en bool) bool {
	if len(toks) < 4 || strings.Contains(s, "??") {
		return false
	}
	marked := labelled(s, toks)
	advised := false // advice or a reopening: an organisation's voice
	for k := 0; k < len(toks) && !advised; k++ {
		w := toks[k].Text
		next := ""
		if k+1 < len(toks) {
			next = toks[k+1].Text
		}
		switch {
		case fr && adviceFR(w) && (k == 0 || sentenceBreak(s[toks[k-1].End:toks[k].Start])):
			marked, advised = true, true // "Consultez l'appli", "Pensez à…", opening a sentence
		case en && w == "please" && adviceEN(next):
			marked, advised = true, true // "Please check before you travel"
		case en && adviceEN(w) && (k == 0 || sentenceBreak(s[toks[k-1].End:toks[k].Start])) && (next == "extra" || next == "ahead" || next == "before" || next == "your" || next == "our" || next == "the"):
			marked, advised = true, true // "Allow extra time", "Plan ahead", "Check before you travel"
		case resumes(w) && k > 0:
			for j := k - 1; j >= 0 && j >= k-4; j-- {
				if toks[j].Text == "we" || toks[j].Text == "nous" || toks[j].Text == "we'll" || toks[j].Text == "we're" {
					marked, advised = true, true // "We hope to reopen tomorrow"
				}
			}
		}
	}
	if !marked {
		return false
	}
	for k := 1; k < len(toks); k++ {
		if (toks[k].Kind == Emoji || toks[k].Kind == Emoticon) && val[k] < 0 {
			return false // "🚨 Attention, grève demain 😡": the writer's anger
		}
	}
	// An organisation's voice besides the label: "we", or a schedule
	// ("le 5 décembre", "this weekend", "will run", "sera fermée").
	cues := scheduleCues(toks)
	if advised && labelled(s, toks) {
		cues++ // advice under a label is an organisation's: "Info trafic : … Prévoyez un itinéraire bis."
	}
	for k := range toks {
		switch toks[k].Text {
		case "rappel", "reminder":
			cues-- // the label counts as a cue of schedules
		case "fuyez", "boycottez", "boycott":
			return false // a customer's warning: "Conseil : fuyez Free"
		}
	}
	v := voiceOf(toks)
	return cues > 0 && !(v.plural && !advised) && !v.singular && !v.tags && !commented(toks) && !quotes(s)
}

// labelled reports whether a post opens on a bulletin's label — one to
// four words before a colon, one of which names a notice ("Rappel :",
// "Planned engineering works:", "Grève des contrôleurs aériens :") — or
// on a warning
// sign (⚠️, 🚧, 📢, ℹ️, 🚨).
func labelled(s string, toks []Token) bool {
	if toks[0].Kind == Emoji {
		switch toks[0].Text {
		case "⚠", "🚧", "📢", "ℹ", "🚨", "📣", "🔔":
			return true
		}
	}
	for k := 0; k < len(toks) && k < 4; k++ {
		if k+1 == len(toks) || !strings.Contains(s[toks[k].End:toks[k+1].Start], ":") {
			continue
		}
		for j := 0; j <= k; j++ {
			if labelWord(toks[j].Text) {
				return true // "Grève des contrôleurs aériens :"
			}
		}
		return false
	}
	return false
}

// labelWord reports whether w names a notice in a bulletin's label:
// "Rappel", "Reminder", "Grève", "Travaux", "Info".
func labelWord(w string) bool {
	switch w {
	case "rappel", "reminder", "info", "infos", "information", "informations", "avis", "important", "attention", "alerte", "alert", "update", "updates",
		"travaux", "works", "greve", "strike", "maintenance", "trafic", "traffic", "perturbation", "perturbations", "disruption", "closure", "fermeture",
		"horaires", "notice", "annonce", "announcement", "advice", "conseil", "nouveau", "nouveaute", "changement", "changements", "change", "changes":
		return true
	}
	return false
}

// adviceFR reports whether w is a French imperative that advises the
// public: "Consultez", "Pensez à", "Prévoyez", "Renseignez-vous".
func adviceFR(w string) bool {
	switch w {
	case "consultez", "pensez", "prevoyez", "renseignez", "verifiez", "anticipez", "privilegiez", "munissez", "presentez", "retrouvez", "suivez":
		return true
	}
	return false
}

// adviceEN reports whether w is an English verb that advises the public:
// "check", "allow", "plan".
func adviceEN(w string) bool {
	switch w {
	case "check", "allow", "plan", "visit", "use", "follow", "consider", "expect":
		return true
	}
	return false
}

// resumes reports whether w says a service will open or run again:
// "reopen", "resume", "rouvrirons".
func resumes(w string) bool {
	switch w {
	case "reopen", "reopening", "resume", "resuming", "restore", "restoring", "rouvrir", "rouvrirons", "reprendre", "reprendrons", "retablir", "retablirons":
		return true
	}
	return false
}

// hopedResume reports whether toks[k] hopes for a service to resume, no
// praise: "We hope to reopen tomorrow", "nous espérons rouvrir lundi".
func hopedResume(toks []Token, k int) bool {
	switch toks[k].Text {
	case "hope", "hoping", "expect", "aim", "esperons", "espere", "comptons":
		for j := k + 1; j < len(toks) && j <= k+2; j++ {
			if resumes(toks[j].Text) {
				return true
			}
		}
	}
	return false
}

// confirms reports whether toks[k] is "bien" confirming what was done, no
// praise: "Le remboursement a bien été initié", "votre dossier est bien
// reçu".
func confirms(toks []Token, k int) bool {
	return toks[k].Text == "bien" && k+1 < len(toks) && (toks[k+1].Text == "ete" || participle(toks, k+1))
}
