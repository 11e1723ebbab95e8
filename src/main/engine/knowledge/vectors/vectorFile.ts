/**
 * `vectors.bin`: a team's entry vectors as the index holds them (int8 rows and their scales, see quantisedVectors.ts),
 * by entry id, so that opening a team does not embed every entry again.
 *
 * Like `index.bin` it is derived data, never trusted blindly: a format number, the embedding model and dimensions,
 * the snapshot it goes with (byte size and CRC-32; the log's changes since are embedded again at open), and a CRC-32
 * of the whole file. A file that is missing, damaged, of another format, model or snapshot is not used: the vectors
 * are derived from the entries again and the reason is said. Written atomically.
 *
 * Layout: 8 bytes magic, u32 (LE) length of a JSON header (format, model, dimensions, snapshot, count), the header,
 * the ids as JSON, then (8-byte aligned) the scales as f32 LE and the rows (count × dimensions int8), then the CRC-32
 * (u32 LE) of everything before it.
 */
import { checkFrame, readCheckedFile, writeCheckedFile } from '../checkedFile'
import type { SnapshotFingerprint } from '../indexFile'

export const vectorFileName = 'vectors.bin'
/** Bumped whenever the layout or the meaning of a value changes; another number means "derive again". */
export const vectorFormat = 1
const magic = Buffer.from('VIGILVX\n', 'latin1')

export interface SavedVectors {
  model: string
  dimensions: number
  snapshot: SnapshotFingerprint | null
  ids: string[]
  scales: Float32Array
  /** `ids.length` rows of `dimensions` values. */
  rows: Int8Array
}

interface Header {
  format: number
  model: string
  dimensions: number
  snapshot: SnapshotFingerprint | null
  count: number
  idsBytes: number
}

const aligned = (at: number): number => at + ((8 - (at % 8)) % 8)

export async function writeVectorFile(path: string, folder: string, saved: SavedVectors): Promise<void> {
  const ids = Buffer.from(JSON.stringify(saved.ids), 'utf8')
  const header: Header = {
    format: vectorFormat,
    model: saved.model,
    dimensions: saved.dimensions,
    snapshot: saved.snapshot,
    count: saved.ids.length,
    idsBytes: ids.length
  }
  const head = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(head.length)
  const idsEnd = magic.length + 4 + head.length + ids.length
  const scalesAt = aligned(idsEnd)
  const file = Buffer.concat([
    magic,
    length,
    head,
    ids,
    Buffer.alloc(scalesAt - idsEnd),
    Buffer.from(saved.scales.buffer, saved.scales.byteOffset, saved.scales.byteLength),
    Buffer.from(saved.rows.buffer, saved.rows.byteOffset, saved.rows.byteLength)
  ])
  await writeCheckedFile(path, file, folder)
}

/** The saved vectors, or why they cannot be used (`missing`, or what is wrong with the file). */
export async function readVectorFile(path: string): Promise<SavedVectors | { unusable: string }> {
  return readCheckedFile(path, decode)
}

function decode(file: Buffer): SavedVectors {
  checkFrame(file, magic, 'not a vector file')
  const headLength = file.readUInt32LE(magic.length)
  const headStart = magic.length + 4
  const header = JSON.parse(file.toString('utf8', headStart, headStart + headLength)) as Header
  if (header.format !== vectorFormat) throw new Error(`of format ${header.format}, not ${vectorFormat}`)
  const idsStart = headStart + headLength
  const ids = JSON.parse(file.toString('utf8', idsStart, idsStart + header.idsBytes)) as string[]
  const scalesAt = aligned(idsStart + header.idsBytes)
  const rowsAt = scalesAt + header.count * 4
  if (ids.length !== header.count || rowsAt + header.count * header.dimensions !== file.length - 4)
    throw new Error('has sections of mismatched lengths')
  return {
    model: header.model,
    dimensions: header.dimensions,
    snapshot: header.snapshot,
    ids,
    // Copied out of the file's buffer: it is freed once the rows are in the index.
    scales: new Float32Array(new Uint8Array(file.subarray(scalesAt, rowsAt)).buffer),
    rows: new Int8Array(file.buffer, file.byteOffset + rowsAt, header.count * header.dimensions)
  }
}
