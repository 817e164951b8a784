package text

import "testing"

// TestRecurringFailure checks that a failure told as coming back at
// intervals is a complaint's fact, which praise around turns ironic, and
// that a schedule, a planned update, a price that drops or a noun of the
// same form are not.
func TestRecurringFailure(t *testing.T) {
	t.Parallel()
	checkLabels(t, testEngine(t).NewAnalyzer(), []labelCase{
		{"every N minutes", "en", "Love that my @VirginMedia router restarts every 20 minutes, great for Zoom calls", LabelNegative},
		{"every single time", "en", "Great, the app logs me out every single time I open it", LabelNegative},
		{"N times an hour", "en", "Wifi drops 5 times an hour, brilliant @BT", LabelNegative},
		{"a cheer after", "en", "The wifi cuts out every few minutes on the train. Lovely.", LabelNegative},
		{"toutes les N minutes", "fr", "J'adore @Deezer qui me coupe la musique toutes les 5 minutes", LabelNegative},
		{"N fois par jour", "fr", "Génial, la connexion saute 3 fois par jour @SFR", LabelNegative},
		{"told plainly", "fr", "L'appli a planté 3 fois par jour cette semaine", LabelNegative},
		{"a schedule", "en", "The bus goes every 10 minutes, great service", LabelPositive},
		{"a planned update", "en", "My Hive thermostat updates every night, love it", LabelPositive},
		{"a price that drops", "en", "The price drops every week at @Aldi, love it", LabelPositive},
		{"a schedule", "fr", "Le métro passe toutes les 3 minutes, top", LabelPositive},
		{"a number written out", "en", "My @SkyHelp box restarts every five minutes, brilliant", LabelNegative},
		{"rowing", "fr", "Mon fils rame tous les jours au club d'aviron, quelle belle équipe", LabelPositive},
		{"drops off", "en", "My wifi drops off every 20 minutes, thanks @Vodafone", LabelNegative},
		{"a jumping cat", "fr", "Le chat saute sur mon lit toutes les nuits, trop mignon", LabelPositive},
		{"a planned restart", "fr", "La box redémarre toutes les nuits pour se mettre à jour", LabelNeutral},
	})
	// A verb's form after an article is a noun ("une rame" is a train);
	// the writer's own doing and "dropped off" are no failures.
	for _, s := range []string{
		"Ligne 14 : une rame toutes les 85 secondes à l'heure de pointe",
		"Je coupe le wifi toutes les heures pour que les enfants fassent une pause, ça change tout",
		"My neighbour dropped off soup every evening when I was ill, so kind",
	} {
		if from, _ := recurringFailure(s, Tokenize(s), true, true); from >= 0 {
			t.Errorf("%q: a failure at %d", s, from)
		}
	}
}

// TestPeriodStart checks that recurringFailure skips only tokens at which
// period finds nothing, on the posts of the text and analyze tests and on
// periods of every form: period with its own periodStart test taken out
// (periodCases) finds nothing where periodStart says no.
func TestPeriodStart(t *testing.T) {
	t.Parallel()
	posts := []string{
		"every 20 minutes, every few minutes, every single time, every other day, every couple of hours, every five minutes",
		"toutes les 5 minutes, tous les soirs, tous les jours, toutes les nuits, 3 fois par jour, deux fois par semaine, trois fois par jour",
		"twice an hour, twice a day, twice per week, 5 times an hour, 10 times in a day, 4 fois en une heure, 2 times per call",
		"EVERY 2 Hours Toutes Les 10 Minutes TWICE A DAY Deux Fois Par Jour",
	}
	posts = append(posts, readPostTexts(t, "testdata/social_posts_lang.jsonl", "testdata/short_posts_lang.jsonl",
		"analyze/testdata/customer_posts_dev.jsonl", "analyze/testdata/measure_posts_dev.jsonl", "analyze/testdata/fact_posts_dev.jsonl")...)
	found := 0
	for _, s := range posts {
		toks := Tokenize(s)
		for k := range toks {
			end := periodCases(toks, k)
			if end >= 0 {
				found++
			}
			if end >= 0 && !periodStart(&toks[k]) {
				t.Errorf("%q: a period at %d (%q) that periodStart skips", s, k, toks[k].Text)
			}
		}
	}
	if found < 20 {
		t.Errorf("%d periods found, want at least the 20 written here", found)
	}
}
