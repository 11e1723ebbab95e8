/**
 * Rewrite (prompt rewrite.v1): turns a messy conversation into one overall search query plus independent
 * sub-queries, with context from earlier turns filled in. Identifiers are scrubbed again on the way out.
 */
import { z } from 'zod'
import type { Message } from '../../../../shared/domain'
import type { LlmRuntime, StructuredSchema } from '../../llm/llmRuntime'
import { scrubText } from '../../text/scrub'
import type { ConversationState } from '../../watcher/conversationState'
import { promptFit } from './promptBudget'
import { conversationBlock, prompt, systemText } from './prompts'

export const Rewrite = z.object({
  query: z.string().min(1).max(300),
  subQueries: z.array(z.string().min(1).max(200)).max(3)
})
export type Rewrite = z.infer<typeof Rewrite>

export const rewriteSchema: StructuredSchema<Rewrite> = { name: 'rewrite.v1', schema: Rewrite }

const SYSTEM =
  'Rewrite the customer problem in this support chat as search queries for a knowledge base: one overall query ' +
  'naming the product area, the symptom and any error text, and up to three independent sub-queries when the ' +
  'customer raised separate problems. Fill in context from earlier turns. Leave out names, e-mail addresses, ids, ' +
  'IP addresses and dates.'

export async function rewriteQueries(
  llm: LlmRuntime,
  state: ConversationState,
  trigger: Message | null,
  signal?: AbortSignal
): Promise<Rewrite> {
  const question = 'Write the search queries.'
  const fit = promptFit(llm, [systemText(SYSTEM), question], 200)
  const rewrite = await llm.structured(
    prompt(SYSTEM, `${conversationBlock(state, trigger, fit)}\n${question}`),
    rewriteSchema,
    { maxTokens: fit.maxTokens, signal }
  )
  return { query: scrubText(rewrite.query), subQueries: rewrite.subQueries.map(scrubText) }
}
