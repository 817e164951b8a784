package text

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestExpandFR(t *testing.T) {
	for _, c := range []struct {
		lemma, kind string
		want        []string // among the forms
		not         []string // never generated
	}{
		{"détester", "v", []string{"detester", "deteste", "detestes", "detestent", "detestee", "detestees", "detestait", "detesterai", "detestant"}, []string{"detest"}},
		{"haïr", "w", []string{"hair"}, []string{"hais"}},
		{"trahir", "v2", []string{"trahir", "trahis", "trahit", "trahissent", "trahi", "trahie", "trahissait", "trahira"}, []string{"trahe"}},
		{"heureux", "a", []string{"heureux", "heureuse", "heureuses"}, []string{"heureuxs"}},
		{"écœurant", "a", []string{"ecoeurant", "ecoeurants", "ecoeurante", "ecoeurantes"}, nil},
		{"menteur", "a", []string{"menteur", "menteurs", "menteuse", "menteuses"}, nil},
		{"destructeur", "a", []string{"destructrice", "destructrices"}, nil},
		{"cruel", "a", []string{"cruelle", "cruels"}, nil},
		{"minable", "a", []string{"minable", "minables"}, []string{"minablee"}},
		{"brutal", "a", []string{"brutaux", "brutale", "brutales"}, nil},
		{"frustré", "a", []string{"frustre", "frustres", "frustree", "frustrees"}, nil},
		{"encourager", "v", []string{"encourage", "encourageait", "encourageons", "encourageant"}, nil},
		{"ennuyer", "v", []string{"ennuyait", "ennuie", "ennuient", "ennuiera"}, nil},
		{"scandale", "n", []string{"scandale", "scandales"}, nil},
		{"cheval", "n", []string{"chevaux"}, nil},
		{"feu", "n", []string{"feux"}, nil},
		{"succès", "n", []string{"succes"}, []string{"success"}},
	} {
		forms, err := expandFR(c.lemma, c.kind)
		if err != nil {
			t.Errorf("%s %s: %v", c.lemma, c.kind, err)
			continue
		}
		if forms[0] != Fold(c.lemma) {
			t.Errorf("%s: first form %q, want the folded lemma", c.lemma, forms[0])
		}
		for _, w := range c.want {
			if !slices.Contains(forms, w) {
				t.Errorf("%s %s: %q not among %v", c.lemma, c.kind, w, forms)
			}
		}
		for _, w := range c.not {
			if slices.Contains(forms, w) {
				t.Errorf("%s %s: %q generated", c.lemma, c.kind, w)
			}
		}
	}
	for _, c := range []struct{ lemma, kind, msg string }{
		{"finir", "v", "ends in -er"},
		{"aimer", "v2", "ends in -ir"},
		{"er", "v", "ends in -er"},
		{"mauvais", "x", "unknown kind"},
		{"pas terrible", "a", "one word"},
		{"chef-d'œuvre", "n", "one word"},
		{"sous-homme", "n", "idioms.tsv"},
		{"", "n", "one word"},
	} {
		if _, err := expandFR(c.lemma, c.kind); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("expandFR(%q, %q) = %v, want an error saying %q", c.lemma, c.kind, err, c.msg)
		}
	}
}

func TestAddLexiconFR(t *testing.T) {
	stop := set("est")
	dst := map[string]float64{}
	data := "# comment\nodieux\ta\t-3\nodieux\tw\t-1\nestimer\tv\t1\nrâler\tv\t-1.5\nrale\tw\t2\nest\tw\t1\n"
	if err := addLexicon(dst, data, "fr", stop); err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]float64{"odieux": -3, "odieuses": -3, "estime": 1, "ralait": -1.5} {
		if got, ok := dst[w]; !ok || got != want {
			t.Errorf("%s = %v (%v), want %v", w, got, ok, want)
		}
	}
	if _, ok := dst["rale"]; ok {
		t.Error(`"rale" is given opposite valences by two lines: it must be left out`)
	}
	if _, ok := dst["est"]; ok {
		t.Error(`a function word ("est") must never get a valence`)
	}
	for _, bad := range []string{"mauvais\tx\t-2\n", "finir\tv\t1\n", "nul\ta\n", "nul\ta\tbeaucoup\n", "nul\ta\t-5\n"} {
		if err := addLexicon(map[string]float64{}, bad, "fr", stop); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: error %v, want one naming line 1", bad, err)
		}
	}
}

