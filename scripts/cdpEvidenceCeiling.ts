/**
 * How much the words of the CDP conversations can tell, whatever rule decides: a multinomial naive Bayes over each
 * company's cases (the model behind Vigil's answer posterior, `CaseEvidence`, temperature 0.15 and 0.3) that always
 * names its most probable article (its posterior, beside "an article not seen before", ranks the picks), trained
 * two ways:
 * - online: on the company's earlier cases only, in the evaluation's time order (what any learner could know then);
 * - leave-one-out: on every other case of the company in the file, later ones included (a ceiling, not a system).
 * Evidence, each variant adding to the one before: the customer's words (each distinct word once per case); the
 * words of the resolving link's path (`.../Red-Dead-Online-Connection-Troubleshooting-for-PlayStation-4`), counted
 * LINK_WEIGHT times once per article; the agent's resolving reply, link left out, REPLY_WEIGHT per word and case.
 * For each it prints the hits when it names an article on every case, the precision of its N most probable picks
 * (N = Vigil's shown cases) and the most hits it can keep at a precision of 0.70 or more.
 * With `--vigil` it also replays Vigil (the engine run of `vigil eval cdp`) and counts, among Vigil's hits, wrong
 * cards and silences, the cases where the online model's pick is right.
 *
 *   npx tsx scripts/cdpEvidenceCeiling.ts ../shared/data/twitter-cdp/dev.json [--vigil]
 */
import { loadCdpFile, type CdpCase } from '../src/main/eval/cdp/twitterCdp'
import { runVigil } from '../src/main/eval/cdp/vigilRun'
import { scrubNames, scrubText } from '../src/main/engine/text/scrub'
import { tokenize } from '../src/main/engine/text/tokenize'
import { linkPathWords } from '../src/main/engine/text/urls'

const ALPHA = 0.1
const LINK_WEIGHT = 3
const REPLY_WEIGHT = 0.5

interface Evidence {
  customer: string[]
  link: string[]
  reply: string[]
}

interface Variant {
  name: string
  link: number
  reply: number
}

const VARIANTS: Variant[] = [
  { name: 'customer words', link: 0, reply: 0 },
  { name: '+ link path words', link: LINK_WEIGHT, reply: 0 },
  { name: '+ agent reply words', link: LINK_WEIGHT, reply: REPLY_WEIGHT }
]

function evidenceOf(item: CdpCase): Evidence {
  const names = [...new Set(item.turns.map((turn) => turn.author))]
  const words = (text: string): string[] => [...new Set(tokenize(scrubNames(scrubText(text), names)))]
  return {
    customer: words(
      item.turns
        .filter((turn) => turn.role === 'customer')
        .map((turn) => turn.text)
        .join('\n')
    ),
    link: [...new Set(tokenize(linkPathWords(item.url).join(' ')))],
    reply: words(item.resolution.text.replace(/https?:\/\/\S+/gi, ' '))
  }
}

interface ArticleCounts {
  cases: number
  terms: Map<string, number>
  total: number
}

/** One company's training cases, counted as `CaseEvidence` counts them (plus the variant's extra evidence). */
class CompanyModel {
  readonly articles = new Map<string, ArticleCounts>()
  readonly background = new Map<string, number>()
  backgroundTotal = 0
  cases = 0

  add(docId: string, evidence: Evidence, variant: Variant): void {
    const article = this.articles.get(docId) ?? { cases: 0, terms: new Map<string, number>(), total: 0 }
    const terms = new Map(evidence.customer.map((term) => [term, 1]))
    if (article.cases === 0)
      for (const term of evidence.link) terms.set(term, (terms.get(term) ?? 0) + variant.link)
    for (const term of evidence.reply) terms.set(term, (terms.get(term) ?? 0) + variant.reply)
    for (const [term, count] of terms) {
      if (count === 0) continue
      article.terms.set(term, (article.terms.get(term) ?? 0) + count)
      article.total += count
      this.background.set(term, (this.background.get(term) ?? 0) + count)
      this.backgroundTotal += count
    }
    article.cases++
    this.cases++
    this.articles.set(docId, article)
  }

  /** The most probable article for the customer's words and its posterior; null before any case. */
  best(words: readonly string[], temperature: number): { docId: string; probability: number } | null {
    if (this.cases === 0) return null
    const known = words.filter((term) => this.background.has(term))
    const vocabulary = this.background.size
    const logLikelihood = (terms: Map<string, number>, total: number): number =>
      known.reduce(
        (sum, term) => sum + Math.log(((terms.get(term) ?? 0) + ALPHA) / (total + ALPHA * vocabulary)),
        0
      )
    const background = logLikelihood(this.background, this.backgroundTotal)
    // "An article not seen before" is one more class, as frequent as new articles have been (as in CaseEvidence).
    const newShare = (this.articles.size + 1) / (this.cases + 2)
    const scores = [...this.articles].map(([docId, article]) => ({
      docId,
      score:
        Math.log(((1 - newShare) * article.cases) / this.cases) +
        temperature * (logLikelihood(article.terms, article.total) - background)
    }))
    const top = scores.reduce((best, item) => (item.score > best.score ? item : best))
    const sum =
      Math.exp(Math.log(newShare) - top.score) +
      scores.reduce((total, item) => total + Math.exp(item.score - top.score), 0)
    return { docId: top.docId, probability: 1 / sum }
  }
}

