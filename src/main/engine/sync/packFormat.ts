/**
 * Git's pack format (version 2) and its index: entry headers, deltas, writing a pack of whole objects, and indexing
 * a received pack with Node's zlib and hashes (what `git index-pack` does; isomorphic-git's own took seconds for
 * 20k objects, mostly in a JavaScript inflate and a per-object asynchronous SHA-1).
 */
import { createHash } from 'node:crypto'
import { crc32, deflateSync, inflateSync } from 'node:zlib'

export type PackObjectType = 'commit' | 'tree' | 'blob' | 'tag'
export const typeCodes: Record<PackObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 }
const typeNames: Record<number, PackObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' }

export interface PackEntryHeader {
  /** 1-4 an object, 6 a delta on an earlier offset, 7 a delta on an object id. */
  type: number
  size: number
  dataOffset: number
  baseOffset?: number
  baseOid?: Buffer
}

export function packEntryHeader(pack: Buffer, offset: number): PackEntryHeader {
  let position = offset
  let byte = pack[position++]!
  const type = (byte >> 4) & 7
  let size = byte & 0x0f
  let shift = 4
  while (byte & 0x80) {
    byte = pack[position++]!
    size += (byte & 0x7f) * 2 ** shift
    shift += 7
  }
  if (type === 6) {
    byte = pack[position++]!
    let distance = byte & 0x7f
    while (byte & 0x80) {
      byte = pack[position++]!
      distance = (distance + 1) * 128 + (byte & 0x7f)
    }
    return { type, size, dataOffset: position, baseOffset: offset - distance }
  }
  if (type === 7) {
    const baseOid = pack.subarray(position, position + 20)
    return { type, size, dataOffset: position + 20, baseOid }
  }
  return { type, size, dataOffset: position }
}

/** Git's delta: the target built from copies of the base and inserted bytes. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let position = 0
  const varint = (): number => {
    let value = 0
    let shift = 0
    let byte: number
    do {
      byte = delta[position++]!
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
    } while (byte & 0x80)
    return value
  }
  const baseSize = varint()
  if (baseSize !== base.length)
    throw new Error(`a delta expects a base of ${baseSize} bytes, not ${base.length}`)
  const target = Buffer.allocUnsafe(varint())
  let written = 0
  while (position < delta.length) {
    const op = delta[position++]!
    if (op & 0x80) {
      let offset = 0
      let size = 0
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += delta[position++]! * 2 ** (8 * bit)
      for (let bit = 0; bit < 3; bit++) if (op & (1 << (4 + bit))) size += delta[position++]! << (8 * bit)
      if (size === 0) size = 0x10000
      written += base.copy(target, written, offset, offset + size)
    } else if (op > 0) {
      written += delta.copy(target, written, position, position + op)
      position += op
    } else {
      throw new Error('a delta holds an invalid instruction')
    }
  }
  if (written !== target.length) throw new Error('a delta does not produce the size it announces')
  return target
}

/** zlib's output chunk for an object of `size` bytes: one chunk, not 16 KB for every small object. */
export function chunkFor(size: number): number {
  return Math.min(Math.max(size + 64, 64), 1 << 20)
}

export function objectId(type: PackObjectType, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex')
}

function objectHeader(type: number, size: number): Buffer {
  const bytes: number[] = []
  let byte = (type << 4) | (size & 0x0f)
  let rest = Math.floor(size / 16)
  while (rest > 0) {
    bytes.push(byte | 0x80)
    byte = rest & 0x7f
    rest = Math.floor(rest / 128)
  }
  bytes.push(byte)
  return Buffer.from(bytes)
}

export interface IndexedObject {
  oid: string
  offset: number
  crc: number
}

/** A pack of whole objects (no deltas) with its trailing checksum, and where each object starts. */
export function buildPack(objects: Iterable<[string, { type: PackObjectType; body: Buffer }]>): {
  pack: Buffer
  index: IndexedObject[]
} {
  const parts: Buffer[] = []
  const index: IndexedObject[] = []
  let offset = 12
  for (const [oid, { type, body }] of objects) {
    const entry = Buffer.concat([objectHeader(typeCodes[type], body.length), deflateSync(body, { level: 1 })])
    index.push({ oid, offset, crc: crc32(entry) })
    parts.push(entry)
    offset += entry.length
  }
  const header = Buffer.alloc(12)
  header.write('PACK', 0, 'latin1')
  header.writeUInt32BE(2, 4)
  header.writeUInt32BE(index.length, 8)
  const body = Buffer.concat([header, ...parts])
  return { pack: Buffer.concat([body, createHash('sha1').update(body).digest()]), index }
}

