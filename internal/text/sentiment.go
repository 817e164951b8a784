package text

import (
	_ "embed"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentiment works in two layers. A lexicon-and-rules scorer in the manner
// of VADER gives every token a valence and applies negation, intensifiers,
// contrast, capitals, elongation and exclamation marks. A small linear model
// (multinomial logistic regression trained by TrainSentiment on labelled
// tweets) then reads those rule outputs together with hashed words and word
// pairs, and decides the label. Without a model the rules alone decide.

//go:embed data/vader_en.tsv
var vaderEN string

//go:embed data/pattern_fr.tsv
var patternFR string

// ShareAlikeData returns the embedded files whose licences ask that they
// be offered to whoever gets the binary (ODbL: AFINN's derived lists; CC
// BY-SA: the emoji ranking), by file name: `parvis notices --databases`.
func ShareAlikeData() map[string]string {
	return map[string]string{"afinn_en.tsv": afinnEN, "afinn_fr.tsv": afinnFR, "emoji_ranking.tsv": emojiRankingTSV}
}

//go:embed data/afinn_en.tsv
var afinnEN string

//go:embed data/afinn_fr.tsv
var afinnFR string

//go:embed data/stopwords_fr.txt
var stopwordsFR string

//go:embed data/lexicon_fr.tsv
var lexiconFRTSV string

//go:embed data/lexicon_en.tsv
var lexiconENTSV string

//go:embed data/slang.tsv
var slangTSV string

//go:embed data/emoji.tsv
var emojiTSV string

//go:embed data/emoji_ranking.tsv
var emojiRankingTSV string

//go:embed data/facts.tsv
var factsTSV string

//go:embed data/idioms.tsv
var idiomsTSV string

//go:embed data/sentiment_lr.bin
var sentimentLR []byte

// Labels, in the order of the model's classes.
const (
	LabelNegative = "negative"
	LabelNeutral  = "neutral"
	LabelPositive = "positive"
)

var labels = [3]string{LabelNegative, LabelNeutral, LabelPositive}

type sentimentModel struct {
	en, fr  map[string]float64 // whole words (VADER, then lexicon_*.tsv; slang overrides)
	afinn   map[string]float64 // AFINN-165, a second English opinion for the model
	afinnFR map[string]float64 // AFINN-165 translated to French, the same for French
	frStems map[string]float64 // Pattern French stems, matched as prefixes
	frStop  map[string]bool    // French function words, never matched to a stem
	// stemHeads has the bit of every stem's first four bytes (headBit):
	// most French words start as no stem does, and skip the stems' map.
	stemHeads *[stemHeadWords]uint64
	emoji     map[string]float64 // folded emoji and canonical emoticons
	lin       *linearModel       // nil: rules only

	roles              map[string]role
	idiomsFR, idiomsEN idiomIndex
	actions            *actionLexicon

	// words indexes infos, what every lexicon above says of a word,
	// so that the rules look a token up once (indexWords); infos[0] is
	// that of the words none holds.
	words wordTable
	infos []wordInfo
}

// wordInfo is what the lexicons say of one word.
type wordInfo struct {
	role               role
	has                infoHas
	en, fr             float64 // m.en[w]; m.frValence(w)
	afinnEN, afinnFR   float64
	idiomsEN, idiomsFR *idiomSeconds // the idioms starting with the word, by their second
	class              wordClass
}

// wordClass holds what word predicates say of a word the table holds, so
// that the rules ask them once per word, not once per post.
type wordClass uint8

const (
	classQuantity wordClass = 1 << iota // quantityWord
)

// idiomSeconds holds the idioms that start with one word by the entry of
// their second word in sentimentModel.words, sorted: a token's entry is
// known, and a binary search of a few int32 costs less than hashing the
// second word into a map of strings.
type idiomSeconds struct {
	entries []int32
	lists   [][]idiom
	single  []idiom // phrases of the first word alone (idiom.alone); the first counts
}

// find returns the idioms whose second word has the entry e.
func (x *idiomSeconds) find(e int32) []idiom {
	if x == nil || e == 0 {
		return nil
	}
	if k, ok := slices.BinarySearch(x.entries, e); ok {
		return x.lists[k]
	}
	return nil
}

type infoHas uint8

const (
	hasEN infoHas = 1 << iota
	hasFR
	hasAfinnEN
	hasAfinnFR
)

// indexWords fills m.words and m.infos from the lexicons, once they are
// all loaded, and the idioms' second words, whose entries index the
// idioms (idiomSeconds). A word that no lexicon holds gets the entry the
// lookups of entry 0 would compute.
func (m *sentimentModel) indexWords() error {
	seen := map[string]bool{}
	words := []string{""} // by entry
	m.infos = []wordInfo{{}}
	var seconds []string
	for _, byFirst := range []idiomIndex{m.idiomsEN, m.idiomsFR} {
		for _, bySecond := range byFirst {
			for w := range bySecond {
				if w != "" { // "": the one-word phrases
					seconds = append(seconds, w)
				}
			}
		}
	}
	for _, keys := range []iter.Seq[string]{maps.Keys(m.roles), maps.Keys(m.en), maps.Keys(m.fr), maps.Keys(m.afinn), maps.Keys(m.afinnFR), slices.Values(seconds)} {
		for w := range keys {
			if seen[w] {
				continue
			}
			seen[w] = true
			info := wordInfo{role: m.roles[w]}
			if quantityWord(w) {
				info.class |= classQuantity
			}
			if v, ok := m.en[w]; ok {
				info.en, info.has = v, info.has|hasEN
			}
			if v, ok := m.frValence(w); ok {
				info.fr, info.has = v, info.has|hasFR
			}
			if v, ok := m.afinn[w]; ok {
				info.afinnEN, info.has = v, info.has|hasAfinnEN
			}
			if v, ok := m.afinnFR[w]; ok {
				info.afinnFR, info.has = v, info.has|hasAfinnFR
			}
			words = append(words, w)
			m.infos = append(m.infos, info)
		}
	}
	var err error
	if m.words, err = newWordTable(words); err != nil {
		return err
	}
	for e, w := range words {
		m.infos[e].idiomsEN = m.idiomSeconds(m.idiomsEN[w])
		m.infos[e].idiomsFR = m.idiomSeconds(m.idiomsFR[w])
	}
	return nil
}

// idiomSeconds indexes the idioms of one first word by the entries of
// their second words (nil for none).
func (m *sentimentModel) idiomSeconds(bySecond map[string][]idiom) *idiomSeconds {
	if len(bySecond) == 0 {
		return nil
	}
	x := &idiomSeconds{single: bySecond[""]}
	for second := range bySecond {
		if second != "" {
			x.entries = append(x.entries, m.words.lookup(second))
		}
	}
	slices.Sort(x.entries)
	for _, e := range x.entries {
		x.lists = append(x.lists, bySecond[m.words.word(e)])
	}
	return x
}

// tokenValence is valence for a token whose entry in m.infos is known
// (0: none).
func (m *sentimentModel) tokenValence(t *Token, info int32, lang string) (float64, bool) {
	switch t.Kind {
	case Emoji, Emoticon:
		v, ok := m.emoji[t.Text]
		return v, ok
	case Word, Hashtag:
	default:
		return 0, false
	}
	in := &m.infos[info]
	var v float64
	ok := false
	switch lang {
	case "en":
		v, ok = in.en, in.has&hasEN != 0
	case "fr":
		v, ok = m.infoFR(t.Text, info)
	case Und, "":
		// English first, but not for a word written with letters
		// English lacks: "Hâte !" folds to "hate".
		if !t.asciiWord && accented(t.Raw) {
			if v, ok = m.infoFR(t.Text, info); !ok {
				v, ok = in.en, in.has&hasEN != 0
			}
		} else if v, ok = in.en, in.has&hasEN != 0; !ok {
			v, ok = m.infoFR(t.Text, info)
		}
	}
	if ok {
		return v, true
	}
	if t.Elongated {
		return m.elongatedValence(t, lang)
	}
	return 0, false
}

// lexiconLang returns "fr" or "en" when the words of a post that one
// lexicon only knows are all of that one's, and there is at least one;
// otherwise "". The n-grams of one word, or of a few, can place it in the
// wrong one of the two: "Incroyable", "Inacceptable", "Pitoyable" and
// "Splendide" read as English by their endings, "Congrats" as French,
// each then read with a lexicon that lacks it and found neutral.
//
// Lexicons are weaker evidence than n-grams, and share many words: a
// French word counts only when the French lexicon holds it whole (its
// stems match English words: "provid" in "provides"), and words of under
// three letters do not count (VADER scores "z"). On the windows of one
// to three words cut from the Debian fortunes in French or English,
// this changes about one answer in 10,000, as many right as wrong
// ("gratified", "devilish" become English; "protection", "a motive",
// "minus 69 seconds", words of both languages, become French).
func (m *sentimentModel) lexiconLang(toks []Token) string {
	vote := ""
	for i := range toks {
		t := &toks[i]
		if t.Kind != Word || utf8.RuneCountInString(t.Text) < 3 {
			continue
		}
		info := m.words.lookup(t.Text)
		_, en := m.tokenValence(t, info, "en")
		_, fr := m.tokenValence(t, info, "fr")
		var l string
		switch {
		case en && !fr:
			l = "en"
		case fr && !en && m.frWhole(t.Text):
			l = "fr"
		default:
			continue
		}
		if vote != "" && vote != l {
			return ""
		}
		vote = l
	}
	return vote
}

// frWhole reports whether the French lexicon holds w whole, maybe in the
// plural, not only one of its stems.
func (m *sentimentModel) frWhole(w string) bool {
	if _, ok := m.fr[w]; ok {
		return true
	}
	_, ok := m.frPlural(w)
	return ok
}

// frPlural looks a French word up without its plural s or x.
func (m *sentimentModel) frPlural(w string) (float64, bool) {
	if n := len(w); n > 3 && (w[n-1] == 's' || w[n-1] == 'x') {
		v, ok := m.fr[w[:n-1]]
		return v, ok
	}
	return 0, false
}

// accented reports whether w holds a Latin letter that English lacks
// ("hâte", "déçu", "œuvre"). A typographic apostrophe ("don’t") is none,
// nor are the letters that the tokenizer folds to ASCII without an accent
// to drop: styled text ("𝐡𝐚𝐭𝐞", "ｈａｔｅ") is the English word it
// spells, and a modifier apostrophe ("donʼt") is punctuation.
func accented(w string) bool {
	for _, r := range w {
		if 0xC0 <= r && r <= 0x24F && unicode.IsLetter(r) || 0x1E00 <= r && r <= 0x1EFF {
			return true // Latin-1 letters, Latin Extended-A, -B and Additional
		}
	}
	return false
}

// infoFR is frValence(w) for a word whose entry in m.infos is known.
func (m *sentimentModel) infoFR(w string, info int32) (float64, bool) {
	if info != 0 {
		return m.infos[info].fr, m.infos[info].has&hasFR != 0
	}
	return m.frUnlisted(w)
}

type sentimentScratch struct {
	val    []float64 // valence of each token after the rules
	roles  []role    // role of each token in the post's language
	infos  []int32   // entry of each word, hashtag or number in sentimentModel.infos
	marks  []mark    // what the rules made of each token, for the model
	feats  []feature
	sents  sentenceIndex
	meas   []measure // the quantities that tell a complaint (measures)
	pass   rulePass  // what a pass of the rules leaves to the next
	hashes []uint64  // of each word, number or hashtag, for m.words
	warmed uint64    // what loading tables ahead of use read (linearModel.warm, ruleWords)
}

// mark tells the model's word features what the rules made of a token.
type mark uint8

const (
	markNone    mark = iota
	markNegated      // inside a negation scope: "not [good]"
	markIdiom        // a word of an idiom: "[not] [bad]", "[thanks] [for] [nothing]"
)

func newSentimentModel(model []byte) (*sentimentModel, error) {
	m := &sentimentModel{idiomsFR: idiomIndex{}, idiomsEN: idiomIndex{}, afinn: map[string]float64{}, afinnFR: map[string]float64{}, en: map[string]float64{}, fr: map[string]float64{}, frStems: map[string]float64{}, emoji: map[string]float64{}}
	if err := parseLexicon(vaderEN, func(f []string, v float64) { m.en[Fold(f[0])] = v }, 2); err != nil {
		return nil, fmt.Errorf("vader_en.tsv: %w", err)
	}
	if err := parseLexicon(patternFR, func(f []string, v float64) { m.frStems[f[0]] = v }, 2); err != nil {
		return nil, fmt.Errorf("pattern_fr.tsv: %w", err)
	}
	m.stemHeads = new([stemHeadWords]uint64)
	for stem := range m.frStems {
		if len(stem) >= 4 {
			b := headBit(stem)
			m.stemHeads[b/64] |= 1 << (b % 64)
		}
	}
	if err := parseLexicon(afinnEN, func(f []string, v float64) { m.afinn[f[0]] = v }, 2); err != nil {
		return nil, fmt.Errorf("afinn_en.tsv: %w", err)
	}
	if err := parseLexicon(afinnFR, func(f []string, v float64) { m.afinnFR[f[0]] = v }, 2); err != nil {
		return nil, fmt.Errorf("afinn_fr.tsv: %w", err)
	}
	m.frStop = set(strings.Fields(stopwordsFR)...)
	for _, file := range []struct {
		name, data string
		fact       bool
	}{{"idioms.tsv", idiomsTSV, false}, {"facts.tsv", factsTSV, true}} {
		if err := parseLexicon(file.data, func(f []string, v float64) {
			if f[0] == "fr" {
				addIdioms(m.idiomsFR, f[1], v, file.fact)
			} else {
				addIdioms(m.idiomsEN, f[1], v, file.fact)
			}
		}, 3); err != nil {
			return nil, fmt.Errorf("%s: %w", file.name, err)
		}
	}
	m.roles = wordRoles(m.idiomsFR, m.idiomsEN)
	actions, err := parseActions(actionsTSV)
	if err != nil {
		return nil, fmt.Errorf("actions.tsv: %w", err)
	}
	m.actions = actions
	actions.words(func(w string) { m.roles[w] |= roleAction })
	if err := addLexicon(m.fr, lexiconFRTSV, "fr", m.frStop); err != nil {
		return nil, fmt.Errorf("lexicon_fr.tsv: %w", err)
	}
	if err := addLexicon(m.en, lexiconENTSV, "en", set(strings.Fields(stopwordsEN)...)); err != nil {
		return nil, fmt.Errorf("lexicon_en.tsv: %w", err)
	}
	if err := parseLexicon(slangTSV, func(f []string, v float64) {
		if f[0] == "fr" {
			m.fr[f[1]] = v
		} else {
			m.en[f[1]] = v
		}
	}, 3); err != nil {
		return nil, fmt.Errorf("slang.tsv: %w", err)
	}
	// The Emoji Sentiment Ranking covers hundreds of emoji; the hand-written
	// list, on the lexicons' scale and with newer emoji (🙄 🤣), wins.
	if err := parseLexicon(emojiRankingTSV, func(f []string, v float64) { m.emoji[f[0]] = v }, 2); err != nil {
		return nil, fmt.Errorf("emoji_ranking.tsv: %w", err)
	}
	if err := parseLexicon(emojiTSV, func(f []string, v float64) { m.emoji[f[0]] = v }, 2); err != nil {
		return nil, fmt.Errorf("emoji.tsv: %w", err)
	}
	m.finishIdioms(m.idiomsFR, "fr")
	m.finishIdioms(m.idiomsEN, "en")
	if err := m.indexWords(); err != nil {
		return nil, err
	}
	if len(model) > 0 {
		lin, err := parseLinearModel(model)
		if err != nil {
			return nil, err
		}
		m.lin = lin
	}
	return m, nil
}

// parseLexicon reads tab-separated lines whose last field is a valence;
// '#' starts a comment line.
func parseLexicon(data string, add func(fields []string, v float64), nfields int) error {
	return parseLexiconLines(data, func(f []string, v float64) error { add(f, v); return nil }, nfields)
}

// parseLexiconLines is parseLexicon with an add that can refuse a line:
// its error comes back with the line's number.
func parseLexiconLines(data string, add func(fields []string, v float64) error, nfields int) error {
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != nfields {
			return fmt.Errorf("line %d: %d fields, want %d", n+1, len(f), nfields)
		}
		v, err := strconv.ParseFloat(f[nfields-1], 64)
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
		if err := add(f, v); err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
	}
	return nil
}

