package text

import "testing"

// TestInfoQuestion checks which questions ask for information about a
// customer's dealings, whose trouble is their topic, and which complain.
func TestInfoQuestion(t *testing.T) {
	t.Parallel()
	m := testEngine(t).senti
	for _, tt := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "Where do I report a lost card outside office hours? @CloudBank", true},
		{"en", "Quick q: does the £5 admin fee still apply if I cancel within 14 days?", true},
		{"en", "@SafeGuard what documents do I need to submit for a water damage claim?", true},
		{"en", "Which stations are affected by the closure of the line?", true},
		{"fr", "Bonjour, le remboursement d'un billet Ouigo est-il possible en cas de maladie ?", true},
		{"fr", "Mon vol a été annulé, puis-je être remboursé sur ma carte ?", true},
		{"fr", "@Fnac ma commande a été annulée, puis-je la repasser et payer en 4 fois ?", true},
		{"en", "@BT my internet is down, do I literally just restart the router?", true},
		{"en", "@Barclays Hi, I've lost my debit card somewhere in Bristol. How do I freeze it and order a replacement?", true},
		{"en", "@easyJet My flight EZY8712 got cancelled this morning — am I entitled to compensation or just a refund?", true},
		{"en", "@AmazonHelp my parcel says delivered but isn't here. What's the next step to report it?", true},
		{"fr", "@Uber_France j'ai oublié mon sac dans un VTC hier soir vers 23h, comment contacter le chauffeur ?", true},
		{"en", "I left my bag on the 18:05 from Leeds, who should I contact?", true},
		// Complaints asked, or questions about the world.
		{"en", "I lost my patience with @BT, how do they still have customers?", false},
		{"en", "I lost a whole day of work because of your outage, when will it be fixed?", false},
		{"en", "Why is my train cancelled again?", false},
		{"en", "Where is my refund??", false},
		{"en", "A fuel surcharge on a rail ticket?", false},
		{"en", "How is this fee acceptable?", false},
		{"en", "Card blocked for 6 days, 4 calls, zero solutions. @Chase is this a bank or a hobby?", false},
		{"en", "Does anybody want a ticket for Tuesday? It pains me to miss the show", false},
		{"en", "What am I doing with my life? Failed again.", false},
		{"en", "How is it the kids in the Valley can't get a ticket to the show?", false},
		{"en", "Parcel lost, 3 calls, nobody helps. Is this a delivery company or a lottery?", false},
		{"en", "Where are students supposed to study now that the library closed?", false},
		{"fr", "Trottoirs impraticables depuis des mois. Quand comptez-vous intervenir sur la ligne ?", false},
		{"fr", "Comment est-ce possible de payer 12 € de frais pour un billet ?", false},
		{"en", "@VirginMedia is there literally anyone in your company who can cancel a contract without transferring me five times?", false},
		{"fr", "@Free est-il possible de résilier ma box sans appeler 4 fois le service client ?", false},
	} {
		var sc sentimentScratch
		toks := Tokenize(tt.text)
		r := m.rules(&sc, tt.text, toks, tt.lang)
		if r.infoQ != tt.want {
			t.Errorf("%s %q: infoQ %v, want %v", tt.lang, tt.text, r.infoQ, tt.want)
		}
	}
}
