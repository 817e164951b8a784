package text

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// score returns the sentiment of one tokenized post, the rules then the
// model, as AnalyzeBatch's stages give it: the tests and benchmarks of
// the sentiment stage alone call it.
func (m *sentimentModel) score(sc *sentimentScratch, s string, toks []Token, lang string) Sentiment {
	r := m.rules(sc, s, toks, lang)
	return m.conclude(sc, &r, toks, lang)
}

// TestSentimentRules checks each rule of the lexicon layer on its own, in
// French and English, by the sign of the rule score (the linear model on
// top is tested through the quality floors). Cases marked accepted are
// known failures: the test checks that they still fail the same way, so a
// fix shows up and the case can move to the passing ones.
func TestSentimentRules(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	const pos, neg, neu = 1, -1, 0
	tests := []struct {
		rule, lang, text string
		want             int
		accepted         string // why a wrong answer is accepted
	}{
		{"lexicon", "fr", "Ce film est génial", pos, ""},
		{"lexicon", "en", "This movie is great", pos, ""},
		{"lexicon stem", "fr", "des paysages magnifiques et adorables", pos, ""},
		{"neutral", "fr", "Le train part à 8 heures de Lyon", neu, ""},
		{"neutral", "en", "The train leaves Boston at 8", neu, ""},
		{"negation ne…pas", "fr", "je n'aime pas ce film", neg, ""},
		{"negation ne…pas after verb", "fr", "il n'est pas content", neg, ""},
		{"negation pas alone", "fr", "c'est pas génial", neg, ""},
		{"negation jamais", "fr", "jamais content de rien", neg, ""},
		{"negation ne…plus", "fr", "je ne suis plus heureux", neg, ""},
		{"plus is not a negation without ne", "fr", "plus heureux que jamais", pos, ""},
		{"negation not", "en", "this is not good", neg, ""},
		{"negation n't", "en", "I don't like it", neg, ""},
		{"negation n´t and n`t, typed with an accent or a backtick", "en", "I don´t like it, I won`t buy it again", neg, ""},
		{"negation c´est pas, typed with an accent", "fr", "c´est pas génial", neg, ""},
		{"negation n't on an idiom word", "en", "I can't recommend this", neg, ""},
		{"idiom", "en", "I can't stand this", neg, ""},
		{"negation never", "en", "never happy with this service", neg, ""},
		{"negation scope ends at punctuation", "en", "not sure. but I love it", pos, ""},
		{"negation scope ends at punctuation", "fr", "pas sûr. mais j'adore", pos, ""},
		{"negated negative", "en", "not bad at all", pos, ""},
		{"negated negative", "fr", "pas mal du tout", pos, ""},
		{"idiom", "fr", "c'est pas terrible", neg, ""},
		{"idiom", "fr", "trop bien ce concert", pos, ""},
		{"idiom", "en", "can't wait for the show", pos, ""},
		{"contrast mais", "fr", "le service est bien mais la nourriture est horrible", neg, ""},
		{"contrast but", "en", "the food is good but the service is terrible", neg, ""},
		{"contrast reverse", "fr", "la soirée était nulle mais le concert était génial", pos, ""},
		{"emoji", "fr", "le train 😡", neg, ""},
		{"emoji", "en", "my new phone 😍", pos, ""},
		{"emoticon", "en", "monday again :(", neg, ""},
		{"emoji from the ranking", "fr", "soirée au club 💃", pos, ""},
		{"emoji from the ranking", "en", "that exam 💀🔫", neg, ""},
		{"a reply idiom after a but", "en", "Nice try but do better", neg, ""},
		{"a reply idiom after a but", "fr", "Super offre mais bidon", neg, ""},
		{"emoji of a gendered person", "fr", "le match de ce soir 🤦‍♀️", neg, ""},
		{"emoji of a gendered person", "en", "the app again 🤦🏽‍♂️", neg, ""},
		{"emoji newer than the ranking", "fr", "le nouveau menu 🫶", pos, ""},
		{"emoji newer than the ranking", "en", "new album tonight ❤️‍🔥", pos, ""},
		{"💀 is laughter as often as death", "en", "lmao 💀💀", pos, ""},
		{"emoticon", "fr", "à demain :)", pos, ""},
		{"slang", "fr", "mdr t'es trop fort", pos, ""},
		{"slang", "fr", "c'est relou ce truc", neg, ""},
		{"slang", "en", "omg lol this is hilarious", pos, ""},
		{"slang", "en", "ugh smh", neg, ""},
		{"short stem, adjective ending", "fr", "des voisins laids et méchants", neg, ""},
		{"short stem, adjective ending", "fr", "un chat adorable", pos, ""},
		{"short stem, other word", "fr", "je cherche un concert", neu, ""},
		{"elision", "fr", "j'adore l'ambiance", pos, ""},
		{"elision typographic", "fr", "j’adore l’ambiance", pos, ""},
		{"elongation", "en", "sooo goooood", pos, ""},
		{"elongation", "fr", "géniaaaal", pos, ""},
		{"negated comparative", "en", "I couldn't be happier with this", pos, ""},
		{"negated comparative", "en", "it could not be better", pos, ""},
		{"negated comparative", "en", "never been so proud of my team", pos, ""},
		{"negated comparative", "en", "it can't get any worse", neg, ""},
		{"negated comparative", "fr", "jamais été aussi heureux", pos, ""},
		{"negated comparative after ne", "fr", "je n'ai jamais été aussi heureux", pos, ""},
		{"negated comparative of ability", "fr", "ça ne peut pas être pire", neg, ""},
		{"negation scope of another clause", "fr", "jamais vu ça. je n'ai pas été aussi heureux", neg, ""},
		{"never got better is a negation", "en", "it never got any better", neg, ""},
		{"can't get better (no any) is a negation", "en", "I can't get better", neg, ""},
		{"equality is a negation", "en", "the sequel has never been as good as the first one", neg, ""},
		{"equality is a negation", "fr", "la suite n'a jamais été aussi bonne que l'original", neg, ""},
		{"nothing + comparative is a superlative", "en", "Nothing better than a cold beer after work", pos, ""},
		{"nothing + comparative is a superlative", "en", "There's nothing worse than a cancelled flight", neg, ""},
		{"nothing + comparative is a superlative", "en", "nothing is more annoying than slow wifi", neg, ""},
		{"nothing but / short of restricts", "en", "nothing but love for this team", pos, ""},
		{"nothing but / short of restricts", "en", "the show was nothing short of amazing", pos, ""},
		{"nothing more than restricts", "en", "that ad is nothing more than garbage", neg, ""},
		{"nothing + adjective denies", "en", "nothing good ever comes from this app", neg, ""},
		{"idiom nothing beats", "en", "Nothing beats a sunny Sunday", pos, ""},
		{"nothing better to do is a denial", "en", "I have nothing better to do than wait on hold", neg, ""},
		{"nothing is better is a denial", "en", "updated the app and nothing is better", neg, ""},
		{"nothing less + adjective turns it around", "en", "there is nothing less fun than queuing", neg, ""},
		{"rien de moins + adjectif le retourne", "fr", "rien de moins fiable que cette appli", neg, ""},
		{"rien qu'un restreint", "fr", "rien qu'un sourire et je suis content", pos, ""},
		{"rien de + comparatif est un superlatif", "fr", "Rien de mieux qu'un bon café le matin", pos, ""},
		{"rien de + comparatif est un superlatif", "fr", "Il n'y a rien de pire que ce service client", neg, ""},
		{"rien de + comparatif est un superlatif", "fr", "Il n'y a rien de plus horrible qu'un retard de 3h", neg, ""},
		{"rien que restreint", "fr", "rien que d'y penser je suis triste", neg, ""},
		{"rien de + adjectif nie", "fr", "il n'y a rien de bien dans cette mise à jour", neg, ""},
		{"idiome rien ne vaut", "fr", "rien ne vaut un bon resto entre amis", pos, ""},
		{"idiome rien de tel", "fr", "rien de tel qu'un week-end à la mer", pos, ""},
		{"lexicon_fr: verbe conjugué", "fr", "je déteste cette appli", neg, ""},
		{"lexicon_fr: verbe conjugué", "fr", "ils ont saboté le projet", neg, ""},
		{"lexicon_fr: nom au pluriel", "fr", "des mensonges et encore des mensonges", neg, ""},
		{"lexicon_fr: adjectif au féminin pluriel", "fr", "des équipes chaleureuses et efficaces", pos, ""},
		{"lexicon_fr: nom", "fr", "quel fiasco ce lancement", neg, ""},
		{"lexicon_fr: verbe", "fr", "on vous félicite pour ce travail", pos, ""},
		{"lexicon_en: verb forms", "en", "I detested every minute", neg, ""},
		{"lexicon_en: adjective", "en", "the service is absolutely despicable", neg, ""},
		{"lexicon_en: adjective", "en", "a seamless check-in, stellar crew", pos, ""},
		{"lexicon_en: noun plural", "en", "these people are parasites", neg, ""},
		{"idiome: d'enfer est un éloge", "fr", "une soirée d'enfer avec les potes", pos, ""},
		{"idiome: faire fureur", "fr", "ce produit fait fureur sur TikTok", pos, ""},
		{"idiome: cœur brisé", "fr", "j'ai le coeur brisé", neg, ""},
		{"lexicon: a fair is not a failure", "fr", "la Foire de Paris ouvre samedi", neu, ""},
		{"lexicon: en train, not entrain", "fr", "je suis entrain de manger", neu, ""},
		{"lexicon: household waste", "fr", "ramassage des ordures décalé ce jeudi", neu, ""},
		{"lexicon: a violin is not a crime", "fr", "concert de violons ce soir", neu, ""},
		{"idiom: partner in crime", "en", "my partner in crime", pos, ""},
		{"lexicon: a screen protector", "en", "my screen protector arrived", neu, ""},
		{"Pattern stems: a neutral verb", "fr", "le colis arrive demain matin", neu, ""},
		{"Pattern stems: a country", "fr", "retour en France la semaine prochaine", neu, ""},
		{"Pattern stems: growth is not belief", "fr", "la croissance de l'économie au troisième trimestre", neu, ""},
		{"Pattern stems: pourra is pouvoir", "fr", "on pourra en parler demain", neu, ""},
		{"Pattern stems: the future of aller", "fr", "nous irons au stade samedi", neu, ""},
		{"Pattern stems: a sign-off", "fr", "Cordialement, M. Martin", neu, ""},
		{"la personne is a person", "fr", "la personne au guichet très sympa", pos, ""},
		{"la personne is a person", "fr", "une personne vraiment odieuse", neg, ""},
		{"personne is nobody", "fr", "personne n'a été aimable", neg, ""},
		{"personne is nobody", "fr", "il n'y a personne de compétent", neg, ""},
		{"longtemps … pas aussi praises", "fr", "Ça faisait longtemps que j'avais pas aussi bien mangé", pos, ""},
		{"longtemps … pas aussi blames", "fr", "ça fait longtemps que j'ai pas été aussi déçu", neg, ""},
		{"jamais aussi praises", "fr", "je n'ai jamais aussi bien dormi", pos, ""},
		{"jamais aussi blames", "fr", "je n'ai jamais aussi mal dormi", neg, ""},
		{"longtemps … pas without a comparison denies", "fr", "ça fait longtemps que je vais pas bien", neg, ""},
		{"pas aussi without longtemps denies", "fr", "le film n'est pas aussi bien que le livre", neg, ""},
		{"idiome: courrier recommandé", "fr", "j'ai envoyé deux lettres recommandées", neu, ""},
		{"idiome: sans réponse", "fr", "ma demande reste sans réponse", neg, ""},
		{"idiome: pas normal", "fr", "c'est pas normal", neg, ""},
		{"plus without ne compares", "fr", "c'est plus simple avec la nouvelle appli", neu, ""},
		{"plus without ne compares", "fr", "rien de plus normal", neu, ""},
		{"idiome: pas normal, with ne", "fr", "ce n'est pas normal d'attendre autant", neg, ""},
		{"idiome: pas sérieux", "fr", "franchement pas sérieux @Orange", neg, ""},
		{"idiome: pas acceptable", "fr", "ce n'est plus acceptable", neg, ""},
		{"idiome: pas au rendez-vous", "fr", "la qualité n'est pas au rendez-vous", neg, ""},
		{"idiome: pas à la hauteur", "fr", "un service pas à la hauteur du prix", neg, ""},
		{"the words alone are no feeling", "fr", "retour à la normale du trafic sur la ligne B", neu, ""},
		{"lexicon_fr: short adjectives", "fr", "un immeuble laid", neg, ""},
		{"lexicon_fr: short adjectives", "fr", "chambre bruyante", neg, ""},
		{"salé is not sale", "fr", "crêpe au caramel beurre salé", neu, ""},
		{"lexicon_fr: a word stopwords-iso lists", "fr", "un travail remarquable de toute l'équipe", pos, ""},
		{"lexicon_fr: what the Pattern review took with a stem", "fr", "un hôtel très chic", pos, ""},
		{"VADER review: a political party", "en", "the Labour party conference opens in Liverpool", neu, ""},
		{"VADER review: a topic", "en", "Senate vote on gun control expected this week", neu, ""},
		{"VADER review: a court", "en", "the supreme court rules on the case today", neu, ""},
		{"VADER review: kind of", "en", "it's kind of late for a delivery", neu, ""},
		{"VADER review: a threat stays a threat", "en", "I am going to shoot the next one I see", neg, ""},
		{"VADER review: cuts are a loss", "en", "the library cut its opening hours again", neg, ""},
		{"idiom: a credit to", "en", "these nurses are a credit to the hospital", pos, ""},
		{"like the preposition", "en", "looks like rain in Boston tomorrow", neu, ""},
		{"like the preposition", "en", "people like you run the council", neu, ""},
		{"like a request", "en", "would you like a receipt with that", neu, ""},
		{"like a request", "en", "I'd like to change my delivery address", neu, ""},
		{"a first name is no feeling", "en", "Rob from the help desk called me back", neu, ""},
		{"a first name is no feeling", "en", "we were checked in by Joy and Grace at the front desk", neu, ""},
		{"a name at the start of a post is a word", "en", "@united Hope my bag makes it this time", pos, ""},
		{"a headline in title case holds words, not names", "en", "Pure Joy As City Win The Cup", pos, ""},
		{"a name in capitals is not recognised", "en", "ROB FROM THE HELP DESK CALLED ME", neu, "a name in capitals is read as the word: rob −2.6"},
		{"the word stays a word", "en", "Hope you're all well", pos, ""},
		{"the word stays a word", "en", "pure joy from start to finish", pos, ""},
		{"idiom: couldn't care less", "en", "Manager couldn't care less", neg, ""},
		{"idiom: couldn't care less", "en", "they could not care less about us", neg, ""},
		{"idiom: they don't care", "en", "they don't care about their customers", neg, ""},
		{"VADER review: poor keeps its weight", "en", "poor service again", neg, ""},
		{"care is a topic", "en", "health care reform passes the Senate", neu, ""},
		{"idiom: negated words the review left out", "en", "I don't trust this bank anymore", neg, ""},
		{"idiom: negated words the review left out", "en", "zero help from customer service", neg, ""},
		{"idiom: negated words the review left out", "en", "the instructions are not clear at all", neg, ""},
		{"the words alone are no feeling", "en", "we help you move house", neu, ""},
		{"idiom: an outage, with an adverb", "en", "Why is the website always down when I need it", neg, ""},
		{"idiom: an outage, with an adverb", "en", "the app keeps going down", neg, ""},
		{"idiom: hoops", "en", "had to jump through hoops to get a refund", neg, ""},
		{"lexicon_en: burnt", "en", "the coffee tastes burnt", neg, ""},
		{"like the filler", "en", "Power was out from 2 to like 7pm", neu, ""},
		{"like the filler", "en", "I went to like three stores", neu, ""},
		{"like the filler", "en", "they like never answer the phone", neu, ""},
		{"like the verb after a noun", "en", "my kids really like the new menu", pos, "a noun subject is not recognised: \"people like you\" would be read as liking"},
		{"longtemps … que, not across a clause", "fr", "je suis client depuis longtemps et je suis pas si content", neg, ""},
		{"longtemps … que, not across a sentence", "fr", "Ça fait longtemps que j'attends. C'est pas si facile de vous joindre", neg, ""},
		{"jamais aussi in the present denies", "fr", "le service n'est jamais aussi rapide", neg, ""},
		{"jamais aussi in the present denies", "fr", "On n'est jamais aussi bien servi que par soi-même", neg, ""},
		{"like the verb", "en", "I really like the new design", pos, ""},
		{"like the verb", "en", "we like it", pos, ""},
		{"like the verb, negated", "en", "I don't like the new design", neg, ""},
		{"like the verb", "en", "hard not to like this team", pos, ""},
		{"thanks after a question is politeness", "en", "Do you deliver on Sundays? thanks", neu, ""},
		{"thanks after a question is politeness", "fr", "Le forfait à 10€ inclut les appels vers l'Espagne ? Merci", neu, ""},
		{"idiom: thanks in advance", "en", "Does the plan include roaming? Thanks in advance", neu, ""},
		{"idiome: merci d'avance", "fr", "Quelqu'un sait à quelle heure ouvre la mairie ? Merci d'avance", neu, ""},
		{"thanks before a question is thanks", "en", "Thanks for the quick delivery! Is the warranty 2 years?", pos, ""},
		{"thanks before a question is thanks", "fr", "Merci pour l'accueil, on revient quand ?", pos, ""},
		{"bien = indeed before an article", "fr", "c'est bien ici le guichet des colis ?", neu, ""},
		{"bien = indeed in an acknowledgement", "fr", "j'ai bien reçu votre mail", neu, ""},
		{"très bien is still praise", "fr", "très bien le service", pos, ""},
		{"bien before a comma is praise", "fr", "L'hôtel était bien, le petit déjeuner aussi", pos, ""},
		{"bien before a place is praise", "fr", "Le concert était bien à Lyon", pos, ""},
		{"thanks with an object after a question is thanks", "fr", "Vous avez vu le match ? Merci les bleus", pos, ""},
		{"thanks with an object after a question is thanks", "en", "Who else watched the game last night? Thanks @coach for an incredible season", pos, ""},
		{"a ? in a link is no question", "en", "https://shop.example.com/item?id=3 thanks for the fast shipping", pos, ""},
		{"bien at the end is still praise", "fr", "le service est bien", pos, ""},
		{"slang: customer-service facts", "en", "they put me on an overbooked flight and my ticket got canceled", neg, ""},
		{"slang: customer-service facts", "en", "three emails unanswered and the issue is still unresolved", neg, ""},
		{"idiome: le mode sombre est une option", "fr", "enfin le mode sombre", neu, ""},
		{"idiom: a smart meter is a product", "en", "I don't have a smart meter", neu, ""},
		{"idiom: letter formulas", "en", "Dear Sir/Madam, please find attached the documents", neu, ""},
		{"idiom: a clean-up is an event", "en", "beach clean-up on Saturday at 10am", neu, ""},
		{"lexique: exceptionnellement fermé", "fr", "le musée sera exceptionnellement fermé lundi", neu, ""},
		{"negated comparative needs ability or never", "en", "I don't feel better", neg, ""},
		{"interjection", "en", "holy shit I'm going to see them tomorrow!!!", neu, ""},
		{"interjection", "en", "hell yeah, season 2", pos, ""},
		{"interjection", "en", "hell no to that", neg, ""},
		{"no before a pronoun has no valence", "en", "no I agree", pos, ""},
		{"no before a pronoun is not a negation", "en", "no I love that series", pos, ""},
		{"no before a noun is", "en", "no love for this series", neg, ""},
		{"intensifier has no valence of its own", "en", "damn good burger", pos, ""},
		{"intensifier alone keeps it", "en", "damn.", neg, ""},
		{"intensifier before a word without valence keeps it", "fr", "un super concert hier", pos, ""},
		{"idiom of price", "fr", "vraiment pas cher", pos, ""},
		{"idiom of price, not a greeting", "fr", "mon très cher ami", neu, ""},
		{"idiom of price", "fr", "trop cher pour ce que c'est", neg, ""},
		{"idiom", "fr", "c'est une blague ce service", neg, ""},
		{"idiom", "fr", "rien à redire", pos, ""},
		{"idiom", "fr", "merci pour rien", neg, ""},
		{"idiom", "fr", "c'est n'importe quoi ce service", neg, ""},
		{"idiom", "en", "the battery life is a joke", neg, ""},
		{"idiom", "en", "thanks for nothing @airline", neg, ""},
		{"idiom", "en", "you guys rock", pos, ""},
		{"idiom", "en", "been on hold for an hour. still waiting", neg, ""},
		{"an idiom starting with pas closes ne", "fr", "ce n'est pas mal et j'adore", pos, ""},
		{"idiom inside a clause only", "en", "thanks. for nothing else matters", pos, ""},
		{"can't believe is no negation", "en", "can't believe how good this burger was", pos, ""},
		{"can't stop is no negation", "en", "I can't stop smiling", pos, ""},
		{"n'importe quel is no negation", "fr", "n'importe quel client serait content", pos, ""},
		{"ne…que restricts, it does not deny", "fr", "je n'ai eu que des problèmes", neg, ""},
		{"ne…que restricts, it does not deny", "fr", "je n'aime que ça", pos, ""},
		{"hashtags are not negated", "fr", "aucune info #honteux", neg, ""},
		{"emoji are not negated", "en", "not going 😍", pos, ""},
		{"idiom", "en", "not gonna lie, love it", pos, ""},
		{"spoken negation after the verb", "fr", "j'adore pas cette pub", neg, ""},
		{"spoken negation after the verb", "fr", "je kiffe pas du tout", neg, ""},
		{"spoken negation needs a pronoun before the verb", "fr", "merci pas de souci", pos, ""},
		{"spoken negation: an article is no pronoun", "fr", "le souci pas réglé", neg, ""},
		{"spoken negation of a word already negated", "fr", "pas sûr j'aime pas", neg, ""},
		{"customer service words", "en", "the refund process was a nightmare", neg, ""},
		{"customer service words", "en", "the app is so laggy since the update", neg, ""},
		{"customer service words", "fr", "appli plantée depuis ce matin", neg, ""},
		{"customer service words", "fr", "service client injoignable", neg, ""},
		{"customer service words", "fr", "franchement une tuerie ce burger", pos, ""},
		{"a negation flips an idiom", "en", "the 7:50 has never let me down", pos, ""},
		{"a negation flips an idiom", "fr", "le service n'est pas au top", neg, ""},
		{"a negation flips an idiom", "en", "honestly not worth it", neg, ""},
		{"can't … enough praises", "en", "can't recommend them enough", pos, ""},
		{"can't … enough praises", "en", "I can't get enough of this show", pos, ""},
		{"can't … enough needs one clause", "en", "I can't recommend it. enough said", neg, ""},
		{"idiom", "en", "no joke", neu, ""},
		{"idiom", "en", "I may or may not be the happiest person ever", pos, ""},
		{"idiom", "en", "last night was a blast", pos, ""},
		{"idiom starting with a number", "en", "5 stars", pos, ""},
		{"idiom starting with a number", "fr", "0 étoile", neg, ""},
		{"an idiom needing a word without valence", "en", "still no answer", neg, ""},
		{"an idiom needing a word without valence", "en", "still no problems after a year", pos, ""},
		{"an idiom needing a word without valence", "fr", "toujours pas de souci avec ma box", pos, ""},
		{"idiom of negations only, after ne", "fr", "je n'ai plus jamais eu de problème", pos, ""},
		{"can't … enough wants a verb of praise", "en", "I couldn't find enough seats", neu, ""},
		{"can't … enough wants a verb of praise", "en", "I can't get enough sleep", neu, ""},
		{"can't help is a negation", "en", "support couldn't help me, useless", neg, ""},
		{"ne…que undoes an idiom ne flipped", "fr", "je ne trouve au top que le SAV", pos, ""},
		{"a negation before an n't idiom does not flip it", "en", "I don't think it doesn't work", neg, ""},
		{"idiom", "fr", "problème résolu en un appel", pos, ""},
		{"what does not work", "en", "the app doesn't work since the update", neg, ""},
		{"what does not work", "en", "website is down again", neg, ""},
		{"what does not work", "en", "still can't log in", neg, ""},
		{"what does not work", "fr", "ça marche pas depuis hier", neg, ""},
		{"what works", "fr", "ça marche pas mal", pos, ""},
		{"down is not always an outage", "en", "prices are down this week", neu, ""},
		{"an idiom holding pas takes the ne with it", "fr", "l'appli ne marche plus depuis hier", neg, ""},
		{"zero is a negation", "fr", "zéro souci avec ce vendeur", pos, ""},
		{"zero is a negation", "en", "zero problems since the update", pos, ""},
		{"zero stars is an idiom", "en", "zero stars for this airline", neg, ""},
		{"zero in a name is no negation", "en", "Coke Zero is amazing", pos, ""},
		{"zero in a name is no negation", "fr", "Coca Zéro c'est trop bon", pos, ""},
		{"zero negates the next word only", "en", "zero wait and great staff", pos, ""},
		{"sarcasm marked by an emoji", "fr", "génial, encore une grève 🙄", neg, ""},
		{"sarcasm marked by a hashtag", "en", "I just love Mondays #not", neg, ""},
		{"sarcasm marked by /s", "en", "what a great update /s", neg, ""},
		{"a link ending in /s is no sarcasm", "en", "great update https://example.com/s", pos, ""},
		{"a hashtag of sarcasm is not a negation", "en", "not bad at all #happy", pos, ""},
		{"sarcasm", "en", "great, another delay. thanks a lot", neg, "sarcasm needs context the rules do not see"},
		{"an idiom ending in an elision", "fr", "toujours pas d'info sur mon dossier", neg, ""},
		{"a complaint's facts", "en", "they charged me twice for one ticket", neg, ""},
		{"a complaint's facts", "en", "engineer booked for 9am, nobody came", neg, ""},
		{"a complaint's facts", "en", "my parcel still hasn't arrived", neg, ""},
		{"a complaint's facts", "en", "the 7.40 train cancelled again", neg, ""},
		{"still not, of anything but a delivery, is no complaint", "en", "still not over that finale", neu, ""},
		{"a complaint's facts", "fr", "prélevée deux fois ce mois-ci", neg, ""},
		{"a complaint's facts", "fr", "le conseiller m'a raccroché au nez", neg, ""},
		{"a complaint's facts", "fr", "personne n'est venu relever le compteur", neg, ""},
		{"a complaint's facts", "fr", "mon colis n'est toujours pas arrivé", neg, ""},
		{"a complaint's facts", "fr", "l'appli plante dès l'ouverture", neg, ""},
		{"a complaint's facts: the wrong place", "en", "Cheers @Deliveroo, the rider went to the wrong town. Amazing service", neg, ""},
		{"a complaint's facts: arrived torn", "fr", "Bravo @laposte, le colis « fragile » est arrivé déchiré 👏", neg, ""},
		{"arrived folded is no fact", "fr", "Mon pull est arrivé plié dans du papier de soie, trop mignon", pos, ""},
		{"a complaint's facts: a card left while in", "fr", "Merci @Chronopost, avis de passage déposé alors que j'étais chez moi toute la journée 🙂", neg, ""},
		{"a complaint's facts: a size reduced", "fr", "Trop gentil @McDonaldsFrance de réduire encore la taille des frites, j'adore", neg, ""},
		{"a complaint's facts: the wrong place", "fr", "Bravo @Uber_France, le chauffeur m'a déposé au mauvais terminal", neg, ""},
		{"a complaint's facts: the wrong place", "fr", "Top @Chronopost, colis livré chez le mauvais destinataire", neg, ""},
		{"a complaint's facts", "en", "they keep charging me for a plan I cancelled", neg, ""},
		{"a complaint's facts", "en", "no update on my claim since May", neg, ""},
		{"a complaint's facts", "fr", "ils continuent de me prélever alors que j'ai résilié", neg, ""},
		{"a complaint's facts", "fr", "renvoyé de service en service depuis lundi", neg, ""},
		{"waiting, with how long", "fr", "ça fait 3 semaines que j'attends mon remboursement", neg, ""},
		{"waiting, with how long", "en", "I've been waiting for weeks for a callback", neg, ""},
		{"waiting for something longed for is no complaint", "en", "I've been waiting for this album forever", neu, ""},
		{"toujours pas, of anything but a service, is no complaint", "fr", "on ne sait toujours pas qui jouera", neu, ""},
		{"better than promised", "en", "refund came through faster than expected", pos, ""},
		{"better than promised", "fr", "livré plus vite que prévu", pos, ""},
		{"would again", "en", "would definitely order again", pos, ""},
		{"praise before a complaint's fact is ironic", "en", "great, another hour on hold", neg, ""},
		{"praise before a complaint's fact is ironic", "en", "love being charged twice for the same order", neg, ""},
		{"praise before a complaint's fact is ironic", "fr", "bravo, encore un train supprimé", neg, ""},
		{"praise idioms are ironic too", "fr", "rien de tel qu'un vol annulé pour finir la semaine", neg, ""},
		{"praise after the fact is what was done about it", "en", "my pizza arrived cold, they sent a new one in 10 minutes, great service", pos, ""},
		{"a but keeps the praise", "fr", "train supprimé mais le personnel était génial", pos, ""},
		{"praise of something else is no irony", "en", "great pub, the beers arrived cold and the food was lovely", pos, ""},
		{"praise in another sentence is no irony", "en", "Awesome weekend. Flight delayed on the way home.", pos, ""},
		{"an interjection to whom it addresses is ironic", "fr", "Bravo @TransVille, encore un bus supprimé", neg, ""},
		{"a denied fact is no complaint", "en", "no hidden fees, great value", pos, ""},
		{"a denied fact does not turn a complaint", "fr", "personnel odieux, chambre sale. Aucun frais cachés, c'est tout.", neg, ""},
		{"a fact in a condition is none", "fr", "si personne ne répond, laissez un message", neu, ""},
		{"not a fact", "en", "Membership is billed twice a year", neu, ""},
		{"not a fact", "en", "Prices subject to change without notice", neu, ""},
		{"not a fact", "en", "Thanks, no reply needed", pos, ""},
		{"not a fact", "en", "Lovely evening with friends, I'm not working tomorrow", pos, ""},
		{"not a fact", "fr", "Super affaire, payé deux fois moins cher qu'ailleurs", pos, ""},
		{"not a fact", "fr", "Impeccable comme d'habitude, toujours rien à redire", pos, ""},
		{"not a fact", "fr", "Les inscriptions sont toujours en cours", neu, ""},
		{"not a fact", "fr", "Délicieux gaspacho, servi froid", pos, ""},
		{"a disruption announced is no complaint", "fr", "Trains supprimés dimanche entre Nantes et Angers pour travaux", neu, ""},
		{"a disruption announced is no complaint", "en", "Planned outage in your area on Tuesday 9am-1pm", neu, ""},
		{"a release note is no complaint", "en", "Fixed an issue where the app crashes on startup", neu, ""},
		{"a release note opens with the fix", "en", "They fixed the bug and now the app crashes on startup", neg, ""},
		{"a planned disruption is announced next to it", "fr", "Livraison prévue mardi, colis toujours pas reçu", neg, ""},
		{"a planned disruption is announced next to it", "en", "My delivery was scheduled for Monday and the parcel went missing", neg, ""},
		{"works for which something stops", "fr", "Ascenseur en panne depuis 3 semaines, toujours pas de date de travaux", neg, ""},
		{"a help headline is answered by an instruction", "en", "Still no refund? @bank", neg, ""},
		{"a help headline is answered by an instruction", "en", "Parcel marked as delivered? It's not here.", neg, ""},
		{"a help headline is answered by an instruction", "en", "Can't log in on the app? Reset your password", neu, ""},
		{"a fix named in a complaint", "fr", "Je n'ai été remboursé qu'à moitié", neg, ""},
		{"a help headline is no complaint", "en", "Can't sign in? Reset your password from the login page", neu, ""},
		{"a help headline is no complaint", "fr", "Colis pas reçu ? Contactez notre service client", neu, ""},
		{"a question of one's own is no headline", "en", "Why was I charged twice? Check my statement", neg, ""},
		{"bare thanks after a fact are ironic", "fr", "3e TER supprimé cette semaine, merci la SNCF", neg, ""},
		{"bare thanks after a fact are ironic", "en", "Charged twice. Thanks @bank", neg, ""},
		{"bare thanks after a fact are ironic", "fr", "Train supprimé, merci à la SNCF", neg, ""},
		{"thanks with praise after are thanks", "en", "Flight got cancelled. Thank you Emma at the desk, you were amazing", pos, ""},
		{"exclaimed thanks are thanks", "fr", "Commande arrivée incomplète, ils renvoient le produit. Merci beaucoup !", pos, ""},
		{"thanks for something are thanks", "fr", "Colis arrivé abîmé, merci pour le remboursement rapide", pos, ""},
		{"a near miss", "en", "Prices may vary without notice", neu, ""},
		{"a near miss", "en", "Our offices are not working on Monday", neu, ""},
		{"waste collection is no waste", "en", "bulky waste collection is on Tuesday", neu, ""},
		{"asking how to cancel is no complaint", "en", "how can I cancel my subscription", neu, ""},
		{"asking how to report a problem is no complaint", "en", "how do I report a problem with my meter", neu, ""},
		{"a complaint about cancelling still is one", "en", "why do I have to call 3 times to cancel", neg, ""},
		{"what was done about a complaint turns it", "en", "my phone died after a week, they replaced it free of charge", pos, ""},
		{"what was done about a complaint turns it", "fr", "colis arrivé abîmé, remplacé gratuitement", pos, ""},
		{"a but after the fix turns it back", "en", "charged twice, refunded the same day, but still no apology", neg, ""},
		{"a fix with no complaint before is plain praise", "en", "they sent a replacement, what a team", pos, ""},
		{"laughing at a complaint is no joy", "en", "charged twice 😂😂", neg, ""},
		{"laughing at a complaint is no joy", "fr", "colis marqué comme livré mdr", neg, ""},
		{"laughing at a complaint is no joy", "en", "lol they lost my luggage again", neg, ""},
		{"laughing at someone mocks", "en", "He is a communist fool 😂😂", neg, ""},
		{"laughing at someone mocks", "en", "lol this is so bad 😂", neg, ""},
		{"laughing at someone mocks", "fr", "quel abruti celui-là mdr", neg, ""},
		{"a laugh alone is glad", "en", "😂😂😂", pos, ""},
		{"how hard one laughs is no blame", "en", "I'm dead 😂😂", pos, ""},
		{"how hard one laughs is no blame", "en", "wtf 😂😂", pos, ""},
		{"how hard one laughs is no blame", "fr", "je suis mort 😂😂😂", pos, ""},
		{"how hard one laughs is no grief", "fr", "je suis mort mdr", pos, ""},
		{"how hard one laughs is no grief", "en", "crying 😭😂", pos, ""},
		{"how hard one laughs is no grief", "en", "I'm crying so hard at my dog right now 😂", pos, ""},
		{"how hard one laughs is no grief", "en", "I'm literally dying, this video 😂", pos, ""},
		{"a hyperbole far from the laugh and not of oneself blames", "en", "such weak punks, all of them lol", neg, ""},
		{"a negated laugh is no blame", "en", "not LMAO 😂😂", pos, ""},
		{"laughing at someone mocks", "en", "what a fool #hahaha", neg, ""},
		{"laughing at someone mocks", "en", "I hate you 😂😂", pos, "a blame said in jest reads as one said in earnest"},
		{"laughing at someone mocks", "en", "my 5yo just called me a stupid old man 😂😂", pos, "whose blame it is (a child's, quoted) is not read"},
		{"a laugh with praise is glad", "en", "haha what a legend, so stupid it works 😂", pos, ""},
		{"a laugh with praise is glad", "en", "what an idiot, glad he is ok 😂😂", pos, ""},
		{"laughs with a crying emoji are glad", "en", "that ending 😂😭", pos, ""},
		{"an emoji is no blame", "en", "😂😂🤦", pos, ""},
		{"a mild word is no blame", "fr", "j'ai la flemme mdr", pos, ""},
		{"laughing at someone mocks", "en", "The big sisters are already arguing over names 😂", pos, "a quarrel laughed at fondly is read as a blame (so it was before the laughs at someone)"},
		{"a run of one letter is no word drawn out", "en", "the KKK marched again", neu, ""},
		{"insults", "en", "these weasels and crackheads again", neg, ""},
		{"insults", "en", "You are a delusional libtard", neg, ""},
		{"idiom", "en", "only low intellect people watch that show", neg, ""},
		{"insults", "en", "another looney columnist", neg, ""},
		{"insults", "en", "the mayor is complicit", neg, ""},
		{"insults", "fr", "quel teubé ce mec", neg, ""},
		{"insults", "fr", "bande de crevards", neg, ""},
		{"a cartoon is no insult", "en", "watching Looney Tunes with the kids", neu, ""},
		{"excitement", "en", "PUMPED to open the season tomorrow night", pos, ""},
		{"excitement", "en", "so psyched for the show tonight", pos, ""},
		{"excitement", "en", "Tom Brady is locked for Thursday. Let the season begin", pos, ""},
		{"a pump is no excitement", "en", "they pumped the water out of the basement", neu, ""},
		{"a cheer after a fact is ironic", "fr", "Vol annulé. La classe.", neg, ""},
		{"a cheer after a fact is ironic", "en", "Charged twice. Classy.", neg, ""},
		{"a cheer after a fact is ironic", "fr", "colis perdu, top 👍", neg, ""},
		{"a cheer after a fact is ironic", "en", "Site down again, well done @shop", neg, ""},
		{"a cheer after a fact is ironic", "fr", "Train supprimé. Bravo !", neg, ""},
		{"a verdict on something named is no cheer", "fr", "On a attendu plus d'une heure pour un autographe, souvenir inoubliable", pos, ""},
		{"a sentence is no cheer", "en", "Lost my bag, great service otherwise", pos, ""},
		{"praise first: the fact is what was helped with", "en", "Shoutout to the staff who rebooked me after I missed my train. Lifesavers.", pos, ""},
		{"a phrase may name whom it addresses", "en", "Would fly @KLM again", pos, ""},
		{"a phrase may name whom it addresses", "fr", "merci @SNCF pour rien", neg, ""},
		{"a phrase may name whom it addresses", "en", "thanks @BT for nothing", neg, ""},
		{"a mention does not join two clauses", "en", "I would fly, @KLM again", neu, ""},
		{"not just is no negation", "en", "the croissants aren't just good, they're amazing", pos, ""},
		{"a clown is a jibe", "en", "£6 for a coffee that's half foam 🤡", neg, ""},
		{"a phrase of a probe", "fr", "ils me font tourner en rond depuis 2 semaines", neg, ""},
		{"a phrase of a probe", "fr", "l'équipage a été aux petits soins", pos, ""},
		{"a phrase of a probe", "fr", "jamais eu le moindre souci en 5 ans", pos, ""},
		{"a phrase of a probe", "fr", "je n'ai pas eu le moindre problème", pos, ""},
		{"a phrase of a probe", "fr", "le festival a tout déchiré", pos, "the literal sense is as common: \"le chien a tout déchiré\""},
		{"a phrase of a probe", "fr", "j'y retourne dès que possible", pos, ""},
		{"a phrase of a probe", "en", "hard to beat their return policy", pos, ""},
		{"a phrase of a probe", "en", "this update is mid", neg, ""},
		{"a phrase of a probe", "en", "this album slaps", pos, ""},
		{"a phrase of a probe", "en", "the app hasn't worked since Tuesday", neg, ""},
		{"a phrase of a probe", "en", "the new recipe tastes like cardboard", neg, ""},
		{"a phrase of a probe", "en", "the ticket scanners were down", neg, ""},
		{"a mark out of 10 is a verdict", "en", "assembly guys were done in an hour. 10/10", pos, ""},
		{"a mark out of 20 is a verdict", "fr", "Le film : 4/20.", neg, ""},
		{"a mark is not negated", "en", "not perfect but 8/10", pos, ""},
		{"a date is no mark", "fr", "Rendez-vous le 5/10 à 14h", neu, ""},
		{"a date is no mark", "en", "see you on 3/10", neu, ""},
		{"a date is no mark", "en", "closed 1/10/2025", neu, ""},
		{"a share is no mark", "fr", "Ouvert 24/7", neu, ""},
		{"a name in camel case has no feeling", "fr", "un vélo dans un TGV inOui", neu, ""},
		{"a name in camel case has no feeling", "fr", "courses chez SuperU", neu, ""},
		{"pointers announce", "fr", "Postulez ici 👉", neu, ""},
		{"pointers announce", "fr", "🚨 Nouvelle collection", neu, ""},
		{"on time is praise", "en", "boarded on time and landed early", pos, ""},
		{"on time is praise", "fr", "train arrivé à l'heure", pos, ""},
		{"a phrase of a probe", "en", "Top service.", pos, ""},
		{"a phrase of a probe", "fr", "Quel match de fou", pos, ""},
		{"a phrase of a probe", "fr", "Personne n'a sonné", neg, ""},
		{"a phrase of a probe", "fr", "un métro sur trois supprimé", neg, ""},
		{"a phrase of a probe", "en", "the toilets were out of order the whole way", neg, ""},
		{"a phrase of a probe", "en", "sat outside Lille for 95 minutes, no announcements", neg, ""},
		{"a phrase of a probe", "en", "this new DJ feature slaps", pos, ""},
		{"a phrase of a probe", "en", "What a game!", pos, ""},
		{"a phrase of a probe", "en", "what a joke", neg, ""},
		{"a phrase of a probe", "fr", "Quel match !!!", pos, ""},
		{"a phrase of a probe", "fr", "quelle soirée horrible", neg, ""},
		{"a phrase of a probe", "en", "sorted my claim in under an hour", pos, ""},
		{"a phrase of a probe", "fr", "problème de ligne réglé en 24h", pos, ""},
		{"a quote contests the company's word", "en", "tracking has said 'label created' for 12 days", neg, ""},
		{"a quote contests the company's word", "fr", "un essai « gratuit » que je n'ai jamais activé", neg, ""},
		{"a quote contests the company's word", "en", "Third 'guaranteed next-day' delivery this month", neg, ""},
		{"praise in a quote is ironic", "en", "the 'improved' app crashes twice a day", neg, ""},
		{"a quote with praise around it contests nothing", "en", "Love the new 'dark mode' 😍", pos, ""},
		{"a quote in a question contests nothing", "en", "Looking for 'gluten free' options near Bastille, any tips?", neu, ""},
		{"a brand's quote contests nothing", "fr", "Découvrez notre gamme « bio » en magasin", neu, ""},
		{"a quote asked why about contests", "en", "why does tracking say 'delivered' when nothing came?", neg, ""},
		{"what to click is no quote", "fr", "Cliquez sur « mon compte » puis sur « commandes »", neu, ""},
		{"a name in quotes is no quote", "en", "Loved the 'Monet' expo", pos, ""},
		{"a quote alone is no complaint to cheer after", "en", "She said 'see you soon' 😊", pos, ""},
		{"a possessive is no quote", "en", "the kids' toys are great", pos, ""},
		{"a fact in an announcement is a notice", "en", "Tram service cancelled on Sunday for the city marathon. Buses will run on route 12.", neu, ""},
		{"a fact in an announcement is a notice", "en", "Lift out of order on platform 2, please use platform 3.", neu, ""},
		{"a fact in an announcement is a notice", "fr", "TER de 7h supprimé, les billets seront remboursés", neu, ""},
		{"one speaking of themselves complains", "en", "My train was cancelled, please use your brains next time", neg, ""},
		{"one speaking of themselves complains", "fr", "Mon vol annulé, les passagers sont replacés n'importe où", neg, ""},
		{"what was announced, still awaited, is a complaint", "en", "Our train cancelled again. Replacement buses will run from 10am they say. Still nothing at 11.", neg, ""},
		{"what was announced, still awaited, is a complaint", "fr", "Train supprimé, on nous dit que les billets seront remboursés. Toujours rien 3 semaines après.", neg, ""},
		{"a fact far from the announcement stays", "en", "Bins not collected for three weeks now. Nobody came. Pickups resumed elsewhere. Please note the new schedule.", neg, ""},
		{"merci de with an infinitive asks", "fr", "merci d'utiliser l'ascenseur", neu, ""},
		{"merci de thanks for being", "fr", "Merci d'exister @Picard", pos, ""},
		{"a quote of a system is contested", "fr", "l'appli dit « livré » depuis hier", neg, ""},
		{"merci de with an infinitive asks", "fr", "merci de ne pas stationner devant le portail", neu, ""},
		{"merci de thanks for what was done", "fr", "merci d'avoir réparé si vite", pos, ""},
		{"a service's formula carries no feeling", "fr", "merci de votre patience", neu, ""},
		{"merci de thanks for help", "fr", "merci de votre aide", pos, ""},
		// Thanks and praise for what an organisation did (actions.go).
		{"thanks for a harm are ironic", "en", "Thanks @Ryanair for cancelling my flight two hours before departure 👏", neg, ""},
		{"thanks for a harm are ironic", "fr", "Bravo @Orange pour avoir coupé ma ligne en plein télétravail", neg, ""},
		{"thanks for a shrink told by words", "en", "Cheers @Cadbury for making the bars smaller", neg, ""},
		{"thanks for a slowdown that comes again", "en", "Thanks for making the app slower with every update @Spotify", neg, ""},
		{"praise of a change for the worse", "fr", "Super, les portions sont encore plus petites chez @McDonalds", neg, ""},
		{"thanks for a product stopped", "en", "Thank you @Tesco for discontinuing the only gluten-free bread my kid will eat. Brilliant move", neg, ""},
		{"praise of a deed, then a harm", "en", "Great work @SouthernRailUK, cancelled the 07:42 again. Keep it up 👏", neg, ""},
		{"thanks for a rise", "en", "Thanks @Netflix for raising prices again, really appreciate it", neg, ""},
		{"thanks for a help", "fr", "Merci @Free d'avoir annulé les frais de résiliation", pos, ""},
		{"thanks for what was asked", "en", "Thanks for cancelling my subscription so quickly, no questions asked", pos, ""},
		{"thanks for a fix of a fact", "fr", "Merci @Vinted pour le remboursement de l'article jamais reçu, c'était rapide", pos, ""},
		{"thanks for a notice are sincere", "fr", "Merci @Enedis pour la coupure de courant annoncée à l'avance, on a pu s'organiser", pos, ""},
		{"a notice denied stays ironic", "fr", "Merci @SNCF pour les 2h de retard sans la moindre annonce, super organisation 👏👏", neg, ""},
		{"thanks for a warning are sincere", "en", "Cheers @OctopusEnergy for warning us about the planned outage a week ahead", pos, ""},
		{"thanks for a charge are ironic", "en", "Love that @Uber charged me a cancellation fee when the driver cancelled on ME lol", neg, ""},
		{"thanks for a lock are ironic", "fr", "Merci @leboncoin d'avoir bloqué mon compte le jour où je vends ma voiture, timing parfait", neg, ""},
		{"thanks for a thing left in the rain", "en", "Great job @UPS leaving my parcel in the rain on the doorstep 👏", neg, ""},
		{"thanks for a service removed", "fr", "Merci pour la suppression du guichet en gare, maintenant faut faire 40 km pour parler à quelqu'un", neg, ""},
		{"thanks for a fix name the problem", "en", "Thank you @UberEats for refunding the missing meal without making me photograph an empty bag", pos, ""},
		{"thanks for a fix name the problem", "fr", "Merci @Fnac d'avoir échangé mon casque défectueux sans poser de questions 🎧", pos, ""},
		{"thanks for a lock that protects", "en", "Props to @Chase for blocking that weird charge from Romania and texting me straight away", pos, ""},
		{"a fix, then a complaint", "en", "Thanks @Currys for replacing my broken kettle, the new one leaks too. Useless", neg, ""},
		{"a fix done badly", "en", "Thanks for fixing my phone so badly it no longer turns on", neg, ""},
		{"a fault is no fix done badly", "en", "Thanks for replacing my ugly cracked screen", pos, ""},
		{"a fault is no fix done badly", "fr", "Merci @Darty d'avoir réparé ma machine qui marchait mal", pos, ""},
		{"a fault is no fix done badly", "fr", "Merci @Free d'avoir résolu le dysfonctionnement de ma box", pos, ""},
		{"a rule is not settled", "fr", "Merci @Ryanair pour les règles ridicules sur les bagages", neg, ""},
		{"a fix done badly", "fr", "Merci @Darty d'avoir réparé ma machine si mal qu'elle fuit encore", neg, ""},
		// Thanks told as news, and thanks that acknowledge before a question.
		{"thanks told as news", "en", "The council thanks residents for their patience during roadworks on High Street", neu, ""},
		{"thanks told as news", "en", "Passengers are thanked for their patience as services run with delays.", neu, ""},
		{"thanks told as news", "fr", "La mairie remercie les habitants pour leur patience pendant les travaux de la rue Victor-Hugo.", neu, ""},
		{"the writer's own thanks", "fr", "Je remercie toute l'équipe pour leur accueil", pos, ""},
		{"the writer's own thanks", "en", "Big thanks everyone for coming tonight", pos, ""},
		{"thanks acknowledging before a question", "fr", "@Proximus merci, j'ai reçu le SMS. C'est quoi le code pour activer la carte SIM ?", neu, ""},
		{"thanks acknowledging before a question", "en", "Thanks, got the email. Do I need to print the return label?", neu, ""},
		{"thanks for something, then a question", "en", "Thanks for the quick fix! Will it also work on Android?", pos, ""},
		// A service's formulas carry no feeling.
		{"a service's formula", "en", "Thank you for your order. Your parcel will be delivered between 10:00 and 14:00 tomorrow.", neu, ""},
		{"a service's formula", "en", "Thanks for reaching out, our team replies within 48 hours.", neu, ""},
		{"thanks for the info, then a question", "fr", "Merci pour l'info. Le remboursement inclut aussi les frais de réservation ?", neu, ""},
		{"thanks closing a request", "en", "Please keep your seatbelt fastened while seated. Thank you.", neu, ""},
		{"merci de with an infinitive asks", "fr", "Merci de valider votre titre de transport à chaque montée.", neu, ""},
		{"merci de nous suivre thanks", "fr", "L'audience a grimpé de 25 %, merci de nous suivre chaque dimanche !", pos, ""},
		// The second reader's misfires of the probes' phrases.
		{"a near miss", "en", "Our next sale is mid-March, stay tuned", neu, ""},
		{"a near miss", "fr", "La bague est en or, comme annoncé", neu, ""},
		{"a near miss", "fr", "Colis livré à l'heure où j'étais au boulot", neu, ""},
		{"a near miss", "en", "Security lines were down to 5 minutes this morning", neu, ""},
		{"a near miss", "en", "They rebooked me on a flight 3 days later", neu, ""},
		{"a near miss", "en", "Haven't worked in a quieter office, love it here", pos, ""},
		{"a near miss", "fr", "On a planté toutes les tomates ce week-end, trop contents", pos, ""},
		{"a laugh away from the fact is no complaint's", "en", "Missed my train because I was laughing so hard at this video 😂😂", pos, ""},
		{"sincere praise after a fact is no cheer", "en", "Flight delayed 2 hours. Lovely crew, great pilot.", pos, ""},
		{"sincere praise after a fact is no cheer", "fr", "Vol retardé de 2h. Super équipage, très pro.", pos, ""},
		{"sincere praise after a fact is no cheer", "fr", "Colis arrivé en retard. Parfait état, emballage soigné.", pos, ""},
		{"a cheer of the company's work is one", "en", "Stood outside for an hour because the scanners were down. Great job, really.", neg, ""},
		{"a who clause of the fact stays ironic", "en", "Thanks to the genius who charged me twice", neg, ""},
		{"an interjection before after stays ironic", "en", "Great, after 2 hours on hold the call got dropped", neg, ""},
		{"a handle with dots in a phrase", "fr", "merci @sncf.bsky.social pour rien", neg, ""},
		// The third reader's misfires.
		{"a news quote contests nothing", "en", "Organisers described the festival as 'a huge success' with 40,000 visitors", pos, ""},
		{"a news quote contests nothing", "fr", "Selon la préfecture, la situation est « sous contrôle » à Marseille ce soir.", neu, ""},
		{"a theme contests nothing", "en", "Tonight's theme at the pub quiz: 'back to school'. Doors at 7pm.", neu, ""},
		{"a theme contests nothing", "fr", "Le mot de l'année : « wokisme »", neu, ""},
		{"a quote with nothing to complain of contests nothing", "en", "My daughter's first word was 'no' 😂", pos, ""},
		{"a tagged operator is a customer, not an announcement", "en", "@SouthernRail train cancelled, again. Replacement bus nowhere to be seen. Cheers", neg, ""},
		{"what keeps happening is no announcement", "en", "Lift out of order at Stratford again. Please note this is the third time this month", neg, ""},
		{"bravo at the end is no announcement", "fr", "Train annulé ce matin, les billets seront remboursés dans 3 mois. Bravo la SNCF", neg, ""},
		{"merci de vous être thanks", "fr", "Merci de vous être mobilisés pour la collecte de sang, 312 donneurs !", pos, ""},
		{"merci de vous adresser asks", "fr", "merci de vous adresser au guichet", neu, ""},
		{"a share is no mark", "fr", "Vaccination : 1/5 des seniors seulement vaccinés cette année", neu, ""},
		{"a thread is no mark", "en", "Thread 🧵 1/5 on why the new rail timetable matters", neu, ""},
		{"a thread is no mark", "fr", "Petit thread sur la réforme des retraites 1/5", neu, ""},
		{"what happened next is praised", "en", "Missed my train, next one was 5 min later. Great service", pos, ""},
		{"an interjection over a waiting stays ironic", "en", "love how after 40 minutes on hold the call drops", neg, ""},
		{"planned maintenance is a notice", "en", "Systems are down for planned maintenance between 2am and 4am on Sunday", neu, ""},
		{"an ellipsis ends a sentence", "fr", "Colis perdu… Génial.", neg, ""},
		{"an ellipsis ends a sentence", "en", "Flight cancelled… Amazing.", neg, ""},
		// Quantities that tell a complaint (measures.go).
		{"a wait told by its length", "fr", "@EnerGaz 32 min d'attente puis message et ça coupe", neg, ""},
		{"a wait told by its length", "en", "Waited 45 mins at the restaurant for a table we booked", neg, ""},
		{"a delay told by its length", "en", "the band came on 90 minutes late", neg, ""},
		{"thanks for a delay are ironic", "fr", "Merci @SNCF pour les 2h de retard", neg, ""},
		{"thanks for a delay are ironic", "en", "Thanks @SouthernRailUK for the 2 hour delay and zero announcements. Fantastic organisation as always 👏", neg, ""},
		{"a cheer after a wait is ironic", "fr", "RER B : 25 min bloqués entre deux gares. Magnifique.", neg, ""},
		{"what it took, when long", "fr", "@AssurPlus a mis 5 mois à traiter mon dégât des eaux", neg, ""},
		{"served long after the time booked", "fr", "Réservé pour 20h, installés à 21h10, plats servis à 22h passées", neg, ""},
		{"served long after the time booked", "en", "Table booked for 7:30. Seated at 8:15, starters arrived at 9:05.", neg, ""},
		{"a price rise told by its figures", "fr", "Mon forfait passe de 24,99€ à 31,99€ par mois sans aucun service en plus", neg, ""},
		{"a price rise told by its figures", "en", "Car insurance up 38% at renewal", neg, ""},
		{"a price rise told by its figures", "fr", "Mon assurance auto +18% cette année", neg, ""},
		{"a short wait is no complaint", "fr", "2 min d'attente au guichet ce matin", neu, ""},
		{"a wait worth it is no complaint", "en", "Waited 3 hours in line for the merch truck and it was worth it", pos, ""},
		{"a late wish is no complaint", "fr", "Bon anniversaire avec 3 jours de retard, je t'aime fort", pos, "\"retard\" is a word of complaint of its own; the model reads the wish"},
		{"a wait in a question is no complaint", "en", "BA1432 showing a 40 minute wait at the gate on the app, anyone there yet?", neu, ""},
		{"a rise in the news is no complaint", "fr", "Les loyers ont augmenté de 2,8 % en moyenne à Bordeaux, d'après l'observatoire local.", neu, ""},
		{"a habit is no complaint", "en", "FYI there's usually a 20-minute queue at the entrance on Saturdays.", neu, ""},
		{"a negated wait is no complaint", "fr", "On n'a pas attendu 2h, on est entrés tout de suite", neu, ""},
		{"a visit is no wait", "en", "Arrived at 9am, left at 5pm", neu, ""},
		{"a sum charged is a complaint", "en", "@Ryanair charged me €55 because my bag was 2cm too wide", neg, ""},
		{"a sum charged is a complaint", "fr", "Ma banque m'a prélevé 15€ de frais de tenue de compte. Bravo @SocieteGenerale", neg, ""},
		{"a small sum charged is none", "en", "They only charged me £5 for the repair", neu, ""},
		{"thanks before praise after a fact cheer", "en", "Bank charged me a £25 overdraft fee for going £3 over. Thanks @Barclays, really helpful.", neg, ""},
		{"a slot months away is a wait", "fr", "Formidable, le site de la mairie : prochain créneau disponible en septembre.", neg, ""},
		{"a slot months away is a wait", "en", "GP says next available appointment is in March. Brilliant.", neg, ""},
		// The second reader's misfires and misses of the quantities.
		{"on hold with a length is a complaint", "en", "On hold for 52 mins to ask why", neg, ""},
		{"praise after a sum charged is sincere", "fr", "Le coiffeur m'a facturé 15€, top.", pos, ""},
		{"praise after a sum charged is sincere", "en", "The barber charged me £12, bargain.", pos, ""},
		{"praise after what it took is sincere", "fr", "Il a mis 2 jours à arriver, parfait.", pos, ""},
		{"a quick turn at the hospital is no wait", "fr", "Arrivés aux urgences à 14h, pris en charge à 14h45 😊 merci", pos, ""},
		{"served soon after booking is no wait", "fr", "Réservé pour 12h, servis à 12h40, délicieux.", pos, ""},
		{"seen early is no wait", "fr", "Rdv à 15h, reçu à 10h grâce à un désistement, top 👍", pos, ""},
		{"whom one went to see is not tagged", "fr", "40 minutes d'attente pour @Stromae, génial", pos, ""},
		{"a negated complaint praises", "fr", "2h de queue pour le Louvre, pas déçus du tout !", pos, ""},
		{"a wait at most is short", "fr", "20 minutes d'attente maximum grâce aux nouvelles caisses.", neu, ""},
		{"a rise announced is news", "en", "Fares up 5% from Sunday.", neu, ""},
		{"a rise announced is news", "fr", "Prix de l'électricité : +10% au 1er février, annonce le gouvernement.", neu, ""},
		{"a timetable is no delay", "fr", "TGV Paris-Bordeaux : départ prévu à 17h02, arrivée à 19h10.", neu, ""},
		{"a rhetorical question complains", "fr", "2h d'attente aux urgences, vous trouvez ça normal ?", neg, ""},
		{"bare thanks before a clap are ironic", "fr", "Ma facture de gaz a augmenté de 35 % en un an. Merci @TotalEnergies 👏", neg, ""},
		{"a project on hold is no wait", "en", "Put the project on hold for 2 weeks while we wait for the designer.", neu, ""},
		{"a time passed after a promise complains", "en", "Support said they would call me back within the hour. It's Thursday.", neg, ""},
		{"a time passed after a promise complains", "fr", "Le technicien devait passer entre 8h et 12h. Il est 17h, toujours personne.", neg, ""},
		// Fees, products that shrank, rises told by a sum (prices.go).
		{"a fee told by its sum complains", "en", "£12 booking fee on top of the ticket @SeeTickets", neg, ""},
		{"a fee told by its sum complains", "fr", "14 € de frais de service pour un e-billet @Fnac", neg, ""},
		{"a fee set against its price complains whatever else", "fr", "12 € de frais d'annulation pour une nuit à 40 €. Génial.", neg, ""},
		{"a fee waived is no complaint", "en", "Delivery fee £3.99, free on orders over £40", neu, ""},
		{"a shop's price list is no complaint", "fr", "Frais de livraison : 4,90 € en relais, 6,90 € à domicile.", neu, ""},
		{"a fee refunded is praise", "fr", "@Darty m'a remboursé les frais de port sans que je demande, top", pos, ""},
		{"a product that shrank complains", "fr", "Le sachet de bonbons passe de 300 g à 250 g au même prix.", neg, ""},
		{"a product that shrank complains", "en", "Same price but the box now holds 8 bars instead of 10. Cheers @Kelloggs 👍 #shrinkflation", neg, ""},
		{"less sugar is no complaint", "fr", "Nouvelle recette : le sucre passe de 12 g à 8 g par portion.", neu, ""},
		{"a weight lost is no complaint", "en", "I went from 90kg to 78kg this year, feeling great", pos, ""},
		{"a rise told by a sum complains", "en", "£4 more a month for the same broadband. Thanks @Virgin", neg, ""},
		{"an offer of more for a sum is no rise", "en", "For £5 more a month you get all the sports channels.", neu, ""},
		{"thanks for a mishap are ironic", "fr", "Merci @SNCF pour le retard 👏", neg, ""},
		{"thanks for a mishap are ironic", "en", "Thanks @Spotify for the price hike, love it", neg, ""},
		{"the sentences after ironic thanks are ironic", "en", "Thanks @DB_Bahn for turning a 4-hour trip into an 8-hour one. Really enjoyed the bonus tour of Fulda station.", neg, ""},
		{"the sentences after ironic thanks are ironic", "fr", "Merci @TER pour les 40 minutes de retard. Super début de semaine.", neg, ""},
		{"what follows a but is meant as said", "fr", "Merci la météo pour la pluie le jour du mariage 🙃 mais la salle était magnifique et tout le monde a dansé", pos, ""},
		{"what follows a but is meant as said", "fr", "Merci @Transavia pour le vol décalé de 5h, mais bien géré finalement 👍", pos, ""},
		{"a but that thanks again keeps the irony", "fr", "Merci @SNCF pour le retard, mais alors vraiment merci 👏", neg, ""},
		{"a but that thanks again keeps the irony", "en", "Thanks @SouthernRail for the delay, but honestly thanks a lot 👏", neg, ""},
		{"still stuck is no concession", "en", "Thanks @Southern for the 2 hour delay. Still stuck at Clapham. Loving this amazing adventure.", neg, ""},
		{"at least a figure is no concession", "en", "Thanks @Southern for the 2 hour delay. At least 40 people on the platform. Loving this amazing adventure.", neg, ""},
		{"up to a word that concedes", "en", "Thanks @Southern for the 40 minute delay. Luckily the guard was lovely and funny and kind.", pos, ""},
		{"thanks for a warning are sincere", "en", "Thanks @metoffice for the warning, staying in tonight", pos, ""},
		{"thanks during a delay are sincere", "fr", "Merci aux agents pour leur patience pendant le retard", pos, ""},
		// The reviewer's misfires of the thanks for a mishap.
		{"thanks for what names a mishap are sincere", "en", "Thanks @TfL for the delay alerts, saved my morning 🙏", pos, ""},
		{"thanks for what names a mishap are sincere", "en", "Thanks @Avanti for the delay repay, £40 back in two days!", pos, ""},
		{"thanks for fees waived are sincere", "fr", "Merci @Decathlon pour les frais de port offerts 🎁", pos, ""},
		{"thanks for a pay rise are sincere", "en", "Thanks boss for the pay hike 🎉", pos, ""},
		{"thanks for a mishap with an adjective are ironic", "en", "Thanks @Southern for the minor delays again 👏", neg, ""},
		{"less wrapping is no shrink", "fr", "Nouvelle brique de lait : 30 % de carton en moins, bravo 👏", pos, ""},
		{"a rent put down is no rise", "en", "Landlord put the rent down by £50 this year, what a gem.", pos, ""},
		{"what one never got is a fact", "en", "Thanks @Hermes for the 'delivered' parcel I never got 👏", neg, ""},
		{"what one never got is a fact", "en", "I never got my refund @easyJet", neg, ""},
		{"never getting bored is no fact", "en", "I never got bored watching this show, brilliant", pos, ""},
		// The second reader's misfires.
		{"money earned is no rise", "fr", "Je gagne 300 € de plus par mois avec mon nouveau poste 🎉", pos, ""},
		{"money earned is no rise", "en", "I earn £300 more a month in my new job! 🎉", pos, ""},
		{"an offer for a little more is no rise", "en", "For just £5 more a month you get unlimited data!", neu, ""},
		{"a shop's fee with an exclamation is no complaint", "fr", "Billet à 35 € et frais de service de 2 €, réservez vite !", neu, ""},
		{"no fee is no complaint", "en", "0% commission on all trades, forever!", neu, ""},
		{"fresh food is no fee", "fr", "Merci au marché pour les légumes frais 🥕", pos, ""},
		{"thanks for a walk are sincere", "en", "Thanks everyone for the hike this morning, same time next week?", pos, ""},
		{"thanks for what a mishap names are sincere", "en", "Thanks @easyJet for the delay vouchers 👍", pos, ""},
		{"a launch's smaller pack is no shrink", "en", "New bag, 20% less air, more crisps for the same price!", neu, ""},
		{"unknown language", "de", "Das ist super", neu, ""},
	}
	for _, tt := range tests {
		var sc sentimentScratch
		toks := Tokenize(tt.text)
		r := e.senti.rules(&sc, tt.text, toks, tt.lang)
		c := compound(r.sum)
		got := neu
		if c >= neutralCut {
			got = pos
		} else if c <= -neutralCut {
			got = neg
		}
		if tt.accepted != "" {
			if got == tt.want {
				t.Errorf("%s %s %q: accepted failure now passes (%.3f): move it to the passing cases", tt.rule, tt.lang, tt.text, c)
			} else {
				t.Logf("accepted failure (%s): %s %q = %.3f", tt.accepted, tt.lang, tt.text, c)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s %s %q: compound %.3f, want sign %d", tt.rule, tt.lang, tt.text, c, tt.want)
		}
	}
}

// TestSentimentModifiers checks that intensifiers, attenuators, capitals
// and exclamation marks move the score the right way.
func TestSentimentModifiers(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	score := func(lang, s string) float64 {
		var sc sentimentScratch
		return compound(e.senti.rules(&sc, s, Tokenize(s), lang).sum)
	}
	stronger := []struct{ lang, weak, strong string }{
		{"en", "this is good", "this is very good"},
		{"fr", "c'est bien", "c'est vraiment bien"},
		{"en", "this is good", "this is GOOD"},
		{"fr", "c'est nul", "c'est NUL"},
		{"en", "this is bad", "this is bad!!!"},
		{"fr", "c'est génial", "c'est génial !!!"},
		{"en", "this is bad", "this is baaaad"},
		{"en", "this is good", "this is damn good"},
		{"en", "this is good", "this is damn really good"},
		{"en", "it is better", "it could not be better"},
	}
	for _, tt := range stronger {
		w, s := score(tt.lang, tt.weak), score(tt.lang, tt.strong)
		if math.Abs(s) <= math.Abs(w) || s*w <= 0 {
			t.Errorf("%s: %q (%.3f) should be stronger than %q (%.3f)", tt.lang, tt.strong, s, tt.weak, w)
		}
	}
	if a, b := score("en", "I don't care 😊"), score("en", "I don't care"); a <= b {
		t.Errorf("negation must not flip emoji: %.3f <= %.3f", a, b)
	}
	// "May" the month is not the modal "may".
	for _, month := range []string{"the show on may 5 was great", "the show in May was great", "the 1st may was great", "in may the show was great"} {
		if m, j := score("en", month), score("en", "the show in June was great"); m != j {
			t.Errorf("%q = %.3f, want %.3f as with another month", month, m, j)
		}
	}
	weaker := []struct{ lang, base, damped string }{
		{"en", "this is good", "this is slightly good"},
		{"fr", "c'est bien", "c'est plutôt bien"},
		{"en", "this is great", "this may be great"},
		{"en", "@bob I ask a great question", "@bob May I ask a great question"},
		{"fr", "c'est génial", "ce serait génial"},
		// Capitalised runs inside a sentence are names, not opinions.
		{"en", "we saw bad blood tonight", "we saw Bad Blood tonight"},
		{"fr", "on a vu mauvais sang hier", "on a vu Mauvais Sang hier"},
		// Joined by "of", "de", "du"…
		{"en", "visit the gallery of honour", "visit the Gallery of Honour"},
		{"fr", "visite au musée du bonheur", "visite au Musée du Bonheur"},
	}
	for _, tt := range weaker {
		b, d := score(tt.lang, tt.base), score(tt.lang, tt.damped)
		if math.Abs(d) >= math.Abs(b) || d*b <= 0 {
			t.Errorf("%s: %q (%.3f) should be weaker than %q (%.3f)", tt.lang, tt.damped, d, tt.base, b)
		}
	}
}

func TestSentimentModelLabels(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "I love this so much, thank you!! 😍", LabelPositive},
		{"en", "worst customer service ever, I hate this company", LabelNegative},
		{"fr", "Merci beaucoup, c'est génial ! 😍", LabelPositive},
		{"fr", "Service nul, je suis vraiment dégoûté 😡", LabelNegative},
	} {
		got := a.Analyze(tt.text, tt.lang).Sentiment
		if got.Label != tt.want {
			t.Errorf("%s %q = %+v, want %s", tt.lang, tt.text, got, tt.want)
		}
		if got.Score < -1 || got.Score > 1 {
			t.Errorf("%q: score %v outside [-1,1]", tt.text, got.Score)
		}
	}
}

