/**
 * The format of recorded cases played by the replay connector (the built-in demo in `resources/demo/cases.json`).
 */
import { z } from 'zod'
import { AuthorRole, Timestamp } from '../../../shared/domain'

export const DemoMessage = z.object({
  role: AuthorRole,
  author: z.string().min(1).max(200),
  /** Minutes after the case opened. Non-decreasing within a case. */
  offsetMinutes: z.number().nonnegative(),
  text: z.string().min(1).max(20_000)
})
export type DemoMessage = z.infer<typeof DemoMessage>

export const DemoCase = z.object({
  id: z.string().regex(/^[A-Z]+-\d+$/, 'expected an id like DEMO-1001'),
  subject: z.string().min(1).max(300),
  team: z.string().min(1),
  assignee: z.string().min(1),
  openedAt: Timestamp,
  messages: z.array(DemoMessage).min(3),
  /** Minutes after opening when the case was resolved; after the last message. */
  resolvedAfterMinutes: z.number().positive(),
  /**
   * Label of the underlying root cause, shared by cases with the same cause. For documentation and tests only:
   * the engine never reads it.
   */
  rootCause: z.string().min(1)
})
export type DemoCase = z.infer<typeof DemoCase>

export const DemoSet = z.object({
  version: z.literal(1),
  description: z.string(),
  cases: z.array(DemoCase).min(1)
})
export type DemoSet = z.infer<typeof DemoSet>
