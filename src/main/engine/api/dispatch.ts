/** Turns `(route, unknown input)` into a validated handler call and a Result: errors cross boundaries as data. */
import { isRouteName, routes, type RouteHandlers, type RouteName } from '../../../shared/contract'
import { ErrorCode, VigilError, type Result } from '../../../shared/errors'
import type { Logger } from '../host'

export function createDispatcher(handlers: RouteHandlers, logger: Logger) {
  return async function dispatch(route: string, input: unknown): Promise<Result<unknown>> {
    if (!isRouteName(route)) {
      return {
        ok: false,
        error: { code: ErrorCode.unknownRoute, message: `Unknown route "${String(route)}"` }
      }
    }
    const parsed = routes[route].input.safeParse(input ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue?.path.join('.') || 'input'
      return {
        ok: false,
        error: { code: ErrorCode.badInput, message: `${route}: ${field}: ${issue?.message ?? 'invalid'}` }
      }
    }
    try {
      const handler = handlers[route] as (input: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof VigilError) return { ok: false, error: error.toPayload() }
      logger.error(`route ${route} failed`, { error: (error as Error).stack ?? String(error) })
      return {
        ok: false,
        error: { code: ErrorCode.internal, message: `${route} failed: ${(error as Error).message}` }
      }
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
export type { RouteName }
