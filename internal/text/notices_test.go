package text

import "testing"

// TestServiceNotice checks that an organisation's notice to its public,
// and thanks told as news of trouble, are read as information, and that
// a customer who mocks the formula, a notice that celebrates and thanks
// told to the one addressed are not.
func TestServiceNotice(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"an organisation's notice", "en", "Due to a points failure at Didcot, the 07:42 to Oxford is cancelled. We apologise for the inconvenience.", LabelNeutral},
		{"an organisation's notice", "en", "Our app is down for some users. Thanks for bearing with us while we investigate.", LabelNeutral},
		{"an organisation's notice", "fr", "Suite à un incident technique, le paiement en ligne est indisponible. Nous nous excusons pour la gêne occasionnée.", LabelNeutral},
		{"an organisation's notice", "fr", "Merci de patienter, nos équipes rétablissent le service dans les meilleurs délais.", LabelNeutral},
		{"an organisation's reply", "fr", "@julie_m Votre colis a été retardé par une grève chez notre transporteur. Toutes nos excuses pour ce désagrément.", LabelNeutral},
		{"an organisation's reply", "en", "@sam_k Thank you for contacting us. Sorry to hear the parcel arrived damaged, please DM us your order number.", LabelNeutral},
		{"an organisation's reply", "fr", "Merci de votre retour, nous transmettons votre remarque au service concerné.", LabelNeutral},
		{"thanks told as news of trouble", "en", "Airline thanks passengers for their patience after 6-hour delay at Gatwick", LabelNeutral},
		{"thanks told as news of trouble", "fr", "La préfecture remercie les usagers pour leur compréhension après la panne du site des titres de séjour.", LabelNeutral},
		{"news with a pause before a gibe", "fr", "La mairie remercie les habitants... après 6 mois de travaux et aucune info", LabelNegative},
		{"news marked as sarcasm", "fr", "Orange remercie ses clients pour leur fidélité en augmentant l'abonnement de 3€ par mois. Trop d'honneur 🙃", LabelNegative},
		{"a customer mocks the formula", "en", "My train cancelled for the third time this week. Thank you for your understanding, apparently.", LabelNegative},
		{"a customer mocks the formula", "en", "Cancelled again. Thanks for your understanding @SNCF", LabelNegative},
		{"a customer mocks the formula", "fr", "Mon vol annulé la veille du départ, merci de votre compréhension qu'ils disent 🙄", LabelNegative},
		{"an organisation's notice", "fr", "Suite à un incident technique, le trafic est interrompu entre Paris et Lyon. Nous vous remercions de votre compréhension.", LabelNeutral},
		{"an organisation's notice", "en", "Due to a signal failure, trains to Brighton are cancelled. Thanks so much for your patience.", LabelNeutral},
		{"an organisation's notice", "en", "Due to a signal failure, trains to Brighton are cancelled. We appreciate your patience.", LabelNeutral},
		{"an organisation's notice", "fr", "Désolé pour la gêne, le site est en maintenance.", LabelNeutral},
		{"an organisation's notice", "fr", "Suite à un incident, le site est indisponible. Pardon pour le désagrément occasionné.", LabelNeutral},
		{"a customer tags the brand and mocks the formula", "en", "@SNCF Cancelled again. Thank you for your understanding.", LabelNegative},
		{"a customer judges", "fr", "@SNCF Encore 2h de retard, c'est une honte. Merci de votre compréhension...", LabelNegative},
		{"a customer judges", "en", "Third cancellation this week. Absolute disgrace. Thank you for your understanding, apparently.", LabelNegative},
		{"a customer leaves", "fr", "Plus jamais avec vous. Merci de votre compréhension.", LabelNegative},
		{"a customer reports what they said", "en", "They left us on the tarmac for 3 hours with no water. Sorry for the inconvenience, they said.", LabelNegative},
		{"a customer quotes the formula", "en", "Third cancelled train this week and all we get is 'thank you for your patience'. Patience ran out in March.", LabelNegative},
		{"a notice of grief", "fr", "C'est avec une immense tristesse que nous annonçons le décès de notre fondateur. La boutique sera fermée ce samedi. Merci de votre compréhension.", LabelNegative},
		{"a notice that celebrates", "en", "We're back online! Thank you for your patience 🎉", LabelPositive},
		{"thanks told to the one addressed", "fr", "Merci la mairie de fermer la piscine tout l'été, les familles vous remercient", LabelNegative},
		{"a customer's thanks for a reply", "fr", "Merci de votre retour, c'est super gentil", LabelPositive},
	})
}

