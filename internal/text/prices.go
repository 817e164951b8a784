package text

import "strings"

// Money that tells a complaint, besides the rises and sums charged of
// measures.go: a fee told by its sum ("£23 in service fees", "frais de
// dossier de 150 €", "a $35 'restocking fee'") and a product that
// shrank ("le paquet passe de 200 g à 170 g", "180 sheets instead of
// 221", "20 % de chips en moins"). They are read in the same loop as
// the other quantities, told as what happened (measuring.told).

// feeAt reads a fee told by its sum at toks[i], the fee's name after the
// sum ("£23 in service fees", "150 € de frais de dossier", "8 € par mois
// de frais de tenue de compte", "3% card surcharge") or before it
// ("booking fee of £2.95", "frais de service 11,50 €", "supplément de 5
// €"). A customer who tells a fee complains of it, as of a sum charged
// (weak); when the post sets it against the price it came on and it is
// at least a fifth of it ("19 € de frais d'échange pour un billet à 35
// €", "a $12 surcharge on a $40 ticket") it is a complaint whatever
// else is said; otherwise only when the post comments on it
// (complaining): a price list's fee nobody comments on is none. Not a
// fee waived, offered, refunded, cancelled, included or earned, one
// under conditions ("free over £40", "offerts dès 50 €", "pour les
// commandes de moins de 75 $"), announced, nor a shop's own ("our
// booking fee").
func (m *measuring) feeAt(i int) (measure, bool) {
	toks := m.toks
	a, end, ok := money(m.s, toks, i)
	if !ok {
		if !percent(m.s, &toks[i]) {
			return measure{}, false
		}
		if v, ok := amount(toks[i].Text); !ok || v == 0 {
			return measure{}, false // "0 % de frais"
		}
		a, end = 0, i // "3% card surcharge": no sum to set against a price
	} else if a == 0 {
		return measure{}, false // "0 € de frais"
	}
	if shortened(toks, i) || m.discount(end, a) {
		return measure{}, false
	}
	from, to := -1, -1
	// The name after the sum: "£23 in service fees", "£150 'admin fee'",
	// "150 € de frais", "8 € par mois de frais".
	for k := end + 1; k < len(toks) && k <= end+5 && m.feeGap(k); k++ {
		if m.feeNoun(k) {
			from, to = i, k
			break
		}
		// English names the fee with its words ("in service fees",
		// "booking fee"); French with "de" ("de frais", "par mois de").
		if w := toks[k].Text; toks[k].Kind != Word || !m.en && w != "de" && w != "d'" && w != "en" && !perUnit(w) {
			break
		}
	}
	// The name before it: "booking fee of £2.95", "frais de dossier de
	// 150 €", "service fee £2.10".
	label := false // "Frais de port : 2,50 €": a price list's
	for k := i - 1; from < 0 && k >= 0 && k >= i-6 && m.feeGap(k+1); k-- {
		if toks[k].Kind != Word {
			break
		}
		label = label || strings.Contains(m.s[toks[k].End:toks[k+1].Start], ":")
		if m.feeNoun(k) {
			from, to = k, end
		}
	}
	if from < 0 || label && !m.customer() || m.feeWaived(from, to) || m.announced(from, to) {
		return measure{}, false
	}
	q := measure{from, to, chargeValence, false, true}
	switch {
	case a > 0 && m.feeOnPrice(to, a):
		q.weak = false
	case !m.complaining():
		// A fee nobody comments on is a price list's or a notice's:
		// "Entry fee £5, all proceeds go to the hospice", "Booking fee
		// £1.50 per ticket."
		return measure{}, false
	}
	return q, true
}

