/**
 * Next steps (prompt next-steps.v1) and the running case summary (prompt summary.v1): what to check next, and what
 * is known, what was tried, what is pending.
 */
import { z } from 'zod'
import type { LlmRuntime, StructuredSchema } from '../../llm/llmRuntime'
import type { ConversationState } from '../../watcher/conversationState'
import { promptFit } from './promptBudget'
import { conversationBlock, prompt, systemText } from './prompts'

export const NextSteps = z.object({
  steps: z.array(z.string().min(1).max(200)).min(1).max(5),
  reason: z.string().max(300)
})
export type NextSteps = z.infer<typeof NextSteps>
export const nextStepsSchema: StructuredSchema<NextSteps> = { name: 'next-steps.v1', schema: NextSteps }

export const CaseSummary = z.object({
  known: z.array(z.string().max(200)).max(6),
  tried: z.array(z.string().max(200)).max(6),
  pending: z.array(z.string().max(200)).max(6)
})
export type CaseSummary = z.infer<typeof CaseSummary>
export const summarySchema: StructuredSchema<CaseSummary> = { name: 'summary.v1', schema: CaseSummary }

const NEXT_STEPS =
  'The knowledge base has nothing for this support case. List up to five concrete diagnostic next steps the ' +
  'analyst could take or ask the customer for, most useful first.'
const SUMMARY =
  'Summarise this support case for an analyst taking it over: what is known, what was tried, what is pending. ' +
  'Short phrases; no names or identifiers.'

export function suggestNextSteps(
  llm: LlmRuntime,
  state: ConversationState,
  signal?: AbortSignal
): Promise<NextSteps> {
  const question = 'What should the analyst check next?'
  const fit = promptFit(llm, [systemText(NEXT_STEPS), question], 300)
  return llm.structured(
    prompt(NEXT_STEPS, `${conversationBlock(state, null, fit)}\n${question}`),
    nextStepsSchema,
    { maxTokens: fit.maxTokens, signal }
  )
}

export function summarizeCase(
  llm: LlmRuntime,
  state: ConversationState,
  signal?: AbortSignal
): Promise<CaseSummary> {
  const question = 'Summarise the case.'
  const fit = promptFit(llm, [systemText(SUMMARY), question], 400)
  return llm.structured(
    prompt(SUMMARY, `${conversationBlock(state, null, fit)}\n${question}`),
    summarySchema,
    { maxTokens: fit.maxTokens, signal }
  )
}

export function formatSummary(summary: CaseSummary): string {
  const section = (title: string, items: string[]): string =>
    items.length ? `${title}:\n${items.map((item) => `- ${item}`).join('\n')}` : `${title}: nothing yet`
  return [
    section('Known', summary.known),
    section('Tried', summary.tried),
    section('Pending', summary.pending)
  ].join('\n')
}
