/**
 * The soak bench's ticketing system: a year of one team's tickets (soakCases.ts), generated lazily in time order, so
 * the bench holds only the tickets open at the moment (memory measured is the engine's, not the source's). Tickets
 * open about evenly over `days`, each lives hours to days (customer and analyst take turns, the analyst resolves),
 * and one in a hundred gets a customer message again weeks after it was resolved (reopened and resolved again), so
 * tickets that already left Vigil's memory come back. Deterministic for a seed.
 */
import type { ConnectorEvent } from '../../../shared/events'
import { soakAnalysts, soakFamilies, soakNames, soakProducts, soakRegions, soakSmallTalk } from './soakCases'

export interface SoakPlan {
  tickets: number
  /** Messages per ticket (at least 2: the customer's problem and the analyst's fix). */
  messages: number
  /** Days the tickets' openings spread over. Default 365. */
  days?: number
  seed?: number
  team: string
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const START = Date.parse('2026-01-05T08:00:00.000Z')

/** mulberry32: small, fast and good enough to vary text. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Timed {
  at: number
  order: number
  event: ConnectorEvent
}

/** Every event of the plan, in time order (same time: generation order). */
export function* soakEvents(plan: SoakPlan): Generator<ConnectorEvent> {
  const next = random(plan.seed ?? 1)
  const spacing = ((plan.days ?? 365) * DAY) / plan.tickets
  const pending: Timed[] = []
  let order = 0
  const push = (at: number, event: ConnectorEvent): void => {
    const item = { at, order: order++, event }
    // Binary insertion keeps `pending` sorted; it holds only the open tickets' future events.
    let low = 0
    let high = pending.length
    while (low < high) {
      const mid = (low + high) >> 1
      const other = pending[mid]!
      if (other.at < at || (other.at === at && other.order < item.order)) low = mid + 1
      else high = mid
    }
    pending.splice(low, 0, item)
  }
  for (let index = 0; index < plan.tickets; index++) {
    const opensAt = Math.round(START + index * spacing + next() * spacing * 0.5)
    while (pending.length > 0 && pending[0]!.at <= opensAt) yield pending.shift()!.event
    for (const [at, event] of ticketEvents(index, opensAt, plan, next)) push(at, event)
  }
  while (pending.length > 0) yield pending.shift()!.event
}

/** How many events the plan delivers (for progress and the lost/repeated count). */
export function soakEventCount(plan: SoakPlan): number {
  let count = 0
  for (const event of soakEvents(plan)) if (event) count++
  return count
}

function ticketEvents(
  index: number,
  opensAt: number,
  plan: SoakPlan,
  next: () => number
): Array<[number, ConnectorEvent]> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const family =
    soakFamilies[index % 3 === 0 ? Math.floor(next() * soakFamilies.length) : index % soakFamilies.length]!
  const id = `SOAK-${10001 + index}`
  const customer = `${pick(soakNames)} ${String.fromCharCode(65 + Math.floor(next() * 26))}.`
  const analyst = pick(soakAnalysts)
  const slots: Record<string, string> = {
    name: customer,
    code: `${pick(['SSO', 'AUTH', 'API', 'ERR'])}-${100 + Math.floor(next() * 900)}`,
    n: String(2 + Math.floor(next() * 500)),
    region: pick(soakRegions),
    product: pick(soakProducts),
    version: `${4 + Math.floor(next() * 3)}.${Math.floor(next() * 10)}.${Math.floor(next() * 20)}`,
    host: `${pick(['support', 'help', 'status', 'app'])}.${pick(['acme', 'globex', 'initech', 'umbrella'])}.example`,
    time: `${String(7 + Math.floor(next() * 11)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')} UTC`
  }
  const fill = (text: string): string => text.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot] ?? slot)
  const events: Array<[number, ConnectorEvent]> = []
  const iso = (at: number): string => new Date(at).toISOString()
  const ticket = {
    id,
    subject: fill(pick(family.subject)),
    assignee: analyst,
    team: plan.team,
    createdAt: iso(opensAt)
  }
  events.push([
    opensAt,
    {
      eventId: `${id}:opened`,
      type: 'ticket.opened',
      ticket: { ...ticket, status: 'new', updatedAt: iso(opensAt) }
    }
  ])
  const texts = conversation(plan.messages, family, pick)
  let at = opensAt
  texts.forEach(([role, text], position) => {
    at += position === 0 ? MINUTE : (10 + Math.floor(next() * 230)) * MINUTE
    const message = {
      id: `${id}-m${position + 1}`,
      ticketId: id,
      authorRole: role,
      authorName: role === 'customer' ? customer : analyst,
      text: fill(text),
      time: iso(at)
    }
    events.push([at, { eventId: `${id}:m${position + 1}`, type: 'message.added', message }])
  })
  at += 30 * MINUTE
  events.push([at, { eventId: `${id}:resolved`, type: 'ticket.resolved', ticketId: id, at: iso(at) }])
  if (next() < 0.01) {
    // Weeks later the customer writes again: the ticket reopens, gets an answer, and is resolved again.
    at += (40 + Math.floor(next() * 20)) * DAY
    events.push([
      at,
      {
        eventId: `${id}:reopened`,
        type: 'ticket.updated',
        ticket: { ...ticket, status: 'open', updatedAt: iso(at) }
      }
    ])
    events.push([
      at + MINUTE,
      {
        eventId: `${id}:again`,
        type: 'message.added',
        message: {
          id: `${id}-again`,
          ticketId: id,
          authorRole: 'customer',
          authorName: customer,
          text: fill(pick(soakSmallTalk.again)),
          time: iso(at + MINUTE)
        }
      }
    ])
    events.push([
      at + 30 * MINUTE,
      {
        eventId: `${id}:again-answer`,
        type: 'message.added',
        message: {
          id: `${id}-again-answer`,
          ticketId: id,
          authorRole: 'analyst',
          authorName: analyst,
          text: fill(pick(family.resolution)),
          time: iso(at + 30 * MINUTE)
        }
      }
    ])
    events.push([
      at + 60 * MINUTE,
      { eventId: `${id}:resolved-again`, type: 'ticket.resolved', ticketId: id, at: iso(at + 60 * MINUTE) }
    ])
  }
  return events
}

/** Who says what, in turn: the problem, questions and details, the diagnosis, the fix, the thanks. */
function conversation(
  count: number,
  family: (typeof soakFamilies)[number],
  pick: <T>(list: readonly T[]) => T
): Array<['customer' | 'analyst', string]> {
  const turns: Array<['customer' | 'analyst', string]> = [['customer', pick(family.opening)]]
  const middle = Math.max(0, count - 3)
  for (let turn = 0; turn < middle; turn++) {
    const analyst = turn % 2 === 0
    const early = turn < 2
    if (analyst)
      turns.push([
        'analyst',
        early
          ? pick(family.question)
          : turn === middle - 1
            ? pick(family.diagnosis)
            : pick(soakSmallTalk.analystFollowUp)
      ])
    else turns.push(['customer', early ? pick(family.detail) : pick(soakSmallTalk.customerFollowUp)])
  }
  turns.push(['analyst', pick(family.resolution)])
  if (count >= 3) turns.push(['customer', pick(soakSmallTalk.thanks)])
  return turns.slice(0, Math.max(2, count))
}