// feeGap reports whether toks[k] follows toks[k-1] in the same phrase:
// spaces, quotes ("a £150 'admin fee'"), a currency or percent sign
// ("3% card surcharge"), or a colon after a fee's name ("frais de
// service : 11,50 €").
func (m *measuring) feeGap(k int) bool {
	if k <= 0 || k >= len(m.toks) {
		return false
	}
	gap := m.s[m.toks[k-1].End:m.toks[k].Start]
	for _, r := range gap {
		switch r {
		case ' ', '\'', '‘', '’', '"', '“', '”', '«', '»', '\u00a0', '\u202f', ':', '€', '$', '£', '%':
		default:
			return false
		}
	}
	return true
}

// perUnit reports whether w is part of "par mois", "per ticket", "a
// month" between a sum and its fee's name.
func perUnit(w string) bool {
	switch w {
	case "par", "per", "a", "an", "mois", "month", "year", "annee", "semaine", "week", "billet", "ticket", "each", "chaque":
		return true
	}
	return false
}

// feeNoun reports whether toks[k] names a fee: "fee", "fees",
// "surcharge", "frais" (not "produits frais", "frais et dispo"),
// "supplément", "commission", "majoration", "agios".
func (m *measuring) feeNoun(k int) bool {
	toks := m.toks
	w := toks[k].Text
	if m.en {
		switch w {
		case "fee", "fees", "surcharge", "surcharges", "levy", "commission", "penalty":
			return true
		}
	}
	if m.fr {
		switch w {
		case "supplement", "supplements", "commission", "commissions", "majoration", "majorations", "penalite", "penalites", "agios", "surcout", "surcharge":
			return true
		case "frais":
			// "frais de port", "frais bancaires", "de frais" after a sum;
			// not "produits frais", "frais et dispo".
			if k+1 < len(toks) {
				switch toks[k+1].Text {
				case "de", "d'", "bancaires", "caches", "supplementaires", "annexes", "fixes":
					return true
				}
			}
			return k > 0 && (toks[k-1].Text == "de" || toks[k-1].Text == "d'" || toks[k-1].Text == "en")
		}
	}
	return false
}

// feeWaived reports whether the fee toks[from:to+1] is waived, offered,
// refunded or included, set under conditions, or a shop's own: "free
// over £40", "frais de port offerts dès 50 €", "our booking fee",
// "remboursés".
func (m *measuring) feeWaived(from, to int) bool {
	lo, hi := m.window(from, to)
	for k := lo; k <= hi; k++ {
		switch m.toks[k].Text {
		case "free", "waived", "waive", "waiving", "refunded", "refund", "refunding", "reimbursed", "included", "includes", "include", "incl", "over", "orders", "payable", "applicable", "apply", "applies",
			"earned", "earn", "earns", "earning", "touche", "gagne", "percu", "budget", "proceeds", "pension", "salaire", "salary", "retraite", "revenus", "income",
			"annule", "annules", "annulee", "annulees", "supprime", "supprimes", "supprimee", "supprimees", "retire", "retires", "cancelled", "canceled", "removed", "dropped",
			"gratuit", "gratuits", "gratuite", "gratuites", "offert", "offerts", "offerte", "offertes", "rembourse", "rembourses", "remboursee", "remboursees",
			"inclus", "incluse", "incluses", "compris", "commandes", "dela", "remboursement", "rembourser", "applicables", "applique", "appliquent":
			return true
		case "our", "nos", "notre": // "our booking fee", not "our energy supplier added a £60 exit fee"
			if k >= from-2 && k < from {
				return true
			}
		case "aucun", "aucuns", "no", "sans", "zero":
			// Another fee denied beside it: a choice ("frais de service de
			// 1,50 € par billet, aucun frais au guichet").
			if k+1 < len(m.toks) && (m.toks[k+1].Text == "frais" || m.feeNoun(k+1)) {
				return true
			}
		case "des": // "dès 50 €", not "des frais"
			if k+1 < len(m.toks) && m.toks[k+1].Kind == Number {
				return true
			}
		}
	}
	return false
}

