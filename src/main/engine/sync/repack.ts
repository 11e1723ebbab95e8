/**
 * Garbage collection for a team's sync repository (isomorphic-git has none): every sync writes a pack of its own and
 * every fetch or bundle adds one, and reading an object looks through every pack's index. Once there are more than
 * `maxPacks`, everything reachable from the repository's refs that is not in the largest pack is rewritten as one
 * pack beside it, and the other packs and loose objects (with anything unreachable in them) are removed; the largest
 * pack is rewritten too when it holds anything unreachable or leans on another pack (a full repack). The new pack is
 * complete (index written last) before anything is removed, so an interrupted repack leaves duplicates, never a
 * missing object. Runs under the team's sync lock.
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import * as fs from 'node:fs'
import git from 'isomorphic-git'
import { reachable } from './bundle'
import type { GitStore } from './gitStore'
import { PackWriter, type ObjectType } from './packWriter'

/** Packs beyond which a sync repacks. Default 24: reads stay quick, repacks stay rare (one per ~24 syncs). */
export const maxPacks = 24

export interface RepackResult {
  packsBefore: number
  looseBefore: number
  /** Objects reachable from the refs, all kept. */
  objects: number
  /** Of those, written into the new pack (the rest stay in the largest pack, kept as it was). */
  rewritten: number
  ms: number
}

export async function packFiles(gitdir: string): Promise<string[]> {
  const names = await readdir(join(gitdir, 'objects', 'pack')).catch(() => [] as string[])
  return names.filter((name) => name.endsWith('.pack'))
}

/** Every ref's commit: main, the remote's, the last bundle's (whatever Vigil keeps under refs/). */
async function refHeads(store: GitStore): Promise<string[]> {
  const heads: string[] = []
  for (const prefix of ['refs/heads', 'refs/remotes/origin', 'refs/vigil']) {
    for (const name of await git.listRefs({ fs, gitdir: store.gitdir, filepath: prefix })) {
      const oid = await store.resolve(`${prefix}/${name}`)
      if (oid) heads.push(oid)
    }
  }
  return heads
}

/** Repacks when there are more than `limit` packs; undefined when there was nothing to do. */
export async function repackIfNeeded(store: GitStore, limit = maxPacks): Promise<RepackResult | undefined> {
  if ((await packFiles(store.gitdir)).length <= limit) return undefined
  return repack(store)
}

export async function repack(store: GitStore, options: { full?: boolean } = {}): Promise<RepackResult> {
  const started = performance.now()
  const before = await packFiles(store.gitdir)
  const looseDirs = (await readdir(join(store.gitdir, 'objects')).catch(() => [] as string[])).filter(
    (name) => /^[0-9a-f]{2}$/.test(name)
  )
  const oids = await reachable(store, await refHeads(store))
  const kept = options.full ? undefined : await packToKeep(store, before, oids)
  const writer = new PackWriter(store.gitdir)
  for (const oid of oids) {
    if (kept && store.reader.packHolds(kept, oid)) continue
    const { type, body } = store.readObject(oid)
    writer.add(oid, type as ObjectType, body)
  }
  const rewritten = writer.size
  const written = await writer.flush()
  for (const name of before) {
    if (name === written || name === `${kept}.pack`) continue
    const base = join(store.gitdir, 'objects', 'pack', name.replace(/\.pack$/, ''))
    // The index first: a pack without one is never read, whereas an index without its pack breaks every read.
    await rm(`${base}.idx`, { force: true })
    await rm(`${base}.pack`, { force: true })
  }
  for (const dir of looseDirs) await rm(join(store.gitdir, 'objects', dir), { recursive: true, force: true })
  store.forgetPacks()
  return {
    packsBefore: before.length,
    looseBefore: looseDirs.length,
    objects: oids.length,
    rewritten,
    ms: Math.round(performance.now() - started)
  }
}

/**
 * The largest pack, to keep as it is (only what lies outside it is rewritten: at 20k entries a full rewrite read and
 * compressed every object again, seconds of CPU per repack), when it stands alone (no delta on an object elsewhere)
 * and everything in it is reachable; undefined means a full repack.
 */
async function packToKeep(
  store: GitStore,
  packs: string[],
  reachableOids: string[]
): Promise<string | undefined> {
  let largest: string | undefined
  let largestBytes = -1
  for (const name of packs) {
    const bytes = (await stat(join(store.gitdir, 'objects', 'pack', name)).catch(() => undefined))?.size ?? -1
    if (bytes > largestBytes) [largest, largestBytes] = [name.replace(/\.pack$/, ''), bytes]
  }
  if (!largest) return undefined
  const size = store.reader.packSize(largest)
  if (size === undefined || !store.reader.selfContained(largest)) return undefined
  let held = 0
  for (const oid of reachableOids) if (store.reader.packHolds(largest, oid)) held += 1
  return held === size ? largest : undefined
}
