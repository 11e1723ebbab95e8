/**
 * Git bundle v2 files for teams with no network between desktops (isomorphic-git has no bundle support, so the
 * format is written here around its pack functions): a `# v2 git bundle` line, for an incremental bundle one
 * `-<oid>` line per commit the other side already has, `<oid> refs/heads/main` and `<oid> HEAD` lines, a blank line,
 * then a pack of everything reachable from the team's synced commit that the other side lacks. `git bundle verify`
 * accepts what this writes, and a plain `git clone FILE` checks it out.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import git from 'isomorphic-git'
import { bundleSignature, parseBundleHeader } from '../../../shared/bundleHeader'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { firstMissing, packIndexOids } from './bundleCheck'
import { teamFileName } from './entryFile'
import { mainRef, type GitStore } from './gitStore'
import { probeWritableFolder } from '../storage/writeProbe'

/**
 * Writes a bundle of `head`. With `since` (commits the other side has: an earlier bundle's), only what those lack;
 * the root tree and the team file always go in, so the bundle still names its team.
 */
export async function writeBundle(
  store: GitStore,
  head: string,
  file: string,
  since: string[] = []
): Promise<number> {
  const known = since.length > 0 ? new Set(await reachable(store, since)) : new Set<string>()
  const oids = new Set(await reachable(store, [head], known))
  const root = await store.treeOfCommit(head)
  oids.add(root)
  const teamFile = (await store.readTree(root)).find((item) => item.name === teamFileName)
  if (teamFile) oids.add(teamFile.oid)
  const { packfile } = await git.packObjects({ ...store.args, oids: [...oids], write: false })
  if (!packfile) throw new VigilError(ErrorCode.internal, 'isomorphic-git returned no pack')
  const prerequisites = since.map((oid) => `-${oid} earlier bundle\n`).join('')
  const bytes = Buffer.concat([
    // HEAD too (as `git bundle create FILE --all` writes it): a plain `git clone FILE` then checks out main, where
    // without it git warns that the remote HEAD refers to nothing and leaves the clone empty.
    Buffer.from(`${bundleSignature}${prerequisites}${head} ${mainRef}\n${head} HEAD\n\n`, 'utf8'),
    Buffer.from(packfile)
  ])
  const temporary = `${file}.partial`
  try {
    await writeFile(temporary, bytes)
    await rename(temporary, file)
  } catch (error) {
    await fs.promises.rm(temporary, { force: true }).catch(() => undefined)
    throw new VigilError(ErrorCode.storageFailed, cannotWrite(file, error), { cause: error })
  }
  return bytes.length
}

/**
 * Refuses, before any work, a bundle path that cannot be written: its folder missing, not a folder, or not writable,
 * or the path itself a folder. BAD_INPUT naming the path and why, in words.
 */
export async function checkBundleTarget(file: string): Promise<void> {
  const folder = dirname(file)
  try {
    const found = await fs.promises.stat(folder)
    if (!found.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    await fs.promises.access(folder, fs.constants.W_OK)
    if ((await fs.promises.stat(file).catch(() => null))?.isDirectory())
      throw Object.assign(new Error('a folder'), { code: 'EISDIR' })
    await probeWritableFolder(folder)
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, cannotWrite(file, error))
  }
}

/** Why a bundle file could not be read, in words. */
export function cannotReadWhy(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT'
    ? 'there is no such file'
    : code === 'EISDIR'
      ? 'that is a folder, not a bundle file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'this user may not read it'
        : (error as Error).message
}

function cannotWrite(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const folder = dirname(file)
  const why =
    code === 'ENOENT'
      ? fs.existsSync(folder)
        ? `${folder} takes no new files (a folder the system keeps, such as /proc or /sys): choose a folder of your own`
        : `the folder ${folder} does not exist`
      : code === 'ENOTDIR'
        ? `${folder} is not a folder`
        : code === 'EISDIR'
          ? 'that is a folder: give a file name, e.g. team.bundle'
          : code === 'EACCES' || code === 'EPERM'
            ? `this user may not write in ${folder}`
            : code === 'EROFS'
              ? `${folder} is on a read-only disk`
              : code === 'ENOSPC'
                ? 'the disk is full'
                : (error as Error).message
  return `Cannot write the bundle ${file}: ${why}; nothing was exported`
}

/**
 * Reads a bundle's pack into the store and returns the commit it carries. Refuses anything that is not a v2 bundle,
 * and an incremental one whose earlier commits this store lacks (unless `checkPrerequisites` is false: a peek).
 */
