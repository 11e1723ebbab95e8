/**
 * The framing `index.bin`, `catalogue.bin` and `vectors.bin` share: derived binary files that start with 8 bytes of
 * magic and end with the CRC-32 (u32 LE) of everything before it, written atomically and read back as the value or
 * why it is unusable (`missing`, unreadable, not such a file, damaged), never trusted blindly.
 */
import { readFile } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { writeFileAtomically } from './durableFile'

/**
 * `magic`, the JSON header's length (u32 LE) and the header, then each body starting on an 8-byte boundary, so that a
 * reader can view a typed-array body in place. The layout `index.bin` and `catalogue.bin` share.
 */
export function framedSections(magic: Buffer, header: unknown, bodies: Buffer[]): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(json.length)
  const parts: Buffer[] = [magic, length, json]
  let at = magic.length + 4 + json.length
  for (const body of bodies) {
    const padding = (8 - (at % 8)) % 8
    parts.push(Buffer.alloc(padding), body)
    at += padding + body.length
  }
  return Buffer.concat(parts)
}

/** Writes `file` (magic first) with its CRC-32 trailer, atomically. */
export async function writeCheckedFile(path: string, file: Buffer, folder: string): Promise<void> {
  const trailer = Buffer.alloc(4)
  trailer.writeUInt32LE(crc32(file) >>> 0)
  await writeFileAtomically(path, [file, trailer], folder)
}

/** The decoded file, or why it cannot be used; `decode` throws with the reason in words. */
export async function readCheckedFile<T>(
  path: string,
  decode: (file: Buffer) => T
): Promise<T | { unusable: string }> {
  let file: Buffer
  try {
    file = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { unusable: 'missing' }
    return { unusable: `cannot be read (${(error as Error).message})` }
  }
  try {
    return decode(file)
  } catch (error) {
    return { unusable: (error as Error).message }
  }
}

/** Throws unless `file` starts with `magic` and its trailer matches its CRC-32 ("not an index file", "damaged"). */
export function checkFrame(file: Buffer, magic: Buffer, notIt: string): void {
  if (file.length < magic.length + 8 || !file.subarray(0, magic.length).equals(magic)) throw new Error(notIt)
  const body = file.subarray(0, file.length - 4)
  if (crc32(body) >>> 0 !== file.readUInt32LE(file.length - 4)) throw new Error('damaged (checksum mismatch)')
}
