/**
 * The fields a person writes in a knowledge entry, with messages in plain words naming the field. The workbench
 * checks a form with it before sending (each message next to its field, the text kept); the engine checks the
 * same at the boundary, so a refusal from either side reads alike.
 */
import { z } from 'zod'

export const entryFieldLabels = {
  title: 'Title',
  problem: 'Problem',
  resolution: 'Resolution steps'
} as const
export type EntryField = keyof typeof entryFieldLabels

const step = z
  .string()
  .trim()
  .min(1, 'Resolution steps: a step is empty')
  .max(4_000, 'Resolution steps: a step is longer than 4,000 characters; split it into several steps')

export const EntryFields = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Title: write a few words naming the problem')
    .max(300, 'Title: at most 300 characters'),
  problem: z
    .string()
    .trim()
    .min(1, 'Problem: describe what the customer sees')
    .max(20_000, 'Problem: at most 20,000 characters'),
  resolution: z
    .array(step)
    .min(1, 'Resolution steps: write at least one step')
    .max(30, 'Resolution steps: at most 30 steps (one per line)')
})
export type EntryFields = z.infer<typeof EntryFields>

/** A change to some of the fields; the others stay as they are. */
export const EntryFieldsEdit = EntryFields.partial()
export type EntryFieldsEdit = z.infer<typeof EntryFieldsEdit>

/** The first problem of each field, in the schema's plain words ("Title: write a few words..."). */
export function entryFieldErrors(fields: unknown, partial = false): Partial<Record<EntryField, string>> {
  const parsed = (partial ? EntryFieldsEdit : EntryFields).safeParse(fields)
  const errors: Partial<Record<EntryField, string>> = {}
  if (parsed.success) return errors
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if (typeof field === 'string' && field in entryFieldLabels) {
      errors[field as EntryField] ??= issue.message
    }
  }
  return errors
}

/**
 * The field an engine refusal names, read from its message: the contract's own check says
 * "knowledge.create: title: Title: write...", the engine "Title: an active entry already has this title".
 */
export function fieldOfError(message: string): EntryField | null {
  for (const [field, label] of Object.entries(entryFieldLabels) as Array<[EntryField, string]>) {
    if (message.includes(`${label}:`) || new RegExp(`(^|: )${field}(\\.\\d+)?: `).test(message)) return field
  }
  return null
}
