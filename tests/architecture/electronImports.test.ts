import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findElectronImports, scanForElectronImports, sourceFiles, vueScripts } from './electronImportScanner'

const root = resolve(import.meta.dirname, '..', '..')

/**
 * Everything that must run without Electron: the engine and the other hosts (the CLI, `vigil serve`, headless),
 * the shared contract, the renderer, and the shell's own pure policies and preload bridge (tested in plain Node).
 */
const electronFree = [
  'src/main/engine',
  'src/main/cli',
  'src/main/serve',
  'src/main/headless',
  'src/shared',
  'src/renderer',
  'src/main/shell/policy',
  'src/preload/bridge.ts'
]

describe('the Electron boundary', () => {
  it('no Electron-free folder imports electron', () => {
    const found = scanForElectronImports(root, electronFree).map(
      ({ file, line, specifier }) => `${file}:${line} imports '${specifier}'`
    )
    expect(
      found,
      'Only src/main/shell, src/main/index.ts and src/preload/index.ts may import electron'
    ).toEqual([])
  })

  it('reads real files in those folders (the scan is not vacuous)', () => {
    expect(sourceFiles(resolve(root, 'src/shared')).length).toBeGreaterThan(0)
    expect(sourceFiles(resolve(root, 'src/main/shell/policy')).length).toBeGreaterThan(0)
    expect(sourceFiles(resolve(root, 'src/preload/bridge.ts'))).toHaveLength(1)
  })

  it('names the file and line when an Electron-free folder imports electron', () => {
    const tree = mkdtempSync(join(tmpdir(), 'vigil-boundary-'))
    try {
      mkdirSync(join(tree, 'src/main/engine/pipeline'), { recursive: true })
      writeFileSync(join(tree, 'src/main/engine/pipeline/ok.ts'), 'export const ok = 1\n')
      writeFileSync(join(tree, 'src/main/engine/pipeline/bad.ts'), "\nconst { app } = require('electron')\n")
      expect(scanForElectronImports(tree, electronFree)).toEqual([
        { file: join('src/main/engine/pipeline/bad.ts'), line: 2, specifier: 'electron' }
      ])
    } finally {
      rmSync(tree, { recursive: true, force: true })
    }
  })

  it('would catch the shell itself, which does import electron', () => {
    const found = scanForElectronImports(root, ['src/main/shell/ipcRouter.ts', 'src/preload/index.ts'])
    expect(found.map((hit) => hit.file).sort()).toEqual([
      join('src/main/shell/ipcRouter.ts'),
      join('src/preload/index.ts')
    ])
  })
})

describe('findElectronImports', () => {
  it('catches every form of import, naming the line', () => {
    const source = [
      "import { app } from 'electron'",
      'import type { WebContents } from "electron"',
      "const { ipcMain } = require('electron')",
      "const main = await import('electron/main')",
      "export { shell } from 'electron'",
      "import 'electron'"
    ].join('\n')
    expect(findElectronImports(source, 'x.ts').map((hit) => [hit.line, hit.specifier])).toEqual([
      [1, 'electron'],
      [2, 'electron'],
      [3, 'electron'],
      [4, 'electron/main'],
      [5, 'electron'],
      [6, 'electron']
    ])
  })

  it('ignores comments, strings and look-alike packages', () => {
    const source = [
      "// import { app } from 'electron'",
      'const text = "require(\'electron\')"',
      "import Store from 'electron-store'",
      "import vite from 'electron-vite'"
    ].join('\n')
    expect(findElectronImports(source)).toEqual([])
  })

  it('reads the script blocks of Vue components, with their real line numbers', () => {
    const vue = [
      '<template><div>electron</div></template>',
      '<script setup lang="ts">',
      "import { ipcRenderer } from 'electron'",
      '</script>'
    ].join('\n')
    expect(findElectronImports(vue, 'Overlay.vue')).toEqual([
      { file: 'Overlay.vue', line: 3, specifier: 'electron' }
    ])
    expect(vueScripts(vue)).toHaveLength(vue.length)
  })
})
