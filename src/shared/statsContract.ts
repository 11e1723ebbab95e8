/** The contract's analytics route (spread into `routes` in contract.ts): the team's figures for a date range. */
import { z } from 'zod'
import { StatsReport } from './stats'

export const statsRoutes = {
  'stats.get': {
    input: z.object({
      team: z.string().min(1).optional(),
      /** Inclusive days, e.g. 2026-11-01; default: everything recorded. */
      from: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      to: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      /** The last N days up to the engine's clock (the replay's time during a demo); instead of from/to. */
      days: z.number().int().min(1).max(3660).optional()
    }),
    output: StatsReport
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