/** The version 2 index (`.idx`) of a pack. */
export function packIndex(entries: IndexedObject[], packSha: Buffer): Buffer {
  const sorted = [...entries].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0))
  const head = Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2])
  const fanout = Buffer.alloc(256 * 4)
  for (let byte = 0, i = 0; byte < 256; byte += 1) {
    while (i < sorted.length && Number.parseInt(sorted[i]!.oid.slice(0, 2), 16) <= byte) i += 1
    fanout.writeUInt32BE(i, byte * 4)
  }
  const oids = Buffer.concat(sorted.map((entry) => Buffer.from(entry.oid, 'hex')))
  const crcs = Buffer.alloc(sorted.length * 4)
  const large: bigint[] = []
  const offsets = Buffer.alloc(sorted.length * 4)
  sorted.forEach((entry, i) => {
    crcs.writeUInt32BE(entry.crc >>> 0, i * 4)
    if (entry.offset < 0x80000000) offsets.writeUInt32BE(entry.offset, i * 4)
    else {
      offsets.writeUInt32BE((0x80000000 | large.length) >>> 0, i * 4)
      large.push(BigInt(entry.offset))
    }
  })
  const largeBytes = Buffer.alloc(large.length * 8)
  large.forEach((offset, i) => largeBytes.writeBigUInt64BE(offset, i * 8))
  const body = Buffer.concat([head, fanout, oids, crcs, offsets, largeBytes, packSha])
  return Buffer.concat([body, createHash('sha1').update(body).digest()])
}

/**
 * Indexes a received pack: checks its checksum, inflates every object once, resolves deltas (on earlier offsets,
 * or on object ids in this pack or, through `external`, already in the repository) and returns the index entries
 * and the objects by id. Throws with the reason when the pack is damaged.
 */
export function indexPack(
  pack: Buffer,
  external: (oid: string) => { type: PackObjectType; body: Buffer } | undefined = () => undefined
): { index: IndexedObject[]; objects: Map<string, { type: PackObjectType; body: Buffer }>; sha: Buffer } {
  if (pack.length < 32 || pack.toString('latin1', 0, 4) !== 'PACK') throw new Error('it is not a git pack')
  const version = pack.readUInt32BE(4)
  if (version !== 2 && version !== 3) throw new Error(`pack version ${version} is not supported`)
  const sha = pack.subarray(pack.length - 20)
  if (
    !createHash('sha1')
      .update(pack.subarray(0, pack.length - 20))
      .digest()
      .equals(sha)
  ) {
    throw new Error('its checksum does not match (the pack is corrupted or cut short)')
  }
  const count = pack.readUInt32BE(8)
  const byOffset = new Map<number, { type: PackObjectType; body: Buffer }>()
  const objects = new Map<string, { type: PackObjectType; body: Buffer }>()
  const index: IndexedObject[] = []
  const waiting: Array<{ offset: number; header: PackEntryHeader; data: Buffer; end: number }> = []
  let offset = 12
  for (let i = 0; i < count; i++) {
    if (offset >= pack.length - 20) throw new Error(`it ends after ${i} of its ${count} objects`)
    const header = packEntryHeader(pack, offset)
    // An output chunk of the announced size: zlib's default (16 KB per call) made most of the time allocation.
    const inflated = inflateSync(pack.subarray(header.dataOffset, pack.length - 20), {
      info: true,
      chunkSize: chunkFor(header.size)
    }) as unknown as {
      buffer: Buffer
      engine: { bytesWritten: number }
    }
    const end = header.dataOffset + inflated.engine.bytesWritten
    if (inflated.buffer.length !== header.size) throw new Error(`object ${i} has the wrong size`)
    if (header.type === 6 || header.type === 7) {
      waiting.push({ offset, header, data: inflated.buffer, end })
    } else {
      const type = typeNames[header.type]
      if (!type) throw new Error(`object ${i} has the unknown type ${header.type}`)
      add(offset, end, { type, body: inflated.buffer })
    }
    offset = end
  }
  function add(at: number, end: number, object: { type: PackObjectType; body: Buffer }): void {
    const oid = objectId(object.type, object.body)
    byOffset.set(at, object)
    objects.set(oid, object)
    index.push({ oid, offset: at, crc: crc32(pack.subarray(at, end)) })
  }
  // Bases come before their deltas by offset; a delta on an object id may wait for a later delta to resolve.
  let pending = waiting
  while (pending.length > 0) {
    const next: typeof waiting = []
    for (const item of pending) {
      const base =
        item.header.type === 6
          ? byOffset.get(item.header.baseOffset!)
          : (objects.get(item.header.baseOid!.toString('hex')) ??
            external(item.header.baseOid!.toString('hex')))
      if (!base) next.push(item)
      else add(item.offset, item.end, { type: base.type, body: applyDelta(base.body, item.data) })
    }
    if (next.length === pending.length) throw new Error(`${next.length} of its deltas have no base`)
    pending = next
  }
  return { index, objects, sha: Buffer.from(sha) }
}
