package text

import "strings"

// voice tells who speaks in a post: the writer of themselves ("I", "my",
// "je", "mon"), of a group ("we", "our", "nous", "nos"), to someone
// ("you", "vous", "ton"), and whether someone is tagged after the post
// has begun (the reply's own addressees, leading the post, do not count).
type voice struct {
	singular, plural, second, tags bool
}

// voiceOf returns the voice of toks.
func voiceOf(toks []Token) voice {
	var v voice
	lead := true
	for i := range toks {
		t := &toks[i]
		if t.Kind == Mention {
			v.tags = v.tags || !lead
			continue
		}
		lead = false
		if t.Kind != Word {
			continue
		}
		if firstPersonSingular(t.Text) {
			v.singular = true
		}
		switch t.Text {
		case "we", "us", "our", "ours", "we've", "we're", "we'll", "we'd", "nous", "notre", "nos":
			v.plural = true
		case "you", "your", "yours", "you're", "you've", "u", "ur", "vous", "votre", "vos", "tu", "ton", "ta", "tes", "te", "t'", "toi":
			v.second = true
		}
	}
	return v
}

// serviceNotice reports whether toks are an organisation speaking to
// those it serves: a formula only it writes ("Merci de votre
// compréhension", "Thank you for your patience", "Nous nous excusons pour
// la gêne occasionnée", "Thank you for contacting us"; "Merci de votre
// retour", "Thanks for your feedback" only with a "we"), no word of the
// writer about themselves ("I", "my", "je", "mon"), and no one tagged but
// those it answers. What it tells of a disruption is news, not a
// complaint: "We've had to cancel the 18:15 to Brighton due to a
// signalling fault. Thank you for your understanding." A customer who
// mocks the formula says "my" or tags the brand: "Train cancelled again,
// thanks for your understanding @SNCF".
func serviceNotice(toks []Token, fr, en bool) bool {
	found, withWe := serviceFormula(toks, fr, en)
	if !found {
		return false
	}
	v := voiceOf(toks)
	return !v.singular && !v.tags && (v.plural || !withWe)
}

// serviceFormula reports whether toks hold a formula of an organisation
// to its public (serviceNotice), and whether it is one that needs a "we"
// to be the organisation's ("Merci de votre retour").
func serviceFormula(toks []Token, fr, en bool) (found, withWe bool) {
	at := func(k int) string {
		if k < 0 || k >= len(toks) || toks[k].Kind != Word {
			return ""
		}
		return toks[k].Text
	}
	for i := range toks {
		w := at(i)
		if w == "" {
			continue
		}
		if fr {
			switch w {
			case "merci":
				k := i + 1
				if at(k) == "de" || at(k) == "pour" {
					k++
				}
				switch at(k) {
				case "patienter":
					return true, false // "Merci de patienter"
				case "votre", "vos":
					switch at(k + 1) {
					case "patience", "comprehension", "indulgence", "cooperation":
						return true, false
					case "retour", "retours", "message", "signalement", "remarque", "remarques":
						return true, true // "Merci de votre retour, nous transmettons…"
					}
				case "nous":
					switch at(k + 1) {
					case "avoir", "contacter", "ecrire":
						return true, false // "Merci de nous avoir contactés", "merci de nous contacter en MP"
					}
				}
			case "gene", "desagrement", "desagrements":
				// "Nous nous excusons pour la gêne occasionnée",
				// "Toutes nos excuses pour ce désagrément", "Veuillez
				// nous excuser pour la gêne".
				if at(i+1) == "occasionnee" || at(i+1) == "occasionnees" {
					return true, false
				}
				for k := i - 1; k >= 0 && k >= i-4; k-- {
					switch at(k) {
					case "excusons", "excuser", "excuses", "desoles", "desolee", "desolees":
						return true, false
					}
				}
			}
		}
		if en {
			switch w {
			case "thank", "thanks", "thx":
				k := i + 1
				if at(k) == "you" {
					k++
				}
				if at(k) != "for" {
					continue
				}
				switch at(k + 1) {
				case "your":
					switch at(k + 2) {
					case "patience", "understanding", "cooperation", "co-operation":
						return true, false
					case "feedback", "message", "report", "enquiry", "inquiry", "email":
						return true, true // "Thanks for your feedback, we've passed it on"
					}
				case "contacting", "bearing":
					if at(k+2) == "us" || at(k+2) == "with" {
						return true, false // "Thank you for contacting us", "for bearing with us"
					}
				case "getting":
					if at(k+2) == "in" && at(k+3) == "touch" {
						return true, false
					}
				}
			case "inconvenience", "inconveniences", "disruption":
				// "We apologise for any inconvenience", "Sorry for the
				// inconvenience caused".
				for k := i - 1; k >= 0 && k >= i-3; k-- {
					switch at(k) {
					case "apologise", "apologize", "apologies", "sorry", "regret":
						return true, false
					}
				}
			}
		}
	}
	return false, false
}

// suspended reports whether an ellipsis stands between two words of s,
// the pause before a gibe ("La mairie remercie les habitants... après 6
// mois de travaux"); one that ends a headline before its link is none.
func suspended(s string, toks []Token) bool {
	for k := 1; k < len(toks); k++ {
		gap := s[toks[k-1].End:toks[k].Start]
		if (strings.Contains(gap, "...") || strings.Contains(gap, "…")) && toks[k].Kind == Word {
			return true
		}
	}
	return false
}

// newsVoice reports whether toks speak of others only: no writer's "I"
// or "we", no "you", and no one tagged after the start ("… les
// supporters vous remercient" is the writer's, addressed). Thanks told in such a post
// are news ("Bank thanks customers after weekend app outage"), and the
// trouble they follow is the news's, not the writer's.
func newsVoice(toks []Token) bool {
	v := voiceOf(toks)
	return !v.singular && !v.plural && !v.second && !v.tags
}
