/**
 * `catalogue.bin`: a team's entry catalogue (entryCatalogue.ts) as it stood over a snapshot and part of the log, so
 * that opening a large team neither reads every entry to list, count or chart them nor waits for that.
 *
 * Derived data, framed like `index.bin` (magic, CRC-32 trailer, format number: checkedFile.ts) and naming the
 * snapshot it was built over. Noting the log's entries again on top of it gives the current catalogue whatever part
 * of the log it had seen (`note` replaces what it knew of an entry), so it may be saved at any moment between writes;
 * a file over another snapshot, damaged or of another format is ignored and the catalogue is built again.
 *
 * Layout (format 2): magic, u32 (LE) length of a JSON header (format, snapshot, section lengths), the header, then
 * each section 8-byte aligned: the ids (JSON), title hashes (u32), update times (f64), flags (u8), where each entry's
 * source tickets start (u32, one more than entries) and the source tickets (JSON), where each entry's growth codes
 * start (u32) and the codes (i32). It decodes into typed arrays, with no object per entry (at 100k entries format 1,
 * one JSON document of per-entry arrays, cost about 0.5 s of CPU and garbage to restore); the source tickets, which
 * only statistics and the gaps note ask for, are parsed when first asked for.
 */
import { checkFrame, framedSections, readCheckedFile, writeCheckedFile } from './checkedFile'
import type { SnapshotFingerprint } from './indexFile'

export const catalogueFileName = 'catalogue.bin'
/** Bumped whenever what is saved of an entry changes; another number means "build again". */
const catalogueFormat = 2
const magic = Buffer.from('VIGILCA\n', 'latin1')

/** The catalogue as columns, one row per entry (see entryCatalogue.ts for what each holds). */
export interface CatalogueColumns {
  ids: string[]
  title: Uint32Array
  updated: Float64Array
  flags: Uint8Array
  /** Entry i's source tickets are `sources()[sourceStart[i] .. sourceStart[i + 1]]`. */
  sourceStart: Uint32Array
  /** The source tickets of every entry, in entry order (parsed on the first call when read from a file). */
  sources: () => readonly string[]
  /** Entry i's growth codes are `growth[growthStart[i] .. growthStart[i + 1]]`. */
  growthStart: Uint32Array
  growth: Int32Array
}

export interface SavedCatalogue {
  snapshot: SnapshotFingerprint
  columns: CatalogueColumns
}

type Kind = 'json' | 'u32' | 'f64' | 'u8' | 'i32'
const arrays = { u32: Uint32Array, f64: Float64Array, u8: Uint8Array, i32: Int32Array }
const sectionKinds: ReadonlyArray<[keyof CatalogueColumns, Kind]> = [
  ['ids', 'json'],
  ['title', 'u32'],
  ['updated', 'f64'],
  ['flags', 'u8'],
  ['sourceStart', 'u32'],
  ['sources', 'json'],
  ['growthStart', 'u32'],
  ['growth', 'i32']
]

export async function writeCatalogueFile(
  path: string,
  folder: string,
  snapshot: SnapshotFingerprint,
  columns: CatalogueColumns
): Promise<void> {
  const bodies = sectionKinds.map(([name, kind]) => {
    if (kind === 'json') {
      const value = name === 'sources' ? columns.sources() : columns[name]
      return Buffer.from(JSON.stringify(value), 'utf8')
    }
    const array = columns[name] as Uint8Array
    return Buffer.from(array.buffer, array.byteOffset, array.byteLength)
  })
  const header = { format: catalogueFormat, snapshot, lengths: bodies.map((body) => body.length) }
  await writeCheckedFile(path, framedSections(magic, header, bodies), folder)
}

/** The saved catalogue, or why it cannot be used (`missing`, or what is wrong with it). */
export async function readCatalogueFile(path: string): Promise<SavedCatalogue | { unusable: string }> {
  return readCheckedFile(path, decodeCatalogue)
}

/** Decodes a whole `catalogue.bin` (frame checked); throws with what is wrong, in words. */
export function decodeCatalogue(file: Buffer): SavedCatalogue {
  checkFrame(file, magic, 'not a catalogue file')
  const headerLength = file.readUInt32LE(magic.length)
  let header: { format: number; snapshot: SnapshotFingerprint; lengths: number[] }
  try {
    header = JSON.parse(file.toString('utf8', magic.length + 4, magic.length + 4 + headerLength))
  } catch {
    // Format 1 was one JSON document after the magic: no length, no header.
    throw new Error(`of format 1, not ${catalogueFormat}`)
  }
  if (header.format !== catalogueFormat) throw new Error(`of format ${header.format}, not ${catalogueFormat}`)
  if (header.lengths?.length !== sectionKinds.length) throw new Error('has a header of the wrong shape')
  const sections: unknown[] = []
  let at = magic.length + 4 + headerLength
  sectionKinds.forEach(([name, kind], i) => {
    at += (8 - (at % 8)) % 8
    const byteLength = header.lengths[i]!
    if (at + byteLength > file.length - 4) throw new Error('truncated')
    const bytes = file.subarray(at, at + byteLength)
    if (name === 'sources') {
      // Kept as bytes (a copy: the file's buffer is freed) until the first ask.
      const text = Buffer.from(bytes)
      let parsed: string[] | null = null
      sections.push(() => (parsed ??= JSON.parse(text.toString('utf8')) as string[]))
    } else if (kind === 'json') sections.push(JSON.parse(bytes.toString('utf8')))
    else sections.push(new arrays[kind](new Uint8Array(bytes).buffer))
    at += byteLength
  })
  const columns = Object.fromEntries(
    sectionKinds.map(([name], i) => [name, sections[i]])
  ) as unknown as CatalogueColumns
  const count = columns.ids.length
  const { title, updated, flags, sourceStart, growthStart, growth } = columns
  if (
    title.length !== count ||
    updated.length !== count ||
    flags.length !== count ||
    sourceStart.length !== count + 1 ||
    growthStart.length !== count + 1 ||
    growthStart[count] !== growth.length
  )
    throw new Error('has columns of mismatched lengths')
  return { snapshot: header.snapshot, columns }
}
