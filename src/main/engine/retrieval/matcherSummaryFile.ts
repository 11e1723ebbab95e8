/**
 * `matcher/<team-folder>.bin`: one team's EntryMatcher state (teamMatch.ts) with the knowledge stamp it was derived
 * at, so that a start restores it instead of reading and tokenizing every entry.
 *
 * Derived data, never trusted blindly: a format number, the team's name, and a CRC-32 of the whole file; anything
 * else (missing, damaged, another format, another team) reads as null and the caller derives the state again.
 * Layout: 8 bytes magic, u32 (LE) length of a JSON header, the header, padding to 4 bytes, the term frequencies
 * (i32), the documents' offsets and term numbers (u32), then the CRC-32 (u32 LE) of everything before it.
 */
import { readFile } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { writeFileAtomically } from '../knowledge/durableFile'
import type { KnowledgeStamp } from '../knowledge/knowledgeStamp'
import { TOKENIZER_VERSION } from '../text/tokenize'
import type { TeamMatchRaw } from './teamMatch'

const magic = Buffer.from('VIGILMS\n', 'latin1')
/**
 * Bumped whenever the layout or the meaning of a field changes; another number reads as "derive again". The terms are
 * the tokenizer's stems, so a new tokenizer version is a new format too.
 */
const summaryFormat = 1 + 1000 * (TOKENIZER_VERSION - 1)

export interface MatcherSummary {
  team: string
  stamp: KnowledgeStamp
  state: TeamMatchRaw
}

export async function writeMatcherSummary(path: string, dir: string, summary: MatcherSummary): Promise<void> {
  const { stats, ...rest } = summary.state
  const header = Buffer.from(
    JSON.stringify({
      format: summaryFormat,
      team: summary.team,
      stamp: summary.stamp,
      terms: stats.terms,
      documentIds: stats.documentIds,
      counts: [stats.frequencies.length, stats.offsets.length, stats.documentTerms.length],
      ...rest
    }),
    'utf8'
  )
  const length = Buffer.alloc(4)
  length.writeUInt32LE(header.length)
  const padding = Buffer.alloc((4 - ((magic.length + 4 + header.length) % 4)) % 4)
  const parts = [
    magic,
    length,
    header,
    padding,
    bytesOf(stats.frequencies),
    bytesOf(stats.offsets),
    bytesOf(stats.documentTerms)
  ]
  let checksum = 0
  for (const part of parts) checksum = crc32(part, checksum)
  const trailer = Buffer.alloc(4)
  trailer.writeUInt32LE(checksum >>> 0)
  await writeFileAtomically(path, [...parts, trailer], dir)
}

/** The summary in `path` for `team`, or null when there is none that can be used. */
export async function readMatcherSummary(path: string, team: string): Promise<MatcherSummary | null> {
  const bytes = await readFile(path).catch(() => null)
  if (!bytes || bytes.length < magic.length + 8 || !bytes.subarray(0, magic.length).equals(magic)) return null
  const body = bytes.subarray(0, bytes.length - 4)
  if (crc32(body) >>> 0 !== bytes.readUInt32LE(bytes.length - 4)) return null
  const headerLength = body.readUInt32LE(magic.length)
  const headerEnd = magic.length + 4 + headerLength
  let header: Header
  try {
    header = JSON.parse(body.subarray(magic.length + 4, headerEnd).toString('utf8')) as Header
  } catch {
    return null
  }
  if (header.format !== summaryFormat || header.team !== team) return null
  const [terms, offsets, documentTerms] = header.counts
  let at = headerEnd + ((4 - (headerEnd % 4)) % 4)
  // Copied out of the file's buffer: typed arrays need their own aligned memory.
  const take = <T>(Kind: new (buffer: ArrayBuffer) => T, count: number): T => {
    const start = body.byteOffset + at
    at += count * 4
    return new Kind((body.buffer as ArrayBuffer).slice(start, start + count * 4))
  }
  const frequencies = take(Int32Array, terms)
  const offsetArray = take(Uint32Array, offsets)
  const documentTermArray = take(Uint32Array, documentTerms)
  if (at !== body.length || header.terms.length !== terms) return null
  return {
    team,
    stamp: header.stamp,
    state: {
      stats: {
        terms: header.terms,
        frequencies,
        documentIds: header.documentIds,
        offsets: offsetArray,
        documentTerms: documentTermArray
      },
      cases: header.cases,
      entrySources: header.entrySources,
      ticketEntries: header.ticketEntries,
      entryUrls: header.entryUrls,
      byUrl: header.byUrl
    }
  }
}

type Header = Omit<TeamMatchRaw, 'stats'> & {
  format: number
  team: string
  stamp: KnowledgeStamp
  terms: string[]
  documentIds: string[]
  counts: [number, number, number]
}

function bytesOf(array: Int32Array | Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength)
}
