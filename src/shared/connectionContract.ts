/**
 * The contract's connection routes (spread into `routes` in contract.ts): the connections to ticketing systems,
 * testing, saving (the token goes to the secret store and never comes back) and removing one.
 */
import { z } from 'zod'

const Empty = z.object({}).strict()

/** A connection to a ticketing system as the connections screen sees it (its settings are validated by the engine). */
export const ConnectionView = z.object({
  config: z.looseObject({ id: z.string(), system: z.string(), baseUrl: z.string() }),
  /** Whether its token is in the secret store (the token itself never leaves the engine). */
  hasToken: z.boolean(),
  status: z.object({
    state: z.enum(['starting', 'connected', 'retrying', 'stopped']),
    error: z.string().nullable(),
    restarts: z.number().int().nonnegative(),
    stats: z
      .looseObject({
        delivered: z.number(),
        polls: z.number(),
        lastEventAt: z.string().nullable(),
        lastPollAt: z.string().nullable()
      })
      .nullable()
  }),
  /** Tickets from this connection that Vigil is watching. */
  watchedTickets: z.array(z.string())
})
export type ConnectionView = z.infer<typeof ConnectionView>

export const connectionRoutes = {
  'connections.list': { input: Empty, output: z.array(ConnectionView) },
  'connections.test': {
    input: z.object({ config: z.record(z.string(), z.unknown()), token: z.string().max(4_000).optional() }),
    output: z.object({ ok: z.boolean(), message: z.string() })
  },
  'connections.save': {
    input: z.object({ config: z.record(z.string(), z.unknown()), token: z.string().max(4_000).optional() }),
    output: ConnectionView
  },
  'connections.remove': {
    input: z.object({ id: z.string().min(1) }),
    output: z.object({ removed: z.boolean() })
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
