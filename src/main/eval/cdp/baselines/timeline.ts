/**
 * The schedule every baseline follows, so that baselines and Vigil see the same cases in the same order with the
 * same budget: warm cases are all learned first (they count as earlier than any scored case); then, in time order,
 * a case's resolution is learned at its resolving reply, and at each of its customer messages the baseline may show
 * one card, built from the conversation so far and what was resolved by then. At equal times a resolution is
 * learned before a card is chosen, as in the engine, which has processed the earlier event first.
 */
import type { CaseOutcome } from '../metrics'
import type { CdpCase } from '../twitterCdp'

/** A baseline's card: its sources' article ids in rank order, and how sure it is. */
export interface BaselineCard {
  score: number
  docIds: string[]
}

export interface BaselineStrategy {
  /** A resolved case becomes knowledge. */
  learn(item: CdpCase): void
  /** The card to show on `item` given its conversation so far (turn texts joined), or null to stay quiet. */
  suggest(item: CdpCase, conversation: string): BaselineCard | null
}

export function runBaseline(
  cases: readonly CdpCase[],
  warm: readonly CdpCase[],
  strategy: BaselineStrategy
): Map<number, CaseOutcome> {
  for (const item of warm) strategy.learn(item)
  type Step = { time: number; order: number; item: CdpCase; turns: number }
  const steps: Step[] = []
  for (const item of cases) {
    steps.push({ time: Date.parse(item.resolution.time), order: 0, item, turns: 0 })
    item.turns.forEach((turn, position) => {
      if (turn.role === 'customer')
        steps.push({ time: Date.parse(turn.time), order: 1, item, turns: position + 1 })
    })
  }
  steps.sort(
    (a, b) => a.time - b.time || a.order - b.order || a.item.index - b.item.index || a.turns - b.turns
  )
  const outcomes = new Map<number, CaseOutcome>(cases.map((item) => [item.index, { cards: [] }]))
  for (const step of steps) {
    if (step.order === 0) {
      strategy.learn(step.item)
      continue
    }
    const conversation = step.item.turns
      .slice(0, step.turns)
      .map((turn) => turn.text)
      .join('\n')
    const card = strategy.suggest(step.item, conversation)
    if (!card || card.docIds.length === 0) continue
    outcomes.get(step.item.index)!.cards.push({
      score: card.score,
      primaryHit: card.docIds[0] === step.item.docId,
      anyHit: card.docIds.includes(step.item.docId)
    })
  }
  return outcomes
}