// Rule constants, from VADER (Hutto & Gilbert 2014) where it has one.
const (
	negScalar  = -0.74 // a negated valence flips and weakens
	boostIncr  = 0.293 // an intensifier before a word
	capsIncr   = 0.733 // a word in capitals in a post that is not all capitals
	elongIncr  = 0.3   // "trooop", "sooo"
	exclIncr   = 0.292 // each '!' (up to 4)
	beforeBut  = 0.5   // words before "but"/"mais" count less…
	afterBut   = 1.5   // …and words after it more
	normAlpha  = 15    // compound = sum / sqrt(sum² + alpha)
	negWindow  = 3     // words after a negator that it flips
	neutralCut = 0.05  // |compound| below this is neutral (rules only)
	// ruleSureCut is the |compound| from which the rules' polarity
	// overrides the model's (in English). Chosen among 0.3, 0.4, 0.5 and
	// 0.7 by cross-validation and the customer dev set (0.4: CV en +0.005,
	// dev en +0.02; 0.3 costs TweetEval CV 0.004).
	ruleSureCut = 0.4
	// ruleSureCutFR is the |compound| from which the rules' polarity
	// overrides the opposite polarity of the model in French, whose
	// stance-labelled training tweets make it read "petit retard mais
	// l'équipage a été aux petits soins, merci" as negative. Among 0.6,
	// 0.7, 0.8 and 0.9: 0.8 and 0.9 leave CV fr as it is (0.6 and 0.7
	// cost 0.0013 and 0.0006), and 0.8 reads more written posts right.
	ruleSureCutFR = 0.8
)

// role is what a word does to its neighbours, per language.
type role uint16

const (
	roleNegEN      role = 1 << iota // not, never…: flips the next words
	roleNegFR                       // pas, jamais, sans…
	roleNeFR                        // ne, n': opens a negation closed by pas/plus/jamais/rien
	roleNeCloseFR                   // pas, plus, jamais, rien after ne
	roleBoostEN                     // very, so…
	roleBoostFR                     // très, trop…
	roleDampEN                      // slightly, kinda…
	roleDampFR                      // peu, plutôt…
	roleContrastEN                  // but, however…
	roleContrastFR                  // mais, pourtant…
	roleIdiom                       // first word of an idiom
	roleModalEN                     // may, might, if…: what follows is not a fact
	roleModalFR                     // si, pourrait…
	roleNeOnlyFR                    // que after ne: "je n'ai que des éloges" restricts, it does not deny
	roleAction                      // a verb or an object of data/actions.tsv

	rolesEN = roleNegEN | roleBoostEN | roleDampEN | roleContrastEN | roleModalEN
	rolesFR = roleNegFR | roleNeFR | roleNeCloseFR | roleNeOnlyFR | roleBoostFR | roleDampFR | roleContrastFR | roleModalFR
)

// wordRoles builds the table of function words: one map lookup per token
// instead of one per rule.
func wordRoles(idioms ...idiomIndex) map[string]role {
	m := map[string]role{}
	add := func(r role, words ...string) {
		for _, w := range words {
			m[w] |= r
		}
	}
	add(roleNegEN, "not", "no", "never", "cannot", "nothing", "nobody", "none", "neither", "nor", "without", "zero", "dont", "cant", "wont", "isnt", "doesnt", "didnt", "aint", "wasnt", "shouldnt", "wouldnt", "couldnt", "havent", "hasnt", "nope")
	add(roleNegFR, "pas", "jamais", "sans", "aucun", "aucune", "rien", "ni", "personne", "guere", "nullement", "zero")
	add(roleNeFR, "ne", "n'")
	add(roleNeCloseFR, "pas", "plus", "jamais", "rien")
	add(roleBoostEN, "very", "really", "so", "extremely", "super", "totally", "absolutely", "incredibly", "too", "highly", "completely", "truly", "damn", "fucking", "most", "such", "freaking", "hella", "mega")
	add(roleBoostFR, "tres", "trop", "vraiment", "tellement", "super", "hyper", "grave", "carrement", "vachement", "si", "ultra", "archi", "completement", "totalement", "absolument", "franchement", "particulierement", "extremement")
	add(roleDampEN, "slightly", "somewhat", "kinda", "barely", "hardly", "fairly", "rather", "bit", "little", "sorta", "almost")
	add(roleDampFR, "peu", "assez", "plutot", "legerement", "moyennement", "presque")
	add(roleModalEN, "may", "might", "could", "would", "should", "if", "whether", "unless")
	add(roleModalFR, "pourrait", "pourraient", "devrait", "devraient", "serait", "seraient")
	add(roleContrastEN, "but", "however", "though", "although", "yet")
	add(roleContrastFR, "mais", "pourtant", "cependant", "toutefois", "neanmoins", "sauf")
	add(roleNeOnlyFR, "que", "qu'")
	for _, byFirst := range idioms {
		for w := range byFirst {
			m[w] |= roleIdiom
		}
	}
	return m
}

// idiomIndex holds the phrases of idioms.tsv and facts.tsv by their first
// and second words: a post's word then looks at a few phrases, not at the
// hundreds that start with "pas" or "no".
type idiomIndex map[string]map[string][]idiom

// idiom is a phrase whose meaning is not the sum of its words ("pas
// terrible", "thanks for nothing", "can't believe"): its valence (0 for
// none) replaces the words' own, and the words are no negation.
type idiom struct {
	rest []string // the folded words after the first
	val  float64
	// own: the idiom goes against one of its words ("pas mal", "thanks
	// for nothing", "can't believe"), so the model must not read those
	// words as it reads them elsewhere.
	own bool
	// closesNe: the idiom holds the pas/plus (or que) of an open "ne" ("ça
	// ne marche pas"), which is part of it, not a negation of it.
	closesNe bool
	// before: the idiom only stands before a word without a valence of
	// its own ("still no answer"; in "still no problems" "no" negates).
	before bool
	// negators: the idiom is made of negations only ("plus jamais"); after
	// an open "ne" they are the ne's ("je n'ai plus jamais eu de souci").
	negators bool
	// afterNe: the idiom starts with "plus", which denies only after a
	// "ne" ("ce n'est plus acceptable"); otherwise it compares ("c'est
	// plus simple", "rien de plus normal").
	afterNe bool
	// fact: the idiom tells what went wrong for a customer (facts.tsv),
	// so praise before it is ironic.
	fact bool
	// alone: the idiom is all the words of its clause, as in a short
	// reply ("Je valide !", "Well done @team 👏", "Bidon."), not part of a
	// longer one ("je valide mon panier", "cook until well done", "le
	// bidon de 5 litres"). It may be one word.
	alone bool
}

// addIdioms adds a phrase of data/idioms.tsv to byFirst. A phrase is
// words separated by spaces; "a|b" in a slot stands for either word, and
// each expansion is cut into words by the tokenizer ("c'est" → "c'",
// "est"; an elision may stand apart: "n' est|a", "pas d'"). A final " _"
// asks for a next word without a valence; a final " $" for the phrase to
// be all the words of its clause (idiom.alone), and then it may be one
// word.
func addIdioms(byFirst idiomIndex, spec string, v float64, fact bool) {
	before := strings.HasSuffix(spec, " _")
	spec = strings.TrimSuffix(spec, " _")
	alone := strings.HasSuffix(spec, " $")
	spec = strings.TrimSuffix(spec, " $")
	expansions := []string{""}
	for _, slot := range strings.Fields(spec) {
		var next []string
		for _, prefix := range expansions {
			for _, alt := range strings.Split(slot, "|") {
				if strings.HasSuffix(prefix, "'") {
					next = append(next, prefix+alt) // "n'" "est" → "n'est"
				} else {
					next = append(next, prefix+" "+alt)
				}
			}
		}
		expansions = next
	}
	for _, phrase := range expansions {
		var toks []Token
		if strings.HasSuffix(phrase, "'") {
			// An elision ends the phrase ("toujours pas d'"): the
			// tokenizer keeps it only before a word.
			toks = Tokenize(phrase + "x")
			toks = toks[:len(toks)-1]
		} else {
			toks = Tokenize(phrase)
		}
		if len(toks) == 0 || len(toks) == 1 && !alone {
			continue
		}
		words := make([]string, len(toks))
		for i := range toks {
			words[i] = toks[i].Text
		}
		closesNe, negators := false, true
		for k, w := range words {
			ne := w == "pas" || w == "plus" || w == "jamais" || w == "rien"
			// ne…que restricts: "je n'ai été remboursé qu'à moitié".
			closesNe = closesNe || k > 0 && (ne || w == "que" || w == "qu'")
			negators = negators && ne
		}
		afterNe := words[0] == "plus" && !negators
		bySecond := byFirst[words[0]]
		if bySecond == nil {
			bySecond = map[string][]idiom{}
			byFirst[words[0]] = bySecond
		}
		second := "" // a phrase of one word
		if len(words) > 1 {
			second = words[1]
		}
		bySecond[second] = append(bySecond[second], idiom{rest: words[1:], val: v, closesNe: closesNe, before: before, negators: negators, afterNe: afterNe, fact: fact, alone: alone})
	}
}

// finishIdioms, once every lexicon is loaded, puts the longer phrases of
// each first word first, and sets idiom.own where a word of the idiom has
// a valence of the other sign (or any valence, for an idiom without one),
// or is a negation while the idiom is not negative.
func (m *sentimentModel) finishIdioms(byFirst idiomIndex, lang string) {
	for first, bySecond := range byFirst {
		for _, list := range bySecond {
			slices.SortStableFunc(list, func(a, b idiom) int { return len(b.rest) - len(a.rest) })
			for k := range list {
				id := &list[k]
				for _, w := range append([]string{first}, id.rest...) {
					v, ok := m.wordValence(w, lang)
					negation := m.roles[w]&(roleNegEN|roleNegFR) != 0 || strings.HasSuffix(w, "n't")
					if ok && v != 0 && (id.val == 0 || v*id.val < 0) || negation && id.val >= 0 {
						id.own = true
					}
				}
			}
		}
	}
}

// matchIdiom returns the longest idiom of bySecond (those that start
// with toks[i]'s word, by their second word) that starts at toks[i]
// and lies inside one clause, and whose conditions hold: a next word
// without valence for those that ask for one, no open "ne" for those made
// of negations only; and the index of its last token, mentions between
// its words skipped.
func (m *sentimentModel) matchIdiom(seconds *idiomSeconds, s string, toks []Token, infos []int32, i int, lang string, neOpen bool) (id idiom, end int, ok bool) {
	if seconds == nil {
		return idiom{}, 0, false
	}
	if id, end, ok := m.matchLongIdiom(seconds, s, toks, infos, i, lang, neOpen); ok {
		return id, end, true
	}
	if len(seconds.single) > 0 && m.fillsClause(s, toks, infos, i, i) {
		return seconds.single[0], i, true
	}
	return idiom{}, 0, false
}

// matchLongIdiom is matchIdiom for the phrases of two words or more.
func (m *sentimentModel) matchLongIdiom(seconds *idiomSeconds, s string, toks []Token, infos []int32, i int, lang string, neOpen bool) (id idiom, end int, ok bool) {
	second := skipMentions(toks, i+1)
	if second >= len(toks) {
		return idiom{}, 0, false
	}
	var e int32
	switch toks[second].Kind {
	case Word, Number, Hashtag: // the kinds rules looks up
		e = infos[second]
	default:
		e = m.words.lookup(toks[second].Text)
	}
next:
	for _, id := range seconds.find(e) {
		if id.negators && neOpen || id.afterNe && !neOpen {
			continue
		}
		prev := i
		for _, w := range id.rest {
			j := skipMentions(toks, prev+1)
			if j >= len(toks) || toks[j].Text != w {
				continue next
			}
			for k := prev; k < j; k++ {
				// Gap by gap: a handle may hold dots ("@sncf.bsky.social").
				if clauseBreak(s[toks[k].End:toks[k+1].Start]) {
					continue next
				}
			}
			prev = j
		}
		end := prev
		if id.alone && !m.fillsClause(s, toks, infos, i, end) {
			continue
		}
		if id.before && end+1 < len(toks) && !clauseBreak(s[toks[end].End:toks[end+1].Start]) {
			if v, ok := m.valence(&toks[end+1], lang); ok && v != 0 {
				continue
			}
		}
		return id, end, true
	}
	return idiom{}, 0, false
}