// TestIdioms checks that the phrases of data/idioms.tsv and data/facts.tsv
// expand as meant: each phrase below must be read as one phrase, from its
// first word to its last (a slot split on a space, "not gonna|going to
// lie", would not), and be a fact of a complaint or of its fix exactly
// when it comes from facts.tsv.
func TestIdioms(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := e.senti
	type phrase struct{ lang, text string }
	idioms := []phrase{
		{"en", "not gonna lie"}, {"en", "not going to lie"}, {"en", "thanks for nothing"},
		{"en", "thank you for nothing"}, {"en", "can't wait"}, {"en", "cannot stand"},
		{"en", "is a joke"}, {"en", "what a joke"}, {"en", "let us down"}, {"en", "5 stars"},
		{"en", "zero stars"}, {"en", "couldn't help but"}, {"en", "you guys rock"},
		{"en", "on hold"}, {"en", "not working"},
		{"fr", "c'est une blague"}, {"fr", "pas terrible"}, {"fr", "trop chère"},
		{"fr", "hors de prix"}, {"fr", "rien à redire"}, {"fr", "n'importe quoi"},
		{"fr", "n'importe quelle"}, {"fr", "ça marche pas mal"},
		{"fr", "j'y retourne plus"}, {"fr", "0 étoile"}, {"fr", "c'est une tuerie"},
		{"fr", "mon très cher"}, {"fr", "envoyé en recommandé"}, {"fr", "toujours rien à redire"},
		// An alternative never holds a space: each phrase of these had
		// "sans hesiter|avec plaisir", read as "sans" then "hesiter|avec".
		{"fr", "on reviendra avec plaisir"}, {"fr", "nous reviendrons sans hésiter"},
		{"fr", "je reviendrai volontiers"}, {"fr", "je reviendrai avec plaisir"},
		// Short replies (2026-11-28); those of one word stand alone.
		{"fr", "trop stylé"}, {"fr", "c'est la classe"}, {"fr", "je suis fan"}, {"fr", "ça m'a plu"},
		{"fr", "ça me donne envie"}, {"fr", "ça donne envie de fuir"}, {"fr", "j'en veux un"},
		{"fr", "je valide"}, {"fr", "à fuir"}, {"fr", "resto à fuir"}, {"fr", "tout ça pour ça"},
		{"fr", "réparez votre appli"}, {"fr", "rendez-nous mon"}, {"fr", "longue vie à vous"},
		{"fr", "ça me plaît beaucoup"}, {"fr", "remboursez-moi"}, {"fr", "Remboursez"}, {"fr", "Désabonnée"},
		{"fr", "je me suis désabonné"}, {"fr", "bidon"}, {"fr", "offre bidon"}, {"fr", "quelle daube"}, {"fr", "c'est de la daube"},
		{"en", "killing it"}, {"en", "made my day"}, {"en", "need this in my life"}, {"en", "well done team"},
		{"en", "keep it up"}, {"en", "this is fire"}, {"en", "it's fire"}, {"en", "such a vibe"}, {"en", "that's a vibe"},
		{"en", "do better"}, {"en", "you can do better"}, {"en", "fix your app"}, {"en", "how to fix your"},
		{"en", "we deserve a refund"}, {"en", "refund me now"}, {"en", "kinda sus"}, {"en", "took an L"},
		{"en", "props"}, {"en", "huge props"}, {"en", "clowns"}, {"en", "bunch of clowns"}, {"en", "I'm unfollowing"},
		{"fr", "ça donne envie de"}, {"fr", "ça me donne envie de résilier"}, {"fr", "j'en veux un aussi"},
		{"en", "tips to fix your"}, {"en", "we want our refund policy"}, {"en", "you need to do better"}, {"en", "you are clowns"},
		// Near misses of facts.tsv.
		{"en", "billed twice a year"}, {"en", "billed twice yearly"}, {"en", "paid twice as"},
		{"fr", "coupure de courant prévue"}, {"fr", "jamais tombé en panne"},
	}
	facts := []phrase{
		{"en", "website is down"}, {"en", "servers have been down"}, {"en", "doesn't work"},
		{"en", "stopped working"}, {"en", "can't log in"}, {"fr", "ne marche plus"},
		{"en", "charged twice"}, {"en", "hung up on me"}, {"en", "marked as delivered"},
		{"en", "no hot water"}, {"en", "no one came"}, {"en", "still hasn't been fixed"},
		{"en", "got declined"}, {"fr", "personne ne m'a rappelé"}, {"fr", "en panne encore"},
		{"fr", "encore en panne"}, {"fr", "perdu toutes mes photos"},
		{"fr", "3 semaines que j'attends"}, {"en", "still pending"}, {"en", "been waiting for weeks"},
		// An elision standing apart in the file ("n' est", "pas d'").
		{"fr", "personne n'est venu"}, {"fr", "personne n'a rappelé"},
		{"fr", "2 heures d'attente"}, {"fr", "musique d'attente"}, {"fr", "elle m'a déconnecté"},
		// Fixes.
		{"en", "free of charge"}, {"en", "sent me a replacement"}, {"en", "sent a new one"},
		{"en", "took it off the bill"}, {"en", "at no extra cost"}, {"en", "refunded me the same day"},
		{"en", "went out of her way"}, {"en", "refunded me in full"}, {"en", "replaced it straight away"},
		{"en", "where is my order"}, {"en", "wheres my refund"}, {"en", "where's my parcel"},
		{"fr", "où est mon colis"}, {"fr", "où sont mes commandes"},
		{"en", "issued a full refund"}, {"fr", "remplacé sans frais"}, {"fr", "rappelé dans l'heure"},
		{"fr", "remboursé le jour même"}, {"fr", "remplacé gratuitement"}, {"fr", "remboursé intégralement"},
		{"fr", "problème réglé"},
	}
	check := func(p phrase, fact bool) {
		toks := Tokenize(p.text)
		infos := make([]int32, len(toks))
		for i := range toks {
			infos[i] = m.words.lookup(toks[i].Text)
		}
		for i := range toks {
			seconds := m.infos[infos[i]].idiomsEN
			if p.lang == "fr" {
				seconds = m.infos[infos[i]].idiomsFR
			}
			if id, end, ok := m.matchIdiom(seconds, p.text, toks, infos, i, p.lang, false); ok && end == len(toks)-1 {
				if id.fact != fact {
					t.Errorf("%s %q: fact %v, want %v", p.lang, p.text, id.fact, fact)
				}
				return
			}
		}
		t.Errorf("%s %q: no phrase ends on its last word", p.lang, p.text)
	}
	for _, p := range idioms {
		check(p, false)
	}
	for _, p := range facts {
		check(p, true)
	}
}

