/**
 * The installers' configuration (electron-builder.yml), checked with electron-builder's own loader, schema and file
 * matching, since a real package needs Electron's binary: the targets, node-llama-cpp unpacked from app.asar with only
 * the target platform's native binaries (evaluated against the installed node_modules tree), the app icon, the
 * built entries `electron-vite build` produces, the runtime dependencies of the main bundle, and the demo resources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it, type TestContext } from 'vitest'
import { resourcesDir } from '../../src/main/shell/policy/rendererSource'
import {
  appFileFilter,
  asarUnpackFilter,
  extraResourceSets,
  loadBuilderConfig,
  nodeModuleFilter,
  validateBuilderConfig,
  type BuilderConfig,
  type Os
} from './packaging/electronBuilder'

const root = resolve(import.meta.dirname, '..', '..')
const CONFIG_FILE = 'electron-builder.yml'
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string
  dependencies: Record<string, string>
}

/** Every file under `dir`, as paths relative to the project root. */
function filesUnder(dir: string): string[] {
  const absolute = join(root, dir)
  if (!existsSync(absolute)) return []
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
}

interface TargetEntry {
  target: string
  arch: string[]
}
function targetsOf(config: BuilderConfig, os: Os): TargetEntry[] {
  return ((config[os] as { target?: TargetEntry[] } | undefined)?.target ?? []).map((entry) => ({
    target: entry.target,
    arch: entry.arch
  }))
}

/** Every (os, arch) the config builds for. */
function platformTargets(config: BuilderConfig): { os: Os; arch: string }[] {
  const pairs = new Map<string, { os: Os; arch: string }>()
  for (const os of ['linux', 'win', 'mac'] as const) {
    for (const { arch } of targetsOf(config, os))
      for (const a of arch) pairs.set(`${os}-${a}`, { os, arch: a })
  }
  return [...pairs.values()]
}

/** node-llama-cpp's prebuilt-binary packages named in the lockfile: all platforms, installed here or not. */
const lockedPlatformPackages = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> })
    .packages
)
  .filter((path) => path.startsWith('node_modules/@node-llama-cpp/'))
  .map((path) => path.slice('node_modules/@node-llama-cpp/'.length))

/** A binary package serves the target `os-arch` when its name is that, or that plus a GPU flavour (`-cuda`...). */
function servesTarget(packageName: string, os: Os, arch: string): boolean {
  return packageName === `${os}-${arch}` || packageName.startsWith(`${os}-${arch}-`)
}

let config: BuilderConfig