// feeOnPrice reports whether the fee of a, ending at toks[to], is set
// against the price it came on and is at least a fifth of it: "pour un
// billet à 35 €", "on a $12 sandwich", "on a €29 flight".
func (m *measuring) feeOnPrice(to int, a float64) bool {
	toks := m.toks
	for k := to + 1; k < len(toks) && k <= to+3; k++ {
		switch toks[k].Text {
		case "pour", "for", "on", "sur":
			for j := k + 1; j < len(toks) && j <= k+5; j++ {
				if b, _, ok := money(m.s, toks, j); ok {
					return b > 0 && a >= b/5
				}
			}
			return false
		}
	}
	return false
}

// shrinkAt reads a product that shrank, told by its figures at toks[i]:
// "passe de 250 g à 225 g", "from 150g to 130g", "de 12 à 10 pots",
// "1 kg est devenu 975 g", "180 sheets instead of 221", "90 g maintenant
// au lieu de 100 g", "20 % de chips en moins", "20% fewer crisps". A
// pack must be named near ("paquet", "bag", "pot", "tablette") or its
// price said to stay ("même prix", "same price", "toujours à 4,29 €"),
// which tells it from a runner's times or a weight lost; less sugar,
// salt, fat or packaging is no complaint.
func (m *measuring) shrinkAt(i int) (measure, bool) {
	toks := m.toks
	from, to := -1, -1
	if a, unit, end, ok := m.size(i); ok {
		switch {
		case i > 0 && (toks[i-1].Text == "de" || toks[i-1].Text == "from") && end+2 < len(toks) && (toks[end+1].Text == "a" || toks[end+1].Text == "to"):
			// "de 250 g à 225 g", "from 150g to 130g", "de 12 à 10 pots".
			if b, unit2, end2, ok := m.size(end + 2); ok && m.shrinkVerb(i-1) && sameUnit(unit, unit2) && b < a && (unit != "" || unit2 != "") {
				from, to = i-1, end2
			}
		case end+2 < len(toks):
			// "1 kg est devenu 975 g", "180 sheets instead of 221", "90 g
			// maintenant au lieu de 100 g".
			k, instead, became := end+1, false, false
			for k < len(toks) && k <= end+4 {
				link, inst, bec := sizeLink(toks[k].Text)
				if !link {
					break
				}
				instead, became = instead || inst, became || bec
				k++
			}
			if (instead || became) && k < len(toks) {
				if b, unit2, end2, ok := m.size(k); ok && sameUnit(unit, unit2) && (unit != "" || unit2 != "") && (instead && a < b || became && b < a) {
					from, to = i, end2
				}
			}
		}
	}
	if from < 0 && percent(m.s, &toks[i]) {
		// "20 % de chips en moins", "20% fewer crisps", "15% smaller".
		for k := i + 1; k < len(toks) && k <= i+4; k++ {
			w := toks[k].Text
			if w == "fewer" || w == "less" || w == "smaller" || w == "moins" && (toks[k-1].Text == "en" || toks[k-1].Text == "de") {
				from, to = i, k
				break
			}
			if wrapping(w) {
				break // "30 % de carton en moins", "30% less glass"
			}
		}
	}
	if from < 0 || !m.pack(from, to) {
		return measure{}, false
	}
	return measure{from, to, riseValence, false, false}, true
}

// wrapping reports whether w is what a pack is made of, less of which
// is no complaint: "30 % de carton en moins", "30% less glass".
func wrapping(w string) bool {
	switch w {
	case "carton", "verre", "glass", "aluminium", "aluminum", "cardboard", "papier", "paper", "air":
		return true
	}
	return false
}

// sizeLink reports whether w may link two sizes of a pack ("1 kg est
// devenu 975 g", "180 sheets instead of 221", "90 g maintenant au lieu
// de 100 g"), and whether it says the first replaced the second
// (instead) or the second the first (became).
func sizeLink(w string) (link, instead, became bool) {
	switch w {
	case "instead", "lieu", "contre", "vs":
		return true, true, false
	case "devenu", "devenue", "become", "became":
		return true, false, true
	case "est", "is", "now", "maintenant", "au", "de", "d'", "of":
		return true, false, false
	}
	return false, false, false
}

