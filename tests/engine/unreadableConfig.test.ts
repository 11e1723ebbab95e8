/**
 * Nothing a user configured is overwritten because it could not be read: connections.json, adaptive.json and the
 * settings file are reported in the status and kept (a copy beside them); connections of a system this version
 * does not know survive saving and removing others.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import { AdaptiveIntervention } from '../../src/main/engine/learning/adaptiveIntervention'
import { Settings } from '../../src/shared/settings'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import type { EngineStatus } from '../../src/shared/contract'
import { call, recordingLogger, resourcesDir } from '../helpers/engineHarness'
import { useTempDirs } from '../helpers/tempDir'

const tempDir = useTempDirs()

/** A connector that delivers nothing and waits until stopped. */
function idleConnector(id: string): LiveConnector {
  return {
    id,
    system: 'request-tracker',
    // eslint-disable-next-line require-yield
    async *events(_cursor, signal) {
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    postInternalNote: async () => undefined,
    testConnection: async () => ({ ok: true, message: 'ok' }),
    stats: () => ({
      delivered: 0,
      polls: 0,
      skipped: {},
      truncated: 0,
      attachments: 0,
      lastEventAt: null,
      lastPollAt: null,
      lastError: null
    }),
    dispose() {}
  }
}

function build(dataDir: string) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  const engine = createEngine(host, {
    source: { kind: 'none' },
    connectorFactory: (config) => idleConnector(config.id)
  })
  return { engine, host }
}

const rt = (id: string) => ({
  system: 'request-tracker',
  id,
  baseUrl: 'https://rt.example.com',
  watch: { kind: 'group', group: 'Support' }
})
const copies = (dir: string, name: string): string[] =>
  readdirSync(dir).filter((file) => file.startsWith(`${name}.unreadable-`))

describe('unreadable configuration', () => {
  it('reports a broken connections.json, keeps a copy, and refuses to overwrite it', async () => {
    const dataDir = await tempDir()
    const file = join(dataDir, 'connections.json')
    const broken = '[{"system":"request-tracker","id":"rt-main",'
    writeFileSync(file, broken)
    const { engine } = build(dataDir)
    const status = await call<EngineStatus>(engine, 'engine.status')
    expect(status.warnings.join('\n')).toContain(`${file}: is not a JSON list of connections`)
    const saved = await engine.call('connections.save', { config: rt('rt-2'), token: 't' })
    expect(saved).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED' } })
    await engine.stop()
    expect(readFileSync(file, 'utf8')).toBe(broken)
    expect(
      copies(dataDir, 'connections.json').map((name) => readFileSync(join(dataDir, name), 'utf8'))
    ).toEqual([broken])
  })

  it('keeps a connection of an unknown system across saving and removing others', async () => {
    const dataDir = await tempDir()
    const file = join(dataDir, 'connections.json')
    const unknown = { system: 'servicenow', id: 'snow', instance: 'acme', future: { field: 1 } }
    writeFileSync(file, JSON.stringify([rt('rt-main'), unknown]))
    const { engine } = build(dataDir)
    const status = await call<EngineStatus>(engine, 'engine.status')
    expect(status.warnings.join('\n')).toContain('connection 1 is not usable here')
    await call(engine, 'connections.save', { config: rt('rt-2'), token: 't' })
    await call(engine, 'connections.remove', { id: 'rt-main' })
    await engine.stop()
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string }>
    expect(stored.map((item) => item.id).sort()).toEqual(['rt-2', 'snow'])
    expect(stored.find((item) => item.id === 'snow')).toEqual(unknown)
  })

  it('reports garbage in adaptive.json, keeps a copy, and never writes over it', async () => {
    const dataDir = await tempDir()
    const file = join(dataDir, 'adaptive.json')
    writeFileSync(file, '{"cloud-support": {"accepted": "lots"}}')
    const { engine } = build(dataDir)
    const status = await call<EngineStatus>(engine, 'engine.status')
    expect(status.warnings.join('\n')).toContain(`${file}: not valid adaptation state`)
    expect(status.adaptation).toMatchObject({ reactions: 0 })
    await engine.stop()
    // Reactions still adapt (in memory) but do not replace the file.
    const adaptive = await AdaptiveIntervention.open(file)
    await adaptive.record('cloud-support', true)
    expect(adaptive.adaptation('cloud-support', Settings.parse({}).learning).reactions).toBe(1)
    expect(readFileSync(file, 'utf8')).toBe('{"cloud-support": {"accepted": "lots"}}')
    expect(copies(dataDir, 'adaptive.json')).toHaveLength(2)
  })

  it('reports a settings file that is not JSON in the status and keeps it until settings are saved', async () => {
    const dataDir = await tempDir()
    const { host } = build(dataDir)
    const file = host.settings.location
    writeFileSync(file, '{"team": "cloud-support",')
    const { engine, host: second } = build(dataDir)
    await engine.start()
    const status = await call<EngineStatus>(engine, 'engine.status')
    expect(status.warnings.join('\n')).toContain(`${file}: not valid JSON (`)
    expect(status.warnings.join('\n')).toContain('using default settings')
    // Told once, in one wording: not by the settings file and again by the engine.
    const logged = (second.logger as ReturnType<typeof recordingLogger>).warnings
    expect(logged.filter((line) => line.includes(file) && line.includes('not valid JSON'))).toHaveLength(1)
    expect(readFileSync(file, 'utf8')).toBe('{"team": "cloud-support",')
    await engine.stop()
  })
})
