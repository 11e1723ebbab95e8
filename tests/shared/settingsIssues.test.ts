import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  applySettingsPatch,
  defaultSettings,
  parseSettings,
  settingsFieldIssues
} from '../../src/shared/settings'
import { plainIssue } from '../../src/shared/settingsIssues'

describe('settings problems in plain words', () => {
  it('names each invalid field with what it must be', () => {
    const settings = defaultSettings() as unknown as Record<string, Record<string, unknown>>
    settings['pipeline']!['answerThreshold'] = 3
    settings['pipeline']!['cooldownSeconds'] = ''
    settings['learning']!['minObservations'] = 1.5
    settings['llm']!['mode'] = 'cloud'
    settings['demo']!['speed'] = 0
    ;(settings as Record<string, unknown>)['team'] = ''
    expect(settingsFieldIssues(settings)).toEqual({
      team: 'must not be empty',
      'pipeline.answerThreshold': 'must be 1 or less',
      'pipeline.cooldownSeconds': 'must be a number',
      'learning.minObservations': 'must be a whole number',
      'llm.mode': 'must be one of off, local, remote',
      'demo.speed': 'must be more than 0'
    })
    expect(settingsFieldIssues(defaultSettings())).toEqual({})
  })

  it('states an exclusive bound as it is', () => {
    const issue = (schema: z.ZodType, value: unknown) => plainIssue(schema.safeParse(value).error!.issues[0]!)
    expect(issue(z.number().lt(5), 5)).toBe('must be less than 5')
    expect(issue(z.number().max(5), 6)).toBe('must be 5 or less')
    expect(issue(z.number().gt(0.5), 0.5)).toBe('must be more than 0.5')
    expect(issue(z.number().min(0), -1)).toBe('must be 0 or more')
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

describe('names a settings file has that no setting has', () => {
  it('are reported with their place and the name probably meant, and the rest of the file is used', () => {
    const parsed = parseSettings(
      {
        team: 'cloud-support',
        pipelin: { answerThreshold: 0.5 },
        overlay: { opacityy: 0.5, corner: 'top-left' }
      },
      'settings.json'
    )
    expect(parsed.settings.team).toBe('cloud-support')
    expect(parsed.settings.overlay.corner).toBe('top-left')
    expect(parsed.warnings).toEqual([
      'settings.json: "pipelin" is not a setting Vigil knows, so it is ignored (did you mean "pipeline"?)',
      'settings.json: "overlay.opacityy" is not a setting Vigil knows, so it is ignored (did you mean "overlay.opacity"?)'
    ])
  })

  it('are not reported for a file this version wrote', () => {
    expect(parseSettings(JSON.parse(JSON.stringify(defaultSettings())), 'settings.json').warnings).toEqual([])
  })
})