export async function readBundle(
  store: GitStore,
  file: string,
  options: { checkPrerequisites?: boolean } = {}
): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `Cannot read the bundle ${file}: ${cannotReadWhy(error)}`, {
      cause: error
    })
  }
  const bad = (why: string): VigilError =>
    new VigilError(ErrorCode.badInput, `${file} is not a usable git bundle: ${why}; nothing was imported`)
  const header = parseBundleHeader(bytes)
  if ('problem' in header) throw bad(header.problem)
  const head = header.refs.get(mainRef)
  if (!head) throw bad(`it carries no ${mainRef} (refs: ${[...header.refs.keys()].join(', ') || 'none'})`)
  if (options.checkPrerequisites !== false) {
    for (const oid of header.prerequisites) {
      if (!(await hasCommit(store, oid))) {
        throw new VigilError(
          ErrorCode.badInput,
          `${file} needs an earlier bundle first (it builds on commit ${oid.slice(0, 12)}, which this desktop has not taken in): open that earlier bundle first, or ask for a full one; nothing was imported`
        )
      }
    }
  }
  const pack = bytes.subarray(header.packOffset)
  if (pack.length < 32 || pack.subarray(0, 4).toString('latin1') !== 'PACK') throw bad('its pack is missing')
  const checksum = createHash('sha1')
    .update(pack.subarray(0, pack.length - 20))
    .digest('hex')
  if (checksum !== pack.subarray(pack.length - 20).toString('hex'))
    throw bad('its pack is corrupted (checksum mismatch)')
  const packDir = join(store.gitdir, 'objects', 'pack')
  await mkdir(packDir, { recursive: true })
  const name = `objects/pack/pack-${checksum}.pack`
  const idx = join(store.gitdir, name.replace(/\.pack$/, '.idx'))
  const fresh = !fs.existsSync(idx)
  if (fresh) {
    await writeFile(join(store.gitdir, name), pack)
    try {
      await git.indexPack({ fs, dir: store.gitdir, gitdir: store.gitdir, filepath: name })
    } catch (error) {
      await fs.promises.rm(join(store.gitdir, name), { force: true })
      throw bad(`its pack cannot be read (${(error as Error).message})`)
    }
  }
  if (options.checkPrerequisites !== false) {
    const missing = await firstMissing(store, head, header.prerequisites, await packIndexOids(idx))
    if (missing) {
      if (fresh) await Promise.all([idx, join(store.gitdir, name)].map((path) => fs.promises.rm(path)))
      store.forgetPacks()
      const where =
        header.prerequisites.length > 0 ? 'neither in it nor in the commits it builds on' : 'not in it'
      throw bad(`it is incomplete (object ${missing.slice(0, 12)} is ${where}): export a full bundle again`)
    }
  }
  return head
}

export async function hasCommit(store: GitStore, oid: string): Promise<boolean> {
  try {
    store.readCommit(oid)
    return true
  } catch {
    return false
  }
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
  return [...(await walkReachable(store, heads, known, () => true)).seen]
}

/**
 * Walks what `reachable` lists (commits first, then trees and their blobs), asking `present` of each object before
 * it is read: the walk stops at the first object it says is absent and names it as `missing`.
 */
export async function walkReachable(
  store: GitStore,
  heads: readonly string[],
  known: ReadonlySet<string>,
  present: (oid: string) => boolean
): Promise<{ seen: Set<string>; missing?: string }> {
  const seen = new Set<string>()
  const commits = [...heads]
  const trees: string[] = []
  while (commits.length > 0) {
    const oid = commits.pop()!
    if (seen.has(oid) || known.has(oid)) continue
    if (!present(oid)) return { seen, missing: oid }
    seen.add(oid)
    const commit = store.readCommit(oid)
    trees.push(commit.tree)
    commits.push(...commit.parents)
  }
  while (trees.length > 0) {
    const oid = trees.pop()!
    if (seen.has(oid) || known.has(oid)) continue
    if (!present(oid)) return { seen, missing: oid }
    seen.add(oid)
    for (const item of await store.readTree(oid)) {
      if (item.mode === '40000') trees.push(item.oid)
      else if (!known.has(item.oid)) {
        if (!present(item.oid)) return { seen, missing: item.oid }
        seen.add(item.oid)
      }
    }
  }
  return { seen }
}