// TestVoice checks who a post speaks as and to.
func TestVoice(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want voice
	}{
		{"@bob We've had to cancel the 18:15", voice{plural: true, leadTag: true}},
		{"My train is late @SNCF", voice{singular: true, tags: true}},
		{"Les supporters vous remercient", voice{second: true}},
		{"J'ai reçu votre message", voice{singular: true, second: true}},
		{"Airline thanks passengers after 6-hour delay", voice{}},
	} {
		if got := voiceOf(Tokenize(tt.text)); got != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

// TestThanksForFixContested checks that thanks for a fix whose verb is
// in quotes (a contested word, read as a fact), or that a pause leads to
// a gibe, are no thanks for a fix.
func TestThanksForFixContested(t *testing.T) {
	t.Parallel()
	m := testEngine(t).senti
	for _, tt := range []struct {
		lang, text string
		want       bool
	}{
		{"fr", "Merci @SNCF d'avoir traité ma demande de remboursement en 2 jours", true},
		{"en", "Thank you @UberEats for refunding the missing meal without making me photograph an empty bag", true},
		{"en", "Thanks @Argos for replacing my broken kettle... within a day!", true},
		{"fr", "Merci @Orange d'avoir « résolu » mon problème de fibre", false},
		{"en", `Thank you @Evri for "handling" my damaged parcel`, false},
		{"fr", "Merci @SNCF d'avoir traité ma demande de remboursement… 7 mois après", false},
	} {
		var sc sentimentScratch
		r := m.rules(&sc, tt.text, Tokenize(tt.text), tt.lang)
		if r.thankedFix != tt.want {
			t.Errorf("%s %q: thanked fix %v, want %v", tt.lang, tt.text, r.thankedFix, tt.want)
		}
	}
}

// TestBrandReply checks that a service desk's reply to a customer is read
// as information, even without a "we", and that a customer who answers a
// brand, apologises for their own rant or mocks its formula is not.
func TestBrandReply(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"greets by name", "en", "@sarah_k Hi Sarah, sorry to hear your order arrived damaged. Please DM us your order number and we'll sort it.", LabelNeutral},
		{"names after the formula", "en", "@tom_b Sorry for the inconvenience, Tom. Your replacement card has been dispatched.", LabelNeutral},
		{"signs", "en", "@mike88 Hi Mike, so sorry about the delay today. Could you send us a DM with your booking reference? ^JB", LabelNeutral},
		{"signs after thanks", "en", "@dan_p Hi Dan, really sorry to hear that. Can you DM your account number so we can look into it? Thanks, Amy", LabelNeutral},
		{"tells what was done", "en", "@lucy Sorry about that! The app issue has now been fixed, please update to the latest version.", LabelNeutral},
		{"asks what was tried", "en", "@ben_t Sorry to hear you've had trouble logging in, Ben. Have you tried resetting your password from the app?", LabelNeutral},
		{"asks for a private message", "fr", "@kev Bonsoir Kevin, désolé d'apprendre cela. Pouvez-vous nous écrire en message privé avec votre numéro de dossier ?", LabelNeutral},
		{"wishes a good evening", "fr", "@marc_d Bonjour Marc, navrés pour ce retard. Votre colis sera livré demain. Bonne soirée, Léa", LabelNeutral},
		{"tells what was done", "fr", "@sophie Bonjour Sophie, toutes nos excuses pour l'attente. Votre remboursement a été effectué ce matin. ^CM", LabelNeutral},
		{"asks whether it worked", "en", "@danielle_r Sorry for the wait on chat earlier. Have you been able to log in since resetting the password?", LabelNeutral},
		{"sorry at the end, and the fix is no praise", "en", "@priya.s Hi Priya, engineers are aware of the outage in the SE14 area and are working to restore service. No ETA just yet, sorry.", LabelNeutral},
		{"bien été is no praise", "fr", "@MmeRoux Bonjour, désolée pour la gêne occasionnée. Le remboursement a bien été initié, comptez 5 à 10 jours ouvrés selon votre banque.", LabelNeutral},
		{"a question later in the reply", "en", "@sam_k Sorry to hear the engineer didn't turn up, Sam, could you DM us your postcode so we can rebook?", LabelNeutral},
		{"pour la longue attente", "fr", "@lea_b Bonjour Léa, désolés pour la longue attente. Votre dossier a été transmis au service concerné.", LabelNeutral},
		{"a customer's sorry at the end", "en", "@BT still no internet after 3 days, sorry", LabelNegative},
		{"a customer's own sorry", "en", "@Ryanair sorry to say the flight has been cancelled twice now, Hi Tom", LabelNegative},
		{"a customer asks back", "en", "@easyJet Sorry about the delay? The flight has been cancelled, thanks for nothing", LabelNegative},
		{"a customer tells what was done to them", "fr", "@SNCF désolé pour vous, mon train a été supprimé", LabelNegative},
		{"thanks for kind words", "en", "@priya_s Hi Priya, thanks for the kind words! We'll pass them on to the team 😊", LabelPositive},
		{"a customer asks back at the formula", "en", "@BritishAirways Sorry for the inconvenience? You lost my bag for 5 days.", LabelNegative},
		{"a customer shouts", "fr", "@SNCF désolés pour ce désagrément ?? C'est tout ce que vous avez à dire ?", LabelNegative},
		{"a customer's own rant", "en", "@EE sorry for the rant, the signal has been awful all week", LabelNegative},
		{"a customer's own bother", "en", "@AmazonHelp Sorry to bother you, the parcel has been left outside in the rain", LabelNegative},
		{"a customer's own bother", "fr", "@Free désolé de vous déranger, la box a été coupée hier soir", LabelNegative},
	})
}

