import { describe, expect, it } from 'vitest'
import {
  defaultOverlaySize,
  overlayBounds,
  type Rectangle
} from '../../src/main/shell/policy/overlayGeometry'

const fullHd: Rectangle = { x: 0, y: 0, width: 1920, height: 1040 }

describe('overlayBounds', () => {
  it('puts the overlay in each corner of the work area, inside the margin', () => {
    const size = { width: 300, height: 400 }
    expect(overlayBounds(fullHd, 'top-left', size, 10)).toEqual({ x: 10, y: 10, width: 300, height: 400 })
    expect(overlayBounds(fullHd, 'top-right', size, 10)).toEqual({ x: 1610, y: 10, width: 300, height: 400 })
    expect(overlayBounds(fullHd, 'bottom-left', size, 10)).toEqual({ x: 10, y: 630, width: 300, height: 400 })
    expect(overlayBounds(fullHd, 'bottom-right', size, 10)).toEqual({
      x: 1610,
      y: 630,
      width: 300,
      height: 400
    })
  })

  it('respects a work area offset by a task bar at the top or left, or on a monitor left of the primary', () => {
    const shifted = { x: -1280, y: 40, width: 1280, height: 984 }
    const bounds = overlayBounds(shifted, 'top-left', { width: 200, height: 200 }, 16)
    expect(bounds).toEqual({ x: -1264, y: 56, width: 200, height: 200 })
    const bottomRight = overlayBounds(shifted, 'bottom-right', { width: 200, height: 200 }, 16)
    expect(bottomRight.x + bottomRight.width).toBe(shifted.x + shifted.width - 16)
    expect(bottomRight.y + bottomRight.height).toBe(shifted.y + shifted.height - 16)
  })

  it('shrinks to fit a work area smaller than the overlay, and never leaves it', () => {
    const tiny = { x: 0, y: 0, width: 320, height: 240 }
    for (const corner of ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const) {
      const bounds = overlayBounds(tiny, corner)
      expect(bounds.x).toBeGreaterThanOrEqual(tiny.x)
      expect(bounds.y).toBeGreaterThanOrEqual(tiny.y)
      expect(bounds.x + bounds.width).toBeLessThanOrEqual(tiny.x + tiny.width)
      expect(bounds.y + bounds.height).toBeLessThanOrEqual(tiny.y + tiny.height)
      expect(bounds.width).toBeLessThan(defaultOverlaySize.width)
    }
  })

  it('returns whole pixels for fractional work areas (scaled displays)', () => {
    const bounds = overlayBounds({ x: 0.5, y: 0, width: 1366.4, height: 728.8 }, 'bottom-right')
    for (const value of Object.values(bounds)) expect(Number.isInteger(value)).toBe(true)
  })
})