// TestIdiomsAlone checks the phrases that must be all the words of their
// clause (a final " $" in idioms.tsv and facts.tsv): they are read in a
// reply, with mentions, emoji or a clause before them, and not inside a
// longer sentence, where their words mean something else (each "not"
// case was read as a reply's praise or complaint before " $").
func TestIdiomsAlone(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := e.senti
	for _, c := range []struct {
		lang, text, first string // first: the phrase's first word, folded
		want              bool
	}{
		{"fr", "Je valide !", "je", true},
		{"fr", "@marque je valide 👍", "je", true},
		{"fr", "Je valide mon panier et ça plante.", "je", false},
		{"fr", "Comment je valide mon titre de transport ?", "je", false},
		{"fr", "Bidon.", "bidon", true},
		{"fr", "Franchement… bidon", "bidon", true},
		{"fr", "Le bidon de 5 litres est de retour.", "bidon", false},
		{"fr", "Sans moi.", "sans", true},
		{"fr", "Ne partez pas sans moi !", "sans", false},
		{"fr", "Longue vie !", "longue", true},
		{"fr", "Le lait longue vie est en rupture.", "longue", false},
		{"fr", "Remboursez !", "remboursez", true},
		{"fr", "Vous remboursez les frais de port ?", "remboursez", false},
		{"fr", "Comment je me désabonne de la newsletter ?", "je", false},
		{"en", "Well done @team 👏", "well", true},
		{"en", "Site down again, well done @shop", "well", true},
		{"en", "Cook the steak until well done.", "well", false},
		{"en", "Well done steak please", "well", false},
		{"en", "Keep it up!", "keep", true},
		{"en", "Download the app and keep it up to date.", "keep", false},
		{"en", "This is fire 🔥", "this", true},
		{"en", "Do better.", "do", true},
		{"en", "We hear you, and we will do better.", "do", false},
		{"en", "Clowns.", "clowns", true},
		{"en", "Clowns, magicians and face painting this Saturday!", "clowns", false}, // a list goes on after the comma
		// The clause starts after a "but" or emoji, as the rules' clauses
		// do, and a word that only makes the phrase stronger is no other.
		{"en", "Nice try but do better", "do", true},
		{"fr", "Super offre mais bidon", "bidon", true},
		{"fr", "Trop de pubs 🙄 désabonné", "desabonne", true},
		{"en", "Really well done", "well", true},
		{"fr", "Je valide totalement", "je", true},
		{"en", "Cook until very well done.", "well", false},
		{"en", "Well done, team!", "well", true}, // whom it addresses after a comma
		{"en", "Just unfollowed lol", "just", true},
		{"en", "Props guys", "props", true},
		{"fr", "Bidon mdr", "bidon", true},
		{"en", "Keep it up so we can see it", "keep", false},
		{"en", "Where's my order?!", "where", true},
		{"en", "Ordered 2 weeks ago, where is my order", "where", true},
		{"en", "Where is my order number on the receipt?", "where", false},
		{"en", "The app shows where my order is", "where", false},
	} {
		toks := Tokenize(c.text)
		i := slices.IndexFunc(toks, func(t Token) bool { return t.Text == c.first })
		if i < 0 {
			t.Fatalf("%q holds no %q", c.text, c.first)
		}
		infos := make([]int32, len(toks))
		for k := range toks {
			infos[k] = m.words.lookup(toks[k].Text)
		}
		seconds := m.infos[infos[i]].idiomsEN
		if c.lang == "fr" {
			seconds = m.infos[infos[i]].idiomsFR
		}
		id, _, ok := m.matchIdiom(seconds, c.text, toks, infos, i, c.lang, false)
		if got := ok && id.alone; got != c.want {
			t.Errorf("%s %q: a phrase of a reply from %q: %v, want %v", c.lang, c.text, c.first, got, c.want)
		}
	}
}

