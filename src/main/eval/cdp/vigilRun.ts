/**
 * Runs the real engine (the same code the app runs) over CDP cases replayed as live tickets, from an empty
 * knowledge base in a temporary folder, and scores what it showed before each case's resolving reply.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isKnowledgeCard, type Suggestion } from '../../../shared/domain'
import { createEngine, type EngineOptions } from '../../engine/createEngine'
import { normalizeUrl, urlsIn } from '../../engine/text/urls'
import { createJsonLogger } from '../../headless/jsonLogger'
import { createNodeHost, defaultResourcesDir } from '../../headless/nodeHost'
import { cdpEvents, resolvingMessageIdFor, ticketIdFor } from './cdpEvents'
import type { CaseOutcome, ShownCard } from './metrics'
import type { CdpCase } from './twitterCdp'

export interface VigilRunOptions {
  /** Vigil's curated learning, or each case stored as written (the `verbatim` reference). */
  learning: 'curated' | 'verbatim'
  /** Cases replayed first (same learning) to warm the knowledge base; not scored. */
  warm?: readonly CdpCase[]
  /** Learn and match customer wordings (EngineOptions.wordingModel). Default true; off for the ablation. */
  wordingModel?: boolean
}

export interface VigilRun {
  outcomes: Map<number, CaseOutcome>
  suggestions: number
  /** Scored cases whose resolving reply the engine processed: all of them, or the run is not valid. */
  replayed: number
}

export async function runVigil(cases: readonly CdpCase[], options: VigilRunOptions): Promise<VigilRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-eval-cdp-'))
  try {
    const engineOptions = {
      learning: options.learning,
      ...(options.wordingModel === false ? { wordingModel: false } : {})
    }
    const docOfTicket = new Map<string, string>()
    for (const item of options.warm ?? []) docOfTicket.set(`warm-${ticketIdFor(item)}`, item.docId)
    for (const item of cases) docOfTicket.set(ticketIdFor(item), item.docId)
    if (options.warm?.length) await replay(dataDir, cdpEvents(options.warm, 'warm-'), engineOptions)
    const shown = new Map<string, Suggestion[]>()
    const closed = new Set<string>()
    await replay(dataDir, cdpEvents(cases), engineOptions, (engine) => {
      engine.onEvent((envelope) => {
        if (envelope.event === 'message.added' && envelope.payload.id.endsWith('-resolution')) {
          closed.add(envelope.payload.ticketId)
        }
      })
      engine.onActivity((activity) => {
        if (activity.type !== 'suggestion' || closed.has(activity.suggestion.ticketId)) return
        // Only knowledge suggestions count: escalation alerts and case notes cite no earlier case.
        if (!isKnowledgeCard(activity.suggestion)) return
        const list = shown.get(activity.suggestion.ticketId) ?? []
        list.push(activity.suggestion)
        shown.set(activity.suggestion.ticketId, list)
      })
    })
    const outcomes = new Map<number, CaseOutcome>()
    let suggestions = 0
    for (const item of cases) {
      const list = shown.get(ticketIdFor(item)) ?? []
      suggestions += list.length
      outcomes.set(item.index, { cards: list.map((suggestion) => scoreCard(suggestion, item, docOfTicket)) })
    }
    return { outcomes, suggestions, replayed: closed.size }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/**
 * A citation is right when it stands for an earlier case with the same article: the doc id most of the cited
 * entry's source tickets had, so merging unrelated cases cannot buy hits. A card whose text links the same support
 * article is right on both counts. The score is the card's confidence (the chosen entry's similarity).
 */
export function scoreCard(
  suggestion: Suggestion,
  item: CdpCase,
  docOfTicket: Map<string, string>
): ShownCard {
  const linked = urlsIn(suggestion.text).includes(normalizeUrl(item.url))
  const right = suggestion.citations.map(
    (citation) => majorityDoc(citation.sourceTicketIds, docOfTicket) === item.docId
  )
  return {
    score: suggestion.confidence,
    primaryHit: linked || right[0] === true,
    anyHit: linked || right.includes(true)
  }
}

function majorityDoc(ticketIds: readonly string[], docOfTicket: Map<string, string>): string | undefined {
  const counts = new Map<string, number>()
  for (const id of ticketIds) {
    const doc = docOfTicket.get(id)
    if (doc !== undefined) counts.set(doc, (counts.get(doc) ?? 0) + 1)
  }
  let best: string | undefined
  for (const [doc, count] of counts) if (best === undefined || count > counts.get(best)!) best = doc
  return best
}

async function replay(
  dataDir: string,
  events: ReturnType<typeof cdpEvents>,
  engineOptions: Pick<EngineOptions, 'learning' | 'wordingModel'>,
  observe?: (engine: ReturnType<typeof createEngine>) => void
): Promise<void> {
  const host = createNodeHost({
    dataDir,
    resourcesDir: defaultResourcesDir(),
    logger: createJsonLogger({ quiet: true }),
    env: {}
  })
  const engine = createEngine(host, {
    source: { kind: 'replay', events, speed: 'max', id: 'eval' },
    ...engineOptions
  })
  observe?.(engine)
  try {
    await engine.start()
    await engine.whenSourceIdle()
  } finally {
    await engine.stop()
  }
}

export { resolvingMessageIdFor }
