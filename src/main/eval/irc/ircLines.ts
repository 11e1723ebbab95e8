/**
 * One line of the Ubuntu IRC corpus (Kummerfeld et al. 2019), parsed and validated. Raw log lines are
 * `[HH:MM] <nick> text`, actions `[HH:MM]  * nick text`, notices `[HH:MM] -nick:#chan- text` or
 * `[HH:MM] (nick/#chan) text`, and system lines `=== text` (joins, parts, renames; no timestamp). Gold cluster
 * lines are `FILE:line line ...`, one thread each.
 */
import { z } from 'zod'

/** A line as written in a `*.raw.txt` file. `partial`: a message line without text, skipped by the replay. */
export type IrcLine =
  | { kind: 'message'; minuteOfDay: number; nick: string; text: string }
  | { kind: 'system'; text: string }
  | { kind: 'partial'; minuteOfDay: number; reason: string }

/** A malformed line: what the caller turns into "file line N: field: message". */
export class IrcFormatError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
    this.name = 'IrcFormatError'
  }
}

const TimedLine = z.object({
  hour: z.number().int().min(0, 'hour must be 00-23').max(23, 'hour must be 00-23'),
  minute: z.number().int().min(0, 'minute must be 00-59').max(59, 'minute must be 00-59'),
  nick: z.string().min(1, 'empty nick').max(200, 'nick longer than 200 characters'),
  text: z.string().max(100_000, 'text longer than 100,000 characters')
})

const TIMESTAMP = /^\[(\d\d):(\d\d)\] (.*)$/
/** What follows the timestamp: a message, an action, or one of the two notice forms. */
const SPEAKERS: ReadonlyArray<{ pattern: RegExp; action?: true }> = [
  { pattern: /^<([^>]*)>(?: (.*))?$/ },
  { pattern: /^ \* (\S+)(?: (.*))?$/, action: true },
  { pattern: /^-([^:\s]+):#\S*- ?(.*)$/ },
  { pattern: /^\(([^/\s]+)\/#\S*\) ?(.*)$/ }
]

/** Parses one raw log line; throws IrcFormatError naming the field that is wrong or missing. */
export function parseRawLine(line: string): IrcLine {
  if (line.startsWith('===')) return { kind: 'system', text: line.slice(3).trim() }
  const timed = TIMESTAMP.exec(line)
  if (!timed) throw new IrcFormatError('timestamp', 'expected a line starting with "[HH:MM] " or "==="')
  const rest = timed[3]!
  for (const { pattern, action } of SPEAKERS) {
    const match = pattern.exec(rest)
    if (!match) continue
    const nick = match[1]!
    const said = (match[2] ?? '').trim()
    const parsed = TimedLine.safeParse({
      hour: Number(timed[1]),
      minute: Number(timed[2]),
      nick,
      text: action && said ? `* ${nick} ${said}` : said
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new IrcFormatError(fieldName(issue.path), issue.message)
    }
    const { hour, minute, text } = parsed.data
    const minuteOfDay = hour * 60 + minute
    if (!said) return { kind: 'partial', minuteOfDay, reason: `a message from ${nick} without text` }
    return { kind: 'message', minuteOfDay, nick, text }
  }
  throw new IrcFormatError('speaker', 'expected "<nick>", " * nick", "-nick:#channel-" or "(nick/#channel)"')
}

const fieldName = (path: readonly PropertyKey[]): string => {
  const field = String(path[0] ?? 'line')
  return field === 'hour' || field === 'minute' ? 'timestamp' : field
}

/** One gold thread: the raw file it belongs to (its name up to the first dot) and its line numbers. */
export interface ClusterRecord {
  file: string
  lines: number[]
}

const Cluster = z.object({
  file: z.string().min(1, 'missing file name before ":"'),
  lines: z.array(z.number().int().nonnegative())
})

/** Parses `FILE:line line ...`; a record without line numbers comes back with `lines: []` (partial). */
export function parseClusterLine(line: string): ClusterRecord {
  const colon = line.indexOf(':')
  if (colon < 0) throw new IrcFormatError('file', 'expected "FILE:line line ..."')
  const numbers = line
    .slice(colon + 1)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  for (const number of numbers) {
    if (!/^\d+$/.test(number)) throw new IrcFormatError('lines', `"${number}" is not a line number`)
  }
  const parsed = Cluster.safeParse({ file: line.slice(0, colon).trim(), lines: numbers.map(Number) })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new IrcFormatError(String(issue.path[0] ?? 'line'), issue.message)
  }
  return parsed.data
}
