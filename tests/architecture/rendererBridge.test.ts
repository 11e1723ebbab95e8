/**
 * The renderer reaches the engine and the desktop shell through one module, src/renderer/src/bridge.ts: no page,
 * store or component touches the preload's `window.vigil` (or `fetch`/WebSocket) itself.
 */
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sourceFiles, vueScripts } from './electronImportScanner'

const root = resolve(import.meta.dirname, '..', '..')
/** The bridge and the HTTP transport it builds on are the two files allowed to reach outside the page. */
const transportFiles = new Set(['src/renderer/src/bridge.ts', 'src/renderer/src/httpTransport.ts'])
const outsideAccess = /\bwindow\.vigil\b|\.vigil\??\.|\bfetch\(|\bnew WebSocket\b/

describe('the renderer boundary', () => {
  it('only bridge.ts and its HTTP transport reach the preload or the network', () => {
    const files = sourceFiles(resolve(root, 'src/renderer/src'))
    expect(files.length, 'the scan reads real files').toBeGreaterThan(10)
    const offenders = files
      .map((path) => ({ file: relative(root, path), source: readFileSync(path, 'utf8') }))
      .filter(({ file }) => !transportFiles.has(file))
      .filter(({ file, source }) => outsideAccess.test(file.endsWith('.vue') ? vueScripts(source) : source))
      .map(({ file }) => file)
    expect(offenders).toEqual([])
  })
})
