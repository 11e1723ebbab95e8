/**
 * Finds every import of Electron in a source file: static `import`/`export ... from`, `require()` and dynamic
 * `import()`, including `electron/main` and friends. TypeScript's own pre-parser does the reading, so imports
 * mentioned in comments or strings are not reported.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

export interface ElectronImport {
  file: string
  line: number
  specifier: string
}

const isElectron = (specifier: string): boolean =>
  specifier === 'electron' || specifier.startsWith('electron/')

/** The script blocks of a Vue single-file component; everything else is blanked so positions still match. */
export function vueScripts(source: string): string {
  const blank = (text: string): string => text.replace(/[^\n]/g, ' ')
  let result = ''
  let done = 0
  for (const match of source.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
    const bodyStart = match.index + (match[1] ?? '').length
    const body = match[2] ?? ''
    result += blank(source.slice(done, bodyStart)) + body
    done = bodyStart + body.length
  }
  return result + blank(source.slice(done))
}

export function findElectronImports(source: string, file = '<string>'): ElectronImport[] {
  const code = file.endsWith('.vue') ? vueScripts(source) : source
  return ts
    .preProcessFile(code, true, true)
    .importedFiles.filter((imported) => isElectron(imported.fileName))
    .map((imported) => ({
      file,
      line: code.slice(0, imported.pos).split('\n').length,
      specifier: imported.fileName
    }))
}

const sourceExtensions = /\.(?:[cm]?[jt]sx?|vue)$/

/** Every source file at `path` (a file or a folder, searched recursively); none when it does not exist yet. */
export function sourceFiles(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return sourceExtensions.test(path) ? [path] : []
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => sourceFiles(join(path, name)))
}

export function scanForElectronImports(root: string, dirs: string[]): ElectronImport[] {
  return dirs
    .flatMap((dir) => sourceFiles(join(root, dir)))
    .flatMap((path) => findElectronImports(readFileSync(path, 'utf8'), relative(root, path)))
}
