// eld_extract.mjs writes ../data/eld.bin, the language n-gram table used
// by the Go detector, from the npm package eld@2.1.0 (Apache-2.0, Nito T.M.):
// its large table (245,106 n-grams; the extra-small one, 49,553, missed
// more Spanish, German and English posts: docs/text.md).
//
//   mkdir -p /tmp/npmtext && cp internal/text/tools/package*.json /tmp/npmtext/ && (cd /tmp/npmtext && npm ci)
//   node internal/text/tools/eld_extract.mjs /tmp/npmtext/node_modules/eld [large|medium|small|extrasmall]
//
// Format (all integers unsigned, little endian):
//   "ELD1", nlang u8, nlang × (code 2 bytes, avgScore×1000 u16),
//   nngram u32, nngram × (keylen u8, key bytes, n u8, n × (lang u8, score u8))
// Keys are the raw UTF-8 bytes of word 4-grams (eld stores them as strings
// through a byte→character dictionary, undone here).
import fs from 'fs'
import path from 'path'
import { pathToFileURL, fileURLToPath } from 'url'

const dir = process.argv[2]
if (!dir) { console.error('usage: node eld_extract.mjs PATH/TO/node_modules/eld [large|medium|small|extrasmall]'); process.exit(2) }
const size = process.argv[3] || 'large'
const { ngramsData } = await import(pathToFileURL(path.join(dir, 'src/ngrams', size + '.js')))
const { dictionary } = await import(pathToFileURL(path.join(dir, 'src/dictionary.js')))
const { avgScore } = await import(pathToFileURL(path.join(dir, 'src/avgScore.js')))

const rev = new Map()
for (let i = 0x80; i < 256; i++) {
  const c = dictionary[i]
  if (c === ' ') continue
  if (rev.has(c)) throw new Error('ambiguous dictionary char ' + c)
  rev.set(c, i)
}
function keyBytes (k) {
  const out = []
  for (const c of k) {
    const code = c.codePointAt(0)
    // eld keeps only ' ` and a-z as themselves; every other character of a
    // key, ASCII ones included ("M", "2", "{"), stands for a byte >= 0x80.
    if (rev.has(c)) out.push(rev.get(c))
    else if (code < 0x80) out.push(code)
    else throw new Error('unknown char in key ' + JSON.stringify(k))
  }
  return Buffer.from(out)
}

const langs = ngramsData.languages
const nlang = Object.keys(langs).length
const parts = [Buffer.from('ELD1'), Buffer.from([nlang])]
for (let i = 0; i < nlang; i++) {
  const b = Buffer.alloc(4)
  b.write(langs[i], 0, 2, 'latin1')
  b.writeUInt16LE(Math.round(avgScore[langs[i]] * 1000), 2)
  parts.push(b)
}
const keys = Object.keys(ngramsData.ngrams).sort()
const cnt = Buffer.alloc(4); cnt.writeUInt32LE(keys.length); parts.push(cnt)
for (const k of keys) {
  const kb = keyBytes(k)
  const entries = Object.entries(ngramsData.ngrams[k])
  const b = Buffer.alloc(2 + kb.length + entries.length * 2)
  b[0] = kb.length; kb.copy(b, 1); b[1 + kb.length] = entries.length
  let o = 2 + kb.length
  for (const [lang, score] of entries) {
    if (score < 0 || score > 255) throw new Error('score out of range')
    b[o++] = Number(lang); b[o++] = score
  }
  parts.push(b)
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../data/eld.bin')
fs.writeFileSync(out, Buffer.concat(parts))
console.log('wrote', out, keys.length, 'n-grams')
