// baselines.mjs scores the npm sentiment baselines on labelled JSONL files
// (format of shared/data) and times VADER, for docs/text.md.
//
//   mkdir -p /tmp/npmtext && cd /tmp/npmtext && npm init -y >/dev/null &&
//     npm install vader-sentiment@1.1.3 sentiment@5.0.2 @nlpjs/core@4.26.1 \
//       @nlpjs/sentiment@4.26.1 @nlpjs/lang-en@4.26.1 @nlpjs/lang-fr@4.26.1
//   NODE_PATH=/tmp/npmtext/node_modules node scripts/text/baselines.mjs [--holdout] FILE...
//   NODE_PATH=/tmp/npmtext/node_modules node scripts/text/baselines.mjs --speed FILE
//
// --holdout keeps only the posts of text.IsHeldOut (FNV-1a of
// "parvis-holdout-v1:" + text, mod 5 == 0), the same split as
// `parvis analyze --evaluate --holdout`. Labels from scores: >= 0.05
// positive, <= -0.05 negative (VADER's thresholds), else neutral.
import fs from 'fs'
import { createRequire } from 'module'
const require = createRequire(import.meta.url + '/../')
const req = (m) => require(require.resolve(m, { paths: (process.env.NODE_PATH || '').split(':').concat([process.cwd() + '/node_modules']) }))

const vader = req('vader-sentiment')
const Sentiment = req('sentiment')
const { SentimentAnalyzer } = req('@nlpjs/sentiment')
const { Container } = req('@nlpjs/core')
const { LangEn } = req('@nlpjs/lang-en')
const { LangFr } = req('@nlpjs/lang-fr')

function heldOut (text) {
  let h = 2166136261
  for (const b of Buffer.from('parvis-holdout-v1:' + text, 'utf8')) { h ^= b; h = Math.imul(h, 16777619) >>> 0 }
  return h % 5 === 0
}
const label = (s) => (s >= 0.05 ? 'positive' : s <= -0.05 ? 'negative' : 'neutral')
function macroF1 (pairs) {
  let f = 0
  for (const k of ['negative', 'neutral', 'positive']) {
    const tp = pairs.filter(([g, p]) => g === k && p === k).length
    const fp = pairs.filter(([g, p]) => g !== k && p === k).length
    const fn = pairs.filter(([g, p]) => g === k && p !== k).length
    if (tp) { const pr = tp / (tp + fp); const rc = tp / (tp + fn); f += 2 * pr * rc / (pr + rc) }
  }
  return f / 3
}

const args = process.argv.slice(2)
const holdout = args.includes('--holdout')
const speed = args.includes('--speed')
const files = args.filter(a => !a.startsWith('--'))

const container = new Container()
container.use(LangEn); container.use(LangFr)
const nlpjs = new SentimentAnalyzer({ container })
const afinn = new Sentiment()

for (const file of files) {
  const posts = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l))
  if (speed) {
    const texts = posts.map(p => p.text)
    const rounds = Math.max(1, Math.ceil(200000 / texts.length))
    const t0 = process.hrtime.bigint()
    for (let r = 0; r < rounds; r++) for (const t of texts) vader.SentimentIntensityAnalyzer.polarity_scores(t)
    const s = Number(process.hrtime.bigint() - t0) / 1e9
    console.log(`${file}: vader-sentiment ${(rounds * texts.length / s).toFixed(0)} posts/s (${rounds * texts.length} posts, 1 core)`)
    continue
  }
  const sel = posts.filter(p => p.task === 'sentiment' && (!holdout || heldOut(p.text)))
  const res = { vader: [], afinn: [], nlpjs: [] }
  for (const p of sel) {
    res.vader.push([p.label, label(vader.SentimentIntensityAnalyzer.polarity_scores(p.text).compound)])
    res.afinn.push([p.label, label(afinn.analyze(p.text).comparative)])
    const r = await nlpjs.process({ locale: p.lang, text: p.text })
    res.nlpjs.push([p.label, label(r.sentiment.score)])
  }
  for (const [name, pairs] of Object.entries(res)) {
    const acc = pairs.filter(([g, p]) => g === p).length / pairs.length
    console.log(`${file}${holdout ? ' (held-out)' : ''}: ${name} n=${pairs.length} accuracy=${acc.toFixed(4)} macro-F1=${macroF1(pairs).toFixed(4)}`)
  }
}
