/**
 * Reads one team folder (team.json, snapshot, log) into memory, validating every line. Never writes anything:
 * a folder that fails to load must stay byte-for-byte as it was, for a person (or a later version) to repair.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { EntryLocation } from './entryShelf'
import { readLines, type FileLine } from './lineReader'
import {
  describeIssues,
  LogRecord,
  logFileName,
  metaFileName,
  snapshotFileName,
  storeFormat,
  TeamMeta
} from './records'

export interface LoadProblem {
  /** Absolute path of the file that failed. */
  file: string
  /** Names the file (relative to the data folder) and the line, e.g. `knowledge/x/entries.jsonl line 17: …`. */
  message: string
}

/** Where the log stands after reading it: what the next append needs. */
export interface LogState {
  /** Complete records in the log (drives automatic compaction). */
  logRecords: number
  /** Bytes of the log that hold complete records: where the next append goes. */
  logSize: number
  /** The last log record is complete but has no newline, so the next append must begin with one. */
  logNeedsNewline: boolean
  /** An unfinished last log line (see TeamFiles for how it is recovered). */
  tornTail: { line: number; start: number } | null
}

export interface LoadedTeam extends LogState {
  folder: string
  /** From team.json; the folder name when team.json itself is missing or broken. */
  team: string
  /**
   * Everything read before the first bad line: a snapshot prefix plus a log prefix is a state the team really had,
   * so it can still be served read-only when `problem` is set.
   */
  entries: Map<string, KnowledgeEntry>
  problem: LoadProblem | null
  /** Where the line of each entry's current version is (for reading it back later). */
  locations: Map<string, EntryLocation>
  /** Entries whose counters changed in the log after that line. */
  countersAfter: Set<string>
}

type LineOutcome = { error: string } | { torn: true } | { ok: true }

export async function loadTeamFolder(root: string, folder: string): Promise<LoadedTeam | null> {
  const folderPath = join(root, folder)
  const display = (file: string): string => `${basename(root)}/${folder}/${file}`
  const loaded: LoadedTeam = {
    folder,
    team: folder,
    entries: new Map(),
    problem: null,
    logRecords: 0,
    logSize: 0,
    logNeedsNewline: false,
    tornTail: null,
    locations: new Map(),
    countersAfter: new Set()
  }
  const fail = (file: string, message: string): LoadedTeam => {
    loaded.problem = { file: join(folderPath, file), message: `${display(file)}${message}` }
    return loaded
  }

  const meta = await readMeta(join(folderPath, metaFileName))
  if (meta.kind === 'missing') {
    const hasData =
      (await fileExists(join(folderPath, snapshotFileName))) ||
      (await fileExists(join(folderPath, logFileName)))
    // An empty folder without team.json is a team whose creation was interrupted before any entry was written.
    if (!hasData) return null
    return fail(metaFileName, ' is missing, so it is unknown which team this folder holds')
  }
  if (meta.kind === 'bad') return fail(metaFileName, `: ${meta.reason}`)
  loaded.team = meta.team

  const entries = loaded.entries
  const snapshotError = await eachLine(join(folderPath, snapshotFileName), (line) => {
    const parsed = parseLine(line)
    if ('error' in parsed) return parsed
    const entry = KnowledgeEntry.safeParse(parsed.value)
    if (!entry.success) return { error: `invalid entry: ${describeIssues(entry.error)}` }
    if (entry.data.team !== meta.team)
      return { error: `entry ${entry.data.id} belongs to team "${entry.data.team}"` }
    if (entries.has(entry.data.id)) return { error: `entry ${entry.data.id} appears twice` }
    entries.set(entry.data.id, entry.data)
    loaded.locations.set(entry.data.id, locationOf('snapshot', line))
    return { ok: true }
  })
  if (snapshotError) return fail(snapshotFileName, snapshotError)

  const logError = await readTeamLog(folderPath, loaded, (record, line) => {
    const error = applyRecord(entries, record, meta.team)
    if (error) return error
    if (record.op === 'put') {
      loaded.locations.set(record.entry.id, locationOf('log', line))
      loaded.countersAfter.delete(record.entry.id)
    } else loaded.countersAfter.add(record.id)
    return null
  })
  if (logError) return fail(logFileName, logError)
  return loaded
}

