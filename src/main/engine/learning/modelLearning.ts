/**
 * Learning with a language model (prompts extract.v1 and review.v1): the model writes a generalised, self-contained
 * entry from what the analysts said and decides whether cited knowledge is kept, corrected or retired. Both are
 * validated against a schema; any failure falls back to the extractive path, and nothing invalid is ever stored.
 */
import { z } from 'zod'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { LlmRuntime } from '../llm/llmRuntime'
import { knowledgeBlock, prompt, quoted } from '../pipeline/llm/prompts'
import { scrubNames, scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'
import type { ExtractedCase } from './extractor'

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
  'temporary workarounds. One problem per entry, self-contained steps. If the analysts gave no reusable ' +
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
  const turns = state.messages
    .filter((message) => message.authorRole === 'customer' || message.authorRole === 'analyst')
    .map((message) => quoted({ role: message.authorRole, text: scrubText(message.text).slice(0, 1_200) }))
  const entry = await llm.structured(
    prompt(EXTRACT, `<conversation>\n${turns.join('\n')}\n</conversation>\nWrite the knowledge entry.`),
    { name: 'extract.v1', schema: ModelEntry },
    { maxTokens: 600 }
  )
  if (!entry.learnable || entry.resolution.length === 0 || entry.problem.trim() === '') return null
  // The model was told to leave personal data out; scrubbing again makes sure.
  const names = [...new Set([...analyst, ...customer].map((message) => message.authorName))]
  const clean = (text: string): string => scrubNames(scrubText(text), names)
  const problem = clean(entry.problem)
  return {
    ticketId: state.ticket.id,
    team: state.ticket.team,
    title: clean(entry.title) || problem.slice(0, 80),
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
  const resolved = quoted({ problem: extracted.problem, resolution: extracted.resolution })
  return llm.structured(
    prompt(REVIEW, `${knowledgeBlock([entry])}\nHow the analysts resolved the case: ${resolved}\nDecide.`),
    { name: 'review.v1', schema: ModelVerdict },
    { maxTokens: 160 }
  )
}
