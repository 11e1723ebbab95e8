/**
 * What one entry looks like in a team's sync repository: `entries/<first 2 chars>/<id>.json`, one file per approved
 * entry, keys sorted so every replica writes byte-identical files for identical entries (equal content, equal blob
 * id: unchanged entries never look changed). Per-user counters stay out (they are local use, not team knowledge);
 * drafts waiting for review stay out unless they were already shared.
 */
import { createHash } from 'node:crypto'
import { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { describeIssues } from '../knowledge/records'

/** An entry as synced: everything but the counters. */
export type SyncedEntry = Omit<KnowledgeEntry, 'counters'>

export const entriesDir = 'entries'
export const conflictsDir = 'conflicts'
export const teamFileName = 'vigil-team.json'

/** Approved knowledge: live or retired entries, never a draft or anything a person has yet to approve. */
export function isShareable(entry: KnowledgeEntry): boolean {
  if (entry.status === 'draft') return false
  return entry.review !== 'pending' && entry.review !== 'rejected'
}

/** Ids are free text (up to 200 chars): anything but letters, digits, `.`, `_` and `-` is %-encoded. */
export function fileNameForId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_-]|\.(?=\.)|^\./g, (char) => {
    const bytes = Buffer.from(char, 'utf8')
    return [...bytes].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  })
  return `${safe}.json`
}

/**
 * The folder an entry's file lives in: 2 hex characters of a hash of its id. Not the id's first 2 characters, as
 * learned ids all start with `kb-` and 20k files in one folder made merges 3x slower.
 */
export function prefixOf(fileName: string): string {
  return createHash('sha1').update(fileName).digest('hex').slice(0, 2)
}

export function serializeEntry(entry: KnowledgeEntry | SyncedEntry): string {
  const { counters: _counters, ...synced } = entry as KnowledgeEntry
  return `${JSON.stringify(sortKeys(synced), null, 1)}\n`
}

/**
 * Parses and validates a synced entry file for `team`. KNOWLEDGE_CORRUPT naming the file and the field when it is
 * not valid JSON, fails the schema, or belongs to another team.
 */
export function parseEntryFile(text: string, path: string, team: string): SyncedEntry {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new VigilError(
      ErrorCode.knowledgeCorrupt,
      `Synced entry ${path} is not valid JSON: ${(error as Error).message}`
    )
  }
  const parsed = KnowledgeEntry.safeParse({ ...(value as object), counters: zeroCounters })
  if (!parsed.success) {
    throw new VigilError(
      ErrorCode.knowledgeCorrupt,
      `Synced entry ${path} is invalid: ${describeIssues(parsed.error)}`
    )
  }
  if (parsed.data.team !== team) {
    throw new VigilError(
      ErrorCode.knowledgeCorrupt,
      `Synced entry ${path} belongs to team "${parsed.data.team}", not "${team}"`
    )
  }
  const { counters: _counters, ...synced } = parsed.data
  return synced
}

const zeroCounters = { shown: 0, adopted: 0, liked: 0, disliked: 0, dismissed: 0 }

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key]
    if (item !== undefined) sorted[key] = sortKeys(item)
  }
  return sorted
}
