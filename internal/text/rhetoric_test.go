package text

import "testing"

// TestRhetoricalQuestion checks that questions which challenge what they
// name are read as complaints, and that questions of the same shape that
// ask for information, or that praise after, are not.
func TestRhetoricalQuestion(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"is it justified", "en", "how exactly is a 'service fee' of £3.49 justified?", LabelNegative},
		{"is it acceptable", "en", "How is a 3 hour wait for a GP appointment acceptable @NHSEngland?", LabelNegative},
		{"whose idea", "en", "Who thought removing the headphone jack was a good idea?", LabelNegative},
		{"who signed it off", "en", "Who signed off on this new logo @Gap?", LabelNegative},
		{"too much to ask", "en", "Is it too much to ask for a train that actually has seats?", LabelNegative},
		{"how hard can it be", "en", "How hard can it be to deliver a parcel to the right address?", LabelNegative},
		{"what is the point", "en", "What's the point of paying for premium if the app still shows ads?", LabelNegative},
		{"since when, for everyone", "fr", "Depuis quand on paie pour choisir son siège @easyJet ?", LabelNegative},
		{"whose idea", "fr", "Qui a eu l'idée de supprimer le bouton retour ?", LabelNegative},
		{"who approved it, with a tag", "fr", "Qui a validé ce nouveau logo @Carrefour ?", LabelNegative},
		{"is it normal", "fr", "C'est normal de payer 4€ un café dans le train ?", LabelNegative},
		{"is it normal", "fr", "Vous trouvez ça normal 45 minutes d'attente au téléphone ?", LabelNegative},
		{"too much to ask", "fr", "C'est trop demander d'avoir un train à l'heure ?", LabelNegative},
		{"what is it for, if", "fr", "À quoi sert l'appli si elle plante à chaque paiement ?", LabelNegative},
		{"how is it possible that", "fr", "@laposte comment est-il possible que mon colis soit parti en Espagne ?", LabelNegative},
		{"asks how", "en", "How exactly do I add a second driver to my booking?", LabelNeutral},
		{"asks since when", "en", "Since when is the Leeds store open on Sundays?", LabelNeutral},
		{"asks whom", "en", "Who do I contact about a missing refund?", LabelNeutral},
		{"asks since when", "fr", "Depuis quand la boutique de Lille est ouverte le dimanche ?", LabelNeutral},
		{"asks what it is for", "fr", "À quoi sert le code promo reçu par mail ?", LabelNeutral},
		{"asks how", "fr", "Comment est-ce possible de changer mon billet en ligne ?", LabelNeutral},
		{"can anyone explain", "en", "Can anyone explain how a cabin bag costs more than the seat @easyJet?", LabelNegative},
		{"what am I paying for", "en", "What exactly am I paying £65 a month for if the broadband drops every single evening @virginmedia?", LabelNegative},
		{"qui peut m'expliquer", "fr", "Quelqu'un peut m'expliquer pourquoi le TER coûte 2 fois plus cher qu'en 2020 ?", LabelNegative},
		{"since when, a price", "fr", "Depuis quand un bagage cabine coûte plus cher que le billet @easyJet", LabelNegative},
		{"since when, a rule", "fr", "Depuis quand il faut payer pour choisir son siège ?", LabelNegative},
		{"asks how to", "en", "Can anyone explain how to add a driver to my booking?", LabelNeutral},
		{"asks how to", "fr", "Quelqu'un peut m'expliquer comment activer la carte ?", LabelNeutral},
		{"praise after", "fr", "Qui a eu l'idée de ces bornes de recharge gratuites ? Génial, merci !", LabelPositive},
		{"praise after", "en", "Who thought of this? Genius 😍", LabelPositive},
		// Weak frames need a cue of complaint and no praise.
		{"asks whether it is normal", "en", "Is this normal for a 10 week old puppy to sleep so much?", LabelNeutral},
		{"asks how hard", "en", "How hard is it to learn French as an adult?", LabelNeutral},
		{"asks since when it is possible", "fr", "Depuis quand on peut payer sans contact dans le bus ?", LabelNeutral},
		{"asks whether it is normal", "fr", "C'est normal que mon lave-vaisselle fasse ce bruit ?", LabelNeutral},
		{"asks whether a length is normal", "en", "My puppy sleeps about 18 hours a day, is this normal?", LabelNeutral},
		{"asks what the point is of a cover", "fr", "Quel est l'intérêt de l'assurance annulation si je paie déjà avec une carte Premier ?", LabelNeutral},
		{"since when, a price", "en", "Since when do we pay for seats on a 6am flight?", LabelNegative},
		{"the point spread", "en", "What's the point spread for the Eagles game tonight?", LabelNeutral},
		{"since when, a tag alone", "fr", "@Leclerc depuis quand vous êtes ouverts le dimanche ?", LabelNeutral},
		{"a visa asked about", "fr", "Depuis quand faut-il un visa pour aller au Royaume-Uni ?", LabelNeutral},
	})
	// A relative clause is no question: "people who thought they would…";
	// a weak frame that praises is none either.
	m := testEngine(t).senti
	for _, s := range []string{"The graves are full with people who thought they would practise when older", "Who designed this gorgeous new station?"} {
		var sc sentimentScratch
		toks := Tokenize(s)
		if r := m.rules(&sc, s, toks, "en"); r.rhetorical {
			t.Errorf("%q: read as a rhetorical question", s)
		}
	}
}
