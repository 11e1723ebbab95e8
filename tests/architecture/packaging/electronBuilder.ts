/**
 * electron-builder's own configuration loading, schema validation and file matching, called the way its packagers call
 * them, so the packaging tests evaluate the real rules without Electron's binary. The functions used here are internal
 * to app-builder-lib (no typings), hence the small typed surface below.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'

// app-builder-lib as electron-builder itself resolves it (it is electron-builder's dependency, not ours).
const require = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'))

export type Os = 'linux' | 'win' | 'mac'
export type BuilderConfig = Record<string, unknown>
/** Decides whether a file is taken: `relative` is its path from the project root (`node_modules/...` for modules). */
export type FileFilter = (relative: string, isDirectory?: boolean) => boolean

interface FileMatcher {
  patterns: string[]
  createFilter(): (file: string, stat: FakeStat) => boolean
}
interface FakeStat {
  isDirectory(): boolean
  moduleFullFilePath?: string
}
type MacroExpander = (pattern: string) => string
interface MatcherOptions {
  macroExpander: MacroExpander
  customBuildOptions: BuilderConfig
  globalOutDir: string
  defaultSrc: string
}

const configModule = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(
    projectDir: string,
    configPath: string | null,
    fromOptions: BuilderConfig | null
  ): Promise<BuilderConfig>
  validateConfiguration(
    config: BuilderConfig,
    debugLogger: { isEnabled: boolean; add(): void }
  ): Promise<void>
}
const matcherModule = require('app-builder-lib/out/fileMatcher.js') as {
  getFileMatchers(
    config: BuilderConfig,
    name: string,
    destination: string,
    options: MatcherOptions
  ): FileMatcher[] | null
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: MacroExpander,
    platformOptions: BuilderConfig,
    platformPackager: unknown,
    outDir: string,
    isElectronCompile: boolean
  ): FileMatcher[]
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: MacroExpander,
    platformOptions: BuilderConfig,
    packager: unknown
  ): FileMatcher
}
const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js') as {
  expandMacro(pattern: string, arch: string | null, appInfo: unknown, extra: Record<string, string>): string
}

const quietLogger = { isEnabled: false, add(): void {} }

/** Loads the config file exactly as `electron-builder --config <file>` does (merged with package.json's `build`). */
export function loadBuilderConfig(root: string, file: string): Promise<BuilderConfig> {
  return configModule.getConfig(root, file, null)
}

/** electron-builder's schema validation (rejects unknown or mistyped options); throws with its message. */
export function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  return configModule.validateConfiguration(config, quietLogger)
}

/** The macro expander a platform packager uses for file patterns (`${os}`, `${arch}`, `${/*}`...). */
function macroExpander(config: BuilderConfig, os: Os, arch: string): MacroExpander {
  const name = String(config.productName)
  const appInfo = { productName: name, sanitizedProductName: name, version: '0.0.0' }
  return (pattern) => expandMacro(pattern, arch, appInfo, { os, '/*': '{,/**/*}' })
}

/** Platform-specific options (`linux:`, `win:`, `mac:`) merged over the top level by the packager. */
function platformOptions(config: BuilderConfig, os: Os): BuilderConfig {
  return (config[os] as BuilderConfig | undefined) ?? {}
}

function toFileFilter(root: string, matcher: FileMatcher, asModule: boolean): FileFilter {
  const filter = matcher.createFilter()
  return (relative, isDirectory = false) =>
    filter(join(root, relative), {
      isDirectory: () => isDirectory,
      ...(asModule ? { moduleFullFilePath: relative } : {})
    })
}

interface Context {
  root: string
  config: BuilderConfig
  os: Os
  arch: string
}

/** The filter applied to production dependencies (only the `!` patterns of `files` count there). */
export function nodeModuleFilter({ root, config, os, arch }: Context): FileFilter {
  const packager = { config, debugLogger: quietLogger }
  const matcher = matcherModule.getNodeModuleFileMatcher(
    root,
    join(root, 'app'),
    macroExpander(config, os, arch),
    platformOptions(config, os),
    packager
  )
  return toFileFilter(root, matcher, true)
}

/** The filter applied to the project's own files (`files` plus electron-builder's default exclusions). */
export function appFileFilter({ root, config, os, arch }: Context): FileFilter {
  const directories = (config.directories as { buildResources?: string; output?: string } | undefined) ?? {}
  const packager = {
    info: {
      projectDir: root,
      buildResourcesDir: directories.buildResources ?? 'build',
      isPrepackedAppAsar: false,
      config,
      debugLogger: quietLogger
    }
  }
  const [matcher = null] = matcherModule.getMainFileMatchers(
    root,
    join(root, 'app'),
    macroExpander(config, os, arch),
    platformOptions(config, os),
    packager,
    join(root, directories.output ?? 'dist'),
    false
  )
  if (matcher === null) throw new Error('electron-builder found no `files` patterns')
  return toFileFilter(root, matcher, false)
}

/** The `asarUnpack` filter (files kept outside app.asar); node_modules paths are matched as modules. */
export function asarUnpackFilter({ root, config, os, arch }: Context): FileFilter {
  const matchers = matcherModule.getFileMatchers(config, 'asarUnpack', join(root, 'app'), {
    macroExpander: macroExpander(config, os, arch),
    customBuildOptions: platformOptions(config, os),
    globalOutDir: join(root, 'dist'),
    defaultSrc: root
  })
  const [matcher = null] = matchers ?? []
  if (matcher === null) return () => false
  return toFileFilter(root, matcher, true)
}

/** The `extraResources` file sets: where each comes from, where it goes and which files it takes. */
export function extraResourceSets({
  root,
  config,
  os,
  arch
}: Context): { from: string; to: string; filter: FileFilter }[] {
  const destination = join(root, 'resources-out')
  const matchers =
    matcherModule.getFileMatchers(config, 'extraResources', destination, {
      macroExpander: macroExpander(config, os, arch),
      customBuildOptions: platformOptions(config, os),
      globalOutDir: join(root, 'dist'),
      defaultSrc: root
    }) ?? []
  return matchers.map((matcher) => {
    const m = matcher as FileMatcher & { from: string; to: string }
    if (m.patterns.length === 0) m.patterns.push('**/*')
    const filter = m.createFilter()
    return {
      from: m.from,
      to: m.to.startsWith(destination) ? m.to.slice(destination.length + 1) : m.to,
      filter: (relative: string, isDirectory = false) =>
        filter(join(m.from, relative), { isDirectory: () => isDirectory })
    }
  })
}