// fillsClause reports whether toks[from:to+1] holds all the words of its
// clause: beside them only mentions, hashtags, emoji, emoticons, links,
// words that only make it stronger ("Really well done", "Je valide
// totalement") and a reply's fillers (replyFiller): "Well done @team 👏",
// "Bidon.", "Site down again, well done @shop"; not "le bidon de 5
// litres", "Ne partez pas sans moi". The clause ends where the rules'
// clauses do: at a stop, a comma, a "but" ("Nice try but do better") or
// a word after emoji ("Trop de pubs 🙄 désabonné"). A comma after them
// that more words follow goes on with a list or a sentence ("Clowns,
// magicians and face painting"): no end.
func (m *sentimentModel) fillsClause(s string, toks []Token, infos []int32, from, to int) bool {
	for k := from - 1; k >= 0; k-- {
		if clauseBreak(s[toks[k].End:toks[k+1].Start]) || emojiBreak(toks, k+1) {
			break
		}
		if end, other := m.besideReply(toks, infos, k); end {
			break
		} else if other {
			return false
		}
	}
	for k := to + 1; k < len(toks); k++ {
		if gap := s[toks[k-1].End:toks[k].Start]; clauseBreak(gap) && strings.Trim(gap, " ,") != "" || emojiBreak(toks, k) {
			break // a stop, a question, an exclamation…
		}
		if end, other := m.besideReply(toks, infos, k); end {
			break
		} else if other {
			return false
		}
	}
	return true
}

// besideReply tells what toks[k], in the clause of a reply's phrase, is:
// the clause's end (a "but", "mais"), another word that says more than
// the phrase (a number too), or neither (a mention, emoji, intensifier,
// filler…).
func (m *sentimentModel) besideReply(toks []Token, infos []int32, k int) (end, other bool) {
	switch toks[k].Kind {
	case Number:
		return false, true
	case Word:
	default:
		return false, false
	}
	ro := m.infos[infos[k]].role
	if ro&(roleContrastEN|roleContrastFR) != 0 {
		return true, false
	}
	return false, ro&(roleBoostEN|roleBoostFR) == 0 && !replyFiller(toks[k].Text)
}

// replyFiller reports whether w is a word a reply adds to its phrase
// without saying more: a laugh, a please, whom it addresses, a farewell
// ("Props guys", "Unfollowing, bye", "Bidon mdr", "Do better pls").
func replyFiller(w string) bool {
	switch w {
	case "lol", "lmao", "mdr", "ptdr", "pls", "plz", "please", "svp", "stp", "now", "ngl", "bye", "guys", "team", "everyone", "folks", "perso":
		return true
	}
	return false
}

