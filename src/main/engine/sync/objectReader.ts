/**
 * Reads git objects from a repository's packs and loose files with Node's own zlib. isomorphic-git's readObject
 * costs a directory listing, a failed open of the loose path and a JavaScript inflate per call, which made reading
 * a 20k-entry tree (the first clone, a repack) take seconds; here a pack's index and bytes are loaded once and an
 * object is a binary search, an inflate and, for a delta, its base (recently resolved bases are kept).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { applyDelta, chunkFor, packEntryHeader } from './packFormat'

export type GitObjectType = 'commit' | 'tree' | 'blob' | 'tag'
export interface GitObject {
  type: GitObjectType
  body: Buffer
}

const typeNames: Record<number, GitObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' }
/** Resolved delta bases kept, in bytes (a fetched pack's blobs are mostly deltas of one another). */
const baseCacheBytes = 32 * 1024 * 1024
/** Objects of the last received packs kept, in bytes (a 20k-entry team's entries are about 15 MB). */
const recentCacheBytes = 64 * 1024 * 1024

interface LoadedPack {
  name: string
  /** Sorted object ids, 20 bytes each. */
  oids: Buffer
  offsets: number[]
  fanout: Uint32Array
  pack: Buffer
}

export class ObjectReader {
  private readonly packs = new Map<string, LoadedPack>()
  private readonly bases = new Map<string, GitObject>()
  private baseBytes = 0
  private readonly recent = new Map<string, GitObject>()
  private recentBytes = 0

  constructor(private readonly gitdir: string) {}

  /** Forgets every loaded pack (after a repack removed some). */
  reset(): void {
    this.packs.clear()
    this.bases.clear()
    this.baseBytes = 0
    this.recent.clear()
    this.recentBytes = 0
  }

  /**
   * Keeps objects just received (a fetched pack, inflated once to index it) so that reading them next (a first
   * clone imports every entry) does not inflate them again; bounded, the oldest dropped first.
   */
  adopt(objects: Iterable<[string, GitObject]>): void {
    for (const [oid, object] of objects) {
      if (this.recent.has(oid)) continue
      this.recent.set(oid, object)
      this.recentBytes += object.body.length
    }
    while (this.recentBytes > recentCacheBytes) {
      const [oldest, value] = this.recent.entries().next().value!
      this.recent.delete(oldest)
      this.recentBytes -= value.body.length
    }
  }

  /** Objects in the pack `name` (`pack-<sha>`, no extension); undefined when there is no such pack. */
  packSize(name: string): number | undefined {
    this.loadNewPacks()
    return this.packs.get(name)?.offsets.length
  }

  /** Whether the pack `name` holds `oid`. */
  packHolds(name: string, oid: string): boolean {
    const pack = this.packs.get(name)
    return pack !== undefined && find(pack, Buffer.from(oid, 'hex')) >= 0
  }

  /**
   * Whether every delta in the pack `name` has its base in that same pack, so it stays readable when the other packs
   * go (a thin pack from a bundle may lean on objects elsewhere). Reads only the entries' headers.
   */
  selfContained(name: string): boolean {
    const pack = this.packs.get(name)
    if (!pack) return false
    for (const offset of pack.offsets) {
      const header = packEntryHeader(pack.pack, offset)
      if (header.type === 7 && find(pack, header.baseOid!) < 0) return false
    }
    return true
  }

  /** The object, or undefined when the repository does not hold it. */
  read(oid: string): GitObject | undefined {
    const adopted = this.recent.get(oid)
    if (adopted) return adopted
    const found = this.fromPacks(oid)
    if (found) return found
    const loose = this.loose(oid)
    if (loose) return loose
    // A pack written since the packs were listed (a fetch, a bundle, another sync's commit).
    if (this.loadNewPacks() === 0) return undefined
    return this.fromPacks(oid)
  }

  private fromPacks(oid: string): GitObject | undefined {
    if (this.packs.size === 0) this.loadNewPacks()
    const key = Buffer.from(oid, 'hex')
    for (const pack of this.packs.values()) {
      const index = find(pack, key)
      if (index >= 0) return this.atOffset(pack, pack.offsets[index]!)
    }
    return undefined
  }

