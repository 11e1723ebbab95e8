/**
 * Which cards the overlay shows, in which order, and where the selection goes: plain functions over the suggestions,
 * so the rules are tested without a page. The overlay is read at a glance: older cards stay in the workbench.
 */
import type { Suggestion } from '../../../shared/domain'
import { isDismissed } from '../feedback'

/** Cards besides alerts the overlay shows at most (newest first). */
export const maxOverlayCards = 20

/** Until when each snoozed ticket's cards stay hidden: ticket id → epoch milliseconds. */
export type Snoozes = Record<string, number>

export interface CardFilter {
  /** Whether Vigil still watches the ticket (not resolved or closed): cards of finished tickets leave. */
  isWatched: (ticketId: string) => boolean
  snoozes: Snoozes
  /** Epoch milliseconds. */
  now: number
}

export const isSnoozed = (snoozes: Snoozes, ticketId: string, now: number): boolean =>
  (snoozes[ticketId] ?? 0) > now

/**
 * The overlay's cards: escalation alerts first (pinned, whatever their age), then the newest others; nothing
 * dismissed, nothing of a resolved or snoozed ticket. `newestFirst` must be sorted newest first.
 */
export function overlayCards(newestFirst: readonly Suggestion[], filter: CardFilter): Suggestion[] {
  const shown = newestFirst.filter(
    (card) =>
      !isDismissed(card) &&
      filter.isWatched(card.ticketId) &&
      !isSnoozed(filter.snoozes, card.ticketId, filter.now)
  )
  const alerts = shown.filter((card) => card.kind === 'escalation')
  const others = shown.filter((card) => card.kind !== 'escalation').slice(0, maxOverlayCards)
  return [...alerts, ...others]
}

/** The selected card: the one picked while it is still shown, else the top one; null when there is none. */
export function selectedCard(cards: readonly Suggestion[], pickedId: string | null): Suggestion | null {
  return cards.find((card) => card.id === pickedId) ?? cards[0] ?? null
}

/** The card `step` places after (or before, when negative) the selected one; stops at the ends. */
export function moveSelection(
  cards: readonly Suggestion[],
  pickedId: string | null,
  step: number
): string | null {
  if (cards.length === 0) return null
  const index = Math.max(
    0,
    cards.findIndex((card) => card.id === selectedCard(cards, pickedId)?.id)
  )
  const next = Math.min(cards.length - 1, Math.max(0, index + step))
  return cards[next]!.id
}

/**
 * Where the selection goes when a card leaves (dismissed): the card that takes its place, else the one above, so
 * the analyst can dismiss a run of cards with the same key.
 */
export function selectionAfterLeaving(cards: readonly Suggestion[], leavingId: string): string | null {
  const index = cards.findIndex((card) => card.id === leavingId)
  if (index < 0) return null
  return (cards[index + 1] ?? cards[index - 1])?.id ?? null
}

/** Snoozes still running, without the ones that ended. */
export function runningSnoozes(snoozes: Snoozes, now: number): Snoozes {
  return Object.fromEntries(Object.entries(snoozes).filter(([, until]) => until > now))
}

/** When the next snooze ends (epoch ms), or null when none is running. */
export function nextWake(snoozes: Snoozes, now: number): number | null {
  const ends = Object.values(snoozes).filter((until) => until > now)
  return ends.length ? Math.min(...ends) : null
}

/** Snoozes as stored (localStorage); anything malformed is dropped rather than trusted. */
export function parseSnoozes(text: string | null): Snoozes {
  if (!text) return {}
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  return Object.fromEntries(
    Object.entries(raw).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])
    )
  )
}