// size reads a quantity of a product at toks[i]: a weight or volume
// ("250 g", "150g", "1 kg", "75 cl"), in grams or millilitres, or a count
// of what a pack holds ("10 pots", "221" before or after "sheets"), and
// returns it with its unit ("g", "ml", "n" for a count of what a pack
// holds, "" for a bare number) and last token.
func (m *measuring) size(i int) (float64, string, int, bool) {
	toks := m.toks
	t := &toks[i]
	if t.Kind == Word && t.Text[0] >= '0' && t.Text[0] <= '9' {
		// "150g", "1,5l", "1.75l": the figure, then the unit.
		d := 0
		for d < len(t.Text) && d < 8 && (t.Text[d] >= '0' && t.Text[d] <= '9' || t.Text[d] == ',' || t.Text[d] == '.') {
			d++
		}
		if n, ok := amount(t.Text[:d]); ok {
			if f, unit := sizeUnit(t.Text[d:]); unit != "" {
				return n * f, unit, i, true
			}
		}
		return 0, "", 0, false
	}
	if t.Kind != Number {
		return 0, "", 0, false
	}
	v, ok := amount(t.Text)
	if !ok || percent(m.s, t) {
		return 0, "", 0, false
	}
	if i+1 < len(toks) {
		if f, unit := sizeUnit(toks[i+1].Text); unit != "" {
			return v * f, unit, i + 1, true
		}
		if packCount(toks[i+1].Text) {
			return v, "n", i + 1, true
		}
	}
	if _, _, ok := money(m.s, toks, i); ok {
		return 0, "", 0, false
	}
	return v, "", i, true // a bare count: "de 12 à 10 pots"
}

// sizeUnit returns how many grams or millilitres the unit w holds, and
// "g" or "ml"; "" if w is none.
func sizeUnit(w string) (float64, string) {
	switch w {
	case "g", "gr", "grammes", "grams", "gramme", "gram":
		return 1, "g"
	case "kg", "kilo", "kilos":
		return 1000, "g"
	case "oz":
		return 28.35, "g"
	case "ml":
		return 1, "ml"
	case "cl":
		return 10, "ml"
	case "l", "litre", "litres", "liter", "liters":
		return 1000, "ml"
	}
	return 0, ""
}

// sameUnit reports whether two sizes can be compared: both counts, both
// weights, both volumes, or a bare number and a size whose unit was said
// once ("de 12 à 10 pots", "180 sheets instead of 221").
func sameUnit(a, b string) bool {
	return a == b || a == "" || b == ""
}

// packCount reports whether w counts what a pack holds: "10 pots", "180
// sheets", "9 rolls".
func packCount(w string) bool {
	switch w {
	case "pots", "biscuits", "sheets", "feuilles", "rolls", "rouleaux", "pieces", "morceaux", "tranches", "slices", "carres", "squares",
		"sachets", "capsules", "dosettes", "portions", "cookies", "bars", "barres", "nuggets", "bags", "tablets", "pastilles", "wipes", "lingettes", "couches", "nappies", "diapers":
		return true
	}
	return false
}

// shrinkVerb reports whether a verb of change comes just before toks[at]
// ("passe de", "went from", "dropped from", "shrunk from"), or none at
// all ("Le pot de 1 kg… de 12 à 10 pots").
func (m *measuring) shrinkVerb(at int) bool {
	if m.changeVerb(at) {
		return true
	}
	for k := at - 1; k >= 0 && k >= at-3; k-- {
		switch m.toks[k].Text {
		case "dropped", "drops", "shrunk", "shrank", "shrinks", "reduced", "cut", "down", "fallen", "fell",
			"reduit", "reduite", "diminue", "diminuee", "baisse", "tombe", "tombee", "fond", "fondu":
			return true
		}
	}
	return false
}

