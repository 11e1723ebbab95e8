import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname } from 'node:path'
import type { Logger, SettingsBackend } from '../engine/host'
import type { Settings } from '../../shared/settings'

/**
 * Settings kept as one JSON file (headless hosts).
 *
 * - A missing file reads as `undefined`: the engine uses its defaults.
 * - A file that cannot be read or is not valid JSON also reads as `undefined`, with a `problem` naming the file
 *   (the engine tells it once, among its warnings).
 *   The file is left untouched: the user can repair it by hand. If new settings are saved before that, the
 *   broken file is first moved aside to `<file>.invalid-<time>` so that nothing the user wrote is ever lost.
 * - Writes are atomic: a temporary file in the same folder, flushed, then renamed over the old one.
 */
export function createJsonSettingsFile(file: string, logger: Logger): SettingsBackend {
  let unreadable = false
  let problem: string | null = null
  return {
    location: file,
    problem: () => problem,
    read() {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        unreadable = true
        // Told once, by the engine, which reads `problem` into its warnings (and logs them).
        problem = `${file}: cannot be read (${(error as Error).message}); using default settings`
        return undefined
      }
      try {
        const value: unknown = JSON.parse(text)
        unreadable = false
        problem = null
        return value
      } catch (error) {
        unreadable = true
        problem = `${file}: not valid JSON (${(error as Error).message}); using default settings. The file is left as it is until settings are saved (Save in Settings), then kept as ${file}.invalid-<time>`
        return undefined
      }
    },
    write(settings: Settings) {
      if (unreadable) {
        const aside = `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`
        moveAside(file, aside)
        logger.warn(`Saved new settings; the previous, invalid settings file was kept as ${aside}`)
        unreadable = false
        problem = null
      }
      writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`)
    }
  }
}

function moveAside(file: string, aside: string): void {
  try {
    renameSync(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Writes `text` to `file` so that a crash leaves either the old or the new content, never half of it. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const descriptor = openSync(temporary, 'wx', 0o600)
    try {
      writeSync(descriptor, text)
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
