/** The app's logger: one line per entry to the console and to a log file under the user's data folder. */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Clock, Logger } from '../../engine/host'

export interface FileLoggerOptions {
  filePath: string
  clock: Clock
  /** Where lines are echoed besides the file. Default: the process console. */
  console?: Pick<Console, 'info' | 'warn' | 'error'>
  /** A file larger than this at start-up is moved to `<name>.1` first (one old file kept). Default 5 MB. */
  maxBytes?: number
}

type Level = 'info' | 'warn' | 'error'

export function formatLogLine(
  time: Date,
  level: Level,
  message: string,
  data?: Record<string, unknown>
): string {
  let details = ''
  if (data && Object.keys(data).length > 0) {
    try {
      details = ` ${JSON.stringify(data)}`
    } catch {
      details = ' (data could not be serialised)'
    }
  }
  return `${time.toISOString()} ${level.toUpperCase()} ${message}${details}`
}

export function createFileLogger(options: FileLoggerOptions): Logger {
  const out = options.console ?? console
  let fileUsable = prepare(options.filePath, options.maxBytes ?? 5 * 1024 * 1024)

  const log = (level: Level, message: string, data?: Record<string, unknown>): void => {
    const line = formatLogLine(options.clock.now(), level, message, data)
    out[level](line)
    if (!fileUsable) return
    try {
      appendFileSync(options.filePath, `${line}\n`)
    } catch (error) {
      // Logging must never take the app down; say so once on the console and keep going without the file.
      fileUsable = false
      out.error(`Vigil: cannot write the log file ${options.filePath}: ${String(error)}`)
    }
  }

  return {
    info: (message, data) => log('info', message, data),
    warn: (message, data) => log('warn', message, data),
    error: (message, data) => log('error', message, data)
  }
}

function prepare(filePath: string, maxBytes: number): boolean {
  try {
    mkdirSync(dirname(filePath), { recursive: true })
    if (existsSync(filePath) && statSync(filePath).size > maxBytes) renameSync(filePath, `${filePath}.1`)
    return true
  } catch {
    return false
  }
}
