/**
 * Learning on a resolution: the case review (extract, merge, confirm, correct, retire), recorded in the durable
 * learning journal, then the adaptation and the wording model are told, and the renderer is.
 */
import type { ProvenanceKind } from '../../../shared/domain'
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
  // Learning redone after a kill sees what its first try wrote as already counted: what this resolution did to
  // each entry is read back from the entries (firstTry), so the wordings and the adaptation take the same outcomes
  // an uninterrupted run gave them, each once (under the resolution's and each card's key).
  const effective = firstTry(core, state, now, outcomes)
  stores.wordings?.learn(state, effective, eventId)
  // Suggestions nobody reacted to are judged by how the case was resolved: confirmed, or ignored and refuted.
  const verdicts = new Map(effective.map((outcome) => [outcome.entry.id, outcome.type]))
  for (const suggestion of state.suggestions) {
    const primary = suggestion.citations[0]?.entryId
    const verdict = primary ? verdicts.get(primary) : undefined
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
 * The outcomes of this resolution as its first try gave them: for each entry of the outcomes or of the case's
 * cards, the first provenance event this ticket wrote at `now` (a try cut short by a kill wrote it; the review
 * redone finds the entry counted and gives no outcome, or `merged` for the entry it `learned`), else the outcome.
 */
function firstTry(
  core: EngineCore,
  state: ConversationState,
  now: Date,
  outcomes: readonly ReviewOutcome[]
): ReviewOutcome[] {
  const at = now.toISOString()
  const ticketId = state.ticket.id
  const byEntry = new Map(outcomes.map((outcome) => [outcome.entry.id, outcome]))
  const cited = state.suggestions.flatMap((suggestion) => {
    const primary = suggestion.citations[0]?.entryId
    return primary ? [{ team: suggestion.team, id: primary }] : []
  })
  const teamOf = new Map([
    ...cited.map(({ team, id }) => [id, team] as const),
    ...outcomes.map((outcome) => [outcome.entry.id, outcome.entry.team] as const)
  ])
  const effective: ReviewOutcome[] = []
  for (const [id, team] of teamOf) {
    const entry = byEntry.get(id)?.entry ?? core.stores.knowledge.get(team, id)
    const event = entry?.provenance?.find((item) => item.ticketId === ticketId && item.at === at)
    const type = event ? outcomeType(event.kind) : byEntry.get(id)?.type
    if (!entry || !type) continue
    effective.push(
      type === 'learned' || type === 'merged'
        ? { type, entry, ticketId, similarity: 1 }
        : { type, entry, ticketId }
    )
  }
  return effective
}

/** A provenance kind as the review's outcome type (a proposal to a person is reported as a refutation). */
function outcomeType(kind: ProvenanceKind): ReviewOutcome['type'] | undefined {
  if (kind === 'proposed') return 'refuted'
  const types: ReadonlyArray<ReviewOutcome['type']> = [
    'learned',
    'merged',
    'confirmed',
    'corrected',
    'refuted',
    'retired'
  ]
  return types.find((type) => type === kind)
}

/** Learns a pending resolution again (the pending list's retry), on its ticket's queue. */
export function retryLearning(core: EngineCore, resolution: PendingResolution): void {
  const state = core.parts.watcher.get(resolution.ticketId)
  if (core.stores.journal.has(resolution.eventId) || !state) return core.unlearned.learned(resolution.eventId)
  core.parts.queues.schedule(resolution.ticketId, () =>
    learnOnResolution(core, state, resolution.at, resolution.eventId)
  )
}