// TestRepliesReadWhole reads short replies and the longer posts that
// hold their words through the whole analyser (rules and model, the
// language given): a reply's phrase reads as a reply, and where it is
// not all its clause its words do not read as praise or complaint
// instead ("we will do better": VADER's "better" is praise).
func TestRepliesReadWhole(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	for _, c := range []struct{ lang, text, label string }{
		{"en", "Do better.", LabelNegative},
		{"en", "Y'all need to do better", LabelNegative},
		{"en", "Nice try but do better", LabelNegative},
		{"en", "We hear you, and we will do better.", LabelNeutral},
		{"en", "Well done, team!", LabelPositive},
		{"en", "Cook the steak until well done.", LabelNeutral},
		{"en", "Tips to fix your wifi at home", LabelNeutral},
		{"en", "We want our refund policy to be simple for everyone", LabelNeutral},
		{"fr", "Super offre mais bidon", LabelNegative},
		{"fr", "Le bidon de 5 litres est de retour en magasin.", LabelNeutral},
		{"fr", "Vous remboursez les frais de port ?", LabelNeutral},
		{"fr", "Ça donne envie d'y retourner !", LabelPositive},
		{"fr", "Ça me donne envie de vomir.", LabelNegative},
		// One idiom and nothing else: the idiom decides where the
		// model finds nothing.
		{"fr", "Plus jamais.", LabelNegative},
		{"fr", "Sans moi", LabelNegative},
		{"en", "Hell no 👎", LabelNegative},
		{"fr", "Pas mal !", LabelPositive},
		// Not where the rules read it otherwise after the idiom, a
		// link is what is shared, or the idiom is a mild state.
		{"en", "Must see #not", LabelNeutral},
		{"en", "Free of charge 🙃", LabelNeutral},
		{"en", "On hold", LabelNeutral},
		{"en", "#HS2 on hold", LabelNeutral},
		{"en", "Free of charge https://t.co/abc", LabelNeutral},
	} {
		if got := a.Analyze(c.text, c.lang).Sentiment; got.Label != c.label {
			t.Errorf("%s %q: %s %.3f, want %s", c.lang, c.text, got.Label, got.Score, c.label)
		}
	}
}

