/**
 * Is a bundle complete? Git's rule: every object reachable from the bundle's tip is either in its pack or reachable
 * from one of its prerequisites (commits the reader already has). A bundle that breaks it (Vigil wrote such files
 * before the fix for folder modes read back from disk) is refused by name, instead of surfacing later as "your sync
 * repository is damaged".
 */
import { readFile } from 'node:fs/promises'
import { reachable, walkReachable } from './bundle'
import type { GitStore } from './gitStore'

/** The object ids a pack index (v2) lists. */
export async function packIndexOids(idxFile: string): Promise<Set<string>> {
  const idx = await readFile(idxFile)
  const count = idx.readUInt32BE(8 + 255 * 4)
  const start = 8 + 256 * 4
  const oids = new Set<string>()
  for (let i = 0; i < count; i += 1) oids.add(idx.toString('hex', start + i * 20, start + (i + 1) * 20))
  return oids
}

/** The first object reachable from `head` that is neither in `packed` nor below a prerequisite; undefined if none. */
export async function firstMissing(
  store: GitStore,
  head: string,
  prerequisites: string[],
  packed: ReadonlySet<string>
): Promise<string | undefined> {
  const known = new Set(prerequisites.length > 0 ? await reachable(store, prerequisites) : [])
  return (await walkReachable(store, [head], known, (oid) => packed.has(oid))).missing
}
