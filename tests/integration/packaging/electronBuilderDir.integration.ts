/**
 * Runs electron-builder for real (`--linux dir --x64`) with a stand-in for Electron's binary (which cannot be
 * downloaded here) and checks what it packed: the built app inside app.asar, node-llama-cpp's linux-x64 binaries
 * unpacked beside it and no other platform's, and the demo in the resources folder the packaged shell reads.
 * About 30 s and 700 MB of scratch space (the CUDA and Vulkan builds of llama.cpp are large).
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..', '..')
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64'
const built = existsSync(join(root, 'out/main/index.js'))
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'))
const asar = builderRequire('@electron/asar') as {
  listPackage(path: string, options: { isPack: boolean }): string[]
}

let scratch = ''
let resourcesDir = ''

describe.skipIf(!onLinuxX64 || !built)('electron-builder --linux dir with a stand-in Electron', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'vigil-pack-'))
    const electronDist = join(scratch, 'electron')
    mkdirSync(join(electronDist, 'resources'), { recursive: true })
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in for Electron\n')
    chmodSync(join(electronDist, 'electron'), 0o755)
    const cli = builderRequire.resolve('electron-builder/cli.js')
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        '--config',
        'electron-builder.yml',
        '--linux',
        'dir',
        '--x64',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${join(scratch, 'dist')}`
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 }
    )
    resourcesDir = join(scratch, 'dist', 'linux-unpacked', 'resources')
  }, 300_000)

  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
  })

  it('names the executable vigil', () => {
    expect(existsSync(join(scratch, 'dist', 'linux-unpacked', 'vigil'))).toBe(true)
  })

  it('packs the built main, preload and pages into app.asar, without source maps or sources', () => {
    const entries = asar
      .listPackage(join(resourcesDir, 'app.asar'), { isPack: false })
      .map((p) => p.replace(/\\/g, '/'))
    for (const entry of [
      '/package.json',
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/out/renderer/overlay.html'
    ]) {
      expect(entries).toContain(entry)
    }
    expect(entries.filter((entry) => entry.startsWith('/out/') && entry.endsWith('.map'))).toEqual([])
    expect(entries.filter((entry) => /^\/(src|tests|scripts|resources)\//.test(entry))).toEqual([])
  })

  it('unpacks node-llama-cpp with the linux-x64 binaries only', () => {
    const unpacked = join(resourcesDir, 'app.asar.unpacked', 'node_modules')
    expect(existsSync(join(unpacked, 'node-llama-cpp', 'package.json'))).toBe(true)
    expect(existsSync(join(unpacked, '@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node'))).toBe(true)
    for (const name of readdirSync(join(unpacked, '@node-llama-cpp'))) {
      const bins = join(unpacked, '@node-llama-cpp', name, 'bins')
      const files = existsSync(bins) ? readdirSync(bins, { recursive: true, withFileTypes: true }) : []
      const servesTarget = name === 'linux-x64' || name.startsWith('linux-x64-')
      expect(
        files.some((entry) => entry.isFile()),
        `${name}/bins`
      ).toBe(servesTarget)
    }
  })

  it('ships the demo in resources/resources, where the packaged shell looks', () => {
    expect(existsSync(join(resourcesDir, 'resources', 'demo', 'cases.json'))).toBe(true)
  })
})