// TestEmojiOfSurprise: 😭 and 😱 say how strongly, not which way.
func TestEmojiOfSurprise(t *testing.T) {
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := e.senti.emoji["😭"]; v < -1 || v > 0 {
		t.Errorf("😭 = %v, want in [-1, 0]", v)
	}
	if v := e.senti.emoji["😱"]; v != 0 {
		t.Errorf("😱 = %v, want 0", v)
	}
}

// FuzzSentiment runs the rules and the model on any text, in French,
// English and undetermined, and checks what must always hold: a known
// label, a score in [-1, 1] and a finite rule sum. The seeds reach the
// rules that index around the current word (idioms, ne…que, "can't …
// enough", spoken negation, zero, sarcasm markers).
func FuzzSentiment(f *testing.F) {
	e, a := fuzzEngine(f,
		"ce n'est pas mal et j'adore", "je n'ai que des éloges", "je ne trouve au top que le SAV",
		"can't recommend them enough", "couldn't get enough of", "j'adore pas", "je l'aime pas",
		"zéro souci", "Coke Zero", "5 stars", "0 étoile", "still no", "toujours pas de",
		"génial 🙄", "great update /s", "never let me down", "n'importe quel", "ça ne marche plus",
		"pas", "ne", "n'", "can't", "enough", "not gonna lie", "may or may not", "",
		"got 'delivered'", "un essai « gratuit »", "‘x’ “y”", "' '", "«»", "10/10", "4/20/", "/5",
		"charged twice 😂. Classy.", "would fly @KLM again", "merci d'", "TGV inOui",
		"waited 50 minutes", "32 min d'attente", "1h 10m", "half an hour on hold", "une demi-heure de retard",
		"booked for 7:30, seated at 8:15pm", "réservé pour 20h, installés à 21h10", "9:", "7.30pm", "12:",
		"de 24,99€ à 31,99€", "from £1,200 to £1,500", "+18 %", "up 22%", "1,2,3%", "took 3 weeks to",
		"cancelled the 07:", "cancelled my", "for ignoring my", "make the", "mon vol a été", "merci pour le vol annulé", "cut off", "à 23h",
		"Please keep it. Thank you.", "merci de nous", "thanks for your", "removing the scam", "making it more expensive",
		"£23 in service fees", "frais de dossier de 150 €", "frais : 2 €", "de 250 g à 225 g", "1,5L", "1.75l to 1.5l",
		"180 sheets instead of 221", "20 % de chips en moins", "£6 more a month", "+2 € par mois", "CHF 12", "80 centimes",
		"Merci @SNCF pour le retard 👏", "thanks for the minor delays", "9,99,9g", "0g", "..g",
		"charging my card $", "me facturer 30", "m'a bloqué", "locking me out", "leaving my parcel in the", "laissé mon colis sous la",
		"la suppression du", "the increase in", "la hausse de 15", "hausse de", "merci, bien reçu. ?", "thanks.?", "La mairie remercie les",
		"are thanked", "thanks residents", "for refunding the missing", "d'avoir échangé mon", "for the £600 bill", "pour la facture de 8",
		"Thank you for your understanding.", "Merci de votre compréhension", "gêne occasionnée", "apologise for the inconvenience",
		"thanks for contacting", "thanks for getting in", "merci de nous avoir", "remercie les habitants... après",
		"turning a 2-hour trip into", "into an 8-hour", "transformé un trajet de 2h en", "into 5", "en 5h", "so badly",
		"Locked my", "for no reason", "Luckily", "at least",
		"@tom Sorry to hear", "Hi Sarah,", "^JB", "has been dispatched", "a bien été", "⚠️ Rappel :", "Consultez", "We hope to reopen",
		"how is this ok", "who thought", "depuis quand on paie", "c'est normal de", "can anyone explain why", "à quoi sert", "?",
		"so quickly — only took 4 months", "11 semaines.", "after 8 months of", "restarts every 20 minutes", "toutes les", "3 fois par jour",
		"encore moins", "10 € de moins", "less", "moins", "got pricier", "sont encore plus chers", "Malgré tout,", "to be fair",
		"Where do I report a lost card?", "est-il possible ?", "marche-t-elle ?", "puis-je", "??", "?!", "a ?", "? ?",
		"Nous vous remercions de votre", "Thanks so much for your", "they said", "plus jamais", "Still,", "blague à part",
		"2 voitures au lieu de 4", "en 5h au lieu de 2h", "thanks, 45€ au lieu de 30", "thanks for the 3-hour flight instead of 1", "instead of £", "au lieu d'",
		"for the cancelled 7:05", "pour le 7h42 supprimé", "five times?", "🙃",
	)
	f.Fuzz(func(t *testing.T, s string) {
		// The post, its halves and a post of nothing in one stage, each
		// pass of the rules over all four before the next (AnalyzeBatch,
		// in slots that earlier inputs left): each read as alone.
		mid := len(s) / 2
		for mid > 0 && !utf8.RuneStart(s[mid]) {
			mid--
		}
		posts := []string{s, s[:mid], s[mid:], "ok"}
		batch := make([]Analysis, len(posts))
		a.AnalyzeBatch(posts, nil, batch)
		for i, p := range posts {
			if alone := e.NewAnalyzer().Analyze(p, ""); !reflect.DeepEqual(batch[i], alone) {
				t.Fatalf("%q after %q in a stage: %+v, alone %+v", p, posts[:i], batch[i], alone)
			}
		}
		for _, lang := range []string{"fr", "en", ""} {
			got := a.Analyze(s, lang).Sentiment
			if got.Score < -1 || got.Score > 1 || math.IsNaN(got.Score) ||
				got.Label != LabelPositive && got.Label != LabelNegative && got.Label != LabelNeutral ||
				got.Label == LabelPositive && got.Score <= 0 || got.Label == LabelNegative && got.Score >= 0 || math.Signbit(got.Score) && got.Score == 0 {
				t.Fatalf("%s %q: %+v", lang, s, got)
			}
			var sc sentimentScratch
			toks := Tokenize(s)
			if r := e.senti.rules(&sc, s, toks, lang); math.IsNaN(r.sum) || math.IsInf(r.sum, 0) {
				t.Fatalf("%s %q: rule sum %v", lang, s, r.sum)
			}
			// The word table's classes answer as the predicates do.
			infos := make([]int32, len(toks))
			for i := range toks {
				if k := toks[i].Kind; k == Word || k == Number || k == Hashtag {
					infos[i] = e.senti.words.lookup(toks[i].Text)
				}
			}
			if got, want := e.senti.quantityIn(toks, infos), hasQuantity(toks); got != want {
				t.Fatalf("%s %q: quantityIn %v, hasQuantity %v", lang, s, got, want)
			}
			// The quantities read are spans of the post, in order, apart.
			last := -1
			for _, q := range measures(nil, s, toks, lang) {
				if q.from <= last || q.to < q.from || q.to >= len(toks) {
					t.Fatalf("%s %q: measure %d..%d after %d of %d tokens", lang, s, q.from, q.to, last, len(toks))
				}
				last = q.to
			}
		}
	})
}