// skipMentions returns the index of the first token from toks[j] on that
// is not a mention: a phrase may name whom it addresses ("would fly @KLM
// again", "merci @SNCF pour rien").
func skipMentions(toks []Token, j int) int {
	for j < len(toks) && toks[j].Kind == Mention {
		j++
	}
	return j
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// valence returns the lexicon valence of one token in a language ("en",
// "fr", or Und and "": both lexicons, English first but for an accented
// word, see tokenValence; other languages have none).
func (m *sentimentModel) valence(t *Token, lang string) (float64, bool) {
	return m.tokenValence(t, m.words.lookup(t.Text), lang)
}

// elongatedValence looks up an elongated word squeezed to two letters:
// "goooood" squeezes to "god"; the two-letter form finds "good". A run of
// one letter is no word drawn out: "KKK" is not VADER's "kk" (okay).
func (m *sentimentModel) elongatedValence(t *Token, lang string) (float64, bool) {
	w := t.Raw
	if t.Kind == Hashtag {
		w = sigilBody(w)
	}
	w = squeeze(foldChars(w), 2)
	if _, n := utf8.DecodeRuneInString(w); len(w) == 2*n && w[:n] == w[n:] {
		return 0, false
	}
	return m.wordValence(w, lang)
}

func (m *sentimentModel) wordValence(w, lang string) (float64, bool) {
	switch lang {
	case "en":
		v, ok := m.en[w]
		return v, ok
	case "fr":
		return m.frValence(w)
	case Und, "":
		if v, ok := m.en[w]; ok {
			return v, ok
		}
		return m.frValence(w)
	}
	return 0, false
}

// frValence looks a French word up whole (also without a plural s/x), then
// as a Pattern stem: the longest prefix of at least 4 letters that leaves an
// ending of at most 5 ("adorables" → "ador", "magnifiques" → "magnif").
// Words shorter than 5 letters only match whole: short stems such as
// "part" would otherwise score everyday words.
func (m *sentimentModel) frValence(w string) (float64, bool) {
	if v, ok := m.fr[w]; ok {
		return v, true
	}
	return m.frUnlisted(w)
}

// frUnlisted is frValence for a word that m.fr does not hold whole.
func (m *sentimentModel) frUnlisted(w string) (float64, bool) {
	if v, ok := m.frPlural(w); ok {
		return v, true
	}
	if len(w) < 5 {
		return 0, false
	}
	if b := headBit(w); m.stemHeads[b/64]&(1<<(b%64)) == 0 || m.frStop[w] {
		return 0, false
	}
	for n := len(w); n >= 4 && n >= len(w)-5; n-- {
		if v, ok := m.frStems[w[:n]]; ok && (n > 4 || len(w)-n <= 2 || adjectiveEnding(w[n:])) {
			return v, true
		}
	}
	return 0, false
}

// stemHeadWords is the size of sentimentModel.stemHeads: 2^16 bits, 8 KB.
const stemHeadWords = 1 << 10

// headBit hashes the first four bytes of w (len(w) >= 4) to a bit of
// sentimentModel.stemHeads.
func headBit(w string) uint32 {
	h := uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
	return (h * 0x9e3779b1) >> 16
}

// adjectiveEnding reports whether what follows a four-letter stem, when it
// is longer than two letters, is an ending of the adjectives the stems
// come from: "ador|able", "moqu|euse", "fort|ement" is not one. Without it
// the shortest stems match unrelated words: "cher" in "cherche", "conc" in
// "concert", "mouv" in "mouvement".
func adjectiveEnding(e string) bool {
	switch e {
	case "able", "ables", "ible", "ibles", "ique", "iques", "ifs", "ive", "ives",
		"eux", "euse", "euses", "eur", "eurs", "ant", "ante", "ants", "antes",
		"ale", "ales", "aux", "elle", "elles", "els",
		"ier", "iere", "iers", "ieres", "ard", "arde", "ards", "ardes", "ues":
		return true
	}
	return false
}

// ruleResult is what the rules find in a post.
type ruleResult struct {
	sum, pos, neg    float64 // signed sum, positive and negative mass
	npos, nneg       int
	negations        int
	excl, quest      int
	emojiPos, emoNeg float64
	afinnPos, afNeg  float64 // AFINN mass, negation applied
	contrast         bool
	maxPos, maxNeg   float64 // strongest positive and negative valence (both ≥ 0)
	last             float64 // valence of the last scored token
	tail             float64 // sum of the valences in the last clause
	hashPos, hashNeg float64 // valence mass of hashtags
	upper, elong     int     // words in capitals, elongated tokens
	mentions         int
	url              bool
	negPos, negNeg   float64 // valence mass negated: "not good", "no problem"
	facts            int     // facts of a complaint (facts.tsv), not negated
	asked            bool    // a question (asks); only for posts without feeling
	schedule         int     // words of a schedule (scheduleCues); likewise
	reported         bool    // thanks told as news (reportedThanks); likewise
	news             bool    // reported, the post speaks of others only (newsVoice), no gibe after a pause (suspended)
	notice           bool    // an organisation speaking to its public (serviceNotice)
	noticePraise     bool    // and praise besides its formula
	reply            bool    // the notice is a service desk's reply to a customer (brandReply)
	bulletin         bool    // the notice is a bulletin without a formula (bulletin)
	noticeStrong     bool    // a notice's strong bad word besides its formula ("Awful!")
	infoQ            bool    // the post ends on a question for information (infoQuestion)
	rhetorical       bool    // a question challenges what it names (rhetoricalQuestion)
	sarcasm          bool    // the post says it means the opposite (sarcasmMarked)
	resolved         bool    // what was done about a complaint follows, and nothing worse (facts.tsv)
	thankedFix       bool    // thanks for a fix, and nothing bad after (thanksForFix)
	concededPraise   bool    // ironic thanks, then a concession that praises and weighs (keptIrony)
	whole            float64 // the valence of an idiom that is all the post's words (wordsOnlyIn)
}

// negate returns a valence v flipped and damped by a negation, and counts
// it in the negated mass.
func (r *ruleResult) negate(v float64) float64 {
	n := v * negScalar
	if v > 0 {
		r.negPos -= n
	} else {
		r.negNeg += n
	}
	return n
}

// turnPraise turns the praise of toks[from:to+1] around, as said to mean
// its opposite; hashtags, like emoji, keep their own.
func (r *ruleResult) turnPraise(toks []Token, val []float64, marks []mark, from, to int) {
	for k := from; k <= to; k++ {
		if val[k] > 0 && toks[k].Kind != Hashtag {
			val[k] = r.negate(val[k])
			marks[k] = markNegated
		}
	}
}

// unnegate undoes negate: it returns the valence before the negation.
func (r *ruleResult) unnegate(n float64) float64 {
	if n < 0 {
		r.negPos += n
	} else {
		r.negNeg -= n
	}
	return n / negScalar
}

// rules scores toks with the lexicons and rules; sc.val receives the final
// valence of each token, and sc.marks what the rules made of it.
//
// It runs in three passes, each a method of its own: ruleWords looks up
// the words and reads the post's quantities, ruleTokens reads the tokens
// in order (negations, idioms, facts, valences), and rulePost looks at the
// post as a whole (irony, questions, notices, the sums). AnalyzeBatch runs
// each pass over a stage's posts before the next, so that the code of one
// pass, which is large, stays in the instruction cache from one post to
// the next. sc.pass carries the figures a pass leaves to the next; what
// each token became is in sc.val, sc.marks, sc.roles and sc.infos, which
// ruleWords resets, as it does sc.meas and sc.sents.
func (m *sentimentModel) rules(sc *sentimentScratch, s string, toks []Token, lang string) ruleResult {
	m.ruleWords(sc, s, toks, lang)
	m.ruleTokens(sc, s, toks, lang)
	return m.rulePost(sc, s, toks, lang)
}

// rulePass holds the figures the first passes of the rules leave to the
// next (ruleWords the first, ruleTokens all).
type rulePass struct {
	r               ruleResult
	quantity        bool // the post may hold a quantity (quantityIn)
	contrastAt      int  // the post's last "but", or what was done about a complaint, or -1
	clauseAt        int  // the last clause's first token
	factAt, factEnd int  // the first fact of a complaint (facts.tsv, a quantity, an action), its first and last token, or -1
	resolvedAt      int  // what was done about a complaint, read as a "but", or -1
	waits           int  // facts that are plain waits (measure.weak), counted in r.facts
}

// ruleWords is the first pass of the rules: the entries and roles of the
// tokens, and the post's quantities.
func (m *sentimentModel) ruleWords(sc *sentimentScratch, s string, toks []Token, lang string) {
	en := lang != "fr"
	fr := lang == "fr" || lang == Und || lang == ""
	sents := &sc.sents
	sents.built, sents.titleCase, sents.reqBuilt = false, 0, false
	if cap(sc.val) < len(toks) {
		sc.val = make([]float64, len(toks))
	}
	val := sc.val[:len(toks)]
	clear(val)
	if cap(sc.marks) < len(toks) {
		sc.marks = make([]mark, len(toks))
	}
	clear(sc.marks[:len(toks)])
	mask := role(0)
	if en {
		mask |= rolesEN
	}
	if fr {
		mask |= rolesFR
	}
	if cap(sc.roles) < len(toks) {
		sc.roles = make([]role, len(toks))
		sc.infos = make([]int32, len(toks))
		sc.hashes = make([]uint64, len(toks))
	}
	roles, infos, hashes := sc.roles[:len(toks)], sc.infos[:len(toks)], sc.hashes[:len(toks)]
	// Each token's slot of the word table, then its entry, is loaded
	// before any is used, so that their cache misses overlap.
	for i := range toks {
		hashes[i] = 0
		switch toks[i].Kind {
		case Word, Number, Hashtag:
			hashes[i] = hash64(toks[i].Text)
			pos, _ := m.words.place(hashes[i])
			sc.warmed += uint64(m.words.slots[pos])
		}
	}
	for i := range toks {
		infos[i] = 0
		if hashes[i] != 0 {
			infos[i] = m.words.find(toks[i].Text, hashes[i])
			sc.warmed += uint64(m.infos[infos[i]].role)
		}
	}
	for i := range toks {
		roles[i] = 0
		switch toks[i].Kind {
		case Word:
			roles[i] = m.infos[infos[i]].role & (mask | roleIdiom | roleAction)
			if t := toks[i].Text; t[0] >= '0' && t[0] <= '9' && clockTime(t) {
				roles[i] |= roleAction // a departure: "merci pour le 7h42 supprimé"
			}
		case Number: // "5 stars", "0 étoile"
			roles[i] = m.infos[infos[i]].role & roleIdiom
		}
	}
	sc.pass.quantity = m.quantityIn(toks, infos)
	sc.meas = sc.meas[:0]
	if sc.pass.quantity {
		sc.meas = readMeasures(sc.meas, s, toks, lang)
	}
}

// ruleTokens is the second pass of the rules: it reads the tokens in
// order, with their negations, idioms, facts and valences.
func (m *sentimentModel) ruleTokens(sc *sentimentScratch, s string, toks []Token, lang string) {
	var r ruleResult
	en := lang != "fr"
	fr := lang == "fr" || lang == Und || lang == ""
	sents := &sc.sents
	val, marks := sc.val[:len(toks)], sc.marks[:len(toks)]
	roles, infos := sc.roles[:len(toks)], sc.infos[:len(toks)]
	allCaps := true
	for i := range toks {
		if toks[i].Kind == Word && !toks[i].Upper && len(toks[i].Text) > 1 {
			allCaps = false
			break
		}
	}
	negLeft := 0
	negAt := -1                            // the English negator or "jamais" that opened the scope
	neOpen, neAt, neIdiom := false, -1, -1 // neIdiom: an idiom an open ne flipped
	modal := false
	var asked sentenceEnd                                        // whether the sentence being read is a question
	idiomFrom, idiomTo, idiomVal, idiomOwn := -1, -1, 0.0, false // the idiom being read
	enoughFrom, enoughAt := -1, -1                               // "can't … enough"
	contrastAt := -1
	factAt, factEnd := -1, -1 // the first fact of a complaint (facts.tsv), its first and last token
	var announced lazyAnnouncement
	resolvedAt := -1 // what was done about it, read as a "but"
	clauseAt := 0
	var negBefore negScan
	addressed := addresses(toks) // tags someone, not whom the writer went to see
	quantity := sc.pass.quantity
	waits := 0 // facts that are plain waits (measure.weak), counted in r.facts
	meas, mi := sc.meas, 0
	conds := lastConditional{at: -1}
	for i := range toks {
		t := &toks[i]
		switch {
		case t.Kind == URL:
			r.url = true
		case t.Kind == Mention:
			r.mentions++
		case t.Upper && t.Kind == Word:
			r.upper++
		}
		if t.Elongated {
			r.elong++
		}
		if i > 0 && (clauseBreak(s[toks[i-1].End:t.Start]) || emojiBreak(toks, i)) {
			negLeft, negAt, neOpen, modal = 0, -1, false, false
			clauseAt = i
		}
		if i > idiomFrom && i <= idiomTo {
			if idiomOwn {
				marks[i] = markIdiom
			}
			if i == idiomTo {
				val[i] = idiomVal
			}
			continue
		}
		if i == enoughAt {
			// "can't recommend them enough", "can't get enough of it":
			// praise, stronger than the verb alone.
			scored := false
			for j := enoughFrom + 1; j < i; j++ {
				if val[j] != 0 {
					scored = true
					val[j] += math.Copysign(boostIncr, val[j])
				}
			}
			if !scored {
				val[i] = cantEnoughValence
			}
			continue
		}
		ro := roles[i]
		if ro&(roleModalEN|roleModalFR) != 0 && !monthName(s, toks, i) {
			modal = true
		}
		if ro&(roleContrastEN|roleContrastFR) != 0 {
			contrastAt = i
			clauseAt = i
			negLeft, negAt, neOpen = 0, -1, false
			continue
		}
		for mi < len(meas) && meas[mi].from < i {
			mi++ // inside an idiom read before
		}
		if ro != 0 || mi < len(meas) && meas[mi].from == i {
			id, end, ok := idiom{}, 0, false
			if fr && ro&roleIdiom != 0 {
				id, end, ok = m.matchIdiom(m.infos[infos[i]].idiomsFR, s, toks, infos, i, lang, neOpen)
			}
			if !ok && en && ro&roleIdiom != 0 {
				id, end, ok = m.matchIdiom(m.infos[infos[i]].idiomsEN, s, toks, infos, i, lang, neOpen)
			}
			quantity, weak := false, false
			if mi < len(meas) && meas[mi].from == i && (!ok || !id.fact && end <= meas[mi].to) && (meas[mi].until || negLeft == 0 && !neOpen) {
				// A wait, a delay or a rise told by its figures
				// (measures.go) is a fact, as those of facts.tsv; it
				// wins over an idiom it holds ("on hold for 52 mins"
				// over "on hold"). After a negation only "until" keeps
				// it ("weren't seated until 8:30").
				id, end, ok, quantity, weak = idiom{val: meas[mi].val, fact: true}, meas[mi].to, true, true, meas[mi].weak
			}
			if !ok && ro&roleAction != 0 && negLeft == 0 && !neOpen {
				// What an organisation did to a customer, told by a verb
				// and its object (actions.go), is a fact too: "cancelled
				// my flight", "a coupé ma ligne"; or a fix: "annulé les
				// frais". Denied, its words are read as they are.
				bad := func(k int) bool { v, _ := m.valence(&toks[k], lang); return v < 0 }
				if v, e, hit := m.actions.at(s, toks, sents, i, fr, en, addressed, bad); hit {
					id, end, ok = idiom{val: v, fact: true}, e, true
				}
			}
			if ok {
				// An idiom is no negation, and one that starts with
				// "pas" closes an open "ne": "ce n'est pas mal". A
				// negation before it flips it: "never let me down",
				// "ce n'est pas au top".
				idiomFrom, idiomTo, idiomVal, idiomOwn = i, end, id.val, id.own
				if id.own {
					marks[i] = markIdiom
				}
				closesNe := neOpen && (ro&roleNeCloseFR != 0 || id.closesNe)
				ownNegation := ro&(roleNegEN|roleNegFR|roleNeCloseFR) != 0 || strings.HasSuffix(t.Text, "n't")
				switch {
				case quantity:
					// A negation before a quantity denies the verb
					// before it, which is read as it is ("ça ne valait
					// pas les 2h d'attente"; the quantity was skipped
					// above), or is the complaint's ("weren't seated
					// until 8:30", "pas servis avant 21h30").
				case !ownNegation && !closesNe && (negLeft > 0 || neOpen):
					idiomVal = r.negate(idiomVal)
					if neOpen && negLeft == 0 {
						neIdiom = idiomTo // "que" may undo it
					}
				}
				switch {
				case !id.fact || (id.val < 0) != (idiomVal < 0):
					// Not a fact, or a denied one: "no hidden fees".
				case idiomVal < 0 && (conditionOf(toks, clauseAt, conds.before(toks, i), i, quantity) || notice(s, toks, sents, i, idiomTo, lang) || announced.covers(s, toks, sents, i, lang)):
					// "si personne ne répond, laissez un message",
					// "trains supprimés dimanche pour travaux", "can't
					// sign in? reset your password": no complaint.
					idiomVal = 0
				case idiomVal < 0:
					if weak {
						waits++
					}
					r.facts++
					if factAt < 0 {
						factAt, factEnd = i, idiomTo
					}
				case idiomVal > 0 && contrastAt < 0 && negBefore.seen(val, i):
					// What was done about a complaint turns the post
					// as a "but" would: "my headphones died, they
					// replaced them free of charge".
					contrastAt, clauseAt, resolvedAt = i, i, i
				}
				negLeft, negAt = 0, -1
				if closesNe {
					neOpen = false
					r.negations--
				}
				if idiomTo == i {
					val[i] = idiomVal // a quantity of one token: "+18 %"
				}
				if !quantity && wordsOnlyIn(toks, i, idiomTo) {
					r.whole = idiomVal // "Plus jamais.", "Pas mal !"
				}
				continue
			}
			if neOpen && ro&roleNeOnlyFR != 0 {
				// "je n'ai que des éloges": ne…que restricts, it does not deny.
				for j := neAt + 1; j < i; j++ {
					switch {
					case marks[j] == markNegated:
						marks[j] = markNone
						val[j] = r.unnegate(val[j])
					case j == neIdiom: // the value of an idiom the ne flipped
						val[j] = r.unnegate(val[j])
					}
				}
				neOpen = false
				r.negations--
				continue
			}
			if ro&roleNeFR != 0 {
				neOpen, neAt = true, i
				r.negations++
				continue
			}
			if neOpen && ro&roleNeCloseFR != 0 {
				neOpen = false
				if opensComparison(toks, i) {
					r.negations-- // the ne's
				} else {
					negLeft, negAt = negWindow, i
				}
				continue
			}
			if ro&roleNegEN != 0 && t.Text == "no" && i+1 < len(toks) && subjectPronoun(toks[i+1].Text) {
				continue // an interjection: "no I love it", "no you're right"
			}
			if e := cantEnough(s, toks, i); e > 0 {
				enoughFrom, enoughAt = i, e
				continue
			}
			if t.Text == "zero" && !zeroNegates(s, toks, i) {
				continue // "Coke Zero", "from zero to hero"
			}
			if opensComparison(toks, i) {
				continue
			}
			if fr && t.Text == "personne" && personNoun(toks, i) {
				continue
			}
			if ro&(roleNegEN|roleNegFR) != 0 {
				negLeft, negAt = negWindow, i
				if t.Text == "zero" {
					negLeft = 1 // "zéro souci": the next word only
				}
				r.negations++
				if fr && t.Text == "pas" && colloquialNegation(s, toks, val, marks, i) {
					// Spoken French drops the "ne" and the verb comes
					// before "pas": "j'adore pas", "ça me plaît pas".
					val[i-1] = r.negate(val[i-1])
					marks[i-1] = markNegated
				}
				continue
			}
		}
		if en && t.Kind == Word && strings.HasSuffix(t.Text, "n't") {
			if e := cantEnough(s, toks, i); e > 0 {
				enoughFrom, enoughAt = i, e
				continue
			}
			negLeft, negAt = negWindow, i
			r.negations++
			continue
		}
		// Emoji and hashtags stand apart from the sentence: "aucune info
		// #honteux", "not going 😍" are not negated.
		negated := (neOpen || negLeft > 0) && (t.Kind == Word || t.Kind == Number)
		if negated {
			marks[i] = markNegated
		}
		if t.Kind == Number {
			if v, ok := rating(s, toks, i); ok {
				// "10/10", "2/5", "17/20": a mark, not negated ("not
				// perfect but 8/10").
				val[i] = v
				marks[i] = markIdiom
				continue
			}
		}
		v, ok := m.tokenValence(t, infos[i], lang)
		if ok && t.Kind == Word && camelName(t.Raw) {
			// "TGV inOui", "SuperU", "PlayStation": a name in camel case
			// carries no feeling.
			ok = false
		}
		if ok && en && t.Text == "like" && !likeVerb(toks, i) {
			// "looks like rain", "like a boss", "would you like…": a
			// preposition, a filler or a request, not a liking.
			ok = false
		}
		if ok && ro&(roleBoostEN|roleBoostFR) != 0 && m.boosts(s, toks, roles, i, lang) {
			// As in VADER, an intensifier has no valence of its own when
			// it strengthens the next word: "damn good", "freaking
			// awesome", "super content"; but "un super concert", "damn
			// phone" keep theirs.
			ok = false
		}
		if !ok || v == 0 {
			if negLeft > 0 && t.Kind == Word {
				negLeft--
			}
			continue
		}
		if fr && t.Text == "bien" && bienIndeed(s, toks, i) {
			// "c'est bien celui de la facture ?": indeed, not good;
			// nor for the model.
			marks[i] = markIdiom
			continue
		}
		if en && firstName(s, toks, sents, i) {
			// "thanks to Rob at the desk", "checked in by Joy": a name.
			marks[i] = markIdiom
			continue
		}
		if v > 0 && (politeThanks(s, toks, i) || mercidePlease(toks, i) || ackThanks(s, toks, i)) {
			// "… sur la facture ? Merci", "can I pay by card? thanks",
			// "Merci, bien reçu. Je dois imprimer l'étiquette ?":
			// politeness, no thanks for anything yet; nor for the model.
			marks[i] = markIdiom
			continue
		}
		if v > 0 && reportedThanks(s, toks, i, fr, en) {
			// "La mairie remercie les habitants pour leur patience", "The
			// council thanked residents": thanks told as news, not the
			// writer's.
			marks[i] = markIdiom
			r.reported = true
			continue
		}
		// Intensifiers and attenuators up to two words before.
		for k := 1; k <= 2 && i-k >= 0; k++ {
			scale := 1.0 - 0.05*float64(k-1)
			if roles[i-k]&(roleBoostEN|roleBoostFR) != 0 {
				v += math.Copysign(boostIncr*scale, v)
			} else if roles[i-k]&(roleDampEN|roleDampFR) != 0 {
				v -= math.Copysign(boostIncr*scale, v)
			}
		}
		if t.Upper && !allCaps {
			v += math.Copysign(capsIncr, v)
		}
		if properNoun(s, toks, i) {
			v *= properNounScale
		}
		// "couldn't be happier": more, not less, and no hypothesis.
		praise := negated && !neOpen && negatedComparative(s, toks, negAt, i)
		if modal && !praise {
			v *= modalScale
		}
		if v > 0 && asked.question(s, t.End) {
			v *= questionScale
		}
		if t.Elongated {
			v += math.Copysign(elongIncr, v)
		}
		if praise {
			v += math.Copysign(boostIncr, v)
			// Not a negation for the model either: neither the count
			// nor the words marked as negated ("couldn't be happier"
			// must read as "happier"). negatedComparative found negAt.
			for j := negAt; j <= i; j++ {
				if marks[j] == markNegated {
					marks[j] = markNone
				}
			}
			r.negations--
			negAt, negLeft = -1, 0
		} else if negated {
			v = r.negate(v)
		}
		if negLeft > 0 {
			negLeft--
		}
		val[i] = v
	}
	sc.pass = rulePass{r: r, quantity: quantity, contrastAt: contrastAt, clauseAt: clauseAt, factAt: factAt, factEnd: factEnd, resolvedAt: resolvedAt, waits: waits}
}

// rulePost is the last pass of the rules: it looks at the post as a whole
// (irony, questions, notices) and sums the valences.
func (m *sentimentModel) rulePost(sc *sentimentScratch, s string, toks []Token, lang string) ruleResult {
	p := &sc.pass
	r, quantity, contrastAt, clauseAt, factAt, factEnd, resolvedAt, waits := p.r, p.quantity, p.contrastAt, p.clauseAt, p.factAt, p.factEnd, p.resolvedAt, p.waits
	en := lang != "fr"
	fr := lang == "fr" || lang == Und || lang == ""
	sents := &sc.sents
	val, marks := sc.val[:len(toks)], sc.marks[:len(toks)]
	roles, infos, meas := sc.roles[:len(toks)], sc.infos[:len(toks)], sc.meas
	// "génial, encore une grève 🙄", "love mondays #not": the praise is
	// said to mean its opposite.
	if at := sarcasmMarked(s, toks); at >= 0 {
		r.sarcasm = true
		upTo := len(val)
		if contrastAt > at {
			// What comes after a "but" is meant as said: "Merci la météo
			// pour la pluie le jour du mariage 🙃 mais la salle était
			// magnifique".
			upTo = contrastAt
		}
		for i, v := range val[:upTo] {
			if v > 0 && toks[i].Kind != Hashtag && marks[i] != markIdiom {
				val[i] = r.negate(v)
				marks[i] = markNegated
			}
		}
	}
	// "Less" turns what it grades around: "encore moins confortables",
	// "even less reliable", "un service moins bien", "less stress".
	for i := range toks {
		if val[i] != 0 && marks[i] == markNone && toks[i].Kind == Word && lessBefore(s, toks, i) && m.ownValence(&toks[i], lang, val[i]) {
			val[i] = r.negate(val[i])
			marks[i] = markNegated
		}
	}
	// A customer quoting the company's word contests it: "marked as
	// 'delivered'", "'guaranteed next-day'", "the 'pool' has been closed
	// since 2022". The quote is a complaint's fact, and praise inside it
	// is ironic ("still no 'free' upgrade").
	onlyQuote := false // the only fact is a quote
	if from, to := scareQuote(s, toks); from >= 0 && contests(s, toks, val, from, to, &r) {
		onlyQuote = r.facts == 0
		r.turnPraise(toks, val, marks, from, to)
		val[to] += scareQuoteValence
		r.facts++
		if factAt < 0 || from < factAt {
			factAt, factEnd = from, to
		}
	}
	// A question that challenges what it names is a complaint's fact, and
	// praise inside it is ironic: "who thought removing the jack was a
	// good idea?", "c'est normal de payer 4 € un café ?".
	if from, to := rhetoricalQuestion(s, toks, val, fr, en); from >= 0 {
		r.turnPraise(toks, val, marks, from, to)
		val[from] += rhetoricalValence
		r.facts++
		r.rhetorical = true
		if factAt < 0 || from < factAt {
			factAt, factEnd = from, to
		}
	}
	// Praise of speed belied by the time taken is ironic, and so is the
	// praise around it, up to a "but" after both: "Thanks for handling
	// my claim so quickly — only took 4 months".
	fixes := func(w string) bool { return m.actions.classes(w, fr, en)&actFix != 0 } // "refunded", "remplacé"…
	if speed, from, to := slowPraise(s, toks, marks, meas, lang, fixes, quantity); speed >= 0 {
		end := len(toks) - 1
		if contrastAt > max(speed, to) {
			end = contrastAt - 1
		}
		r.turnPraise(toks, val, marks, 0, end)
		val[from] += waitValence
		r.facts++
		if factAt < 0 || from < factAt {
			factAt, factEnd = from, to
		}
	}
	// A failure that keeps coming back is a complaint's fact: "my router
	// restarts every 20 minutes", "me coupe la musique toutes les 5
	// minutes". Not twice: facts.tsv may know it already.
	if from, to := recurringFailure(s, toks, fr, en); from >= 0 && !slices.Contains(marks[from:to+1], markIdiom) {
		val[from] += recurValence
		r.facts++
		if factAt < 0 || from < factAt {
			factAt, factEnd = from, to
		}
	}
	if factAt >= 0 && r.facts == waits && !addresses(toks) && (r.negations == 0 || r.negNeg > 0 && r.negPos == 0) && !complainsBesides(toks, val, meas) {
		// A quantity alone tells too little to read praise around it as
		// ironic: fans queue for hours happily ("Queued 2 hours for
		// tickets and GOT THEM, best day ever", "waited 40 minutes in the
		// rain for the band… Legendary"). It does when the post complains
		// besides: it tags someone (not whom it went to see), denies
		// (not "pas déçus"), or says a bad word. With
		// praise, the wait is what the praise was worth and weighs
		// nothing; without any, it stays the post's complaint ("1h
		// d'attente au guichet").
		factAt = -1
		if slices.ContainsFunc(val, func(v float64) bool { return v > 0 }) {
			for _, q := range meas {
				if q.weak && val[q.to] < 0 {
					val[q.to] = 0
				}
			}
			r.facts -= waits
		}
	}
	// Thanks for a fix name the problem fixed, which is no complaint of
	// the writer's: "Thank you @UberEats for refunding the missing meal",
	// "Merci @Fnac d'avoir échangé mon casque défectueux". Not when the
	// post tells a complaint's fact or says something bad after ("…
	// qui fuit encore plus qu'avant").
	if r.facts == 0 {
		if from, to := thanksForFix(s, toks, val, marks, fixes); from >= 0 {
			for k := from; k <= to; k++ {
				if val[k] < 0 {
					val[k], marks[k] = 0, markIdiom
				}
			}
			r.thankedFix = true
		}
	}
	// Thanks for a mishap are ironic, and so is praise after them in
	// their sentence and the emoji ending the post: "Merci @SNCF pour le
	// retard 👏", "Thanks @BT for the price hike, love it".
	if i := thanksForMishap(s, toks, val, marks, factAt, factEnd, meas); i >= 0 {
		_, to := sents.span(s, toks, i)
		conceded := contrastAt > i && !slices.ContainsFunc(toks[contrastAt:], func(t Token) bool { return thanksWord(t.Text) })
		if conceded && contrastAt <= to {
			// "…, mais bien géré finalement 👍"; not "…, mais alors
			// vraiment merci 👏", which thanks again.
			to = contrastAt - 1
		}
		r.turnPraise(toks, val, marks, i, to)
		end := keptIrony(s, toks, to+1)
		if contrastAt < 0 && end > to {
			// The sentences after ironic thanks keep their irony, up to
			// a word that concedes: "Thanks @DB_Bahn for turning a
			// 4-hour trip into an 8-hour one. Really enjoyed the bonus
			// tour of Fulda station."; not "… Luckily the staff were
			// lovely."
			r.turnPraise(toks, val, marks, to+1, end)
		}
		if contrastAt < 0 && end+1 < len(toks) && concedes(s, toks, end+1) {
			// A concession after them that praises, and nothing bad
			// after it, is the writer's last word, as after a "but":
			// "Merci @OUIGO pour le retard. Malgré tout, voyage agréable
			// et personnel adorable"; not "At least you're consistent",
			// nor "Anyway, great start to the week", which only stop
			// the irony.
			before, after := 0.0, 0.0
			for k, v := range val {
				if k <= end {
					before += v
				} else if v < 0 {
					after = math.Inf(-1)
				} else {
					after += v
				}
			}
			r.concededPraise = after > 0 && after >= -before/2
		}
		if !conceded {
			// And the emoji ending the post, unless a "but" came
			// between ("… mais bien géré finalement 👍").
			last := len(toks) - 1
			for last > to && (toks[last].Kind == Emoji || toks[last].Kind == Emoticon) {
				last--
			}
			r.turnPraise(toks, val, marks, last+1, len(toks)-1)
		}
	}
	// So is praise in the sentence of a complaint's fact, when some comes
	// before it and no "but" turns the post: "great, another 2 hours on
	// hold, love spending my Saturday like this", "rien de tel qu'un
	// train supprimé" (praise idioms included).
	if from, to := ironicSentence(s, toks, sents, val, marks, roles, factAt, factEnd, fixes); contrastAt < 0 && from >= 0 {
		r.turnPraise(toks, val, marks, from, to)
	}
	// Thanks to someone after a complaint's fact, for nothing named and
	// with no fix, are ironic too: "3e TER supprimé cette semaine, merci
	// la SNCF", "charged twice. Thanks @bank", "Same price but 8 bars
	// instead of 10. Cheers @brand" (the fact after the "but").
	if factAt >= 0 && contrastAt < factAt && !strings.Contains(s[toks[len(toks)-1].End:], "!") {
		// Read backwards through the last sentence, once: bare thanks have
		// nothing good and nothing that names what for after them but
		// the emoji ending the post, which they turn too ("Merci
		// @TotalEnergies 👏"), and its hashtags ("Cheers @Walkers 👍
		// #shrinkflation").
		last := len(toks) - 1
		for last > factAt && (toks[last].Kind == Emoji || toks[last].Kind == Emoticon || toks[last].Kind == Hashtag) {
			last--
		}
		from, _ := sents.span(s, toks, last)
		bare := true
		for i := last; i > factAt && i >= from; i-- {
			v := val[i]
			if bare && v > 0 && marks[i] != markNegated && thanksWord(toks[i].Text) {
				val[i] = r.negate(v)
				marks[i] = markNegated
				r.turnPraise(toks, val, marks, last+1, len(toks)-1)
			}
			bare = bare && v <= 0 && !thanksFor(toks[i].Text)
		}
	}
	if factAt >= 0 && contrastAt < 0 && !slices.ContainsFunc(val[:factAt], func(v float64) bool { return v > 0 }) {
		// After a complaint's fact, and no praise before it (the fact may
		// be what was helped with: "shoutout to the staff who rebooked me
		// after I missed my train. Lifesavers."): laughs are at one's luck
		// and a cheer ending the post is ironic.
		bitterLaughs(toks, val, marks, factAt, factEnd, r.mentions > 0, onlyQuote)
		if !onlyQuote { // a quote alone may be what someone said: "she said 'see you soon' 😊"
			if from := cheerAfter(s, toks, sents, val, marks, factAt, factEnd); from >= 0 {
				r.turnPraise(toks, val, marks, from, len(toks)-1)
			}
		}
	}
	readLaughs(toks, val, marks) // before AFINN's sums, which skip what it marks
	afinnHas := hasAfinnEN
	if lang == "fr" {
		afinnHas = hasAfinnFR
	}
	{
		for i := range toks {
			if toks[i].Kind != Word {
				continue
			}
			in := &m.infos[infos[i]]
			v := in.afinnEN
			if afinnHas == hasAfinnFR {
				v = in.afinnFR
			}
			if in.has&afinnHas == 0 || marks[i] == markIdiom {
				continue // the idiom's words are not theirs: "pas mal", "not bad"
			}
			if marks[i] == markNegated {
				v = -v
			}
			if v > 0 {
				r.afinnPos += v
			} else {
				r.afNeg -= v
			}
		}
	}
	for i, v := range val {
		if v == 0 {
			continue
		}
		if contrastAt >= 0 {
			if i < contrastAt {
				v *= beforeBut
			} else {
				v *= afterBut
			}
			val[i] = v
		}
		r.sum += v
		r.last = v
		if i >= clauseAt {
			r.tail += v
		}
		if v > 0 {
			r.pos += v
			r.npos++
			r.maxPos = max(r.maxPos, v)
		} else {
			r.neg -= v
			r.nneg++
			r.maxNeg = max(r.maxNeg, -v)
		}
		if toks[i].Kind == Hashtag {
			if v > 0 {
				r.hashPos += v
			} else {
				r.hashNeg -= v
			}
		}
		if k := toks[i].Kind; k == Emoji || k == Emoticon {
			if v > 0 {
				r.emojiPos += v
			} else {
				r.emoNeg -= v
			}
		}
	}
	r.contrast = contrastAt >= 0
	if r.npos == 0 && r.nneg == 0 && r.negations == 0 && r.facts == 0 {
		// Only a post without feeling may be a request or a notice
		// (decide): most posts skip these scans.
		r.asked = asks(s, toks)
		r.schedule = scheduleCues(toks)
	}
	if resolvedAt >= 0 && resolvedAt == contrastAt {
		after := 0.0
		for _, v := range val[resolvedAt:] {
			after += v
		}
		r.resolved = after > 0
	}
	from, to, reply := serviceNotice(s, toks, fr, en)
	if from < 0 && r.npos+r.nneg+r.facts+r.negations > 0 && bulletin(s, toks, val, fr, en) {
		// A bulletin has no formula: all its praise is praise.
		from, to, r.bulletin = 0, -1, true
	}
	if from >= 0 {
		r.reply = reply
		// The formula's own thanks are no praise: "Thanks so much for
		// your patience"; nor is the fix a notice tells of ("working to
		// restore service").
		r.notice = true
		for k := range val {
			outside := k < from || k > to
			r.noticePraise = r.noticePraise || val[k] > 0 && outside && !(r.reply && wished(toks, k)) && !(r.bulletin && hopedResume(toks, k)) && !confirms(toks, k) && !fixes(toks[k].Text)
			r.noticeStrong = r.noticeStrong || val[k] <= -strongFeeling && outside
		}
	}
	r.news = r.reported && newsVoice(toks) && !suspended(s, toks)
	r.excl = min(strings.Count(s, "!"), 4)
	r.quest = min(strings.Count(s, "?"), 3)
	r.infoQ = r.quest > 0 && r.excl == 0 && !r.rhetorical && r.maxNeg < strongFeeling && infoQuestion(s, toks, val, fr, en, m.serviceWord(fr, en))
	if r.sum != 0 {
		r.sum += math.Copysign(float64(r.excl)*exclIncr, r.sum)
	}
	return r
}

// boosts reports whether the intensifier at toks[i] modifies a word with a
// valence, next to it or after another intensifier ("damn really good"),
// in the same clause.
func (m *sentimentModel) boosts(s string, toks []Token, roles []role, i int, lang string) bool {
	for j := i + 1; j < len(toks) && j <= i+2; j++ {
		if toks[j].Kind != Word || clauseBreak(s[toks[j-1].End:toks[j].Start]) {
			return false
		}
		if v, ok := m.valence(&toks[j], lang); ok && v != 0 {
			return true
		}
		if roles[j]&(roleBoostEN|roleBoostFR) == 0 {
			return false
		}
	}
	return false
}

// monthName reports whether "may" at toks[i] is the month: next to a
// number or an ordinal ("may 1st", "5 May"), after "in", "since"…, or in
// title case inside a sentence that follows a word ("we met in May" but
// not "@bob May I ask").
func monthName(s string, toks []Token, i int) bool {
	if toks[i].Text != "may" {
		return false
	}
	digit := func(j int) bool {
		return j >= 0 && j < len(toks) && toks[j].Text != "" && toks[j].Text[0] >= '0' && toks[j].Text[0] <= '9'
	}
	if digit(i-1) || digit(i+1) {
		return true
	}
	if i == 0 || toks[i-1].Kind != Word {
		return false
	}
	switch toks[i-1].Text {
	case "in", "since", "until", "till", "early", "mid", "late":
		return true
	}
	return titleInSentence(s, toks, i)
}

// zeroNegates reports whether "zero" at toks[i] means "no": not after a
// capitalised word, where it is part of a name ("Coke Zero", "Coca
// Zéro"), nor after "from", "to", "de", "à".
func zeroNegates(s string, toks []Token, i int) bool {
	if i == 0 || clauseBreak(s[toks[i-1].End:toks[i].Start]) {
		return true
	}
	p := &toks[i-1]
	switch p.Text {
	case "from", "to", "de", "a":
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.Raw)
	return p.Kind != Word || !unicode.IsUpper(r)
}

// sarcasmMarked returns where the post last says it means the opposite
// of its praise, -1 if it does not: an eye-roll or upside-down face (🙄
// 🙃), #not, #sarcasm, #ironie…, or "/s" at the end (its last token).
func sarcasmMarked(s string, toks []Token) int {
	if strings.HasSuffix(strings.TrimRight(s, " \t\n"), " /s") { // not a link ending in /s
		return len(toks) - 1
	}
	at := -1
	for i := range toks {
		switch t := &toks[i]; t.Kind {
		case Emoji:
			if t.Text == "🙄" || t.Text == "🙃" {
				at = i
			}
		case Hashtag:
			switch t.Text {
			case "not", "sarcasm", "sarcastic", "sarcasme", "ironie", "irony", "ironique":
				at = i
			}
		}
	}
	return at
}

// cantEnoughValence is the valence of "can't get enough" when the words
// between have none.
const cantEnoughValence = 2.0

// cantEnough returns the index of "enough" when the negation of ability at
// toks[i], before a verb of praise, ends with it in the same clause, a few
// words on: "can't recommend them enough", "couldn't thank the staff
// enough", "can't get enough of this". It returns -1 otherwise.
func cantEnough(s string, toks []Token, i int) int {
	switch toks[i].Text {
	case "can't", "cant", "cannot", "couldn't", "couldnt":
	default:
		return -1
	}
	if i+1 >= len(toks) {
		return -1
	}
	verb := toks[i+1].Text
	switch verb {
	case "recommend", "thank", "praise", "rave", "love", "say", "stress", "get":
	default:
		return -1 // "can't find enough seats", "couldn't get out fast enough"
	}
	for j := i + 2; j < len(toks) && j <= i+6; j++ {
		if clauseBreak(s[toks[j-1].End:toks[j].Start]) {
			return -1
		}
		if toks[j].Text == "enough" {
			if verb == "get" && (j+1 >= len(toks) || toks[j+1].Text != "of") {
				return -1 // "can't get enough sleep"
			}
			return j
		}
	}
	return -1
}

// colloquialNegation reports whether the "pas" at toks[i] follows a verb
// with a valence, itself after a subject or object pronoun, in the same
// clause and with no "ne": "j'adore pas", "je kiffe pas trop", "ça me
// plaît pas", "on l'aime pas".
func colloquialNegation(s string, toks []Token, val []float64, marks []mark, i int) bool {
	if i < 2 || val[i-1] == 0 || toks[i-1].Kind != Word || marks[i-1] == markNegated ||
		clauseBreak(s[toks[i-2].End:toks[i-1].Start]) || clauseBreak(s[toks[i-1].End:toks[i].Start]) {
		return false
	}
	switch w := toks[i-2].Text; w {
	case "le", "la", "l'", "les":
		// An object pronoun after its subject ("je l'aime pas"), not an
		// article ("le souci pas réglé").
		return i >= 3 && subjectFR(toks[i-3].Text)
	case "c'", "me", "m'", "te", "t'", "lui", "leur", "se", "s'":
		return true
	default:
		return subjectFR(w)
	}
}

// subjectFR reports whether w is a French subject pronoun.
func subjectFR(w string) bool {
	switch w {
	case "j'", "je", "tu", "il", "elle", "on", "ca", "nous", "vous", "ils", "elles":
		return true
	}
	return false
}

// subjectPronoun reports whether w starts a clause after an interjection:
// "no I love it", "no you're right" are not negations.
func subjectPronoun(w string) bool {
	switch w {
	case "i", "im", "i'm", "you", "youre", "you're", "u", "we", "they", "he", "she", "it", "its", "it's", "this", "that", "thats", "that's", "lol", "lmao":
		return true
	}
	return false
}

// negatedComparative reports whether the negation opened at toks[neg]
// praises or blames more than it denies: "couldn't be happier", "can't get
// any better", "never been so proud", "never felt worse", "je n'ai jamais
// été aussi heureux", "ça ne peut pas être pire". The negator must be one
// of ability or "never": "I don't feel better" stays a negation, and so do
// "never got better", "can't get better" (without "any"), and comparisons
// of equality ("never been as good as the first one", "jamais été aussi
// bon que l'original").
func negatedComparative(s string, toks []Token, neg, i int) bool {
	if neg < 0 {
		return false
	}
	ability := false
	switch toks[neg].Text {
	case "couldn't", "couldnt", "can't", "cant", "cannot":
		ability = true
	case "never", "jamais":
	case "not", "pas":
		if neg == 0 {
			return false
		}
		if toks[neg].Text == "pas" && sinceLong(s, toks, neg) {
			break // "ça faisait longtemps que j'avais pas aussi bien mangé"
		}
		switch toks[neg-1].Text {
		case "could", "can", "peut", "peux", "pourrait", "pourrais", "pouvait", "pourra":
			ability = true
		default:
			return false
		}
	default:
		return false
	}
	j := i - 1
	switch toks[i].Text {
	case "better", "happier", "prouder", "greater", "easier", "nicer", "cooler", "luckier", "worse", "sadder", "mieux", "meilleur", "meilleure", "pire":
	default:
		if j <= neg {
			return false
		}
		switch toks[j].Text {
		case "more", "so", "this", "aussi", "plus", "si", "autant":
		default:
			return false
		}
		if i+1 < len(toks) {
			switch toks[i+1].Text {
			case "as", "than", "que", "qu'":
				return false
			}
		}
		j--
		if j == neg && !ability && (toks[neg].Text == "jamais" || toks[neg].Text == "pas") && avoirBefore(toks, neg) {
			// "je n'ai jamais aussi bien dormi", "ça faisait longtemps
			// que j'avais pas aussi bien mangé"; not "le service n'est
			// jamais aussi rapide", "on n'est jamais aussi bien servi que…".
			return true
		}
	}
	sawAny := false
	if ability && j > neg && toks[j].Text == "any" {
		j--
		sawAny = true
	}
	if j <= neg {
		return false
	}
	switch toks[j].Text {
	case "be", "been", "feel", "felt", "ete", "etre", "senti":
		return true
	case "get", "got":
		return sawAny
	}
	return false
}

// sinceLong reports whether the "pas" at toks[neg] is in the clause of a
// "longtemps que" before it: "ça faisait longtemps que je n'avais pas été
// aussi content" says "je n'ai jamais été aussi content". Not "client
// depuis longtemps et je suis pas si content", nor across a sentence.
func sinceLong(s string, toks []Token, neg int) bool {
	for j := neg - 1; j >= 0 && j >= neg-10; j-- {
		if clauseBreak(s[toks[j].End:toks[j+1].Start]) || toks[j].Text == "et" || toks[j].Text == "mais" {
			return false
		}
		if toks[j].Text == "longtemps" {
			return toks[j+1].Text == "que" || toks[j+1].Text == "qu'"
		}
	}
	return false
}

// avoirBefore reports whether the negator at toks[neg] follows a form of
// "avoir", as in a past tense: "je n'ai jamais", "j'avais pas".
func avoirBefore(toks []Token, neg int) bool {
	if neg == 0 {
		return false
	}
	switch toks[neg-1].Text {
	case "ai", "as", "a", "avons", "avez", "ont", "avais", "avait", "avions", "aviez", "avaient":
		return true
	}
	return false
}

// likeVerb reports whether "like" at toks[i] is the verb of liking: after a
// subject pronoun or "to", with adverbs and "do"/"don't" between ("I
// really like it", "you don't like it", "hard not to like"). "would like"
// and "I'd like" are requests; "looks like", "like a boss", "people like
// you", and the filler before a number or an adverb ("from 2 to like
// 7pm", "they like never answer") are no liking. A noun subject is not
// recognised: "my kids really like it" gets no valence from "like".
func likeVerb(toks []Token, i int) bool {
	if i+1 < len(toks) {
		if n := &toks[i+1]; n.Kind == Number || n.Text != "" && n.Text[0] >= '0' && n.Text[0] <= '9' || numeralEN(n.Text) {
			return false
		}
		switch toks[i+1].Text {
		case "never", "literally", "totally", "always", "barely", "almost", "just", "so", "super", "really", "half":
			return false
		}
	}
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if toks[j].Kind != Word {
			return false
		}
		switch toks[j].Text {
		case "really", "also", "just", "actually", "totally", "honestly", "kinda", "still", "always", "definitely", "truly", "so", "do", "does", "did", "not", "never", "don't", "dont", "didn't", "didnt", "doesn't", "doesnt", "all", "both", "will", "'ll":
			continue
		case "i", "you", "we", "they", "u", "ya", "yall", "y'all", "to", "i'll", "you'll", "we'll", "they'll":
			return j == 0 || (toks[j-1].Text != "would" && toks[j-1].Text != "could") // "would you like a receipt"
		}
		return false
	}
	return false
}

