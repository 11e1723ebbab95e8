import { describe, expect, it } from 'vitest'
import type { SourceStatus } from '../../src/shared/contract'
import {
  demoAction,
  trayIconBitmap,
  trayMenuItems,
  type TrayItem
} from '../../src/main/shell/policy/trayMenu'

const demo = (state: SourceStatus['state']): SourceStatus => ({
  kind: 'demo',
  state,
  delivered: 3,
  total: 10,
  speed: 30,
  error: null
})

const labels = (items: TrayItem[]): string[] =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label))

describe('demoAction', () => {
  it('offers the one control that fits the demo state', () => {
    expect(demoAction(demo('running'))).toBe('pause')
    expect(demoAction(demo('paused'))).toBe('resume')
    expect(demoAction(demo('idle'))).toBe('resume')
    expect(demoAction(demo('finished'))).toBe('restart')
    expect(demoAction(demo('error'))).toBe('restart')
  })

  it('offers nothing without a demo source', () => {
    expect(demoAction(null)).toBeNull()
    expect(demoAction({ ...demo('running'), kind: 'none' })).toBeNull()
  })
})

describe('trayMenuItems', () => {
  it('follows the overlay and the demo', () => {
    expect(labels(trayMenuItems({ overlayVisible: true, source: demo('running') }))).toEqual([
      'Hide overlay',
      'Open workbench',
      'Pause demo',
      '---',
      'Quit Vigil'
    ])
    expect(labels(trayMenuItems({ overlayVisible: false, source: demo('paused') }))).toEqual([
      'Show overlay',
      'Open workbench',
      'Resume demo',
      '---',
      'Quit Vigil'
    ])
  })

  it('carries the demo control as a command for the engine route', () => {
    const item = trayMenuItems({ overlayVisible: true, source: demo('running') })[2]
    expect(item).toEqual({ type: 'command', label: 'Pause demo', command: { kind: 'demo', action: 'pause' } })
  })

  it('leaves the demo item out when there is no demo', () => {
    expect(labels(trayMenuItems({ overlayVisible: true, source: null }))).not.toContain('Pause demo')
  })
})

describe('trayIconBitmap', () => {
  it('is size×size BGRA pixels, opaque in the middle and transparent in the corners', () => {
    const pixels = trayIconBitmap(16)
    expect(pixels).toHaveLength(16 * 16 * 4)
    expect(pixels[(8 * 16 + 8) * 4 + 3]).toBe(0xff)
    expect(pixels[3]).toBe(0)
  })
})
