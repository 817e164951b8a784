package text

import (
	"fmt"
	"math"
	"strings"
)

// The lexicons written for Parvis (data/lexicon_fr.tsv, lexicon_en.tsv)
// list lemmas: an adjective (in French its masculine singular), a noun's
// singular, a verb's infinitive. expandFR and expandEN generate the
// inflected forms posts use, already folded as tokens are ("écœurées" →
// "ecoeurees"), so that looking a word up stays one map access. A form
// that is not a word ("stabed" beside "stabbed") is harmless: no post
// holds it. Words the tokenizer splits (at a hyphen or an apostrophe)
// belong in idioms.tsv.

// Kinds of lemma in the lexicons.
const (
	kindAdjective = "a"  // French: gender and number; English: as is
	kindNoun      = "n"  // number
	kindVerb      = "v"  // French: first group (aimer); English: regular
	kindVerbIR    = "v2" // French second group: finir
	kindWord      = "w"  // this form only
)

// oneWord folds a lemma and checks that the tokenizer keeps it whole.
func oneWord(lemma string) (string, error) {
	w := Fold(lemma)
	if w == "" || strings.ContainsAny(w, " \t'’-") {
		return "", fmt.Errorf("%q: want one word (phrases and hyphenated words go in idioms.tsv)", lemma)
	}
	return w, nil
}

// expandFR returns the folded forms of a French lemma of the given kind,
// the lemma first.
func expandFR(lemma, kind string) ([]string, error) {
	w, err := oneWord(lemma)
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindWord:
		return []string{w}, nil
	case kindNoun:
		return []string{w, pluralFR(w)}, nil
	case kindAdjective:
		forms := []string{w, pluralFR(w)}
		fems := femininesFR(w)
		if strings.HasSuffix(lemma, "é") {
			fems = []string{w + "e"} // "frustré" folds to "frustre": not a feminine yet
		}
		for _, f := range fems {
			if f != w {
				forms = append(forms, f, f+"s")
			}
		}
		return forms, nil
	case kindVerb, kindVerbIR:
		return conjugateFR(lemma, w, kind)
	}
	return nil, fmt.Errorf("%q: unknown kind %q (want a, n, v, v2 or w)", lemma, kind)
}

// conjugateFR returns the regular forms of a folded French verb of the
// first group (kindVerb) or of the second (kindVerbIR): present, past
// participle (genders and numbers fold to e, ee, es, ees), imperfect,
// future, conditional, present participle, simple past.
func conjugateFR(lemma, w, kind string) ([]string, error) {
	ends, inf := []string{"er", "e", "es", "ent", "ons", "ez", "ee", "ees",
		"ais", "ait", "aient", "ions", "iez", "era", "erai", "eras", "erons", "erez", "eront",
		"erais", "erait", "erions", "eriez", "eraient", "ant", "a", "ai", "erent"}, "er"
	if kind == kindVerbIR {
		ends, inf = []string{"ir", "is", "it", "issons", "issez", "issent", "i", "ie", "ies",
			"issais", "issait", "issaient", "issions", "issiez", "ira", "irai", "iras", "irons", "irez", "iront",
			"irais", "irait", "irions", "iriez", "iraient", "issant", "irent"}, "ir"
	}
	stem, ok := strings.CutSuffix(w, inf)
	if !ok || len(stem) < 2 {
		return nil, fmt.Errorf("%q: a verb of kind %s ends in -%s", lemma, kind, inf)
	}
	forms := make([]string, 0, len(ends)+8)
	for _, e := range ends {
		forms = append(forms, stem+e)
		if kind != kindVerb {
			continue
		}
		switch {
		case strings.HasSuffix(stem, "g") && (e[0] == 'a' || e[0] == 'o'):
			forms = append(forms, stem+"e"+e) // "encourageait", "mangeons"
		case strings.HasSuffix(stem, "y") && (e == "e" || e == "es" || e == "ent" || strings.HasPrefix(e, "er")):
			forms = append(forms, stem[:len(stem)-1]+"i"+e) // "ennuie", "effraiera"
		}
	}
	return forms, nil
}

// pluralFR is the regular plural of a folded noun or masculine adjective.
func pluralFR(w string) string {
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"):
		return w
	case strings.HasSuffix(w, "al"):
		return w[:len(w)-2] + "aux"
	case strings.HasSuffix(w, "eau"), strings.HasSuffix(w, "eu"):
		return w + "x"
	}
	return w + "s"
}

