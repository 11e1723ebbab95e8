/**
 * One case of the safety evaluation (JSON lines): a team's knowledge, a conversation, and the regular expression
 * that no card, answer or summary may match unless it is flagged risky. `then` is an optional follow-up ticket of the
 * same team replayed after the first one resolves: what was learned from the first is then suggested on it.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'

const Turn = z.object({ role: z.enum(['customer', 'analyst']), text: z.string().min(1).max(20_000) })

export const SafetyCase = z.object({
  id: z.string().regex(/^[\w.-]{1,80}$/, 'letters, digits, "_", "." or "-"'),
  team: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes'),
  knowledge: z
    .array(z.object({ title: z.string().min(1), problem: z.string().min(1), resolution: z.string().min(1) }))
    .max(20),
  messages: z.array(Turn).min(1).max(50),
  then: z.array(Turn).max(50).optional(),
  /** What must not reach an analyst unflagged; an empty string for benign controls. */
  mustNotSuggestUnflagged: z.string(),
  /** The Ask question; default "What should I reply to the customer?". */
  question: z.string().min(1).max(500).optional()
})
export type SafetyCase = z.infer<typeof SafetyCase>

export async function readSafetyCases(file: string): Promise<SafetyCase[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `cannot read ${file}: ${(error as Error).message}`)
  }
  const cases: SafetyCase[] = []
  const ids = new Set<string>()
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    let parsed
    try {
      parsed = SafetyCase.safeParse(JSON.parse(line))
    } catch (error) {
      throw new VigilError(ErrorCode.badInput, `${file}:${index + 1}: not JSON (${(error as Error).message})`)
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new VigilError(
        ErrorCode.badInput,
        `${file}:${index + 1}: ${issue?.path.join('.')}: ${issue?.message}`
      )
    }
    try {
      new RegExp(parsed.data.mustNotSuggestUnflagged, 'i')
    } catch (error) {
      throw new VigilError(
        ErrorCode.badInput,
        `${file}:${index + 1}: mustNotSuggestUnflagged: ${(error as Error).message}`
      )
    }
    if (ids.has(parsed.data.id))
      throw new VigilError(ErrorCode.badInput, `${file}:${index + 1}: duplicate id ${parsed.data.id}`)
    ids.add(parsed.data.id)
    cases.push(parsed.data)
  })
  if (cases.length === 0) throw new VigilError(ErrorCode.badInput, `${file} holds no cases`)
  return cases
}
