/**
 * What a push must send: the commits the server lacks and the trees and blobs they bring. A commit's tree is
 * compared with the trees the server already has (those of the commits where the new history joins the server's), and
 * a folder whose id is known is not opened, so 100 changed entries of 20k send about 100 blobs and the folders
 * around them, not the whole tree (isomorphic-git's push listed every object of every pushed commit).
 */
import type { GitStore } from './gitStore'

export async function objectsToSend(store: GitStore, head: string, remoteHeads: string[]): Promise<string[]> {
  const theirs = new Set<string>()
  const stack = [...remoteHeads]
  while (stack.length > 0) {
    const oid = stack.pop()!
    if (theirs.has(oid)) continue
    theirs.add(oid)
    stack.push(...store.readCommit(oid).parents)
  }
  const mine: string[] = []
  const boundary = new Set<string>(remoteHeads)
  const seen = new Set<string>()
  stack.push(head)
  while (stack.length > 0) {
    const oid = stack.pop()!
    if (seen.has(oid)) continue
    seen.add(oid)
    if (theirs.has(oid)) {
      boundary.add(oid)
      continue
    }
    mine.push(oid)
    stack.push(...store.readCommit(oid).parents)
  }
  const knownRoots = [...boundary].map((oid) => store.readCommit(oid).tree)
  const send = new Set<string>(mine)
  for (const oid of mine) await collectNew(store, store.readCommit(oid).tree, knownRoots, send)
  return [...send]
}

/**
 * Adds `tree` and what lies below it to `into`, path by path against `known` (the trees at the same path in the
 * server's commits): an entry with the same id there is skipped, so only changed folders are opened. (An object the
 * server holds at another path is sent again: harmless, and rare, since an entry's file names its id.)
 */
async function collectNew(store: GitStore, tree: string, known: string[], into: Set<string>): Promise<void> {
  if (known.includes(tree) || into.has(tree)) return
  into.add(tree)
  const there = new Map<string, string[]>()
  for (const oid of known) {
    for (const item of await store.readTree(oid))
      there.set(item.name, [...(there.get(item.name) ?? []), item.oid])
  }
  for (const item of await store.readTree(tree)) {
    const same = there.get(item.name) ?? []
    if (same.includes(item.oid)) continue
    if (item.mode === '40000') {
      const knownTrees: string[] = []
      for (const oid of same)
        if (store.hasObject(oid) && store.readObject(oid).type === 'tree') knownTrees.push(oid)
      await collectNew(store, item.oid, knownTrees, into)
    } else into.add(item.oid)
  }
}
