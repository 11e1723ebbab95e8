/**
 * The message path: on a customer or analyst message (or a stall), the escalation watch, then the proactive
 * pipeline, within the message's time budget; the result is a card or a recorded silence.
 */
import { severityAtLeast } from '../escalation/escalationWatch'
import { adaptedPipeline } from '../learning/adaptiveIntervention'
import { wakeGate } from '../pipeline/wakeGate'
import { modelBudget, type ModelBudget } from '../scheduling/modelBudget'
import type { ConversationState } from '../watcher/conversationState'
import type { EngineCore } from './core'

export async function considerSpeaking(
  core: EngineCore,
  state: ConversationState,
  trigger: ConversationState['messages'][number] | null,
  now: Date
): Promise<void> {
  const budget = modelBudget(core.stores.settings.get().pipeline.messageBudgetSeconds, core.parts.life.signal)
  try {
    await speakWithin(core, state, trigger, now, budget)
  } finally {
    // One budget per message: its timer and controller go when the message is done, not when its time would run out.
    budget.release()
  }
}

async function speakWithin(
  core: EngineCore,
  state: ConversationState,
  trigger: ConversationState['messages'][number] | null,
  now: Date,
  budget: ModelBudget
): Promise<void> {
  const { parts, stores } = core
  const settings = stores.settings.get()
  const { signal } = budget
  const llm = parts.gate.wrap(parts.models.runtime(), signal)
  if (trigger) {
    core.counts.messages++
    // Patterns always; the model judges described rules only for messages worth a look (cost control).
    const worthALook = wakeGate(state, trigger, state.phase(now, settings.pipeline.stalledAfterMinutes)).wake
    const alerts = await parts.escalation
      .check(state, trigger, now, settings.escalation, worthALook ? llm : null)
      .catch((error: unknown) => {
        // Escalation is a side watch: whatever fails in it, the suggestion pipeline still runs.
        core.warnings.warn(
          `The escalation watch failed on ${state.ticket.id}: ${(error as Error).message}`,
          true
        )
        return []
      })
    for (const alert of alerts) {
      await core.show(state, alert)
      if (severityAtLeast(alert.severity ?? 'low', settings.escalation.notifyFrom)) {
        core.host.notifier.notify(`Vigil: ${alert.title} on ${state.ticket.id}`, alert.text)
      }
    }
  }
  const { scale } = stores.adaptive.adaptation(state.ticket.team, settings.learning)
  const pipeline = adaptedPipeline(settings.pipeline, scale)
  const decision = await parts.pipeline.run({ state, trigger, now, settings: pipeline, llm, signal })
  if (llm && budget.expired())
    core.warnings.warn(
      `A message's model stages ran past their ${budget.seconds} s budget; it got the retrieval-only result.`,
      true
    )
  parts.gapWatch.afterPipeline(state, trigger, decision, now)
  if (decision.outcome === 'silent') {
    core.activity({ type: 'silent', ticketId: state.ticket.id, messageId: trigger?.id ?? null, ...decision })
    return
  }
  await core.show(state, decision.suggestion)
}