// TestBulletin checks that an organisation's bulletin without a formula —
// opened by a label or a warning sign, advising the public, or saying it
// will reopen — is read as information, and that a customer's post of
// the same shape is not.
func TestBulletin(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"a warning sign and advice", "fr", "⚠️ Grève nationale le 5 décembre : trafic très perturbé sur l'ensemble des lignes TER. Consultez l'appli avant de partir.", LabelNeutral},
		{"a label and a date", "fr", "Rappel : à partir du 1er janvier, les colis de plus de 30 kg ne sont plus acceptés en bureau de poste.", LabelNeutral},
		{"a label whose first word names the notice", "fr", "Grève des contrôleurs aériens : plusieurs vols au départ de Marseille sont annulés ce mardi. Les passagers concernés sont informés par SMS.", LabelNeutral},
		{"a label and advice", "fr", "Info trafic : ligne B interrompue, pensez aux bus de substitution.", LabelNeutral},
		{"advice", "en", "⚠️ Strike action on 12 Dec: a reduced timetable will run. Please check before you travel.", LabelNeutral},
		{"a label", "en", "Planned engineering works: no trains between Reading and Oxford this weekend. Rail replacement buses will run.", LabelNeutral},
		{"we will reopen", "en", "Our Leeds store is closed today due to a burst pipe. We hope to reopen tomorrow.", LabelNeutral},
		{"good news", "fr", "Bonne nouvelle ! Le wifi gratuit arrive dans tous nos TGV INOUI dès lundi 🎉", LabelPositive},
		{"a customer's label", "fr", "Rappel : ça fait 3 semaines que j'attends mon remboursement @SNCF", LabelNegative},
		{"a customer's anger", "fr", "🚨 Attention, grève demain, encore 😡", LabelNegative},
		{"a customer's update", "en", "Update: still no refund from @Ryanair", LabelNegative},
		{"a family's we", "en", "Update: we waited 3 hours at Gatwick for our bags, no one from the airline in sight", LabelNegative},
		{"a label and advice", "fr", "Info trafic : accident sur l'A7 au niveau de Vienne, 8 km de bouchon. Prévoyez un itinéraire bis.", LabelNeutral},
		{"a customer's advice", "en", "Check the app before you travel, half the trains are cancelled again", LabelNegative},
		{"a customer's warning", "fr", "Conseil : fuyez Free, trois semaines sans internet et personne ne répond", LabelNegative},
		{"a customer's warning", "en", "⚠️ Avoid Evri if you can, parcels left in the rain", LabelNegative},
		{"a strong word besides the label", "fr", "Avis aux voyageurs : personnel odieux au guichet de Lyon ce matin.", LabelNegative},
	})
}

// labelCase is a post and the label it must get, with the rule it checks.
type labelCase struct{ rule, lang, text, want string }

// checkLabels checks that a labels each case's post as the case wants.
func checkLabels(t *testing.T, a *Analyzer, cases []labelCase) {
	t.Helper()
	for _, tt := range cases {
		if got := a.Analyze(tt.text, tt.lang).Sentiment; got.Label != tt.want {
			t.Errorf("%s %s %q = %+v, want %s", tt.rule, tt.lang, tt.text, got, tt.want)
		}
	}
}