// numeralEN reports whether w is an English number word.
func numeralEN(w string) bool {
	switch w {
	case "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty", "fifty", "hundred", "thousand":
		return true
	}
	return false
}

// firstName reports whether toks[i] is one of the English first names that
// are also words of feeling, written as a name: in title case inside a
// sentence ("checked in by Joy and Grace"), or "Rob" anywhere ("Rob fixed
// it"); not in a post written in title case ("Pure Joy As City Win The
// Cup"). "Hope" is left out: "@united Hope my bag makes it" is the verb.
// A name in capitals ("ROB AT THE DESK") is not recognised.
func firstName(s string, toks []Token, sents *sentenceIndex, i int) bool {
	t := &toks[i]
	if t.Kind != Word || t.Upper || t.Raw == "" || t.Raw[0] < 'A' || t.Raw[0] > 'Z' {
		return false
	}
	switch t.Text {
	case "rob":
	case "joy", "grace", "faith", "charity", "patience", "destiny", "harmony", "sunny", "randy", "rusty", "angel", "precious", "honey":
		if !insideSentence(s, toks, i) {
			return false
		}
	default:
		return false
	}
	if sents.titleCase == 0 {
		sents.titleCase = 2
		if titleCasePost(toks) {
			sents.titleCase = 1
		}
	}
	return sents.titleCase == 2
}