func TestExpandEN(t *testing.T) {
	for _, c := range []struct {
		lemma, kind string
		want        []string
	}{
		{"detest", "v", []string{"detest", "detests", "detested", "detesting"}},
		{"despise", "v", []string{"despises", "despised", "despising"}},
		{"stab", "v", []string{"stabs", "stabbed", "stabbing"}},
		{"bully", "v", []string{"bullies", "bullied", "bullying"}},
		{"die", "v", []string{"dies", "died", "dying"}},
		{"agree", "v", []string{"agrees", "agreed", "agreeing"}},
		{"smash", "v", []string{"smashes", "smashed", "smashing"}},
		{"parasite", "n", []string{"parasite", "parasites"}},
		{"gunman", "n", []string{"gunman", "gunmen"}},
		{"thief", "n", []string{"thieves"}},
		{"knife", "n", []string{"knives"}},
		{"atrocity", "n", []string{"atrocities"}},
		{"despicable", "a", []string{"despicable"}},
		{"stung", "w", []string{"stung"}},
	} {
		forms, err := expandEN(c.lemma, c.kind)
		if err != nil {
			t.Errorf("%s %s: %v", c.lemma, c.kind, err)
			continue
		}
		for _, w := range c.want {
			if !slices.Contains(forms, w) {
				t.Errorf("%s %s: %q not among %v", c.lemma, c.kind, w, forms)
			}
		}
	}
	for _, c := range []struct{ lemma, kind, msg string }{
		{"finir", "v2", "unknown kind"},
		{"two words", "a", "one word"},
		{"cold-blooded", "a", "one word"},
		{"x", "v", "too short"},
	} {
		if _, err := expandEN(c.lemma, c.kind); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("expandEN(%q, %q) = %v, want an error saying %q", c.lemma, c.kind, err, c.msg)
		}
	}
	// VADER's word keeps its valence; the new lexicon only adds.
	dst := map[string]float64{"hate": -2.7}
	if err := addLexicon(dst, "hate\tv\t-3\n", "en", nil); err != nil {
		t.Fatal(err)
	}
	if dst["hate"] != -2.7 || dst["hated"] != -3 {
		t.Errorf("hate %v hated %v, want -2.7 (kept) and -3 (added)", dst["hate"], dst["hated"])
	}
}

// The embedded lexicons expand without error and every form they give is
// a single folded word with a valence in range.
func TestLexiconsEmbedded(t *testing.T) {
	for _, c := range []struct{ lang, data, stop string }{{"fr", lexiconFRTSV, stopwordsFR}, {"en", lexiconENTSV, stopwordsEN}} {
		dst := map[string]float64{}
		if err := addLexicon(dst, c.data, c.lang, set(strings.Fields(c.stop)...)); err != nil {
			t.Fatalf("%s: %v", c.lang, err)
		}
		for w := range dst {
			// A form the tokenizer would split or fold otherwise could
			// never be looked up.
			if toks := Tokenize(w); len(toks) != 1 || toks[0].Text != w {
				t.Errorf("%s: form %q is not one token (%v)", c.lang, w, toks)
			}
		}
	}
}

// TestLexiconReviewsApplied checks that the reviews in tools/ are in effect
// in the engine: a VADER word or Pattern stem the review leaves out has no
// valence (unless Parvis's own lists, lexicon_en.tsv or slang.tsv, give it
// one: "supremacist"), a revalued one has its new valence. It catches a
// review edited without rerunning lexicon_extract.mjs, and a VADER entry
// that folds onto a word the review left out ("yeees" onto "yes").
func TestLexiconReviewsApplied(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]float64{} // the English valences Parvis's own lists give
	if err := addLexicon(written, lexiconENTSV, "en", set(strings.Fields(stopwordsEN)...)); err != nil {
		t.Fatal(err)
	}
	if err := parseLexicon(slangTSV, func(f []string, v float64) {
		if f[0] == "en" {
			written[f[1]] = v
		}
	}, 3); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		review  string
		lexicon map[string]float64
		written map[string]float64 // Parvis's own valences, which a review does not remove
		fold    func(string) string
	}{
		{"tools/vader_en_review.tsv", e.senti.en, written, Fold},
		{"tools/pattern_fr_review.tsv", e.senti.frStems, nil, func(s string) string { return s }},
	} {
		review, err := os.ReadFile(c.review)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i, line := range strings.Split(string(review), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 4 || f[3] == "" {
				t.Errorf("%s:%d: want term, valence, new valence and why, got %q", c.review, i+1, line)
				continue
			}
			now, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				t.Errorf("%s:%d: new valence: %v", c.review, i+1, err)
				continue
			}
			n++
			w := c.fold(f[0])
			got, ok := c.lexicon[w]
			own, isOwn := c.written[w]
			switch {
			case now == 0 && ok && !(isOwn && own == got):
				t.Errorf("%s:%d: %q is left out by the review but has valence %v: rerun lexicon_extract.mjs, or leave out what folds onto it", c.review, i+1, f[0], got)
			case now != 0 && (!ok || got != now):
				t.Errorf("%s:%d: %q is revalued to %v by the review but has %v (present: %v)", c.review, i+1, f[0], now, got, ok)
			}
		}
		if n < 100 {
			t.Errorf("%s: %d entries, want the whole review", c.review, n)
		}
	}
}

// TestWrittenLemmasScored checks that every lemma of the written lexicons
// has a valence in the engine (its own, or one that VADER or slang.tsv
// give the word): none is lost to a stop list that holds a content word
// ("remarquable" was) or to two lemmas that disagree.
func TestWrittenLemmasScored(t *testing.T) {
	t.Parallel()
	e, err := NewEngineWithSentimentModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, data string
		scored     map[string]float64
	}{{"lexicon_fr.tsv", lexiconFRTSV, e.senti.fr}, {"lexicon_en.tsv", lexiconENTSV, e.senti.en}} {
		if err := parseLexiconLines(c.data, func(f []string, v float64) error {
			if _, ok := c.scored[Fold(f[0])]; !ok {
				t.Errorf("%s: %q (%v) has no valence in the engine", c.name, f[0], v)
			}
			return nil
		}, 3); err != nil {
			t.Fatal(err)
		}
	}
}
