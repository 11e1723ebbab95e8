import { describe, expect, it } from 'vitest'
import {
  maxOverlayCards,
  moveSelection,
  nextWake,
  overlayCards,
  parseSnoozes,
  selectionAfterLeaving
} from '../../src/renderer/src/overlay/overlayCards'
import { at, makeSuggestion } from './fixtures'

const all = { isWatched: () => true, snoozes: {}, now: 0 }

describe('overlay cards', () => {
  it('leaves out cards of resolved and snoozed tickets and dismissed cards', () => {
    const cards = [
      makeSuggestion({ id: 'open', ticketId: 'T-1' }),
      makeSuggestion({ id: 'resolved', ticketId: 'T-2' }),
      makeSuggestion({ id: 'snoozed', ticketId: 'T-3' }),
      makeSuggestion({ id: 'snooze-ended', ticketId: 'T-4' }),
      makeSuggestion({
        id: 'dismissed',
        feedback: [{ suggestionId: 'dismissed', kind: 'dismissed', at: at(3) }]
      })
    ]
    const shown = overlayCards(cards, {
      isWatched: (ticketId) => ticketId !== 'T-2',
      snoozes: { 'T-3': 2_000, 'T-4': 500 },
      now: 1_000
    })
    expect(shown.map((card) => card.id)).toEqual(['open', 'snooze-ended'])
  })

  it('keeps the newest cards besides alerts, which are never cut', () => {
    const many = Array.from({ length: maxOverlayCards + 5 }, (_, i) => makeSuggestion({ id: `S-${i}` }))
    const alerts = [makeSuggestion({ id: 'alert', kind: 'escalation' })]
    const shown = overlayCards([...many, ...alerts], all)
    expect(shown).toHaveLength(maxOverlayCards + 1)
    expect(shown[0]!.id).toBe('alert')
    expect(shown[maxOverlayCards]!.id).toBe(`S-${maxOverlayCards - 1}`)
  })

  it('moves the selection within the ends, from the top card when none is picked', () => {
    const cards = ['a', 'b', 'c'].map((id) => makeSuggestion({ id }))
    expect(moveSelection(cards, null, 1)).toBe('b')
    expect(moveSelection(cards, 'c', 1)).toBe('c')
    expect(moveSelection(cards, 'a', -1)).toBe('a')
    expect(moveSelection(cards, 'gone', 1), 'a card that left counts as the top one').toBe('b')
    expect(moveSelection([], null, 1)).toBeNull()
  })

  it('after a card leaves, selects the one taking its place, else the one above', () => {
    const cards = ['a', 'b', 'c'].map((id) => makeSuggestion({ id }))
    expect(selectionAfterLeaving(cards, 'b')).toBe('c')
    expect(selectionAfterLeaving(cards, 'c')).toBe('b')
    expect(selectionAfterLeaving([cards[0]!], 'a')).toBeNull()
  })

  it('wakes at the soonest running snooze', () => {
    expect(nextWake({ a: 5_000, b: 3_000, c: 500 }, 1_000)).toBe(3_000)
    expect(nextWake({ c: 500 }, 1_000)).toBeNull()
  })

  it('reads stored snoozes, dropping what is not a time', () => {
    expect(parseSnoozes('{"T-1": 5000, "T-2": "later", "T-3": null}')).toEqual({ 'T-1': 5000 })
    expect(parseSnoozes('[1,2]')).toEqual({})
    expect(parseSnoozes('not json')).toEqual({})
    expect(parseSnoozes(null)).toEqual({})
  })
})
