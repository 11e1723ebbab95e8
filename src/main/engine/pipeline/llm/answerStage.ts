/**
 * Answerability (prompt answer.v1): does a knowledge entry really match the object, symptom and conditions of this
 * case? If so, a short answer in the customer's language that cites at least one of the given entries. Citations
 * outside the given entries are refused: nothing invented.
 */
import { z } from 'zod'
import type { Message } from '../../../../shared/domain'
import { LlmError } from '../../llm/llmError'
import type { LlmRuntime, StructuredSchema } from '../../llm/llmRuntime'
import { riskOfText } from '../../learning/safeguards'
import { citedIds } from '../../safety/answerCheck'
import type { RetrievedEntry } from '../../retrieval/retriever'
import type { ConversationState } from '../../watcher/conversationState'
import { promptFit, spend } from './promptBudget'
import { conversationBlock, knowledgeBlock, prompt, systemText } from './prompts'

export const AnswerVerdict = z.object({
  answerable: z.boolean(),
  /** Ids of the knowledge entries the answer rests on, best first. */
  citedEntryIds: z.array(z.string()).max(3),
  /** A short reply draft in the customer's language; empty when not answerable. */
  answer: z.string().max(1_200),
  confidence: z.number().min(0).max(1),
  reason: z.string().max(300)
})
export type AnswerVerdict = z.infer<typeof AnswerVerdict>

export const answerSchema: StructuredSchema<AnswerVerdict> = { name: 'answer.v1', schema: AnswerVerdict }

const SYSTEM =
  'You help a support analyst. Given the conversation and candidate knowledge entries, decide whether an entry ' +
  'really answers the customer: same product or object, same symptom, same conditions. If yes, write a short ' +
  "reply draft in the customer's language using only what the cited entries say, and list the ids you used. " +
  'If no entry fits, set answerable to false. Never invent steps or facts.'

export interface GroundedAnswer {
  answer: string
  cited: RetrievedEntry[]
  confidence: number
  reason: string
}

/** Returns null when the model finds no entry that answers the case. */
export async function judgeAnswer(
  llm: LlmRuntime,
  state: ConversationState,
  trigger: Message | null,
  candidates: readonly RetrievedEntry[],
  signal?: AbortSignal
): Promise<GroundedAnswer | null> {
  const question = 'Does an entry answer the customer?'
  const fit = promptFit(llm, [systemText(SYSTEM), question], 400)
  // The knowledge block always goes in: it takes up to half the budget, the conversation the rest.
  const knowledge = knowledgeBlock(
    candidates.map((c) => c.entry),
    { ...fit, tokens: Math.floor(fit.tokens / 2) }
  )
  const user = `${conversationBlock(state, trigger, spend(fit, knowledge))}\n${knowledge}\n${question}`
  const verdict = await llm.structured(prompt(SYSTEM, user), answerSchema, {
    maxTokens: fit.maxTokens,
    signal
  })
  const byId = new Map(candidates.map((candidate) => [candidate.entry.id, candidate]))
  // An answer resting on an entry it was not given is invented: dropped whole (not trimmed to the known ids), and
  // the run goes on retrieval-only so the knowledge card still shows. So is a risky one.
  const foreign = [...new Set([...verdict.citedEntryIds, ...citedIds(verdict.answer)])].filter(
    (id) => !byId.has(id)
  )
  if (verdict.answerable && foreign.length > 0)
    throw new LlmError(
      'LLM_INVALID_OUTPUT',
      `The model's answer cited ${foreign.slice(0, 3).join(', ')}, which it was not given; it was dropped.`,
      { details: { schema: answerSchema.name } }
    )
  const risk = verdict.answerable ? riskOfText(verdict.answer) : null
  if (risk)
    throw new LlmError('LLM_INVALID_OUTPUT', `The model's answer was dropped as risky (${risk}).`, {
      details: { schema: answerSchema.name }
    })
  const cited = [...new Set(verdict.citedEntryIds)].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
  if (!verdict.answerable || cited.length === 0 || verdict.answer.trim() === '') return null
  return { answer: verdict.answer.trim(), cited, confidence: verdict.confidence, reason: verdict.reason }
}