// insideSentence reports whether toks[i] follows a word of its sentence:
// mentions, hashtags and emoji before it do not count, and a dash ends a
// sentence as a full stop does ("Thank you - Joy to all").
func insideSentence(s string, toks []Token, i int) bool {
	j := i - 1
	for j >= 0 && toks[j].Kind != Word && toks[j].Kind != Number {
		j--
	}
	return j >= 0 && !strings.ContainsAny(s[toks[j].End:toks[i].Start], ".!?:\n\"-–—")
}

// titleCasePost reports whether most words of a post of four words or more
// start with a capital, as headlines do.
func titleCasePost(toks []Token) bool {
	words, title := 0, 0
	for k := range toks {
		if toks[k].Kind != Word {
			continue
		}
		words++
		if r := toks[k].Raw; r != "" && r[0] >= 'A' && r[0] <= 'Z' {
			title++
		}
	}
	return words >= 4 && 2*title > words
}

// personNoun reports whether "personne" at toks[i] is the noun, a person,
// not the negation "nobody": "la personne au téléphone a été rassurante",
// "une personne très aimable", "chaque personne".
func personNoun(toks []Token, i int) bool {
	if i == 0 {
		return false
	}
	switch toks[i-1].Text {
	case "la", "une", "cette", "chaque", "ma", "ta", "sa", "notre", "votre", "leur", "quelle", "quelque", "toute", "autre", "seule", "bonne", "meme", "derniere", "premiere", "tierce":
		return true
	}
	return false
}

// opensComparison reports whether "nothing" or "rien" at toks[i] opens a
// comparison or a restriction rather than a denial, so that what follows
// keeps its valence: "nothing better than", "there's nothing worse",
// "nothing is more annoying than", "nothing but love", "nothing short of
// amazing", "rien de mieux qu'un bon café", "il n'y a rien de plus
// agaçant que", "rien que d'y penser". Not "nothing better to do", "rien
// de mieux à faire", "nothing is better" (a denial) nor "nothing less fun
// than" (the comparison turns the word around).
func opensComparison(toks []Token, i int) bool {
	j := i + 1
	if j >= len(toks) {
		return false
	}
	next := func(k int) string {
		if k < len(toks) {
			return toks[k].Text
		}
		return ""
	}
	switch toks[i].Text {
	case "rien":
		switch next(j) {
		case "que", "qu'":
			return true
		case "de", "d'":
		default:
			return false
		}
		switch next(j + 1) {
		case "plus", "mieux", "pire", "meilleur", "meilleure":
			return next(j+2) != "a" // "rien de mieux à faire"
		}
	case "nothing":
		copula := false
		switch next(j) {
		case "is", "was", "feels", "felt", "tastes", "looks", "sounds":
			j++
			copula = true
		}
		switch next(j) {
		case "but", "short":
			return !copula
		case "better", "worse", "more", "finer", "sweeter":
			if next(j+1) == "to" {
				return false // "nothing better to do"
			}
			if !copula {
				return true
			}
			for k := j + 1; k < len(toks) && k <= j+4; k++ {
				if toks[k].Text == "than" {
					return true // "nothing is more annoying than"
				}
			}
		}
	}
	return false
}