// femininesFR returns the possible regular feminines of a folded masculine
// adjective. Where the rules hesitate ("menteur" → "menteuse" but
// "supérieur" → "supérieure"; "muet" → "muette" but "complet" →
// "complète") both are given: the form that is not French never occurs.
func femininesFR(w string) []string {
	for _, r := range [...]struct {
		from string
		to   []string
	}{
		{"e", []string{"e"}}, {"eux", []string{"euse"}}, {"teur", []string{"trice", "teuse", "teure"}},
		{"eur", []string{"euse", "eure"}}, {"if", []string{"ive"}}, {"el", []string{"elle"}},
		{"en", []string{"enne"}}, {"on", []string{"onne"}}, {"er", []string{"ere"}},
		{"et", []string{"ette", "ete"}}, {"ot", []string{"otte", "ote"}},
	} {
		if stem, ok := strings.CutSuffix(w, r.from); ok {
			out := make([]string, len(r.to))
			for i, t := range r.to {
				out[i] = stem + t
			}
			return out
		}
	}
	return []string{w + "e"}
}

// expandEN returns the folded forms of an English lemma of the given
// kind, the lemma first.
func expandEN(lemma, kind string) ([]string, error) {
	w, err := oneWord(lemma)
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindWord, kindAdjective:
		return []string{w}, nil
	case kindNoun:
		return []string{w, pluralEN(w)}, nil
	case kindVerb:
		if len(w) < 2 {
			return nil, fmt.Errorf("%q: too short for a verb", lemma)
		}
		forms := []string{w, sEN(w)}
		n := len(w)
		switch {
		case strings.HasSuffix(w, "ie"):
			forms = append(forms, w+"d", w[:n-2]+"ying")
		case strings.HasSuffix(w, "ee"):
			forms = append(forms, w+"d", w+"ing")
		case w[n-1] == 'e':
			forms = append(forms, w+"d", w[:n-1]+"ing")
		case w[n-1] == 'y' && !vowelEN(w[n-2]):
			forms = append(forms, w[:n-1]+"ied", w+"ing")
		default:
			forms = append(forms, w+"ed", w+"ing")
			if n >= 3 && !vowelEN(w[n-1]) && vowelEN(w[n-2]) && !vowelEN(w[n-3]) && !strings.ContainsRune("wxy", rune(w[n-1])) {
				forms = append(forms, w+w[n-1:]+"ed", w+w[n-1:]+"ing") // stab → stabbed
			}
		}
		return forms, nil
	}
	return nil, fmt.Errorf("%q: unknown kind %q (want a, n, v or w)", lemma, kind)
}

// pluralEN is the plural of an English noun: sEN, and the irregular
// endings -man → -men, -f/-fe → -ves beside the regular form ("gunmen";
// "thieves", "knives").
func pluralEN(w string) string {
	switch {
	case strings.HasSuffix(w, "man"):
		return w[:len(w)-3] + "men"
	case strings.HasSuffix(w, "fe"):
		return w[:len(w)-2] + "ves"
	case strings.HasSuffix(w, "f") && !strings.HasSuffix(w, "ff"):
		return w[:len(w)-1] + "ves"
	}
	return sEN(w)
}

// sEN adds the -s of a plural or of the third person.
func sEN(w string) string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case n >= 2 && w[n-1] == 'y' && !vowelEN(w[n-2]):
		return w[:n-1] + "ies"
	}
	return w + "s"
}

func vowelEN(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// addLexicon reads a lexicon (lemma, kind, valence) of lang into dst:
// every generated form but the function words (stop) and the forms dst
// already holds, which keep their valence. A form that two lemmas generate
// keeps the stronger valence, unless they disagree in sign: then it is
// left out, as neither can be trusted. An error names the line.
func addLexicon(dst map[string]float64, data, lang string, stop map[string]bool) error {
	expand := expandFR
	if lang == "en" {
		expand = expandEN
	}
	mine := map[string]bool{}     // forms this lexicon set
	conflict := map[string]bool{} // forms two lemmas disagree on
	return parseLexiconLines(data, func(f []string, v float64) error {
		if v < -4 || v > 4 {
			return fmt.Errorf("%q: valence %v outside [-4,4]", f[0], v)
		}
		forms, err := expand(f[0], f[1])
		if err != nil {
			return err
		}
		for _, w := range forms {
			old, ok := dst[w]
			switch {
			case stop[w] || conflict[w] || ok && !mine[w]:
			case !ok || math.Abs(v) > math.Abs(old) && old*v > 0:
				dst[w], mine[w] = v, true
			case old*v < 0:
				delete(dst, w)
				conflict[w] = true
			}
		}
		return nil
	}, 3)
}
