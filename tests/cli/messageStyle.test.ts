import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { captureIo } from '../helpers/captureIo'

/** Where the `vigil` commands' errors are written: each is printed after "vigil <command>: ". */
const cliFolders = ['src/main/cli', 'src/main/headless', 'src/main/serve', 'src/main/eval']
/** `vigil sync`'s messages belong to the sync work and are left to it (they still start in capitals). */
const leftToTheirOwners = new Set<string>()

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('the command line says its errors one way', () => {
  it('starts every error in lower case after "vigil <command>: " and ends its first line without a full stop', () => {
    const offences: string[] = []
    for (const file of cliFolders.flatMap(sourceFiles)) {
      if (leftToTheirOwners.has(file)) continue
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(
        /new VigilError\(\s*ErrorCode\.\w+,\s*[`'"]([^\n`'"]*?)(?:\\n|[`'"])/g
      )) {
        const message = match[1]!
        const line = text.slice(0, match.index).split('\n').length
        if (/^[A-Z][a-z]/.test(message)) offences.push(`${file}:${line} starts in capitals: ${message}`)
        if (/\.$/.test(message)) offences.push(`${file}:${line} ends with a full stop: ${message}`)
      }
    }
    expect(offences).toEqual([])
  })

  it("says Node's refusal of an unknown option in the same style, with exit 2 and the usage", async () => {
    const io = captureIo()
    expect(await main(['stats', '--data-dir', '/tmp', '--bogus'], io.io)).toBe(2)
    expect(io.stderr().split('\n')[0]).toMatch(/^vigil stats: unknown option '--bogus'/)
    expect(io.stderr()).toContain('Usage: vigil stats')
  })
})
