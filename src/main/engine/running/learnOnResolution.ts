/**
 * Learning on a resolution: the case review (extract, merge, confirm, correct, retire), recorded in the durable
 * learning journal, then the adaptation and the wording model are told, and the renderer is.
 */
import type { ReviewOutcome } from '../learning/caseReview'
import { isFixableLearningFailure, type PendingResolution } from '../learning/pendingLearning'
import { modelBudget } from '../scheduling/modelBudget'
import type { ConversationState } from '../watcher/conversationState'
import type { EngineCore } from './core'

/** Learns from a resolution (`eventId`, already in the event log) and records it in the learning journal. */
export async function learnOnResolution(
  core: EngineCore,
  state: ConversationState,
  now: Date,
  eventId: string
): Promise<void> {
  const { parts, stores } = core
  const settings = stores.settings.get()
  const budget = modelBudget(settings.llm.learningBudgetSeconds, parts.life.signal)
  let outcomes: ReviewOutcome[]
  try {
    outcomes = await parts.reviewer.review(state, now, settings.learning, budget.signal)
  } catch (error) {
    // Knowledge that cannot be written (a damaged team, a read-only folder): kept pending, never written off.
    const reason = (error as Error).message
    if (isFixableLearningFailure(error)) {
      core.unlearned.failed({ eventId, ticketId: state.ticket.id, at: now, reason })
      core.activity({ type: 'not-learned', ticketId: state.ticket.id, eventId, reason })
      core.statusChanged()
      return
    }
    core.warnings.warn(`not learned from ${state.ticket.id}: ${reason}`)
    await stores.journal.learnedFrom(eventId)
    return
  } finally {
    // The review is over: its budget's timer and controller go now, not when its 120 s would run out.
    budget.release()
  }
  if (budget.expired())
    core.warnings.warn(
      `Learning from a case ran past its ${budget.seconds} s model budget; it was learned from the analysts' own words.`,
      true
    )
  stores.wordings?.learn(state, outcomes)
  // Suggestions nobody reacted to are judged by how the case was resolved: confirmed, or ignored and refuted.
  // Each verdict is counted under its key, so learning redone after a kill counts it once; an entry this very
  // resolution already revised before the kill (no outcome now: its evidence counts once) keeps its verdict.
  const verdicts = new Map(outcomes.map((outcome) => [outcome.entry.id, outcome.type as string]))
  for (const suggestion of state.suggestions) {
    const primary = suggestion.citations[0]?.entryId
    const verdict = primary
      ? (verdicts.get(primary) ?? verdictWrittenAt(core, suggestion.team, primary, state.ticket.id, now))
      : undefined
    const reacted = suggestion.feedback.some((feedback) => feedback.kind !== 'ignored')
    if (reacted || !verdict || verdict === 'learned' || verdict === 'merged') continue
    await stores.adaptive.record(suggestion.team, verdict === 'confirmed', `${eventId}/${suggestion.id}`)
  }
  // Written once every effect is on disk (knowledge, the team's wordings, adaptation): a kill before this line
  // learns the case again at the next start, where the review skips what this ticket already counted for.
  await stores.wordings?.flush()
  await stores.journal.learnedFrom(eventId)
  core.unlearned.learned(eventId)
  for (const outcome of outcomes) {
    const { entry } = outcome
    core.emit('knowledge.changed', {
      team: entry.team,
      entryId: entry.id,
      change: outcome.type === 'learned' || outcome.type === 'merged' ? outcome.type : 'updated'
    })
    core.activity({
      type: outcome.type,
      entry,
      ticketId: state.ticket.id,
      similarity: 'similarity' in outcome ? outcome.similarity : 1
    })
  }
  if (outcomes.length) {
    parts.sync.noteLearned(state.ticket.team)
    parts.gapWatch.knowledgeChanged(
      state.ticket.team,
      outcomes.map((outcome) => outcome.entry),
      now
    )
    core.statusChanged()
  }
}

/**
 * What resolution `now` of `ticketId` already did to an entry (its provenance event of that ticket at that time),
 * as an outcome type: how a learning cut short by a kill finds the verdicts its first try wrote.
 */
function verdictWrittenAt(
  core: EngineCore,
  team: string,
  entryId: string,
  ticketId: string,
  now: Date
): string | undefined {
  const at = now.toISOString()
  const event = core.stores.knowledge
    .get(team, entryId)
    ?.provenance?.findLast((item) => item.ticketId === ticketId && item.at === at)
  if (!event) return undefined
  // A proposal to a person is reported as a refutation (caseReview.ts).
  return event.kind === 'proposed' ? 'refuted' : event.kind
}

/** Learns a pending resolution again (the pending list's retry), on its ticket's queue. */
export function retryLearning(core: EngineCore, resolution: PendingResolution): void {
  const state = core.parts.watcher.get(resolution.ticketId)
  if (core.stores.journal.has(resolution.eventId) || !state) return core.unlearned.learned(resolution.eventId)
  core.parts.queues.schedule(resolution.ticketId, () =>
    learnOnResolution(core, state, resolution.at, resolution.eventId)
  )
}