// bienIndeed reports whether "bien" at toks[i] means "indeed" rather than
// "good": before an article, a pronoun or a place ("c'est bien le bon
// numéro ?", "c'est bien celui-là", "je suis bien ici"), or in an
// acknowledgement ("j'ai bien reçu votre mail", "bien noté").
func bienIndeed(s string, toks []Token, i int) bool {
	if i == 0 || i+1 >= len(toks) || strings.TrimSpace(s[toks[i].End:toks[i+1].Start]) != "" {
		return false // "l'hôtel était bien, le petit déjeuner aussi"
	}
	switch toks[i-1].Text { // after être or avoir: not "très bien le service"
	case "est", "suis", "es", "sont", "sommes", "etes", "etait", "sera", "ai", "as", "a", "avons", "avez", "ont", "avait", "avais":
	default:
		return false
	}
	switch toks[i+1].Text {
	case "le", "la", "les", "l'", "un", "une", "des", "du", "celui", "celle", "ceux", "celles",
		"ca", "ce", "cela", "ici", "mon", "ma", "mes", "ton", "ta", "tes",
		"son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "moi", "toi", "lui", "eux",
		"recu", "recue", "recus", "recues", "note", "notee", "notes", "enregistre", "enregistree", "pris", "prise":
		return true
	}
	return false
}

// mercidePlease reports whether toks[i] is the "merci" of "merci de"
// before a verb of a request, which asks rather than thanks: "merci
// d'utiliser l'ascenseur", "merci de ne pas stationner", "merci de bien
// vouloir…". "merci de votre patience", "merci d'avoir réparé", "merci
// d'exister", "merci de prendre soin de nous" thank.
func mercidePlease(toks []Token, i int) bool {
	if toks[i].Text != "merci" || i+2 >= len(toks) || toks[i+1].Text != "de" && toks[i+1].Text != "d'" {
		return false
	}
	w := toks[i+2].Text
	if (w == "vous" || w == "nous") && i+3 < len(toks) {
		w = toks[i+3].Text // "merci de vous adresser…"; "merci de vous être mobilisés" thanks
	}
	switch w {
	case "ne", "bien", "utiliser", "patienter", "emprunter", "consulter", "contacter", "privilegier", "prevoir", "noter",
		"respecter", "laisser", "fermer", "eteindre", "signaler", "presenter", "remplir", "indiquer", "verifier", "envoyer",
		"adresser", "reessayer", "rappeler", "composer", "stationner", "retirer", "renouveler", "joindre", "preciser",
		"rendre", "connecter", "munir", "inscrire", "reporter", "valider", "composter", "communiquer", "transmettre", "garder", "attacher",
		"conserver", "patientez", "descendre", "monter", "ranger", "tenir", "eviter", "penser":
		return true
	}
	return false
}

// politeThanks reports whether toks[i] is a word of thanks that only
// closes a question: right after a question mark, and followed by nothing
// but "you", "beaucoup"… or emoji ("… sur la facture ? Merci", "do you
// deliver on Sundays? thanks 🙏"). A thanks with an object is thanks:
// "vous avez vu le match ? Merci les bleus", "who watched? Thanks @coach".
func politeThanks(s string, toks []Token, i int) bool {
	switch toks[i].Text {
	case "merci", "thanks", "thank", "thx", "ty", "thks", "mci":
	default:
		return false
	}
	if i == 0 {
		return false
	}
	gap := s[toks[i-1].End:toks[i].Start]
	if !strings.Contains(gap, "?") && !(sentenceBreak(gap) && afterRequest(s, toks, i)) {
		return false
	}
	for _, t := range toks[i+1:] {
		switch t.Kind {
		case Emoji, Emoticon:
			continue
		case Word:
			switch t.Text {
			case "you", "u", "ya", "so", "much", "again", "beaucoup", "bcp", "encore", "bien":
				continue
			}
		}
		return false
	}
	return true
}

// ackThanks reports whether toks[i] is a bare thanks that opens a post
// (after a greeting or a mention) and acknowledges before a question
// that comes later: "Thanks, got the email. Do I need to print the
// label?", "@Proximus merci, j'ai bien reçu le SMS. C'est quoi le
// code ?". Thanks with an object ("thanks for the quick fix, will it…")
// or on their own are thanks.
func ackThanks(s string, toks []Token, i int) bool {
	switch toks[i].Text {
	case "merci", "thanks", "thank", "thx", "ty":
	default:
		return false
	}
	for k := i - 1; k >= 0; k-- {
		switch toks[k].Text {
		case "hi", "hello", "hey", "ok", "okay", "bonjour", "salut", "allo", "coucou", "bonsoir", "d'accord":
			continue
		}
		if toks[k].Kind != Mention {
			return false
		}
	}
	k := i + 1
	for k < len(toks) && (toks[k].Text == "you" || toks[k].Text == "u" || toks[k].Text == "beaucoup" || toks[k].Text == "bcp") {
		k++
	}
	if k >= len(toks) || !clauseBreak(s[toks[k-1].End:toks[k].Start]) || strings.Contains(s[toks[k-1].End:toks[k].Start], "!") {
		return false // "Merci beaucoup ! Reçu aujourd'hui. D'autres coloris ?" thanks
	}
	return asks(s, toks[k:])
}

// reportedThanks reports whether toks[i] is thanks told of someone else,
// as news or an organisation's notice: "La mairie remercie les
// habitants", "Les CFF remercient les voyageurs", "Nous remercions nos
// clients", "The council thanks residents", "The mayor's office thanked
// residents", "Passengers are thanked for their patience". "Je vous
// remercie", "I thanked the driver", "Big thanks everyone" are the
// writer's.
func reportedThanks(s string, toks []Token, i int, fr, en bool) bool {
	w := toks[i].Text
	prev := func(k int) string {
		if k < 0 {
			return ""
		}
		return toks[k].Text
	}
	if i > 0 && sentenceBreak(s[toks[i-1].End:toks[i].Start]) {
		return false // "Final show done. Thanks everyone for coming"
	}
	if fr {
		switch w {
		case "remercions":
			// "Nous remercions nos clients", not "nous remercions Marie
			// pour ce beau cadeau".
			k := i + 1
			for k < len(toks) && (determiner(toks[k].Text) || toks[k].Text == "chaleureusement" || toks[k].Text == "vivement") {
				k++
			}
			return k < len(toks) && publicNounFR(toks[k].Text)
		case "remercie", "remercient", "remerciait", "remerciaient", "remerciera", "remercieront", "remerciee", "remercies", "remerciees":
			k := i - 1
			switch prev(k) {
			case "a", "ont", "avait", "ai", "avons", "vous", "nous", "les", "te":
				k-- // "a remercié", "vous remercie", "les remercie"
			}
			if k < 0 || toks[k].Kind != Word {
				return false
			}
			switch prev(k) {
			case "je", "j'", "tu", "on", "nous", "vous", "te", "merci", "et", "pour", "de", "d'", "a":
				return false
			}
			if possessive(prev(k - 1)) {
				return false // "Ma fille vous remercie": the writer's own
			}
			if w == "remerciee" || w == "remercies" || w == "remerciees" {
				return prev(i-1) == "sont" || prev(i-1) == "est" || prev(i-1) == "etes" // "les usagers sont remerciés"
			}
			return true
		}
	}
	if en {
		switch w {
		case "thanked":
			switch prev(i - 1) {
			case "i", "we", "and", "":
				return false
			}
			return true
		case "thanks":
			k := i + 1
			for k < len(toks) && (determiner(toks[k].Text) || toks[k].Text == "local") {
				k++
			}
			if k >= len(toks) || !publicNoun(toks[k].Text) || i == 0 || toks[i-1].Kind != Word {
				return false
			}
			switch prev(i - 1) {
			case "many", "big", "huge", "special", "massive", "a", "so", "no", "ok", "okay", "hi", "hey", "and", "great", "the", "also",
				"again", "just", "heartfelt", "sincere", "warm", "warmest", "sincerest", "i", "we", "you", "all", "thanks", "mega", "thx":
				return false
			}
			return true
		}
	}
	return false
}

// publicNoun reports whether w names the people an organisation thanks
// in a notice: "residents", "customers", "passengers".
func publicNoun(w string) bool {
	switch w {
	case "residents", "customers", "passengers", "travellers", "travelers", "commuters", "riders", "users", "fans", "supporters", "volunteers",
		"staff", "members", "voters", "parents", "students", "patients", "visitors", "locals", "shoppers", "clients", "employees", "workers",
		"citizens", "public", "community", "players", "participants", "drivers", "partners", "donors", "subscribers":
		return true
	}
	return false
}

// publicNounFR is publicNoun in French: "habitants", "usagers".
func publicNounFR(w string) bool {
	switch w {
	case "habitants", "riverains", "voyageurs", "usagers", "passagers", "clients", "clientes", "supporters", "benevoles", "fans", "abonnes",
		"lecteurs", "electeurs", "parents", "eleves", "etudiants", "patients", "visiteurs", "salaries", "agents", "equipes", "citoyens",
		"administres", "automobilistes", "cyclistes", "commercants", "participants", "spectateurs", "public", "adherents", "membres",
		"donateurs", "partenaires", "pietons", "utilisateurs", "utilisatrices", "locataires", "collaborateurs":
		return true
	}
	return false
}

// afterRequest reports whether the sentence before toks[i] asks
// something of the reader: "Please keep your seatbelt fastened. Thank
// you.", "Veuillez patienter. Merci".
func afterRequest(s string, toks []Token, i int) bool {
	k := i - 1
	for k > 0 && !sentenceBreak(s[toks[k-1].End:toks[k].Start]) {
		k--
	}
	switch toks[k].Text {
	case "please", "pls", "plz", "kindly", "veuillez", "svp", "priere":
		return true
	}
	return k+1 < i && (toks[k].Text == "do" && toks[k+1].Text == "not" || mercidePlease(toks, k))
}

// modalScale damps what follows "may", "if", "pourrait"… in a clause: a
// wish or a hypothesis is a weaker opinion than a statement.
const modalScale = 0.5

// camelName reports whether a word has a capital after a small letter.
func camelName(raw string) bool {
	lower := false
	for _, r := range raw {
		if lower && unicode.IsUpper(r) {
			return true
		}
		lower = unicode.IsLower(r)
	}
	return false
}

// rating returns the valence of a mark "n/d" that starts at toks[i]: out
// of 5, 10, 20 or 100, from −3 for none to +3 for full marks, the middle
// neutral. Not a date ("le 5/10", "on 3/10", "12/10/2024") nor a share
// ("24/7", "1/2").
func rating(s string, toks []Token, i int) (float64, bool) {
	if i+1 >= len(toks) || toks[i+1].Kind != Number || s[toks[i].End:toks[i+1].Start] != "/" {
		return 0, false
	}
	if i > 0 {
		p := &toks[i-1]
		switch p.Text {
		case "le", "du", "au", "on", "the", "of", "since", "until", "depuis", "jusqu'au", "from", "to", "avant", "apres", "before", "after", "by",
			// Numbering: "Day 1/10", "Step 2/10", "Thread 1/5".
			"day", "days", "jour", "jours", "step", "steps", "etape", "part", "partie", "thread", "episode", "round", "chapter", "chapitre",
			"page", "game", "serves", "pour", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
			"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
			return 0, false
		}
		if p.Raw == "à" || p.Raw == "À" || strings.HasSuffix(s[:toks[i].Start], "/") {
			return 0, false // "à" folds to "a", and "a 10/10" is a mark
		}
	}
	if rest := strings.TrimLeft(s[toks[i+1].End:], " "); rest != "" && (rest[0] == '/' || rest[0] == ':' || rest[0] == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9') {
		return 0, false // a date, a time or a heading ("1/5 :")
	}
	if i+2 < len(toks) {
		switch toks[i+2].Text {
		case "people", "persons", "personnes", "servings", "portions", "parts",
			// A share: "1/5 des seniors", "10/10 times the app crashes".
			"des", "du", "de", "d'", "of", "times", "fois":
			return 0, false
		}
	}
	for k := max(0, i-2); k < i; k++ {
		if toks[k].Text == "thread" || toks[k].Text == "🧵" {
			return 0, false // "Thread 🧵 1/5"
		}
	}
	if toks[i].Text == "1" && i+1 == len(toks)-1 {
		return 0, false // "… réforme des retraites 1/5": the first of a thread
	}
	n, err1 := strconv.ParseFloat(strings.Replace(toks[i].Text, ",", ".", 1), 64) // "8,5/10" in French
	d, err2 := strconv.Atoi(toks[i+1].Text)
	if err1 != nil || err2 != nil || n > float64(d) {
		return 0, false
	}
	switch d {
	case 5, 10, 20, 100:
		return (n/float64(d) - 0.5) * 6, true
	}
	return 0, false
}

// properNounScale damps the valence of words that look like part of a
// name ("Super Eagles", "Star Wars", "Bad Blood").
const properNounScale = 0.3

// properNoun reports whether toks[i] is a capitalised word inside a run of
// capitalised words, not at the start of a sentence.
func properNoun(s string, toks []Token, i int) bool {
	title := func(j int) bool {
		if j < 0 || j >= len(toks) || toks[j].Kind != Word || toks[j].Upper {
			return false
		}
		r, _ := utf8.DecodeRuneInString(toks[j].Raw)
		return unicode.IsUpper(r)
	}
	if i == 0 || !titleInSentence(s, toks, i) {
		return false // "Great game" starts a sentence, it is not a name
	}
	if title(i-1) || title(i+1) {
		return true
	}
	// "Gallery of Honour", "Musée des Beaux-Arts".
	switch toks[i-1].Text {
	case "of", "the", "de", "du", "des", "d'", "la", "le", "les":
		return i >= 3 && title(i-2) && titleInSentence(s, toks, i-2) // titleInSentence reads toks[i-3]
	}
	return false
}

// titleInSentence reports whether toks[i] (i > 0) is a word in title case
// that does not start a sentence.
func titleInSentence(s string, toks []Token, i int) bool {
	t := &toks[i]
	if t.Kind != Word || t.Upper {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.Raw)
	return unicode.IsUpper(r) && !strings.ContainsAny(s[toks[i-1].End:t.Start], ".!?:\n\"")
}

func compound(sum float64) float64 {
	return sum / math.Sqrt(sum*sum+normAlpha)
}

