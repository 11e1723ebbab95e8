import { readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultOverlaySize } from '../../src/main/shell/policy/overlayGeometry'
import {
  displayMatching,
  forgetPlacement,
  keepOnScreen,
  maxRememberedDisplays,
  minimumOverlaySize,
  placeOverlay,
  rememberPlacement,
  type DisplayFacts
} from '../../src/main/shell/policy/overlayPlacement'
import { createPlacementFile } from '../../src/main/shell/policy/overlayPlacementFile'
import { useTempDirs } from '../helpers/tempDir'

const laptop: DisplayFacts = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 }
}
// A monitor left of the laptop: negative coordinates.
const monitor: DisplayFacts = {
  id: 2,
  bounds: { x: -2560, y: 0, width: 2560, height: 1440 },
  workArea: { x: -2560, y: 0, width: 2560, height: 1400 }
}

describe('overlay placement per display', () => {
  it('starts in the configured corner of a display it has not been on', () => {
    expect(placeOverlay({}, laptop, 'bottom-right')).toEqual({
      x: 1440 - 16 - defaultOverlaySize.width,
      y: 25 + 875 - 16 - defaultOverlaySize.height,
      ...defaultOverlaySize
    })
  })

  it('goes back where the analyst left it on each display', () => {
    let saved = rememberPlacement({}, laptop, { x: 40, y: 100, width: 420, height: 600 })
    saved = rememberPlacement(saved, monitor, { x: -1200, y: 300, width: 500, height: 900 })
    expect(placeOverlay(saved, laptop, 'bottom-right')).toEqual({ x: 40, y: 100, width: 420, height: 600 })
    expect(placeOverlay(saved, monitor, 'bottom-right')).toEqual({
      x: -1200,
      y: 300,
      width: 500,
      height: 900
    })
  })

  it('does not hand one monitor’s bounds to another of a different size with the same id', () => {
    const saved = rememberPlacement({}, laptop, { x: 40, y: 100, width: 420, height: 600 })
    const projector = { ...laptop, bounds: { ...laptop.bounds, width: 1024, height: 768 } }
    expect(placeOverlay(saved, projector, 'top-left')).toEqual({ x: 16, y: 41, ...defaultOverlaySize })
  })

  it('keeps saved bounds on screen when the work area shrank or moved', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 875 }
    expect(keepOnScreen({ x: 1300, y: 800, width: 380, height: 560 }, workArea)).toEqual({
      x: 1060,
      y: 340,
      width: 380,
      height: 560
    })
    expect(keepOnScreen({ x: -500, y: -40, width: 3000, height: 100 }, workArea)).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: minimumOverlaySize.height
    })
  })

  it('forgets a display on request (a new corner chosen) and the longest-unused beyond the limit', () => {
    let saved = rememberPlacement({}, laptop, { x: 40, y: 100, width: 420, height: 600 })
    expect(forgetPlacement(saved, laptop)).toEqual({})
    for (let id = 10; id < 10 + maxRememberedDisplays + 3; id++) {
      saved = rememberPlacement(saved, { ...laptop, id }, { x: 0, y: 25, width: 400, height: 400 })
    }
    expect(Object.keys(saved)).toHaveLength(maxRememberedDisplays)
    expect(saved).not.toHaveProperty(['1:1440x900'])
  })

  it('finds the display that holds most of the overlay, or none when its display is gone', () => {
    expect(displayMatching([laptop, monitor], { x: -100, y: 100, width: 380, height: 560 })).toBe(laptop)
    expect(displayMatching([laptop, monitor], { x: -300, y: 100, width: 380, height: 560 })).toBe(monitor)
    expect(displayMatching([laptop], { x: -1200, y: 300, width: 380, height: 560 })).toBeNull()
  })
})

describe('overlay placement file', () => {
  const tempDir = useTempDirs()

  it('stores and reads the placements back', async () => {
    const path = join(await tempDir(), 'overlay-placement.json')
    const file = createPlacementFile(path)
    expect(file.load()).toEqual({ saved: {}, problem: null })
    const saved = rememberPlacement({}, laptop, { x: 40, y: 100, width: 420, height: 600 })
    file.save(saved)
    expect(createPlacementFile(path).load()).toEqual({ saved, problem: null })
  })

  it('moves an unreadable file aside and starts from the corners', async () => {
    const dir = await tempDir()
    const path = join(dir, 'overlay-placement.json')
    writeFileSync(path, '{"1:1440x900": {"x": "left"}')
    const loaded = createPlacementFile(path, () => new Date('2026-03-02T10:00:00Z')).load()
    expect(loaded.saved).toEqual({})
    expect(loaded.problem).toContain('not valid')
    const kept = readdirSync(dir).find((name) => name.includes('.corrupt-'))!
    expect(readFileSync(join(dir, kept), 'utf8')).toBe('{"1:1440x900": {"x": "left"}')
  })
})