func TestOpensComparison(t *testing.T) {
	for text, want := range map[string]bool{
		"nothing better than a cold beer":               true,
		"there's nothing worse than a cancelled flight": true,
		"nothing is more annoying than slow wifi":       true,
		"nothing but love":                              true,
		"nothing short of amazing":                      true,
		"nothing more than a scam":                      true,
		"rien de mieux qu'un bon café":                  true,
		"rien de plus agaçant qu'une appli qui plante":  true,
		"rien que d'y penser":                           true,
		"nothing better to do than wait":                false,
		"nothing is better":                             false,
		"nothing less fun than queuing":                 false,
		"nothing good ever comes from this app":         false,
		"rien de mieux à faire que d'attendre":          false,
		"rien de moins fiable que cette appli":          false,
		"rien de bon dans ce film":                      false,
		"nothing":                                       false,
	} {
		toks := Tokenize(text)
		i := slices.IndexFunc(toks, func(t Token) bool { return t.Text == "nothing" || t.Text == "rien" })
		if got := opensComparison(toks, i); got != want {
			t.Errorf("opensComparison(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestQuestionDampsPraise: praise inside a question is asked about, not
// asserted, and weighs half; a complaint asked as a question and "?!" keep
// their weight.
func TestQuestionDampsPraise(t *testing.T) {
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(s, lang string) float64 {
		var sc sentimentScratch
		return e.senti.rules(&sc, s, Tokenize(s), lang).sum
	}
	for _, c := range []struct {
		lang, asked, said string
		ratio             float64
	}{
		{"en", "is the new plan good?", "is the new plan good.", 0.5},
		{"fr", "la nouvelle offre est intéressante ?", "la nouvelle offre est intéressante.", 0.5},
		{"en", "why is the site always broken?", "why is the site always broken.", 1},
		{"en", "how good is this?!", "how good is this!", 1},
		{"en", "great news. any date yet?", "great news. any date yet.", 1},
	} {
		a, b := sum(c.asked, c.lang), sum(c.said, c.lang)
		if b == 0 || math.Abs(a/b-c.ratio) > 0.01 {
			t.Errorf("%q: rule sum %.3f against %.3f for %q, want a ratio of %.1f", c.asked, a, b, c.said, c.ratio)
		}
	}
}

// TestEmojiEndsNegation checks that a word after emoji starts a new
// clause: the thanks in "rien ne manquait 🙏 merci aux agents" are not
// under the negation that "rien ne" opened.
func TestEmojiEndsNegation(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"rien ne manquait 🙏 merci aux agents", "rien ne manquait :) merci aux agents"} {
		var sc sentimentScratch
		toks := Tokenize(text)
		e.senti.rules(&sc, text, toks, "fr")
		for i, tk := range toks {
			if tk.Text == "merci" && (sc.marks[i] == markNegated || sc.val[i] <= 0) {
				t.Errorf("%q: merci negated (valence %.2f)", text, sc.val[i])
			}
		}
	}
}

// TestScheduleCues checks the words of a schedule that make a post
// without feeling a notice.
func TestScheduleCues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		min  int
		max  int
	}{
		{"La piscine ouvre à 8h30 et ferme à 20h", 2, 9},
		{"Réouverture lundi à 9h", 3, 9},
		{"Doors open at 7pm, show at 8 pm", 3, 9},
		{"Reminder: the pool will be closed on Monday", 4, 9},
		{"I love this song so much", 0, 0},
		{"Il a 8 ans et 3 mois", 0, 1},
	}
	for _, tt := range tests {
		if n := scheduleCues(Tokenize(tt.text)); n < tt.min || n > tt.max {
			t.Errorf("%q: %d words of a schedule, want %d to %d", tt.text, n, tt.min, tt.max)
		}
	}
}

// TestRating checks marks read from "n/d" and what is not one.
func TestRating(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		v    float64
		ok   bool
	}{
		{"10/10", 3, true}, {"0/10", -3, true}, {"5/10", 0, true}, {"17/20", 2.1, true},
		{"4/5 stars", 1.8, true}, {"2.5/5", 0, true}, {"99/100", 2.94, true},
		{"11/10", 0, false}, // more than full marks: a date (11 October)
		{"24/7", 0, false}, {"1/2", 0, false}, {"le 5/10", 0, false}, {"on 3/10", 0, false},
		{"3/10/2025", 0, false}, {"2025/10/10", 0, false}, {"3/10.5", 0, false},
		{"Day 1/10 of our road trip", 0, false}, {"Step 2/10: preheat", 0, false}, {"Match Saturday 1/5 at 8pm", 0, false},
		{"8,5/10 on y retourne", 2.1, true}, {"1/5 des seniors", 0, false}, {"Thread 🧵 1/5 on rail", 0, false}, {"retraites 1/5", 0, false}, {"10/10 times it crashes", 0, false},
		{"serves 4/5 people", 0, false}, {"rendez-vous à 5/10", 0, false}, {"Honestly a 10/10 experience", 3, true},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.text)
		i := 0
		for i < len(toks) && toks[i].Kind != Number {
			i++
		}
		if i == len(toks) {
			t.Fatalf("%q: no number", tt.text)
		}
		if strings.HasPrefix(tt.text, "2025/") {
			i = 1 // the month: "10/10" inside a date
		}
		v, ok := rating(tt.text, toks, i)
		if ok != tt.ok || math.Abs(v-tt.v) > 1e-9 {
			t.Errorf("%q: rating %v, %v; want %v, %v", tt.text, v, ok, tt.v, tt.ok)
		}
	}
}

