/**
 * The proactive pipeline, retrieval-only: wake gate → cooldown → query → retrieve → answerability → dedupe →
 * suggestion. Each stage can stop the chain with a reason, so every silence is explainable too. The LLM stages
 * of a later version plug in between the same steps.
 */
import type { Message, Suggestion } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { Retriever, RetrievedEntry } from '../retrieval/retriever'
import { cosine, normalize, type SparseVector } from '../text/similarity'
import { termFrequencies, tokenize } from '../text/tokenize'
import type { ConversationState } from '../watcher/conversationState'
import { composeSuggestion } from './composer'
import { buildQuery } from './queryBuilder'
import { wakeGate } from './wakeGate'

export type StageName = 'wake' | 'cooldown' | 'query' | 'retrieve' | 'answerability' | 'dedupe'

export type PipelineDecision =
  | { outcome: 'suggest'; suggestion: Suggestion; chosen: RetrievedEntry }
  | { outcome: 'silent'; stage: StageName; reason: string }

export interface PipelineRun {
  state: ConversationState
  /** The message that arrived, or null for a periodic check (stalled cases). */
  trigger: Message | null
  now: Date
  settings: Settings['pipeline']
}

export class ProactivePipeline {
  constructor(private readonly retriever: Retriever) {}

  async run({ state, trigger, now, settings }: PipelineRun): Promise<PipelineDecision> {
    const phase = state.phase(now, settings.stalledAfterMinutes)
    const wake = wakeGate(state, trigger, phase)
    if (!wake.wake) return silent('wake', wake.reason)

    const last = state.lastSuggestion()
    if (last) {
      const elapsedSeconds = (now.getTime() - Date.parse(last.createdAt)) / 1000
      if (elapsedSeconds < settings.cooldownSeconds) {
        return silent('cooldown', `last suggestion on this ticket was ${Math.round(elapsedSeconds)} s ago`)
      }
    }

    const query = buildQuery(state, trigger)
    if (query.tokens.length === 0) return silent('query', 'nothing searchable after removing identifiers')

    const shown = state.shownEntryIds()
    const results = (await this.retriever.retrieve({ team: state.ticket.team, ...query })).filter(
      (result) => !shown.has(result.entry.id)
    )
    if (results.length === 0) return silent('retrieve', 'no knowledge matches that was not already shown')

    // Up to three best-ranked entries are cited, when at least one of them is answerable.
    const cited = results.slice(0, settings.maxCitations)
    const chosen = cited.find((result) => answerability(result, settings) !== null)
    if (!chosen) {
      const best = Math.max(...cited.map((result) => result.similarity))
      return silent('answerability', `best match ${best.toFixed(2)} is not enough to answer`)
    }

    const suggestion = composeSuggestion({
      state,
      chosen,
      alsoRelevant: cited.filter((result) => result !== chosen),
      wakeReason: wake.reason,
      matchReason: answerability(chosen, settings)!,
      triggerMessageId: trigger?.id ?? null,
      now,
      maxCitations: settings.maxCitations
    })
    const duplicate = mostSimilarShown(state, suggestion.text)
    if (duplicate >= settings.duplicateSimilarity) {
      return silent('dedupe', `${Math.round(duplicate * 100)}% similar to a suggestion already shown`)
    }
    return { outcome: 'suggest', suggestion, chosen }
  }
}

/**
 * Why an entry is good enough to show, or null: it matches closely; or it is confirmed on several tickets and
 * matches reasonably; or it is the team's common answer (a large share of its resolved tickets) and matches at all.
 */
export function answerability(result: RetrievedEntry, settings: PipelineRun['settings']): string | null {
  const confirmed = result.entry.author === 'human' || result.entry.sourceTicketIds.length >= 2
  if (result.similarity >= settings.answerThreshold) return 'close match'
  if (confirmed && result.similarity >= settings.confirmedThreshold) return 'confirmed match'
  if (confirmed && result.similarity > 0 && result.share >= settings.dominantShare) return 'common answer'
  return null
}

const silent = (stage: StageName, reason: string): PipelineDecision => ({ outcome: 'silent', stage, reason })

/** Plain term-frequency cosine: is the new text a near-repeat of something already on this ticket? */
function mostSimilarShown(state: ConversationState, text: string): number {
  const vector = unitTf(text)
  let best = 0
  for (const shown of state.suggestions) best = Math.max(best, cosine(vector, unitTf(shown.text)))
  return best
}

const unitTf = (text: string): SparseVector => normalize(termFrequencies(tokenize(text)))
