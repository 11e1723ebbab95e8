/** Scope (prompt scope.v1): is the latest message a question or problem Vigil should help with right now? */
import { z } from 'zod'
import type { Message } from '../../../../shared/domain'
import type { LlmRuntime, StructuredSchema } from '../../llm/llmRuntime'
import type { ConversationState } from '../../watcher/conversationState'
import { promptFit } from './promptBudget'
import { conversationBlock, prompt, systemText } from './prompts'

export const ScopeVerdict = z.object({
  /** The latest customer message asks for help Vigil could give (a question, a problem, an error). */
  needsHelp: z.boolean(),
  kind: z.enum(['question', 'problem', 'error', 'follow-up', 'chatter', 'other']),
  /** The analyst already answered or is clearly in the middle of answering it. */
  analystHandling: z.boolean(),
  reason: z.string().max(300)
})
export type ScopeVerdict = z.infer<typeof ScopeVerdict>

export const scopeSchema: StructuredSchema<ScopeVerdict> = { name: 'scope.v1', schema: ScopeVerdict }

const SYSTEM =
  'You watch a live support chat for an analyst. Decide whether the latest customer message is a question or ' +
  'problem the analyst could use help with now (a question, a problem description, an error). Greetings, thanks ' +
  'and small talk are chatter. If the analyst has already answered it or is clearly answering it, say so.'

export async function judgeScope(
  llm: LlmRuntime,
  state: ConversationState,
  trigger: Message | null,
  signal?: AbortSignal
): Promise<ScopeVerdict> {
  const question = 'Is the latest customer message something to help with?'
  const fit = promptFit(llm, [systemText(SYSTEM), question], 160)
  const user = `${conversationBlock(state, trigger, fit)}\n${question}`
  return llm.structured(prompt(SYSTEM, user), scopeSchema, { maxTokens: fit.maxTokens, signal })
}