// pack reports whether a pack is named near the size toks[from:to+1] or
// its price said to stay, and what shrank is no nutrient or wrapping.
func (m *measuring) pack(from, to int) bool {
	toks := m.toks
	lo, hi := m.window(from, to)
	found := false
	for k := lo; k <= hi; k++ {
		w := toks[k].Text
		switch w {
		case "sucre", "sugar", "sel", "salt", "gras", "fat", "calories", "kcal", "plastique", "plastic", "emballage", "emballages", "packaging",
			"co2", "carbone", "carbon", "dechets", "waste", "emissions", "poids", "weight", "lost", "perdu", "perdre", "lose", "kilos",
			"butter", "beurre", "flour", "farine", "recipe", "recette", "cream", "creme", "use", "utilisez", "takes", "weaning", "biberon", "baby", "bebe",
			// A launch: "Nouveau : la barre mini", "our new box is 20% smaller".
			"new", "nouveau", "nouvelle", "nouveaux", "nouvelles", "mini":
			return false
		case "paquet", "paquets", "sachet", "boite", "barre", "bouteille", "canette", "pot", "tablette", "brique", "bocal", "flacon", "lot", "pack", "format", "contenance",
			"packet", "bag", "box", "bar", "bottle", "can", "jar", "tub", "tube", "pouch", "multipack", "pack's", "roll", "rouleau", "rouleaux", "loaf",
			"shrinkflation", "reduflation":
			found = true
		case "prix", "price":
			// "même prix", "prix identique", "same price", "price stays".
			if k > 0 && (toks[k-1].Text == "meme" || toks[k-1].Text == "same") || k+1 < len(toks) && (toks[k+1].Text == "identique" || toks[k+1].Text == "inchange") {
				found = true
			}
		case "still", "toujours":
			// "still £4", "toujours à 4,29 €".
			for j := k + 1; j < len(toks) && j <= k+2; j++ {
				if _, _, ok := money(m.s, toks, j); ok {
					found = true
				}
			}
		}
	}
	return found
}

// complaining reports whether the post comments on what it tells: it
// is a customer's (customer), asks, says it is the same, still, again
// or now, or goes on after a sentence — unless it is no one's and reads
// as a shop's promotion or notice ("seulement", "réservez", "offre",
// "livraison"). An exclamation is no comment: shops exclaim. Read once
// per post.
func (m *measuring) complaining() bool {
	if m.comment == 0 {
		m.comment = 1
		if m.customer() || strings.Contains(m.s, "?") {
			m.comment = 2
		}
		for k := 0; k < len(m.toks) && m.comment == 1; k++ {
			switch m.toks[k].Text {
			case "same", "meme", "still", "toujours", "again", "encore", "now", "maintenant", "desormais":
				m.comment = 2
			}
			// A sentence after it: "Frais de dossier de 150 €. Le
			// dossier, c'est un PDF."
			if k > 0 && strings.ContainsAny(m.s[m.toks[k-1].End:m.toks[k].Start], ".…") {
				m.comment = 2
			}
		}
		for k := 0; k < len(m.toks) && m.comment == 2 && !m.customer(); k++ {
			switch m.toks[k].Text {
			// A shop's promotion or notice: "4,90 € de frais de port
			// seulement !", "réservez vite", "Livraison sous 48 h".
			case "seulement", "only", "foncez", "reservez", "profitez", "commandez", "decouvrez", "passez", "book", "grab", "shop",
				"offre", "promo", "cadeau", "inscriptions", "upfront", "livraison", "delivery":
				m.comment = 1
			}
		}
	}
	return m.comment == 2
}

// customer reports whether the post is someone's own: it says "I" or
// "we" or tags someone. The post is read once, however many fees it
// lists.
func (m *measuring) customer() bool {
	if m.cust == 0 {
		m.cust = 1
		for k := range m.toks {
			if w := m.toks[k].Text; m.toks[k].Kind == Mention || firstPersonSingular(w) || firstPersonPlural(w) {
				m.cust = 2
				break
			}
		}
	}
	return m.cust == 2
}
