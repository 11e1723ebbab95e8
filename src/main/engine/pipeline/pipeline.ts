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

    const answerable = results.filter((result) => result.similarity >= settings.answerThreshold)
    const chosen = answerable[0]
    if (!chosen) {
      const best = Math.max(...results.map((result) => result.similarity))
      return silent('answerability', `best match ${best.toFixed(2)} is below ${settings.answerThreshold}`)
    }

    const suggestion = composeSuggestion({
      state,
      chosen,
      alsoRelevant: answerable.slice(1),
      wakeReason: wake.reason,
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

const silent = (stage: StageName, reason: string): PipelineDecision => ({ outcome: 'silent', stage, reason })

/** Plain term-frequency cosine: is the new text a near-repeat of something already on this ticket? */
function mostSimilarShown(state: ConversationState, text: string): number {
  const vector = unitTf(text)
  let best = 0
  for (const shown of state.suggestions) best = Math.max(best, cosine(vector, unitTf(shown.text)))
  return best
}

const unitTf = (text: string): SparseVector => normalize(termFrequencies(tokenize(text)))
