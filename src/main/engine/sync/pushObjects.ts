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
  const known = new Set<string>()
  for (const oid of boundary) await collectTree(store, store.readCommit(oid).tree, known, undefined)
  const send = new Set<string>(mine)
  for (const oid of mine) await collectTree(store, store.readCommit(oid).tree, send, known)
  return [...send]
}

/** Adds the tree and everything below it to `into`, skipping whatever `known` holds (and, for a tree, below it). */
async function collectTree(
  store: GitStore,
  tree: string,
  into: Set<string>,
  known: ReadonlySet<string> | undefined
): Promise<void> {
  if (known?.has(tree) || into.has(tree)) return
  into.add(tree)
  for (const item of await store.readTree(tree)) {
    if (item.mode === '40000') await collectTree(store, item.oid, into, known)
    else if (!known?.has(item.oid)) into.add(item.oid)
  }
}