interface Pick {
  index: number
  right: boolean
  probability: number
}

function online(
  cases: readonly CdpCase[],
  evidence: Map<number, Evidence>,
  variant: Variant,
  t: number
): Pick[] {
  const models = new Map<string, CompanyModel>()
  const picks: Pick[] = []
  for (const item of cases) {
    const model = models.get(item.company) ?? new CompanyModel()
    const best = model.best(evidence.get(item.index)!.customer, t)
    if (best)
      picks.push({ index: item.index, right: best.docId === item.docId, probability: best.probability })
    model.add(item.docId, evidence.get(item.index)!, variant)
    models.set(item.company, model)
  }
  return picks
}

function leaveOneOut(
  cases: readonly CdpCase[],
  evidence: Map<number, Evidence>,
  variant: Variant,
  t: number
): Pick[] {
  return cases.flatMap((item) => {
    const model = new CompanyModel()
    for (const other of cases)
      if (other !== item && other.company === item.company)
        model.add(other.docId, evidence.get(other.index)!, variant)
    const best = model.best(evidence.get(item.index)!.customer, t)
    return best
      ? [{ index: item.index, right: best.docId === item.docId, probability: best.probability }]
      : []
  })
}

function summary(picks: readonly Pick[], cases: number, shown: number): string {
  const sorted = [...picks].sort((a, b) => b.probability - a.probability || a.index - b.index)
  let hits = 0
  let atSeventy = 0
  let atShown = 0
  sorted.forEach((pick, position) => {
    if (pick.right) hits++
    if (hits / (position + 1) >= 0.7) atSeventy = hits
    if (position + 1 === shown) atShown = hits
  })
  const rate = (value: number): string => value.toFixed(3)
  return (
    `always: ${hits} hits (${rate(hits / cases)}); precision at ${shown}: ${rate(atShown / shown)}; ` +
    `most hits at precision >= 0.70: ${atSeventy} (hit rate ${rate(atSeventy / cases)})`
  )
}

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) throw new Error('usage: npx tsx scripts/cdpEvidenceCeiling.ts FILE [--vigil]')
  const data = await loadCdpFile(file)
  // The evaluation's order: by first turn, then position in the file.
  const cases = [...data.cases].sort(
    (a, b) => Date.parse(a.turns[0]!.time) - Date.parse(b.turns[0]!.time) || a.index - b.index
  )
  const evidence = new Map(cases.map((item) => [item.index, evidenceOf(item)]))
  const vigil = process.argv.includes('--vigil') ? await runVigil(cases, { learning: 'curated' }) : null
  const vigilShown = vigil
    ? [...vigil.outcomes.values()].filter((outcome) => outcome.cards.length > 0).length
    : 256
  console.log(`${cases.length} cases; precision measured at ${vigilShown} cases`)
  for (const t of [0.15, 0.3]) {
    for (const variant of VARIANTS) {
      console.log(
        `online, temperature ${t}, ${variant.name}: ${summary(online(cases, evidence, variant, t), cases.length, vigilShown)}`
      )
      console.log(
        `leave-one-out, temperature ${t}, ${variant.name}: ${summary(leaveOneOut(cases, evidence, variant, t), cases.length, vigilShown)}`
      )
    }
  }
  if (!vigil) return
  for (const variant of VARIANTS) {
    const right = new Set(
      online(cases, evidence, variant, 0.15)
        .filter((pick) => pick.right)
        .map((pick) => pick.index)
    )
    const groups = {
      hit: { cases: 0, right: 0 },
      wrong: { cases: 0, right: 0 },
      silent: { cases: 0, right: 0 }
    }
    for (const item of cases) {
      const cards = vigil.outcomes.get(item.index)?.cards ?? []
      const group = cards.some((card) => card.primaryHit)
        ? groups.hit
        : cards.length > 0
          ? groups.wrong
          : groups.silent
      group.cases++
      if (right.has(item.index)) group.right++
    }
    console.log(
      `Vigil against the online model (${variant.name}, temperature 0.15), model right on: ` +
        `Vigil's hits ${groups.hit.right} of ${groups.hit.cases}, Vigil's wrong cards ${groups.wrong.right} of ${groups.wrong.cases}, ` +
        `Vigil's silences ${groups.silent.right} of ${groups.silent.cases}`
    )
  }
}

await main()