// TestScareQuote checks which quoted spans contest a word.
func TestScareQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"my parcel got 'delivered' to a house", "delivered"},
		{"un essai « gratuit » que", "gratuit"},
		{"says \"under review\" again", "under review"},
		{"un essai «\u00a0gratuit\u00a0» qui", "gratuit"}, // no-break spaces
		{"my daughter said \"best day ever\"", ""},        // what someone said
		{"we love rock 'n' roll", ""},                     // one letter
		{"a ‘guaranteed next-day’ delivery", "guaranteed next day"},
		{"“pending”, still", "pending"},
		{"'delivered' they said", "delivered"},
		{"the kids' toys and the dogs' bowls", ""},         // possessives
		{"the 'Monet' expo", ""},                           // a name
		{"click 'forgot password'", ""},                    // what to click
		{"a hashtag called 'pure'", ""},                    // a term named
		{"she wrote 'we will call you back tomorrow'", ""}, // a sentence
		{"he said 'no, thanks'", ""},                       // punctuation inside
		{"it's 'cause I said so", ""},                      // no closing quote
	}
	for _, tt := range tests {
		toks := Tokenize(tt.text)
		from, to := scareQuote(tt.text, toks)
		got := ""
		if from >= 0 {
			var w []string
			for _, t := range toks[from : to+1] {
				w = append(w, t.Text)
			}
			got = strings.Join(w, " ")
		}
		if got != tt.want {
			t.Errorf("%q: quoted %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestAskOpener checks the questions texted without '?'.
func TestAskOpener(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		"qqn sait a quelle heure ouvre la billetterie": true,
		"does anyone know if the shop is open":         true,
		"est-ce que vous livrez le dimanche":           true,
		"savez-vous si le musée est ouvert":            true,
		"c'est ce qu'on voulait entendre":              false,
		"ce n'est ce qu'il faut":                       false,
		"someone knows how to cook":                    false,
		"anyone can do it":                             false,
	} {
		if got := asks(text, Tokenize(text)); got != want {
			t.Errorf("%q: asks %v, want %v", text, got, want)
		}
	}
	// asks skips the gaps of a post without '?': the same answers as
	// looking in every gap (asksInGaps), on the posts of the tests with
	// their '?' and without, and on each suffix of their tokens (as the
	// sentiment rules ask).
	posts := []string{"Quelqu'un sait ? https://x.fr/a?b=1", "https://x.fr/a?b=1 anyone know", "why? no", "no?", "?", ""}
	for _, text := range readPostTexts(t, "testdata/social_posts_lang.jsonl", "analyze/testdata/customer_posts_dev.jsonl", "analyze/testdata/brand_posts_dev.jsonl") {
		posts = append(posts, text, strings.ReplaceAll(text, "?", " "))
	}
	questions := 0
	for _, s := range posts {
		toks := Tokenize(s)
		for k := range len(toks) + 1 {
			got, want := asks(s, toks[k:]), asksInGaps(s, toks[k:])
			if got != want {
				t.Fatalf("%q from token %d: asks %v, looking in every gap %v", s, k, got, want)
			}
			if got && k == 0 {
				questions++
			}
		}
	}
	if questions < 50 {
		t.Errorf("%d posts ask, want at least 50", questions)
	}
}

// TestNamesJoinedByOf checks that a post opening with a name joined by
// "of" is read without reading before its first token (it panicked).
func TestNamesJoinedByOf(t *testing.T) {
	t.Parallel()
	a := testEngine(t).NewAnalyzer()
	for _, s := range []string{"Theatre of Dreams tonight, come on United", "Island of Love, the new season starts tonight", "Musée du Bonheur : ouverture le 3 mai", "A de Z"} {
		a.Analyze(s, "en")
		a.Analyze(s, "fr")
	}
}

// TestClockTime checks the times of day a schedule is told by.
func TestClockTime(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{"9h": true, "8h30": true, "20h": true, "24h": true, "7pm": true, "10am": true,
		"48h": false, "72h": false, "13pm": false, "0am": false, "9h75": false, "h": false, "123h": false} {
		if got := clockTime(w); got != want {
			t.Errorf("clockTime(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestConcededPraise checks that praise after a concession that follows
// ironic thanks is the writer's last word, with the model too, and that
// "at least", or something bad after the praise, keep the irony.
func TestConcededPraise(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"malgré tout", "fr", "Merci @OUIGO pour le retard. Malgré tout, voyage agréable et personnel adorable", LabelPositive},
		{"that said", "en", "Thanks @Avanti for the delay. That said, the crew were brilliant and kept us informed", LabelPositive},
		{"at least", "en", "Thanks @Avanti for the 2 hour delay. At least you're consistent", LabelNegative},
		{"au moins", "fr", "Merci @SNCF pour le retard. Au moins le wifi marchait", LabelNegative},
		{"something bad after", "en", "Thanks @BA for losing my bag. Still, the hotel was lovely but I had no clothes", LabelNegative},
		{"anyway only ends the irony", "en", "Thanks @Avanti for the 2 hour delay. Anyway, great start to the week", LabelNegative},
		{"to be fair", "en", "Thanks @Avanti for the delay. To be fair, the crew were brilliant", LabelPositive},
		{"en revanche", "fr", "Merci @SNCF pour le retard. En revanche, personnel adorable", LabelPositive},
		{"an ordeal loved", "fr", "Merci @SNCF pour le retard. Heureusement que j'adore passer mes soirées sur un quai", LabelNegative},
		{"heureusement que, sincere", "fr", "Merci @SNCF pour le retard. Heureusement que le personnel était adorable", LabelPositive},
	})
}

// TestLessTurns checks that "moins" and "less" turn what they grade
// around, and that "au moins", "at least" and the idiom "moins cher"
// keep theirs.
func TestLessTurns(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	a := e.NewAnalyzer()
	for _, tt := range []struct{ lang, text, want string }{
		{"fr", "des sièges encore moins confortables dans les nouvelles rames", LabelNegative},
		{"fr", "un service moins bien qu'avant", LabelNegative},
		{"fr", "c'est de moins en moins fiable", LabelNegative},
		{"fr", "moins de bruit, plus de confort", LabelPositive},
		{"fr", "la fibre la moins chère", LabelPositive},
		{"en", "the seats are even less comfortable now", LabelNegative},
		{"en", "less stress, more fun", LabelPositive},
		{"en", "at least the staff were lovely", LabelPositive},
		{"fr", "10 € de moins, génial", LabelPositive},
		{"en", "£20 less, great", LabelPositive},
		{"en", "couldn't care less, great night", LabelPositive},
		{"en", "a less reliable service than before", LabelNegative},
		{"fr", "depuis la mise à jour, l'appli a moins de bugs", LabelPositive},
	} {
		if got := a.Analyze(tt.text, tt.lang).Sentiment; got.Label != tt.want {
			t.Errorf("%s %q = %+v, want %s", tt.lang, tt.text, got, tt.want)
		}
	}
}

// TestConditionOf compares conditionOf, given the last opener of a
// condition that lastConditional finds as the facts come, with that
// opener as the rules once kept it, word by word, for every token and
// clause start of the test posts.
func TestConditionOf(t *testing.T) {
	posts := []string{
		"if no one answers, leave a message", "si personne ne répond, laissez un message",
		"when I called, 40 minutes on hold", "quand j'ai appelé, 40 min d'attente, si si",
		"unless if when whenever si quand lorsque lorsqu'il", "if", "",
	}
	for _, p := range readLangPosts(t, "social_posts_lang.jsonl") {
		posts = append(posts, p.Text)
	}
	opened := 0
	for _, s := range posts {
		toks := Tokenize(s)
		conds := lastConditional{at: -1}
		for i := range toks {
			found := conds.before(toks, i)
			condAt := -1
			for k := 0; k <= i; k++ {
				if conditional(toks[k].Text) {
					condAt = k
				}
			}
			for clause := 0; clause <= i; clause++ {
				for _, quantity := range []bool{false, true} {
					want := condAt >= clause && condAt < i && !(quantity && when(toks[condAt].Text))
					if got := conditionOf(toks, clause, found, i, quantity); got != want {
						t.Fatalf("%q, token %d, clause from %d, quantity %v: conditionOf %v, want %v", s, i, clause, quantity, got, want)
					}
					if want {
						opened++
					}
				}
			}
		}
	}
	if opened == 0 {
		t.Fatal("no fact in a condition among the posts: the test compares nothing")
	}
}