  private atOffset(pack: LoadedPack, offset: number): GitObject {
    const cacheKey = `${pack.name}:${offset}`
    const cached = this.bases.get(cacheKey)
    if (cached) return cached
    const header = packEntryHeader(pack.pack, offset)
    const data = inflateSync(pack.pack.subarray(header.dataOffset), { chunkSize: chunkFor(header.size) })
    let object: GitObject
    if (header.type === 6 || header.type === 7) {
      const base =
        header.type === 6
          ? this.atOffset(pack, header.baseOffset!)
          : this.read(header.baseOid!.toString('hex'))
      if (!base) throw new Error(`the delta base ${header.baseOid!.toString('hex')} is missing`)
      object = { type: base.type, body: applyDelta(base.body, data) }
      this.remember(cacheKey, object)
    } else {
      const type = typeNames[header.type]
      if (!type) throw new Error(`unknown object type ${header.type} at offset ${offset} of ${pack.name}`)
      object = { type, body: data }
      // Bases of deltas are what gets read again; a plain object is cheap to inflate again.
      this.remember(cacheKey, object)
    }
    return object
  }

  private remember(key: string, object: GitObject): void {
    this.bases.set(key, object)
    this.baseBytes += object.body.length
    while (this.baseBytes > baseCacheBytes) {
      const [oldest, value] = this.bases.entries().next().value!
      this.bases.delete(oldest)
      this.baseBytes -= value.body.length
    }
  }

  private loose(oid: string): GitObject | undefined {
    let raw: Buffer
    try {
      raw = readFileSync(join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2)))
    } catch {
      return undefined
    }
    const bytes = inflateSync(raw)
    const space = bytes.indexOf(0x20)
    const nul = bytes.indexOf(0, space)
    const type = bytes.subarray(0, space).toString('latin1') as GitObjectType
    return { type, body: bytes.subarray(nul + 1) }
  }

  /** Loads packs not loaded yet; returns how many. */
  private loadNewPacks(): number {
    let names: string[]
    try {
      names = readdirSync(join(this.gitdir, 'objects', 'pack'))
    } catch {
      return 0
    }
    let loaded = 0
    for (const name of names) {
      if (!name.endsWith('.idx')) continue
      const base = name.slice(0, -4)
      if (this.packs.has(base)) continue
      const idx = readFileSync(join(this.gitdir, 'objects', 'pack', name))
      const pack = readFileSync(join(this.gitdir, 'objects', 'pack', `${base}.pack`))
      this.packs.set(base, parseIndex(base, idx, pack))
      loaded += 1
    }
    return loaded
  }
}

function parseIndex(name: string, idx: Buffer, pack: Buffer): LoadedPack {
  if (idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2) {
    throw new Error(`${name}.idx is not a version 2 pack index`)
  }
  const fanout = new Uint32Array(256)
  for (let i = 0; i < 256; i++) fanout[i] = idx.readUInt32BE(8 + i * 4)
  const count = fanout[255]!
  const oidsStart = 8 + 256 * 4
  const offsetsStart = oidsStart + count * 24
  const largeStart = offsetsStart + count * 4
  const offsets = new Array<number>(count)
  for (let i = 0; i < count; i++) {
    const small = idx.readUInt32BE(offsetsStart + i * 4)
    offsets[i] =
      small & 0x80000000 ? Number(idx.readBigUInt64BE(largeStart + (small & 0x7fffffff) * 8)) : small
  }
  return { name, oids: idx.subarray(oidsStart, oidsStart + count * 20), offsets, fanout, pack }
}

function find(pack: LoadedPack, oid: Buffer): number {
  const first = oid[0]!
  let low = first === 0 ? 0 : pack.fanout[first - 1]!
  let high = pack.fanout[first]! - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const order = pack.oids.compare(oid, 0, 20, middle * 20, middle * 20 + 20)
    if (order === 0) return middle
    if (order < 0) low = middle + 1
    else high = middle - 1
  }
  return -1
}
