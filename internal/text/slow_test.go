package text

import "testing"

// TestSlowPraise checks that praise of speed belied by the time a
// service took is read as a complaint, and that speed praised for a short
// time, compared with what was expected, or a long time told without a
// mark, are not.
func TestSlowPraise(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"only", "en", "Thanks for handling my claim so quickly — only took 4 months", LabelNegative},
		{"just … to do", "en", "Wow @Aviva, lightning fast service. Just 6 weeks to process a windscreen claim.", LabelNegative},
		{"later", "en", "Thanks @HSBC for the speedy reply, 3 weeks later", LabelNegative},
		{"a mere", "en", "Super quick refund from @Ryanair, a mere 5 months 👏", LabelNegative},
		{"pour un remboursement", "fr", "Merci pour la rapidité @Orange, 7 mois pour un remboursement", LabelNegative},
		{"seulement", "fr", "Bravo @laposte pour la réactivité, seulement 3 semaines pour répondre à un mail", LabelNegative},
		{"à peine", "fr", "Quelle efficacité @CAF, à peine 4 mois pour traiter mon dossier 👏", LabelNegative},
		{"après", "fr", "Merci @ameli pour la réponse rapide… 2 mois après", LabelNegative},
		{"a sentence of its own", "fr", "Merci @bouyguestelecom pour la réponse rapide à ma réclamation. 11 semaines. Je vais l'encadrer.", LabelNegative},
		{"vite, seulement", "fr", "Merci @Orange d'avoir rétabli la fibre si vite, seulement 3 semaines de télétravail au McDo mdr", LabelNegative},
		{"thanks for a fix, only", "en", "Cheers @VodafoneUK for restoring my signal, only took three weeks and a formal complaint", LabelNegative},
		{"thanks for a fix, a short time", "en", "Thanks @Argos for replacing my kettle, only took 2 days!", LabelPositive},
		{"thanks for a fix, a long time told fairly", "en", "Thanks @BT for fixing my line, took 3 weeks but the engineer was great", LabelPositive},
		{"a short time in a sentence of its own", "fr", "Réponse rapide de @Free, 2 jours. Merci !", LabelPositive},
		{"a short time", "en", "Thanks @Currys for the quick repair, only took 2 days!", LabelPositive},
		{"a short time", "fr", "Merci @Boulanger, remboursé en 2 jours, super rapide !", LabelPositive},
		{"no speed praised", "en", "Took 3 weeks but they sorted it and were lovely, thank you @Argos", LabelPositive},
		{"compared with what was expected", "fr", "Carte d'identité déposée lundi, dispo 12 jours après. Bien plus rapide que prévu 😊", LabelPositive},
		{"a timeline, and a but", "fr", "Livraison rapide, 2 semaines après la commande mais le produit est top", LabelPositive},
		{"only two weeks is quick", "en", "Thanks @RoyalMail, parcel to New Zealand in only 2 weeks, super quick!", LabelPositive},
		{"a quick update praises nothing", "en", "Quick update: my physio says only 3 more weeks of rest, then back to running", LabelNeutral},
		{"after months of use", "en", "My @Samsung SSD is still fast after 8 months of use, love it", LabelPositive},
		{"thanks for a fix, only 12 days", "en", "Cheers @BT for restoring our phone line, only took 12 days", LabelNegative},
		{"a wait on hold", "en", "Thanks @HMRC for picking up so quickly today. 1 hour 52 minutes on hold, new personal best", LabelNegative},
		{"a plain wait", "en", "Quick service today, waited 40 minutes for a table but the food was worth it", LabelPositive},
	})
	// A timeline heading the post is no time taken.
	s := "After 3 weeks in Japan: the trains are fast, clean and always on time"
	toks := Tokenize(s)
	if speed, _, _ := slowPraise(s, toks, make([]mark, len(toks)), nil, "en", func(string) bool { return false }, hasQuantity(toks)); speed >= 0 {
		t.Errorf("%q: speed praise belied at %d", s, speed)
	}
}
