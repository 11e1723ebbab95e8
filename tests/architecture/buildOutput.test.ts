/**
 * Checks what `electron-vite build` produced (`npm test` builds first). Electron cannot run here, so these are the
 * checks that stand in for starting the app: a preload a sandbox can load, a main process that points at it, and
 * both pages with their Content-Security-Policy.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..')
const out = (path: string): string => resolve(root, 'out', path)

/** Reads a build output, or skips the test saying how to produce it. */
function readOutput(context: TestContext, path: string): string {
  if (!existsSync(out(path))) context.skip(`out/${path} is missing: run \`npx electron-vite build\` first`)
  return readFileSync(out(path), 'utf8')
}

describe('electron-vite build output', () => {
  it('builds the preload as CommonJS that requires nothing but electron (a sandboxed preload can load nothing else)', (context) => {
    const preload = readOutput(context, 'preload/index.cjs')
    expect(preload).toContain('require("electron")')
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/^\s*(import|export)\s/m)
    expect(preload).toMatch(/exposeInMainWorld\(\s*["']vigil["']/)
  })

  it('has the main process load the CommonJS preload', (context) => {
    const main = readOutput(context, 'main/index.js')
    expect(main).toContain('index.cjs')
    expect(main).not.toContain('index.mjs')
  })

  it.for(['index.html', 'overlay.html'])(
    'builds renderer/%s with its Content-Security-Policy',
    (page, context) => {
      const html = readOutput(context, `renderer/${page}`)
      const tag = /<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0]
      expect(tag, `${page} has no Content-Security-Policy meta tag`).toBeDefined()
      const policy = /\bcontent=(["'])(.*?)\1/is.exec(tag ?? '')?.[2]
      expect(policy).toContain("default-src 'self'")
      expect(policy).toContain("script-src 'self'")
      expect(policy).toContain("object-src 'none'")
      expect(policy).not.toContain('unsafe-eval')
    }
  )
})