beforeAll(async () => {
  config = await loadBuilderConfig(root, CONFIG_FILE)
})

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation, which does reject a broken option', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined()
    await expect(validateBuilderConfig({ ...config, icons: 'resources/icon.png' })).rejects.toThrow(/icons/)
    const wrongType = { ...config, nsis: { ...(config.nsis as object), oneClick: 'yes' } }
    await expect(validateBuilderConfig(wrongType)).rejects.toThrow(/oneClick/)
  })

  it('builds AppImage and deb on Linux, NSIS on Windows and DMG on macOS, each for x64 and arm64', () => {
    const names = (os: Os): string[] => targetsOf(config, os).map((entry) => entry.target)
    expect(names('linux').sort()).toEqual(['AppImage', 'deb'])
    expect(names('win')).toEqual(['nsis'])
    expect(names('mac')).toEqual(['dmg'])
    for (const pair of ['linux-x64', 'linux-arm64', 'win-x64', 'win-arm64', 'mac-x64', 'mac-arm64']) {
      expect(platformTargets(config).map(({ os, arch }) => `${os}-${arch}`)).toContain(pair)
    }
  })

  it('gives the deb package a maintainer (electron-builder refuses a deb without one)', () => {
    const author = (packageJson as { author?: { email?: string } }).author
    const maintainer = (config.linux as { maintainer?: string }).maintainer
    expect(
      maintainer ?? author?.email,
      'set linux.maintainer or an author email in package.json'
    ).toBeTruthy()
  })

  it('packs the app into app.asar but keeps node-llama-cpp and its binaries unpacked', () => {
    expect(config.asar).toBe(true)
    expect(config.npmRebuild).toBe(false)
    const unpacked = asarUnpackFilter({ root, config, os: 'linux', arch: 'x64' })
    expect(unpacked('node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node')).toBe(true)
    expect(unpacked('node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so')).toBe(true)
    expect(unpacked('node_modules/node-llama-cpp/dist/index.js')).toBe(true)
    expect(unpacked('node_modules/node-llama-cpp/llama/binariesGithubRelease.json')).toBe(true)
    expect(unpacked('out/main/index.js')).toBe(false)
    expect(unpacked('node_modules/zod/package.json')).toBe(false)
  })

  it('names every platform package of node-llama-cpp in the lockfile (what the binary filters are checked against)', () => {
    for (const os of ['linux', 'win', 'mac'] as const) {
      expect(lockedPlatformPackages.some((name) => name.startsWith(`${os}-`))).toBe(true)
    }
  })

  it('takes the target platform’s node-llama-cpp binaries and no other platform’s, for every target', () => {
    for (const { os, arch } of platformTargets(config)) {
      const included = nodeModuleFilter({ root, config, os, arch })
      for (const name of lockedPlatformPackages) {
        // The layout of the installed packages: @node-llama-cpp/<name>/bins/<name>/<files>.
        const binary = `node_modules/@node-llama-cpp/${name}/bins/${name}/llama-addon.node`
        expect(included(binary), `${os}-${arch}: ${binary}`).toBe(servesTarget(name, os, arch))
        // The package itself (package.json, dist) stays so node-llama-cpp can look it up.
        expect(included(`node_modules/@node-llama-cpp/${name}/package.json`)).toBe(true)
      }
      expect(included(`node_modules/node-llama-cpp/dist/index.js`)).toBe(true)
      expect(
        included(`node_modules/node-llama-cpp/llama/localBuilds/${os}-${arch}/Release/llama-addon.node`)
      ).toBe(true)
      const other = os === 'linux' ? 'win' : 'linux'
      // node-llama-cpp's own bins/ (binaries lived there before the @node-llama-cpp packages; now it holds notes).
      expect(included(`node_modules/node-llama-cpp/bins/${os}-${arch}/llama-addon.node`)).toBe(true)
      expect(included(`node_modules/node-llama-cpp/bins/${other}-${arch}/llama-addon.node`)).toBe(false)
      expect(
        included(`node_modules/node-llama-cpp/llama/localBuilds/${other}-${arch}/Release/llama-addon.node`)
      ).toBe(false)
    }
  })

  it('keeps every installed linux-x64 binary and drops every installed binary of another platform (real node_modules)', (context: TestContext) => {
    const installed = readdirSync(join(root, 'node_modules/@node-llama-cpp'))
    if (!installed.some((name) => servesTarget(name, 'linux', 'x64'))) {
      context.skip('no linux-x64 binaries of node-llama-cpp are installed on this machine')
    }
    const included = nodeModuleFilter({ root, config, os: 'linux', arch: 'x64' })
    let kept = 0
    let dropped = 0
    for (const name of installed) {
      const binaries = filesUnder(`node_modules/@node-llama-cpp/${name}/bins`)
      expect(binaries.length, `${name} has no bins`).toBeGreaterThan(0)
      for (const file of binaries) {
        expect(included(file), file).toBe(servesTarget(name, 'linux', 'x64'))
        if (included(file)) kept += 1
        else dropped += 1
      }
    }
    expect(included('node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node')).toBe(true)
    expect(kept).toBeGreaterThan(0)
    if (installed.some((name) => !servesTarget(name, 'linux', 'x64'))) expect(dropped).toBeGreaterThan(0)
  })

  it('uses the drawn app icon from resources/: a square PNG of at least 512 px, with its SVG source', () => {
    const icon = config.icon as string
    expect(icon).toMatch(/^resources\//)
    const png = readFileSync(join(root, icon))
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.toString('latin1', 12, 16)).toBe('IHDR')
    const width = png.readUInt32BE(16)
    const height = png.readUInt32BE(20)
    expect(width).toBe(height)
    expect(width).toBeGreaterThanOrEqual(512)
    expect(existsSync(join(root, icon.replace(/\.png$/, '.svg')))).toBe(true)
  })

  it('ships the demo as extra resources where the packaged shell looks for them', () => {
    const sets = extraResourceSets({ root, config, os: 'linux', arch: 'x64' })
    const demo = sets.find((set) => set.from === join(root, 'resources'))
    expect(demo, 'an extraResources entry from resources/').toBeDefined()
    const resourcesPath = '/opt/Vigil/resources'
    expect(join(resourcesPath, demo!.to)).toBe(
      resourcesDir({ isPackaged: true, appPath: '/x', resourcesPath })
    )
    const demoFiles = filesUnder('resources/demo')
    expect(demoFiles.length).toBeGreaterThan(0)
    for (const file of demoFiles)
      expect(demo!.filter(relative(join(root, 'resources'), join(root, file))), file).toBe(true)
  })
})

describe('electron-builder configuration against the electron-vite build output', () => {
  const entries = [
    packageJson.main.replace(/^\.\//, ''),
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/overlay.html'
  ]

  it.for(entries)('packs %s, which the build produced', (entry, context) => {
    if (!existsSync(join(root, 'out'))) context.skip('out/ is missing: run `npx electron-vite build` first')
    expect(existsSync(join(root, entry)), `${entry} was not built`).toBe(true)
    for (const os of ['linux', 'win', 'mac'] as const) {
      expect(appFileFilter({ root, config, os, arch: 'x64' })(entry), `${os}: ${entry}`).toBe(true)
    }
  })

  it('packs every built file but source maps, and none of the sources, tests or dev files', (context) => {
    const built = filesUnder('out')
    if (built.length === 0) context.skip('out/ is missing: run `npx electron-vite build` first')
    const included = appFileFilter({ root, config, os: 'linux', arch: 'x64' })
    for (const file of built) expect(included(file), file).toBe(!file.endsWith('.map'))
    for (const file of [
      'src/main/index.ts',
      'tests/architecture/packagingConfig.test.ts',
      CONFIG_FILE,
      'README.md'
    ]) {
      expect(included(file), file).toBe(false)
    }
    expect(included('package.json')).toBe(true)
  })

  it('has every package the main bundle imports at run time among the production dependencies', (context) => {
    const bundles = filesUnder('out/main').filter((file) => file.endsWith('.js'))
    if (bundles.length === 0) context.skip('out/main is missing: run `npx electron-vite build` first')
    const imported = new Set<string>()
    const specifier =
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(["'])(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*|node:[\w/]+)\1/g
    for (const file of bundles) {
      for (const match of readFileSync(join(root, file), 'utf8').matchAll(specifier)) {
        // The same quote on both sides: a comment's `"t" from "don't"` is no import.
        const path = match[2] ?? ''
        const name = path
          .split('/')
          .slice(0, path.startsWith('@') ? 2 : 1)
          .join('/')
        if (!name.startsWith('node:') && name !== 'electron') imported.add(name)
      }
    }
    expect(imported).toContain('node-llama-cpp')
    for (const name of imported)
      expect(packageJson.dependencies, `${name} is imported by out/main`).toHaveProperty([name])
  })
})
