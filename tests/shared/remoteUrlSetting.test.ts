import { describe, expect, it } from 'vitest'
import {
  applySettingsPatch,
  defaultSettings,
  parseSettings,
  settingsFieldIssues
} from '../../src/shared/settings'

const withLlm = (llm: Record<string, unknown>) => {
  const settings = defaultSettings()
  return { ...settings, llm: { ...settings.llm, ...llm } }
}

describe("the model server's URL", () => {
  it('refuses a malformed address at its field, and saves nothing', () => {
    const problem = 'must be an http:// or https:// address, like http://127.0.0.1:11434/v1'
    for (const remoteUrl of ['htp:/not a url', 'not a url', 'ftp://host/v1', 'http://']) {
      expect(settingsFieldIssues(withLlm({ mode: 'remote', remoteUrl }))).toEqual({
        'llm.remoteUrl': problem
      })
    }
    expect(() =>
      applySettingsPatch(defaultSettings(), { llm: { mode: 'remote', remoteUrl: 'htp:/not a url' } })
    ).toThrow(`llm.remoteUrl ${problem}`)
  })

  it('refuses a user name or password in the address (it would be stored and shown in plain text)', () => {
    const problem = "must not hold a user name or password: put the server's key in the API key field"
    for (const remoteUrl of ['http://user:pass@host/v1', 'https://key@host/v1']) {
      expect(settingsFieldIssues(withLlm({ mode: 'remote', remoteUrl }))).toEqual({
        'llm.remoteUrl': problem
      })
    }
    expect(() =>
      applySettingsPatch(defaultSettings(), {
        llm: { mode: 'remote', remoteUrl: 'http://user:pass@host/v1' }
      })
    ).toThrow(`llm.remoteUrl ${problem}`)
  })

  it('needs an address when the model is a server, and not the model id (the server may list one model)', () => {
    expect(settingsFieldIssues(withLlm({ mode: 'remote', remoteUrl: '' }))).toEqual({
      'llm.remoteUrl': "must be the server's address when the model is a server"
    })
    expect(() => applySettingsPatch(defaultSettings(), { llm: { mode: 'remote' } })).toThrow('llm.remoteUrl')
    const saved = applySettingsPatch(defaultSettings(), {
      llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:11434/v1' }
    })
    expect(saved.llm).toMatchObject({
      mode: 'remote',
      remoteUrl: 'http://127.0.0.1:11434/v1',
      remoteModel: ''
    })
    expect(settingsFieldIssues(withLlm({ mode: 'off', remoteUrl: '' }))).toEqual({})
  })

  it('a stored half-configured server keeps the other settings (only a malformed URL falls back)', () => {
    const kept = parseSettings({ team: 'ops', llm: { mode: 'remote', remoteUrl: '' } })
    expect(kept.settings.team).toBe('ops')
    expect(kept.settings.llm.mode).toBe('remote')
    const repaired = parseSettings({ team: 'ops', llm: { mode: 'remote', remoteUrl: 'htp:/x y' } })
    expect(repaired.settings.team).toBe('ops')
    expect(repaired.settings.llm.remoteUrl).toBe('')
    expect(repaired.warnings.join('\n')).toContain('llm.remoteUrl')
  })
})
