/**
 * `index.bin`: a team's search index as Orama's `save(db)` returns it (with the compact index component), plus where
 * each entry of the snapshot it was built from starts, so that opening a team reads neither the snapshot's entries nor
 * re-tokenises them.
 *
 * The file is derived data and never trusted blindly: it names the snapshot it was built from (byte size and CRC-32),
 * carries a CRC-32 of itself, and has a format number. A file that is missing, damaged, of another format or built
 * from another snapshot is ignored (the caller rebuilds the index from the entries and says why). It is written
 * atomically, after the snapshot it describes, so a crash between the two leaves an index that names the old
 * snapshot: detected, never believed.
 *
 * Layout: 8 bytes magic, u32 (LE) length of a JSON header, the header, then each section 8-byte aligned, then the
 * CRC-32 (u32 LE) of everything before it. Sections are JSON or little-endian typed arrays.
 */
import { checkFrame, framedSections, readCheckedFile, writeCheckedFile } from './checkedFile'
import type { CompactIndexRaw } from './compactSerialisation'

export const indexFileName = 'index.bin'
/** Bumped whenever the layout or the meaning of a section changes; another number means "rebuild". */
export const indexFormat = 1
const magic = Buffer.from('VIGILIX\n', 'latin1')

/** Where each entry of the snapshot is, in snapshot order. */
export interface SnapshotDirectory {
  ids: string[]
  offsets: Float64Array
  lengths: Uint32Array
  /** Each entry's status, as its position in EntryStatus's options. */
  statuses: Uint8Array
}

export interface SnapshotFingerprint {
  size: number
  crc32: number
}

export interface SavedIndex {
  snapshot: SnapshotFingerprint
  directory: SnapshotDirectory
  /** Orama's `save(db)` with the compact index's raw form as `index`. */
  orama: { index: CompactIndexRaw } & Record<string, unknown>
}

type Kind = 'json' | 'i32' | 'u32' | 'u8' | 'f64'
type Section = { name: string; kind: Kind; data: unknown }

const arrays = { i32: Int32Array, u32: Uint32Array, u8: Uint8Array, f64: Float64Array }

function sectionsOf(saved: SavedIndex): Section[] {
  const { index, ...rest } = saved.orama
  const sections: Section[] = [
    { name: 'directory.ids', kind: 'json', data: saved.directory.ids },
    { name: 'directory.offsets', kind: 'f64', data: saved.directory.offsets },
    { name: 'directory.lengths', kind: 'u32', data: saved.directory.lengths },
    { name: 'directory.statuses', kind: 'u8', data: saved.directory.statuses },
    { name: 'orama', kind: 'json', data: rest },
    {
      name: 'index',
      kind: 'json',
      data: {
        terms: index.terms,
        statusProperty: index.statusProperty,
        statusNames: index.statusNames,
        searchablePropertiesWithTypes: index.searchablePropertiesWithTypes,
        totalLengths: Object.fromEntries(
          Object.entries(index.properties).map(([name, property]) => [name, property.totalLength])
        )
      }
    },
    { name: 'index.entryFrequency', kind: 'i32', data: index.entryFrequency },
    { name: 'index.statuses', kind: 'u8', data: index.statuses }
  ]
  for (const [name, property] of Object.entries(index.properties)) {
    sections.push(
      { name: `index.${name}.start`, kind: 'i32', data: property.start },
      { name: `index.${name}.count`, kind: 'i32', data: property.count },
      { name: `index.${name}.postings`, kind: 'i32', data: property.postings },
      { name: `index.${name}.fieldLengths`, kind: 'u32', data: property.fieldLengths }
    )
  }
  return sections
}

