/**
 * Holds the demo at a moment when the overlay has something to show. The overlay leaves out cards of resolved
 * tickets, and every demo case resolves, so a finished demo leaves an empty overlay: the end-to-end tests play it
 * until enough cards stand on tickets still open, then pause it there.
 */
import type { Suggestion } from '../../src/shared/domain'
import type { Engine } from '../../src/main/engine/types'

const closed = new Set(['resolved', 'closed'])

async function call<T>(engine: Engine, route: string, input: unknown): Promise<T> {
  const result = await engine.call(route as never, input as never)
  if (!result.ok) throw new Error(`${route} failed: ${result.error.message}`)
  return result.value as T
}

/** Cards the overlay would show: not dismissed, on a ticket that is still open. */
export async function openTicketCards(engine: Engine): Promise<Suggestion[]> {
  const tickets = await call<{ id: string; status: string }[]>(engine, 'tickets.list', {})
  const open = new Set(tickets.filter((ticket) => !closed.has(ticket.status)).map((ticket) => ticket.id))
  const suggestions = await call<Suggestion[]>(engine, 'suggestions.list', { limit: 500 })
  return suggestions.filter(
    (card) => open.has(card.ticketId) && !card.feedback.some((feedback) => feedback.kind === 'dismissed')
  )
}

/**
 * Pauses the demo once at least `minCards` cards stand on open tickets (checked after every new card or ticket
 * change, and again once paused, since a ticket may resolve on the way). Call it before the demo runs, or right
 * after restarting it. Rejects after `timeoutMs` or when the demo finishes first.
 */
export function pauseWithOpenCards(
  engine: Engine,
  minCards: number,
  timeoutMs = 90_000
): Promise<Suggestion[]> {
  return new Promise((resolve, reject) => {
    let checking = false
    let again = false
    let done = false
    const finish = (error: Error | null, cards: Suggestion[] = []): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      stop()
      if (error) reject(error)
      else resolve(cards)
    }
    const timer = setTimeout(
      () => finish(new Error(`no ${minCards} cards on open tickets within ${timeoutMs} ms`)),
      timeoutMs
    )
    const check = async (): Promise<void> => {
      if (checking) return void (again = true)
      checking = true
      try {
        if ((await openTicketCards(engine)).length >= minCards) {
          await call(engine, 'demo.control', { action: 'pause' })
          const held = await openTicketCards(engine)
          if (held.length >= minCards) return finish(null, held)
          await call(engine, 'demo.control', { action: 'resume' })
        }
      } catch (error) {
        return finish(error as Error)
      } finally {
        checking = false
      }
      if (again) {
        again = false
        void check()
      }
    }
    // A status from before the demo (re)started may still say finished: only a finish after running counts.
    let running = false
    const stop = engine.onEvent((envelope) => {
      if (envelope.event === 'suggestion.added' || envelope.event === 'ticket.changed') void check()
      if (envelope.event !== 'engine.status') return
      const state = envelope.payload.source.state
      if (state === 'running') running = true
      if (state === 'finished' && running)
        finish(new Error(`the demo finished before ${minCards} cards stood on open tickets`))
    })
    void check()
  })
}
