import { describe, expect, it } from 'vitest'
import {
  applySettingsPatch,
  defaultSettings,
  parseSettings,
  settingsFieldIssues
} from '../../src/shared/settings'

describe('settings problems in plain words', () => {
  it('names each invalid field with what it must be', () => {
    const settings = defaultSettings() as unknown as Record<string, Record<string, unknown>>
    settings['pipeline']!['answerThreshold'] = 3
    settings['pipeline']!['cooldownSeconds'] = ''
    settings['learning']!['minObservations'] = 1.5
    settings['llm']!['mode'] = 'cloud'
    ;(settings as Record<string, unknown>)['team'] = ''
    expect(settingsFieldIssues(settings)).toEqual({
      team: 'must not be empty',
      'pipeline.answerThreshold': 'must be 1 or less',
      'pipeline.cooldownSeconds': 'must be a number',
      'learning.minObservations': 'must be a whole number',
      'llm.mode': 'must be one of off, local, remote'
    })
    expect(settingsFieldIssues(defaultSettings())).toEqual({})
  })

  it("uses the same words in the engine's refusal and in the start-up warnings", () => {
    expect(() => applySettingsPatch(defaultSettings(), { pipeline: { answerThreshold: -1 } })).toThrow(
      'Invalid settings: pipeline.answerThreshold must be 0 or more'
    )
    expect(parseSettings({ pipeline: { maxCitations: 9 } }).warnings).toEqual([
      'settings: pipeline.maxCitations must be 3 or less; using the default'
    ])
  })
})
