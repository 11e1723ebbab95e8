/**
 * Git bundle v2 files for teams with no network between desktops (isomorphic-git has no bundle support, so the
 * format is written here around its pack functions): a `# v2 git bundle` line, one `<oid> <ref>` line, a blank line,
 * then a pack of everything reachable from the team's synced commit. `git bundle verify` accepts what this writes.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import git from 'isomorphic-git'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { mainRef, type GitStore } from './gitStore'

const signature = '# v2 git bundle\n'

export async function writeBundle(store: GitStore, head: string, file: string): Promise<number> {
  const oids = await reachable(store, [head])
  const { packfile } = await git.packObjects({ ...store.args, oids, write: false })
  if (!packfile) throw new VigilError(ErrorCode.internal, 'isomorphic-git returned no pack')
  const bytes = Buffer.concat([
    Buffer.from(`${signature}${head} ${mainRef}\n\n`, 'utf8'),
    Buffer.from(packfile)
  ])
  const temporary = `${file}.partial`
  try {
    await writeFile(temporary, bytes)
    await rename(temporary, file)
  } catch (error) {
    throw new VigilError(
      ErrorCode.storageFailed,
      `Cannot write the bundle ${file}: ${(error as Error).message}`,
      {
        cause: error
      }
    )
  }
  return bytes.length
}

/** Reads a bundle's pack into the store and returns the commit it carries. Refuses anything that is not a v2 bundle. */
export async function readBundle(store: GitStore, file: string): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `Cannot read the bundle ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
  const bad = (why: string): VigilError =>
    new VigilError(ErrorCode.badInput, `${file} is not a usable git bundle: ${why}; nothing was imported`)
  if (!bytes.subarray(0, signature.length).equals(Buffer.from(signature))) {
    throw bad('it does not start with "# v2 git bundle"')
  }
  const end = bytes.indexOf('\n\n', signature.length - 1)
  if (end < 0) throw bad('its header never ends')
  const lines = bytes.subarray(signature.length, end).toString('utf8').split('\n').filter(Boolean)
  const refs = new Map<string, string>()
  for (const line of lines) {
    if (line.startsWith('-')) throw bad('it needs commits this desktop does not have (an incremental bundle)')
    const match = /^([0-9a-f]{40}) (\S+)$/.exec(line)
    if (!match) throw bad(`header line "${line.slice(0, 80)}" is malformed`)
    refs.set(match[2]!, match[1]!)
  }
  const head = refs.get(mainRef)
  if (!head) throw bad(`it carries no ${mainRef} (refs: ${[...refs.keys()].join(', ') || 'none'})`)
  const pack = bytes.subarray(end + 2)
  if (pack.length < 32 || pack.subarray(0, 4).toString('latin1') !== 'PACK') throw bad('its pack is missing')
  const checksum = createHash('sha1')
    .update(pack.subarray(0, pack.length - 20))
    .digest('hex')
  if (checksum !== pack.subarray(pack.length - 20).toString('hex'))
    throw bad('its pack is corrupted (checksum mismatch)')
  const packDir = join(store.gitdir, 'objects', 'pack')
  await mkdir(packDir, { recursive: true })
  const name = `objects/pack/pack-${checksum}.pack`
  if (!fs.existsSync(join(store.gitdir, name.replace(/\.pack$/, '.idx')))) {
    await writeFile(join(store.gitdir, name), pack)
    try {
      await git.indexPack({ fs, dir: store.gitdir, gitdir: store.gitdir, filepath: name })
    } catch (error) {
      await fs.promises.rm(join(store.gitdir, name), { force: true })
      throw bad(`its pack cannot be read (${(error as Error).message})`)
    }
  }
  return head
}

/**
 * Every object reachable from `heads`: commits, trees and blobs; objects in `known` (everything reachable from a
 * commit the other side has) are left out, and so is all that lies below them.
 */
export async function reachable(
  store: GitStore,
  heads: string[],
  known: ReadonlySet<string> = new Set()
): Promise<string[]> {
  const seen = new Set<string>()
  const commits = [...heads]
  const trees: string[] = []
  while (commits.length > 0) {
    const oid = commits.pop()!
    if (seen.has(oid) || known.has(oid)) continue
    seen.add(oid)
    const { commit } = await git.readCommit({ ...store.args, oid })
    trees.push(commit.tree)
    commits.push(...commit.parent)
  }
  while (trees.length > 0) {
    const oid = trees.pop()!
    if (seen.has(oid) || known.has(oid)) continue
    seen.add(oid)
    for (const item of await store.readTree(oid)) {
      if (item.mode === '40000') trees.push(item.oid)
      else if (!known.has(item.oid)) seen.add(item.oid)
    }
  }
  return [...seen]
}
