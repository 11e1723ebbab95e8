import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeHost, defaultRendererDir, defaultResourcesDir } from '../../src/main/headless/nodeHost'
import { createJsonLogger } from '../../src/main/headless/jsonLogger'
import { defaultSettings } from '../../src/shared/settings'

let dataDir: string
let logLines: string[]

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-host-'))
  logLines = []
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const makeHost = (env: NodeJS.ProcessEnv = {}) =>
  createNodeHost({
    dataDir,
    resourcesDir: defaultResourcesDir(),
    env,
    logger: createJsonLogger({ sink: { write: (text: string) => logLines.push(text) } })
  })

describe('createNodeHost: settings file', () => {
  it('reads undefined before anything is saved, then round-trips what was written', () => {
    const host = makeHost()
    expect(host.settings.location).toBe(join(dataDir, 'settings.json'))
    expect(host.settings.read()).toBeUndefined()
    const settings = { ...defaultSettings(), analystName: 'Ana' }
    host.settings.write(settings)
    expect(makeHost().settings.read()).toEqual(settings)
  })

  it('writes atomically: no temporary file is left beside settings.json', () => {
    const host = makeHost()
    host.settings.write(defaultSettings())
    host.settings.write({ ...defaultSettings(), team: 'billing' })
    expect(readdirSync(dataDir)).toEqual(['settings.json'])
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).team).toBe('billing')
  })

  it('creates the data folder when it does not exist yet', () => {
    const nested = join(dataDir, 'a', 'b')
    const host = createNodeHost({ dataDir: nested, resourcesDir: defaultResourcesDir(), env: {} })
    host.settings.write(defaultSettings())
    expect(existsSync(join(nested, 'settings.json'))).toBe(true)
  })

  it('reads an invalid JSON file as undefined, names the file in its problem, and leaves it untouched', () => {
    const file = join(dataDir, 'settings.json')
    writeFileSync(file, '{ "analystName": "Ana", oops')
    const host = makeHost()
    expect(host.settings.read()).toBeUndefined()
    // Said once, by the engine, which reads the problem into its warnings (and logs them): not logged here too.
    expect(host.settings.problem?.()).toMatch(
      new RegExp(`^${file}: not valid JSON \\(.+\\); using default settings`)
    )
    expect(logLines.join('')).toBe('')
    expect(readFileSync(file, 'utf8')).toBe('{ "analystName": "Ana", oops')
  })

  it('keeps the invalid file aside, not overwritten, when new settings are saved', () => {
    const file = join(dataDir, 'settings.json')
    writeFileSync(file, 'not json')
    const host = makeHost()
    host.settings.read()
    host.settings.write(defaultSettings())
    const aside = readdirSync(dataDir).filter((name) => name.startsWith('settings.json.invalid-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe('not json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(defaultSettings())
  })
})

describe('createNodeHost: secrets, clipboard, notifier, paths', () => {
  it('reads secrets from VIGIL_SECRET_<KEY> and keeps set/delete in memory only', async () => {
    const env = { VIGIL_SECRET_OPENAI_API_KEY: 'sk-env' }
    const host = makeHost(env)
    expect(await host.secrets.get('openai.apiKey')).toBeNull()
    expect(await host.secrets.get('openai_api_key')).toBe('sk-env')
    await host.secrets.set('openai_api_key', 'sk-new')
    expect(await host.secrets.get('openai_api_key')).toBe('sk-new')
    await host.secrets.delete('openai_api_key')
    expect(await host.secrets.get('openai_api_key')).toBeNull()
    expect(env.VIGIL_SECRET_OPENAI_API_KEY).toBe('sk-env')
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('remembers the last clipboard text and logs notifications', () => {
    const host = makeHost()
    expect(host.clipboard.lastText).toBeNull()
    host.clipboard.writeText('Restart the agent.')
    expect(host.clipboard.lastText).toBe('Restart the agent.')
    host.notifier.notify('New suggestion', 'T-1')
    expect(JSON.parse(logLines.at(-1)!)).toMatchObject({
      level: 'info',
      message: 'notification',
      data: { title: 'New suggestion', body: 'T-1' }
    })
  })

  it('finds the shipped resources and the renderer build folder from the module location', () => {
    expect(existsSync(join(defaultResourcesDir(), 'demo'))).toBe(true)
    expect(defaultRendererDir()).toBe(join(defaultResourcesDir(), '..', 'out', 'renderer'))
  })
})

describe('createJsonLogger', () => {
  it('writes one JSON object per line and keeps error messages', () => {
    const logger = createJsonLogger({ sink: { write: (text: string) => logLines.push(text) } })
    logger.error('failed', { error: new Error('disk full') })
    expect(logLines[0]!.endsWith('\n')).toBe(true)
    expect(JSON.parse(logLines[0]!)).toMatchObject({
      level: 'error',
      data: { error: { message: 'disk full' } }
    })
  })

  it('drops info lines when quiet', () => {
    const logger = createJsonLogger({ quiet: true, sink: { write: (text: string) => logLines.push(text) } })
    logger.info('hello')
    logger.warn('careful')
    expect(logLines.map((line) => JSON.parse(line).message)).toEqual(['careful'])
  })
})
