import { describe, expect, it } from 'vitest'
import type { EngineStatus, SourceStatus } from '../../src/shared/contract'
import { defaultSettings } from '../../src/shared/settings'
import { overlaySettingsFrom, sourceStatusFrom } from '../../src/main/shell/policy/engineResults'

const settings = defaultSettings()
const overlay = { ...settings.overlay, corner: 'top-left' as const, opacity: 0.8, clickThrough: true }
const view = { settings: { ...settings, overlay }, warnings: [] }
const source: SourceStatus = { kind: 'demo', state: 'paused', delivered: 4, total: 9, speed: 30, error: null }
const status: EngineStatus = {
  team: 'cloud-support',
  source,
  tickets: 2,
  suggestions: 1,
  knowledgeEntries: 5,
  warnings: []
}

describe('overlaySettingsFrom', () => {
  it('reads the overlay settings from settings.get and settings.update results', () => {
    expect(overlaySettingsFrom('settings.get', { ok: true, value: view })).toEqual(overlay)
    expect(overlaySettingsFrom('settings.update', { ok: true, value: view })).toEqual(overlay)
  })

  it('ignores other routes, failures, and values that do not match the contract', () => {
    expect(overlaySettingsFrom('tickets.list', { ok: true, value: view })).toBeNull()
    expect(
      overlaySettingsFrom('settings.update', { ok: false, error: { code: 'SETTINGS_INVALID', message: 'x' } })
    ).toBeNull()
    const broken = { ...view, settings: { ...view.settings, overlay: { corner: 'middle', opacity: 5 } } }
    expect(overlaySettingsFrom('settings.get', { ok: true, value: broken })).toBeNull()
  })
})

describe('sourceStatusFrom', () => {
  it('reads the source from engine.status and from demo.control', () => {
    expect(sourceStatusFrom('engine.status', { ok: true, value: status })).toEqual(source)
    expect(sourceStatusFrom('demo.control', { ok: true, value: source })).toEqual(source)
  })

  it('ignores other routes and invalid values', () => {
    expect(sourceStatusFrom('tickets.list', { ok: true, value: source })).toBeNull()
    expect(sourceStatusFrom('demo.control', { ok: true, value: { state: 'dancing' } })).toBeNull()
  })
})
