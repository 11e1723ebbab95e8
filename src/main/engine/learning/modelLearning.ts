/**
 * Learning with a language model (prompts extract.v1 and review.v1): the model writes a generalised, self-contained
 * entry from what the analysts said and decides whether cited knowledge is kept, corrected or retired. Both are
 * validated against a schema; any failure falls back to the extractive path, and nothing invalid is ever stored.
 */
import { z } from 'zod'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { LlmRuntime } from '../llm/llmRuntime'
import { promptFit, spend, trimMiddle } from '../pipeline/llm/promptBudget'
import { conversationBlock, knowledgeBlock, prompt, quoted, systemText } from '../pipeline/llm/prompts'
import { scrubNames, scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'
import type { ExtractedCase } from './extractor'
import { problemTitle } from './entryTitle'

export const ModelEntry = z.object({
  /** False when the analysts' messages hold no reusable resolution (small talk, a temporary workaround only). */
  learnable: z.boolean(),
  title: z.string().max(200),
  problem: z.string().max(1_500),
  resolution: z.array(z.string().min(1).max(600)).max(8)
})

export const ModelVerdict = z.object({
  decision: z.enum(['keep', 'correct', 'retire']),
  reason: z.string().max(300)
})
export type ModelVerdict = z.infer<typeof ModelVerdict>

const EXTRACT =
  'Turn a resolved support case into one knowledge entry for the support team. Use only what the analysts said and ' +
  'did, never what the customer claimed. Generalise: no customer names, ticket numbers, account ids, dates or ' +
  'temporary workarounds. The title names the problem as a statement, with no question and no time words such as ' +
  '"this morning". One problem per entry, self-contained steps. If the analysts gave no reusable ' +
  'resolution, set learnable to false.'

const REVIEW =
  'Vigil suggested the knowledge entry below on a support case. Given how the analysts resolved the case, decide: ' +
  "keep (the entry was right), correct (same problem, but the entry's steps are wrong or outdated), or retire " +
  '(the entry is wrong and not worth fixing).'

/** A model-written entry for the case, or null when the model finds nothing to learn. */
export async function extractWithModel(
  llm: LlmRuntime,
  state: ConversationState
): Promise<ExtractedCase | null> {
  const analyst = state.analystMessages()
  const customer = state.customerMessages()
  if (analyst.length === 0 || customer.length === 0) return null
  // Bounded like every prompt: the opening problem and the latest turns (where the resolution is) always stay.
  const question = 'Write the knowledge entry.'
  const fit = promptFit(llm, [systemText(EXTRACT), question], 600)
  const spoken = (message: { authorRole: string }): boolean =>
    message.authorRole === 'customer' || message.authorRole === 'analyst'
  const entry = await llm.structured(
    prompt(EXTRACT, `${conversationBlock(state, null, fit, spoken)}\n${question}`),
    { name: 'extract.v1', schema: ModelEntry },
    { maxTokens: fit.maxTokens }
  )
  if (!entry.learnable || entry.resolution.length === 0 || entry.problem.trim() === '') return null
  // The model was told to leave personal data out; scrubbing again makes sure.
  const names = [...new Set([...analyst, ...customer].map((message) => message.authorName))]
  const clean = (text: string): string => scrubNames(scrubText(text), names)
  const problem = clean(entry.problem)
  return {
    ticketId: state.ticket.id,
    team: state.ticket.team,
    // The model is asked for a neutral title; the same rules as the extractive path make sure.
    title: problemTitle(clean(entry.title), problem),
    problem,
    symptom: problem.slice(0, 300),
    resolution: entry.resolution.map(clean).filter((step) => step.length > 0),
    messageIds: analyst.map((message) => message.id).slice(-5)
  }
}

export function judgeWithModel(
  llm: LlmRuntime,
  entry: KnowledgeEntry,
  extracted: ExtractedCase
): Promise<ModelVerdict> {
  const fit = promptFit(llm, [systemText(REVIEW), 'How the analysts resolved the case: \nDecide.'], 160)
  const knowledge = knowledgeBlock([entry], { ...fit, tokens: Math.floor(fit.tokens / 2) })
  const resolved = trimMiddle(
    quoted({ problem: extracted.problem, resolution: extracted.resolution }),
    spend(fit, knowledge).tokens,
    fit.count
  )
  return llm.structured(
    prompt(REVIEW, `${knowledge}\nHow the analysts resolved the case: ${resolved}\nDecide.`),
    { name: 'review.v1', schema: ModelVerdict },
    { maxTokens: fit.maxTokens }
  )
}