/** Writes the index atomically (temporary file, fsync, rename, fsync of the folder). */
export async function writeIndexFile(path: string, folder: string, saved: SavedIndex): Promise<void> {
  const bodies: Buffer[] = []
  const described: Array<{ name: string; kind: Kind; byteLength: number }> = []
  for (const section of sectionsOf(saved)) {
    const body =
      section.kind === 'json'
        ? Buffer.from(JSON.stringify(section.data), 'utf8')
        : Buffer.from(
            (section.data as Uint8Array).buffer,
            (section.data as Uint8Array).byteOffset,
            (section.data as Uint8Array).byteLength
          )
    bodies.push(body)
    described.push({ name: section.name, kind: section.kind, byteLength: body.length })
  }
  const header = { format: indexFormat, snapshot: saved.snapshot, sections: described }
  await writeCheckedFile(path, framedSections(magic, header, bodies), folder)
}

/** The saved index, or why it cannot be used (`missing`, or what is wrong with it). */
export async function readIndexFile(path: string): Promise<SavedIndex | { unusable: string }> {
  return readCheckedFile(path, decode)
}

function decode(file: Buffer): SavedIndex {
  checkFrame(file, magic, 'not an index file')
  const headerLength = file.readUInt32LE(magic.length)
  const header = JSON.parse(file.toString('utf8', magic.length + 4, magic.length + 4 + headerLength)) as {
    format: number
    snapshot: SnapshotFingerprint
    sections: Array<{ name: string; kind: Kind; byteLength: number }>
  }
  if (header.format !== indexFormat) throw new Error(`of format ${header.format}, not ${indexFormat}`)
  const data = new Map<string, unknown>()
  let at = magic.length + 4 + headerLength
  for (const section of header.sections) {
    at += (8 - (at % 8)) % 8
    if (at + section.byteLength > file.length - 4) throw new Error('truncated')
    const bytes = file.subarray(at, at + section.byteLength)
    // Typed arrays are copied out: the file's buffer is then freed, and the postings can be edited in place.
    data.set(
      section.name,
      section.kind === 'json'
        ? JSON.parse(bytes.toString('utf8'))
        : new arrays[section.kind](new Uint8Array(bytes).buffer)
    )
    at += section.byteLength
  }
  const take = <T>(name: string): T => {
    if (!data.has(name)) throw new Error(`lacks section ${name}`)
    return data.get(name) as T
  }
  const meta = take<{
    terms: string[]
    statusProperty: string
    statusNames: string[]
    searchablePropertiesWithTypes: Record<string, string>
    totalLengths: Record<string, number>
  }>('index')
  const index: CompactIndexRaw = {
    terms: meta.terms,
    entryFrequency: take('index.entryFrequency'),
    statuses: take('index.statuses'),
    statusProperty: meta.statusProperty,
    statusNames: meta.statusNames,
    searchablePropertiesWithTypes: meta.searchablePropertiesWithTypes,
    properties: {}
  }
  for (const [name, totalLength] of Object.entries(meta.totalLengths)) {
    index.properties[name] = {
      start: take(`index.${name}.start`),
      count: take(`index.${name}.count`),
      postings: take(`index.${name}.postings`),
      fieldLengths: take(`index.${name}.fieldLengths`),
      totalLength
    }
  }
  const directory: SnapshotDirectory = {
    ids: take('directory.ids'),
    offsets: take('directory.offsets'),
    lengths: take('directory.lengths'),
    statuses: take('directory.statuses')
  }
  const entries = directory.ids.length
  if (
    directory.offsets.length !== entries ||
    directory.lengths.length !== entries ||
    directory.statuses.length !== entries
  )
    throw new Error('has a directory of mismatched lengths')
  return {
    snapshot: header.snapshot,
    directory,
    orama: { ...take<Record<string, unknown>>('orama'), index }
  }
}

/** Whether two fingerprints name the same snapshot (both absent counts as the same). */
export function sameSnapshot(a: SnapshotFingerprint | null, b: SnapshotFingerprint | null): boolean {
  return a === b || (a !== null && b !== null && a.size === b.size && a.crc32 === b.crc32)
}
