/**
 * What two replicas' versions of one entry come to, decided the same way on every replica without a merge base.
 *
 * - Same content (title, steps, status, risk, review state): not a conflict. Two desktops that learned the entry
 *   from the same ticket, or one that has seen more cases than the other, agree on what the entry says; they only
 *   differ in the evidence behind it. When one side's evidence holds the other's, that side is the result; otherwise
 *   the two are combined (the rule's winner, with the union of provenance, source tickets and symptoms, each ticket's
 *   evidence counted once).
 * - Different content, but one side's history starts with the other's whole history: the later one is an update of
 *   the earlier, not a conflict.
 * - Otherwise a real conflict: the rule's winner (resolve.ts) is kept and the loser goes to review.
 *
 * The result depends only on the two versions, never on which side is "ours", and a result met again with either of
 * its inputs gives itself back: replicas that merge in any order reach the same file.
 */
import type { ProvenanceEvent } from '../../../shared/domain'
import type { SyncedEntry } from './entryFile'
import { candidate, winnerOf } from './resolve'

export type PairOutcome =
  /** Same content; `entry` is one side or both combined. */
  | { kind: 'agree'; entry: SyncedEntry }
  /** Different content, `entry` continues the other's history. */
  | { kind: 'update'; entry: SyncedEntry }
  /** Different content, neither continues the other: `entry` kept by the rule, `loser` for review. */
  | { kind: 'conflict'; entry: SyncedEntry; loser: SyncedEntry }

/** The fields a person reads as the entry: a difference in any of them is a difference of content. */
export function contentOf(entry: SyncedEntry): string {
  return JSON.stringify([
    entry.title,
    entry.resolution,
    entry.status,
    entry.risk ?? '',
    entry.review ?? 'none'
  ])
}

export function sameContent(a: SyncedEntry, b: SyncedEntry): boolean {
  return contentOf(a) === contentOf(b)
}

export function resolvePair(a: SyncedEntry, b: SyncedEntry): PairOutcome {
  if (sameContent(a, b)) return { kind: 'agree', entry: agreed(a, b) }
  if (continues(a, b)) return { kind: 'update', entry: a }
  if (continues(b, a)) return { kind: 'update', entry: b }
  const { winner, loser } = winnerOf(candidate(a), candidate(b))
  return { kind: 'conflict', entry: winner.entry, loser: loser.entry }
}

/** Whether `later` has a higher version and its history starts with all of `earlier`'s (kept in full: < 100). */
function continues(later: SyncedEntry, earlier: SyncedEntry): boolean {
  const before = earlier.provenance ?? []
  const after = later.provenance ?? []
  if (later.version <= earlier.version || before.length === 0 || after.length <= before.length) return false
  if (after.length >= 100) return false
  return before.every((event, index) => eventText(event) === eventText(after[index]!))
}

function agreed(a: SyncedEntry, b: SyncedEntry): SyncedEntry {
  const ea = evidenceOf(a)
  const eb = evidenceOf(b)
  const aHoldsB = holds(ea, eb)
  const bHoldsA = holds(eb, ea)
  const { winner, loser } = winnerOf(candidate(a), candidate(b))
  if (aHoldsB && bHoldsA) return winner.entry
  if (aHoldsB) return a
  if (bHoldsA) return b
  return combine(winner.entry, loser.entry)
}

/** What an entry has seen: one key per ticket and kind of evidence, one per other event, and its source tickets. */
function evidenceOf(entry: SyncedEntry): Set<string> {
  const keys = new Set<string>()
  for (const event of entry.provenance ?? []) keys.add(eventKey(event))
  for (const ticket of entry.sourceTicketIds) keys.add(`source\u0000${ticket}`)
  return keys
}

const holds = (outer: Set<string>, inner: Set<string>): boolean => [...inner].every((key) => outer.has(key))

/** A ticket counts once per kind of evidence, whenever and by whomever it was recorded. */
const eventKey = (event: ProvenanceEvent): string =>
  event.ticketId ? `${event.kind}\u0000${event.ticketId}` : `event\u0000${eventText(event)}`

const eventText = (event: ProvenanceEvent): string => JSON.stringify(event, Object.keys(event).sort())
const observationsOf = (entry: SyncedEntry): number => entry.observations ?? entry.sourceTicketIds.length
const confidenceOf = (entry: SyncedEntry): number => entry.confidence ?? 0.5

/** Confirmation and refutation move confidence as case review does (entryRevisions.ts). */
const confirms = new Set(['confirmed', 'merged'])
const refutes = new Set(['refuted', 'retired'])
const round = (value: number): number => Math.round(value * 1000) / 1000

/**
 * The rule's winner with what the loser saw that the winner did not: provenance events (once per ticket and kind,
 * the earliest record kept, in time order, the latest 100), source tickets, symptoms, observations, and confidence
 * moved by each confirmation or refutation the winner had not seen.
 */
function combine(winner: SyncedEntry, loser: SyncedEntry): SyncedEntry {
  const events = new Map<string, ProvenanceEvent>()
  for (const event of [...(winner.provenance ?? []), ...(loser.provenance ?? [])]) {
    const key = eventKey(event)
    const known = events.get(key)
    if (!known || order(event, known) < 0) events.set(key, event)
  }
  const provenance = [...events.values()].sort(order).slice(-100)
  const seen = evidenceOf(winner)
  let confidence = confidenceOf(winner)
  for (const event of loser.provenance ?? []) {
    if (seen.has(eventKey(event))) continue
    if (confirms.has(event.kind)) confidence = round(confidence + (1 - confidence) * 0.2)
    if (refutes.has(event.kind)) confidence = round(confidence * 0.7)
  }
  // Lists in an order that depends on their content only, so replicas that combined in another order agree: source
  // tickets by the first event that names them (those no kept event names first, by id), symptoms alphabetically.
  const firstSeen = new Map<string, string>()
  for (const event of provenance) {
    if (event.ticketId && !firstSeen.has(event.ticketId)) firstSeen.set(event.ticketId, event.at)
  }
  const sources = [...new Set([...winner.sourceTicketIds, ...loser.sourceTicketIds])]
    .map((ticket) => [firstSeen.get(ticket) ?? '', ticket] as const)
    .sort((x, y) => (x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0))
    .map(([, ticket]) => ticket)
    .slice(-500)
  // Observations past the listed tickets (older than the 500 kept) stay counted once: the larger such remainder.
  const unlisted = Math.max(
    observationsOf(winner) - winner.sourceTicketIds.length,
    observationsOf(loser) - loser.sourceTicketIds.length
  )
  const union = new Set([...winner.sourceTicketIds, ...loser.sourceTicketIds]).size
  return {
    ...winner,
    symptoms: [...new Set([...winner.symptoms, ...loser.symptoms])].sort().slice(0, 50),
    sourceTicketIds: sources,
    observations: Math.max(observationsOf(winner), observationsOf(loser), unlisted + union),
    confidence,
    provenance,
    version: Math.max(winner.version, loser.version),
    updatedAt:
      Date.parse(winner.updatedAt) >= Date.parse(loser.updatedAt) ? winner.updatedAt : loser.updatedAt
  }
}

function order(a: ProvenanceEvent, b: ProvenanceEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1
  const at = eventText(a)
  const bt = eventText(b)
  return at < bt ? -1 : at > bt ? 1 : 0
}
