/**
 * Times each message from the moment the connector yields it to the moment the engine reports its decision
 * (a silence with its stage, or a suggestion it triggered), and checks that every message gets exactly one.
 */
import type { EngineActivity } from '../../engine/types'

export class DecisionTracker {
  private readonly yieldedAt = new Map<string, number>()
  private readonly decisions = new Map<string, number>()
  readonly latenciesMs: number[] = []
  /** Decisions past the wake gate: suggestions, and silences at any later stage. */
  woke = 0

  constructor(
    private readonly messageIds: readonly string[],
    private readonly clock: () => number = () => performance.now()
  ) {}

  /** The connector handed over the message. */
  yielded(messageId: string): void {
    this.yieldedAt.set(messageId, this.clock())
  }

  /** Feeds one engine activity; activities that are not a decision about a message are ignored. */
  observe(activity: EngineActivity): void {
    if (activity.type === 'silent' && activity.messageId !== null) {
      this.decided(activity.messageId, activity.stage !== 'wake')
    } else if (activity.type === 'suggestion') {
      // An escalation alert comes from the escalation watch, beside the pipeline's own decision on the message.
      const { triggerMessageId, kind } = activity.suggestion
      if (triggerMessageId !== null && kind !== 'escalation') this.decided(triggerMessageId, true)
    }
  }

  /** Messages without a decision, and messages decided more than once. */
  check(): { undecided: number; decidedTwice: number } {
    let undecided = 0
    let decidedTwice = 0
    for (const id of this.messageIds) {
      const count = this.decisions.get(id) ?? 0
      if (count === 0) undecided++
      if (count > 1) decidedTwice++
    }
    return { undecided, decidedTwice }
  }

  private decided(messageId: string, woke: boolean): void {
    const now = this.clock()
    this.decisions.set(messageId, (this.decisions.get(messageId) ?? 0) + 1)
    if (woke) this.woke++
    const start = this.yieldedAt.get(messageId)
    if (start !== undefined) {
      this.latenciesMs.push(now - start)
      this.yieldedAt.delete(messageId)
    }
  }
}
