import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServeHost, type ServeHost } from '../../src/main/serve/httpServer'
import { FakeEngine } from './fakeEngine'

export const indexHtml = '<!doctype html><title>workbench</title><script src="./assets/app.js"></script>'

export interface ServeFixture {
  engine: FakeEngine
  server: ServeHost
  /** Folder holding `renderer/` and a `secret.txt` beside it that must never be served. */
  folder: string
  close(): Promise<void>
}

/** A temp renderer folder with a tiny page, a script, and a link pointing out of it; a server over a fake engine. */
export async function startFixture(options: { keepAliveMs?: number } = {}): Promise<ServeFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-serve-'))
  const rendererDir = join(folder, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), indexHtml)
  writeFileSync(join(rendererDir, 'overlay.html'), '<!doctype html><title>overlay</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("vigil")')
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}')
  writeFileSync(join(folder, 'secret.txt'), 'top secret')
  symlinkSync(join(folder, 'secret.txt'), join(rendererDir, 'link.txt'))
  const engine = new FakeEngine()
  const server = await startServeHost({ engine, rendererDir, ...options })
  return {
    engine,
    server,
    folder,
    async close() {
      await server.close()
      rmSync(folder, { recursive: true, force: true })
    }
  }
}