// conclude returns the sentiment of a tokenized post from what the rules
// found in it (r, and sc as they left it): the model's class, checked by
// the rules (decide), or, without a model, the rules' compound score.
func (m *sentimentModel) conclude(sc *sentimentScratch, r *ruleResult, toks []Token, lang string) Sentiment {
	if len(toks) == 0 {
		// Nothing to read (an empty or blank text, punctuation alone):
		// no feeling, not the model's prior.
		return Sentiment{LabelNeutral, 0}
	}
	if m.lin == nil {
		c := compound(r.sum)
		switch {
		case c >= neutralCut:
			return Sentiment{LabelPositive, round3(c)}
		case c <= -neutralCut:
			return Sentiment{LabelNegative, round3(c)}
		}
		return Sentiment{LabelNeutral, round3(c)}.signed()
	}
	best, p := m.modelClass(sc, r, toks, lang)
	return decide(r, best, p, lang).signed()
}

// signed makes a score agree with its label: above 0 for positive, below
// for negative (decide takes a rule's or the model's score where the
// other chose the label: "charged twice" read negative where both found
// some good), and never −0.
func (s Sentiment) signed() Sentiment {
	switch {
	case s.Label == LabelPositive && s.Score < minScore:
		s.Score = minScore
	case s.Label == LabelNegative && s.Score > -minScore:
		s.Score = -minScore
	case s.Score == 0:
		s.Score = 0 // +0, not −0
	}
	return s
}

// minScore is the least score of a polarity, at round3's precision.
const minScore = 0.001

// keptIrony returns the last token, from toks[from] on, that the irony
// of thanks before it reaches (in a post with no "but"): up to a word
// that concedes something good ("luckily", "at least" before no figure,
// "still," "that said", "par contre", "blague à part", "malgré tout"),
// else to the end.
func keptIrony(s string, toks []Token, from int) int {
	for k := from; k < len(toks); k++ {
		switch toks[k].Text {
		case "luckily", "fortunately", "thankfully", "fairness", "nonetheless", "nevertheless", "anyway", "despite",
			"heureusement", "revanche", "malgre", "quand":
			return k - 1 // "in fairness", "en revanche", "malgré tout", "quand même"
		case "still":
			// "Still, the crew were lovely"; not "Still stuck at Clapham".
			if k+1 < len(toks) && strings.HasPrefix(s[toks[k].End:toks[k+1].Start], ",") {
				return k - 1
			}
		case "least", "moins":
			// "at least the staff were lovely"; not "at least 40 people".
			if k > 0 && (toks[k-1].Text == "at" || toks[k-1].Text == "au") && (k+1 >= len(toks) || toks[k+1].Kind != Number) {
				return k - 2
			}
		case "contre":
			if k > 0 && toks[k-1].Text == "par" {
				return k - 2
			}
		case "said", "dit", "aside", "part", "fair":
			// "That said", "cela dit", "joking aside", "blague à part",
			// "to be fair".
			j := k - 1
			if j > 0 && toks[j].Text == "a" {
				j-- // "blague à part"
			}
			if j >= 0 {
				switch toks[j].Text {
				case "that", "cela", "ceci", "ca", "joking", "kidding", "blague", "plaisanterie", "be":
					return j - 1
				}
			}
		}
	}
	return len(toks) - 1
}

// ownValence reports whether v, the valence read at t, is t's own word's
// and not an idiom's it ends ("moins cher" is an idiom; "cher" alone has
// no valence).
func (m *sentimentModel) ownValence(t *Token, lang string, v float64) bool {
	own, _ := m.valence(t, lang)
	return own != 0 && (own > 0) == (v > 0)
}

// lessBefore reports whether "moins" or "less" grades toks[i] in its
// clause, maybe through "de" or "en": "moins confortables", "encore
// moins bien", "moins de bruit", "de moins en moins fiable", "a less
// reliable service"; not "au moins", "at least", "à moins que", "plus ou
// moins", "no less", nor a sum less ("£20 less, great", "10 € de moins,
// génial": savings).
func lessBefore(s string, toks []Token, i int) bool {
	k := i - 1
	if k > 0 && (toks[k].Text == "de" || toks[k].Text == "d'" || toks[k].Text == "en") {
		k-- // "moins de bruit", "de moins en moins fiable"
	}
	if k < 0 || toks[k].Text != "moins" && toks[k].Text != "less" || clauseBreak(s[toks[k].End:toks[i].Start]) {
		return false
	}
	if k > 0 {
		switch p := toks[k-1]; p.Text {
		case "au", "at", "or", "ou", "no", "pas", "not", "rien", "care":
			return false // "au moins", "plus ou moins", "no less", "couldn't care less"
		case "a":
			return !strings.HasPrefix(p.Raw, "à") && !strings.HasPrefix(p.Raw, "À") // "à moins que"; not "il a moins peur", "a less reliable service"
		default:
			if p.Kind == Number || k > 1 && toks[k-2].Kind == Number && (p.Text == "de" || moneyWord(p.Text)) {
				return false // "£20 less", "10 € de moins"
			}
		}
	}
	return true
}

// concedes reports whether the words keptIrony stopped at, from toks[k],
// concede: "luckily", "heureusement", "that said", "cela dit", "malgré
// tout", "blague à part", "joking aside", "to be fair", "en revanche",
// "par contre", "Still,". Not "at least", as often ironic ("At least
// you're consistent"), nor "anyway", "despite" or "quand même", which
// end the irony without praising ("Anyway, great start to the week").
func concedes(s string, toks []Token, k int) bool {
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].Text
	}
	for j := k + 1; j < len(toks) && j <= k+4; j++ {
		switch toks[j].Text {
		case "adore", "love", "loves", "adorons":
			// "Heureusement que j'adore attendre…", "Luckily I love
			// spending…", "Cela dit, j'adore attendre sur un quai": the
			// ordeal loved is irony; not "Heureusement que le personnel
			// était sympa".
			return false
		}
	}
	switch toks[k].Text {
	case "luckily", "fortunately", "thankfully", "heureusement", "fairness", "revanche", "nevertheless", "nonetheless":
		return true // keptIrony stops before "fairness" in "in fairness", "revanche" in "en revanche"
	case "be":
		return next == "fair" // "to be fair": keptIrony stops after "to"
	case "that", "cela", "ceci", "ca":
		return next == "said" || next == "dit"
	case "malgre":
		return next == "tout"
	case "blague", "plaisanterie", "joking", "kidding":
		return next == "a" || next == "aside"
	case "par":
		return next == "contre"
	case "still":
		return k+1 < len(toks) && strings.HasPrefix(s[toks[k].End:toks[k+1].Start], ",")
	}
	return false
}

// informs reports whether a post is an organisation's notice or thanks
// told as news (serviceNotice, newsVoice) that tells of trouble or of
// nothing felt. Praise is the model's to weigh ("Thanks for your
// patience, the new checkout is live and much faster"; with trouble, it
// is sarcasm or mixed), and an exclamation, an emoji or a strong word
// puts a feeling in: "We're back! Thanks for your patience 🎉", "We are
// devastated to tell you…". A desk's reply may exclaim ("Sorry about
// that!") and a bulletin open on a warning sign (⚠️), but a strong bad
// word besides the formula is a feeling in them too ("Awful!").
// News that denies something is the writer's complaint: "La mairie
// remercie les habitants… et aucune info".
func (r *ruleResult) informs() bool {
	if !r.reply && !r.bulletin && (r.excl > 0 || r.maxNeg >= strongFeeling) || r.noticeStrong || r.emojiPos > 0 || r.emoNeg > 0 && !r.bulletin || r.elong > 0 || r.sarcasm {
		return false // "Orange remercie ses clients… Trop d'honneur 🙃"
	}
	return r.notice && !r.noticePraise || r.news && r.npos == 0 && r.negations == 0
}

// decide returns the sentiment of a post from the model's class best and
// probabilities p, save where the rules r know better. Only in French and
// English: elsewhere the rules read little but emoji ("Paket wieder nicht
// angekommen 😂😂").
func decide(r *ruleResult, best int, p [3]float64, lang string) Sentiment {
	model := Sentiment{labels[best], round3(p[2] - p[0])}
	if lang != "en" && lang != "fr" {
		return model
	}
	c := compound(r.sum)
	switch {
	case r.infoQ && r.emoNeg == 0 && r.elong == 0 && !r.sarcasm:
		// A question for information whose trouble is its topic, with no
		// praise but what it asks about, no strong word and nothing
		// shouted: "Where do I report a lost card outside office
		// hours?", "Mon vol a été annulé, puis-je être remboursé sur ma
		// carte ?".
		return Sentiment{LabelNeutral, 0}
	case r.informs():
		// An organisation's notice to its public, or thanks told as news:
		// the disruption it tells is information, not the writer's
		// complaint ("We've had to cancel the 18:15 due to a signalling
		// fault. Thank you for your understanding", "Bank thanks
		// customers after weekend app outage").
		return Sentiment{LabelNeutral, 0}
	case r.concededPraise && !r.sarcasm && r.emoNeg == 0:
		// Ironic thanks, then a concession whose praise is the writer's
		// last word: "Thanks @Avanti for the delay. That said, the crew
		// were brilliant and kept us informed".
		return Sentiment{LabelPositive, round3(max(c, model.Score, 0.05))}
	case r.facts > 0 && r.pos == 0 && best != 0:
		// A complaint told through its facts, with nothing good said:
		// "on me raccroche au nez", "charged twice for the same order".
		// The tweets the model learnt from hold few such facts.
		return Sentiment{LabelNegative, round3(min(c, model.Score))}
	case r.resolved && c > 0:
		// A complaint and what was done about it, nothing bad after, and
		// the fix weighs more: "my headphones died, they replaced them
		// free of charge".
		return Sentiment{LabelPositive, round3(max(c, model.Score))}
	case r.thankedFix && c > 0:
		// Thanks for a fix, and nothing bad said: "Merci @UberEatsFR
		// d'avoir remboursé le plat oublié". The model reads the problem
		// named.
		return Sentiment{LabelPositive, round3(max(c, model.Score))}
	case best != 1 && r.excl == 0 && r.npos == 0 && r.nneg == 0 && r.negations == 0 && r.facts == 0 && (r.asked || r.schedule >= 2 || r.reported):
		// A question, a schedule or thanks told as news, and no word of
		// feeling, negation or complaint: a request for information
		// ("vous livrez en Belgique ?") or a notice ("La médiathèque sera
		// fermée du 24 décembre au 2 janvier", "The council thanks
		// residents for their patience"), into which the model reads the
		// stance its training tweets had on the topic (questions: CV fr
		// −0.001, customer posts +0.01 to +0.08; schedules: CV en
		// −0.0005, dev sets fr +0.01).
		return Sentiment{LabelNeutral, 0}
	case math.Abs(r.whole) >= wholeMin && best == 1 && r.quest == 0 && !r.url && !r.sarcasm && c*r.whole > 0:
		// A post that is one idiom and nothing else, a reply: the
		// idiom says what it means where the model, which learnt from
		// longer tweets, finds nothing ("Plus jamais.", "Sans moi",
		// "Hell no"). No post of the labelled sets changes. Not when
		// the rules read the post otherwise after the idiom (sarcasm,
		// irony: "Must see #not", "Free of charge 🙃"), a link is what
		// the post shares ("Service restored https://…"), or the
		// idiom is a mild state rather than a feeling ("On hold",
		// "#HS2 on hold").
		if r.whole > 0 {
			return Sentiment{LabelPositive, round3(max(c, 0.05))}
		}
		return Sentiment{LabelNegative, round3(min(c, -0.05))}
	case lang == "en" && c >= ruleSureCut && best != 2:
		// When the rules are sure, their polarity wins: the model, trained
		// on few tweets, turns clear posts around through its word
		// weights. In French, whose training tweets are labelled by
		// their stance on ecology and where the model knows better, the
		// same cut costs CV fr 0.002: there the rules must be very sure
		// (below).
		return Sentiment{LabelPositive, round3(c)}
	case lang == "en" && c <= -ruleSureCut && best != 0:
		return Sentiment{LabelNegative, round3(c)}
	case lang == "fr" && c >= ruleSureCutFR && best == 0 && (r.nneg == 0 || r.contrast):
		// In French, only when the rules are very sure, the model reads
		// the opposite, and nothing in the post goes the model's way but
		// what a "but" turned: the model knows the stance of a tweet
		// better, and heaped praise over a record of delays is sarcasm
		// ("Félicitations, bravo, vraiment top : record de retards").
		return Sentiment{LabelPositive, round3(c)}
	case lang == "fr" && c <= -ruleSureCutFR && best == 2 && (r.npos == 0 || r.contrast):
		return Sentiment{LabelNegative, round3(c)}
	}
	return model
}

// modelClass returns the class (an index of labels) the linear model gives
// a post whose rules have run into sc and r, and the class probabilities.
func (m *sentimentModel) modelClass(sc *sentimentScratch, r *ruleResult, toks []Token, lang string) (int, [3]float64) {
	sc.feats = appendFeatures(sc.feats[:0], r, toks, sc.marks, lang, m.lin.scales)
	sc.warmed += m.lin.warm(sc.feats)
	p := m.lin.predict(sc.feats)
	best := 0
	for k := 1; k < 3; k++ {
		if p[k] > p[best] {
			best = k
		}
	}
	return best, p
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// serviceWord returns whether a word names what a customer deals with:
// a good or a service, a fee, a plan or a card (data/actions.tsv).
func (m *sentimentModel) serviceWord(fr, en bool) func(w string) bool {
	return func(w string) bool { return m.actions.classes(w, fr, en)&(actObjects|objCard) != 0 }
}

// strongFeeling is the valence from which a word says a feeling rather
// than names a trouble: "worst", "horrible", "scandaleux" (a lost card,
// a closure, "maladie" name one).
const strongFeeling = 2.5

// questionScale damps praise inside a question: what is asked about is
// not asserted ("l'appli est compatible avec les montres ?", "is the new
// plan any good?"). A complaint asked as a question stays one ("why is
// the site always down???"), and "?!" is an exclamation.
const questionScale = 0.5

// wholeMin is the least |valence| of an idiom that decides a post it
// is all of (ruleResult.whole): below it the idiom tells a state ("on
// hold", −0.8), not a feeling ("sans moi", −1.2).
const wholeMin = 1.0

// wordsOnlyIn reports whether every word and number of toks is in
// toks[from:to+1].
func wordsOnlyIn(toks []Token, from, to int) bool {
	for k := range toks {
		if (k < from || k > to) && (toks[k].Kind == Word || toks[k].Kind == Number) {
			return false
		}
	}
	return true
}
