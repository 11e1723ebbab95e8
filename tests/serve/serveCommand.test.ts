import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServe } from '../../src/main/serve/serveCommand'
import type { EngineOptions } from '../../src/main/engine/types'
import { FakeEngine } from './fakeEngine'
import { send } from './httpClient'

const folders: string[] = []
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })))

function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-cmd-'))
  folders.push(folder)
  return folder
}

function setUp() {
  const rendererDir = temp()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  const engine = new FakeEngine()
  const created: EngineOptions[] = []
  const output: string[] = []
  const io = { stdout: { write: (text: string) => output.push(text) }, stderr: { write: () => true } }
  const dependencies = {
    rendererDir,
    createEngine: (_host: unknown, options: EngineOptions) => {
      created.push(options)
      return engine
    }
  }
  return { engine, created, output, io, dependencies }
}

describe('startServe', () => {
  it('starts the engine with the demo source, serves it, and prints both URLs with the token', async () => {
    const { engine, created, output, io, dependencies } = setUp()
    const session = await startServe({ demo: true, speed: 'max', dataDir: temp() }, io, dependencies)
    expect(created).toEqual([{ source: { kind: 'demo', speed: 'max' } }])
    expect(engine.started).toBe(true)
    const token = session.server.token
    expect(output.join('')).toContain(`${session.server.url}/?token=${token}`)
    expect(output.join('')).toContain(`${session.server.url}/overlay.html?token=${token}`)
    const reply = await send(session.server.port, '/api/call', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"route":"engine.status"}'
    })
    expect(JSON.parse(reply.body).ok).toBe(true)
    await session.stop()
    await session.stop()
    expect(engine.started).toBe(false)
  })

  it('uses no source without --demo', async () => {
    const { created, io, dependencies } = setUp()
    const session = await startServe({ demo: false, dataDir: temp() }, io, dependencies)
    expect(created).toEqual([{ source: { kind: 'none' } }])
    await session.stop()
  })

  it('stops the engine again when the renderer is not built', async () => {
    const { engine, io, dependencies } = setUp()
    const start = startServe({ demo: false, dataDir: temp() }, io, { ...dependencies, rendererDir: temp() })
    await expect(start).rejects.toThrow(/npm run build/)
    expect(engine.started).toBe(false)
  })
})
