import type { Logger } from '../engine/host'

/** Anything with a `write(text)`: process.stderr, a test buffer. */
export interface TextSink {
  write(text: string): unknown
}

export interface JsonLoggerOptions {
  /** Where the lines go. Default: `process.stderr`. */
  sink?: TextSink
  /** Drop `info` lines, keep warnings and errors. Default false. */
  quiet?: boolean
}

type Level = 'info' | 'warn' | 'error'

/** A logger writing one JSON object per line: `{ time, level, message, data? }`. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const sink = options.sink ?? process.stderr
  const write = (level: Level, message: string, data?: Record<string, unknown>): void => {
    if (level === 'info' && options.quiet) return
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, message }
    if (data !== undefined) line.data = data
    sink.write(`${stringify(line)}\n`)
  }
  return {
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data)
  }
}

/** JSON.stringify that keeps Error details (they serialize to `{}` otherwise) and never throws. */
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Error
        ? { name: item.name, message: item.message, ...('code' in item ? { code: item.code } : {}) }
        : typeof item === 'bigint'
          ? item.toString()
          : item
    )
  } catch {
    const { time, level, message } = value as Record<string, unknown>
    return JSON.stringify({ time, level, message, data: '[unserializable]' })
  }
}