/** Where a line's bytes are, without its newline. */
export function locationOf(file: EntryLocation['file'], line: FileLine): EntryLocation {
  return { file, offset: line.start, length: line.end - line.start - (line.terminated ? 1 : 0) }
}

/**
 * Reads and validates the team's log, handing each record to `apply` (which returns why it cannot be applied) and
 * keeping `state` up to date; returns ` line N: reason` for the first bad line, or null.
 */
export async function readTeamLog(
  folderPath: string,
  state: LogState,
  apply: (record: LogRecord, line: FileLine) => string | null
): Promise<string | null> {
  return eachLine(
    join(folderPath, logFileName),
    (line) => {
      const parsed = parseLine(line)
      if ('error' in parsed) {
        // Only an unterminated last line can be a write cut short by a crash; anywhere else it is corruption.
        return line.terminated ? parsed : { torn: true }
      }
      const record = LogRecord.safeParse(parsed.value)
      if (!record.success) return { error: `invalid record: ${describeIssues(record.error)}` }
      const error = apply(record.data, line)
      if (error) return { error }
      state.logRecords += 1
      state.logSize = line.end
      state.logNeedsNewline = !line.terminated
      return { ok: true }
    },
    (line) => {
      state.tornTail = { line: line.number, start: line.start }
    }
  )
}

/** Applies one log record to the entries; returns why it cannot be applied. */
export function applyRecord(
  entries: Map<string, KnowledgeEntry>,
  record: LogRecord,
  team: string
): string | null {
  if (record.op === 'put') {
    if (record.entry.team !== team) return `entry ${record.entry.id} belongs to team "${record.entry.team}"`
    entries.set(record.entry.id, record.entry)
    return null
  }
  const entry = entries.get(record.id)
  if (!entry) return `counters for unknown entry ${record.id}`
  entries.set(record.id, { ...entry, counters: record.counters })
  return null
}

/** Runs `onLine` over every line; returns ` line N: reason` for the first bad one, or null. */
async function eachLine(
  path: string,
  onLine: (line: FileLine) => LineOutcome,
  onTorn?: (line: FileLine) => void
): Promise<string | null> {
  try {
    for await (const line of readLines(path)) {
      if (line.validUtf8 && line.text.trim() === '' && line.terminated) continue
      const outcome = onLine(line)
      if ('error' in outcome) return ` line ${line.number}: ${outcome.error}`
      if ('torn' in outcome) onTorn?.(line)
    }
    return null
  } catch (error) {
    if (isMissing(error)) return null
    return `: cannot be read (${(error as Error).message})`
  }
}

function parseLine(line: FileLine): { value: unknown } | { error: string } {
  if (!line.validUtf8) return { error: 'not valid UTF-8' }
  try {
    return { value: JSON.parse(line.text) as unknown }
  } catch {
    return { error: 'invalid JSON' }
  }
}

export async function readMeta(
  path: string
): Promise<{ kind: 'ok'; team: string } | { kind: 'missing' } | { kind: 'bad'; reason: string }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' }
    return { kind: 'bad', reason: `cannot be read (${(error as Error).message})` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'bad', reason: 'invalid JSON' }
  }
  const format = (value as { format?: unknown } | null)?.format
  // A later Vigil's store may mean something else in every line: refuse it whole rather than misread it.
  if (typeof format === 'number' && format > storeFormat)
    return {
      kind: 'bad',
      reason: `written by a newer version of Vigil (store format ${format}; this version reads format ${storeFormat}). Open it with that version, or upgrade`
    }
  const meta = TeamMeta.safeParse(value)
  return meta.success
    ? { kind: 'ok', team: meta.data.team }
    : { kind: 'bad', reason: describeIssues(meta.error) }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    return !isMissing(error)
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** The team folders under the knowledge folder, sorted; none when nothing was stored yet. */
export async function listTeamFolders(dir: string): Promise<string[]> {
  try {
    const items = await readdir(dir, { withFileTypes: true })
    return items
      .filter((item) => item.isDirectory())
      .map((item) => item.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new VigilError(
      ErrorCode.storageFailed,
      `Cannot read the knowledge folder ${dir}: ${(error as Error).message}`,
      {
        cause: error
      }
    )
  }
}
