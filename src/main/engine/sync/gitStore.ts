/**
 * The git object store behind one team's sync repository (a bare repository: entries are never checked out, so
 * isomorphic-git's working-tree costs and its base-needing merge are avoided). Trees and blobs are hashed here, so
 * an unchanged folder is recognised by its id without writing or reading anything.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import git from 'isomorphic-git'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ObjectReader, type GitObject } from './objectReader'
import { indexPack, packIndex } from './packFormat'
import { PackWriter } from './packWriter'

export const mainRef = 'refs/heads/main'

export interface TreeItem {
  name: string
  oid: string
  /** '100644' for a file, '40000' for a folder. */
  mode: string
}

export class GitStore {
  /** isomorphic-git's pack cache, kept across calls (reading a pack index again per object is slow). */
  private cache: object = {}
  private readonly trees = new Map<string, TreeItem[]>()
  private readonly pack: PackWriter
  private readonly objects: ObjectReader

  constructor(readonly gitdir: string) {
    this.pack = new PackWriter(gitdir)
    this.objects = new ObjectReader(gitdir)
  }

  get args(): { fs: typeof fs; gitdir: string; cache: object } {
    return { fs, gitdir: this.gitdir, cache: this.cache }
  }

  /** After a repack removed packs: isomorphic-git must not read the old ones' indexes from its cache. */
  forgetPacks(): void {
    this.cache = {}
    this.objects.reset()
  }

  /** The repository's object reader (packs and loose objects), for upkeep that looks at packs themselves. */
  get reader(): ObjectReader {
    return this.objects
  }

  /** The object `oid` (type and content); STORAGE_FAILED naming the repository when it is missing or unreadable. */
  readObject(oid: string, expected?: GitObject['type']): GitObject {
    let object: GitObject | undefined
    try {
      object = this.objects.read(oid)
    } catch (error) {
      throw this.damaged(error)
    }
    if (!object) throw this.damaged(new Error(`object ${oid} is missing`))
    if (expected && object.type !== expected)
      throw this.damaged(new Error(`object ${oid} is a ${object.type}, not a ${expected}`))
    return object
  }

  /**
   * Stores a received pack (checked and indexed here, index written last) so its objects can be read; throws the
   * reason when the pack is damaged, and then stores nothing.
   */
  async addPack(pack: Buffer): Promise<void> {
    const { index, objects, sha } = indexPack(pack, (oid) => this.objects.read(oid))
    const dir = join(this.gitdir, 'objects', 'pack')
    await mkdir(dir, { recursive: true })
    const name = join(dir, `pack-${sha.toString('hex')}`)
    await writeFile(`${name}.pack`, pack)
    await writeFile(`${name}.idx.tmp`, packIndex(index, sha))
    await rename(`${name}.idx.tmp`, `${name}.idx`)
    this.objects.adopt(objects)
  }

  /** Whether the repository holds the object (written objects waiting for the next commit included). */
  hasObject(oid: string): boolean {
    if (this.pack.get(oid)) return true
    try {
      return this.objects.read(oid) !== undefined
    } catch {
      return false
    }
  }

  async init(): Promise<void> {
    if (fs.existsSync(`${this.gitdir}/HEAD`)) return
    await git.init({ fs, gitdir: this.gitdir, bare: true, defaultBranch: 'main' })
  }

  async resolve(ref: string): Promise<string | undefined> {
    try {
      return await git.resolveRef({ fs, gitdir: this.gitdir, ref })
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') return undefined
      throw this.damaged(error)
    }
  }

  async setRef(ref: string, oid: string): Promise<void> {
    await git.writeRef({ fs, gitdir: this.gitdir, ref, value: oid, force: true })
  }

  async readText(oid: string): Promise<string> {
    const pending = this.pack.get(oid)
    if (pending) return pending.toString('utf8')
    return this.readObject(oid, 'blob').body.toString('utf8')
  }

  /** The blob's id; the blob itself is written with the next commit (see PackWriter). */
  async writeText(text: string): Promise<string> {
    const body = Buffer.from(text, 'utf8')
    const oid = createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex')
    this.pack.add(oid, 'blob', body)
    return oid
  }

  async readTree(oid: string): Promise<TreeItem[]> {
    const known = this.trees.get(oid)
    if (known) return known
    const items = decodeTree(this.readObject(oid, 'tree').body)
    this.trees.set(oid, items)
    return items
  }

  async writeTree(items: TreeItem[]): Promise<string> {
    const { oid, bytes } = encodeTree(items)
    if (!this.trees.has(oid)) {
      this.pack.add(oid, 'tree', bytes)
      this.trees.set(oid, sortTree(items))
    }
    return oid
  }

  async commitTree(tree: string, parents: string[], message: string, when: Date): Promise<string> {
    await this.pack.flush()
    const author = {
      name: 'Vigil',
      email: 'vigil@localhost',
      timestamp: Math.floor(when.getTime() / 1000),
      timezoneOffset: 0
    }
    return git.writeCommit({
      fs,
      gitdir: this.gitdir,
      commit: { tree, parent: parents, author, committer: author, message: `${message}\n` }
    })
  }

  async treeOfCommit(commit: string): Promise<string> {
    return commitFields(this.readObject(commit, 'commit').body).tree
  }

  /** A commit's tree and parents. */
  readCommit(commit: string): { tree: string; parents: string[] } {
    return commitFields(this.readObject(commit, 'commit').body)
  }

  /** Whether `ancestor` is `of` or in its history (a walk back through the parents; false when it is missing). */
  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    if (ancestor === of) return true
    if (!this.hasObject(ancestor)) return false
    const seen = new Set<string>()
    const queue = [of]
    while (queue.length > 0) {
      const oid = queue.pop()!
      if (oid === ancestor) return true
      if (seen.has(oid)) continue
      seen.add(oid)
      queue.push(...this.readCommit(oid).parents)
    }
    return false
  }

  private damaged(error: unknown): VigilError {
    if (error instanceof VigilError) return error
    return new VigilError(
      ErrorCode.storageFailed,
      `The sync repository ${this.gitdir} is damaged: ${(error as Error).message}. Local knowledge is untouched; move the folder away to sync from scratch.`,
      { cause: error }
    )
  }
}

export function blobOid(text: string): string {
  const body = Buffer.from(text, 'utf8')
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex')
}

/** Git's tree order: by name, a folder compared as if its name ended in '/'. */
function sortTree(items: TreeItem[]): TreeItem[] {
  const key = (item: TreeItem): string => (item.mode === '40000' ? `${item.name}/` : item.name)
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function decodeTree(body: Buffer): TreeItem[] {
  const items: TreeItem[] = []
  let position = 0
  while (position < body.length) {
    const space = body.indexOf(0x20, position)
    const nul = body.indexOf(0, space)
    const mode = body.toString('latin1', position, space)
    items.push({
      // isomorphic-git's spelling of a folder's mode, as the trees this store writes use.
      mode: mode === '40000' || mode === '040000' ? '40000' : mode,
      name: body.toString('utf8', space + 1, nul),
      oid: body.toString('hex', nul + 1, nul + 21)
    })
    position = nul + 21
  }
  return items
}

function commitFields(body: Buffer): { tree: string; parents: string[] } {
  const end = body.indexOf('\n\n')
  const headers = body.toString('utf8', 0, end < 0 ? body.length : end).split('\n')
  const tree = headers.find((line) => line.startsWith('tree '))?.slice(5)
  if (!tree) throw new Error('a commit without a tree')
  return { tree, parents: headers.filter((line) => line.startsWith('parent ')).map((line) => line.slice(7)) }
}

export function encodeTree(items: TreeItem[]): { oid: string; bytes: Buffer } {
  const parts: Buffer[] = []
  for (const item of sortTree(items)) {
    parts.push(Buffer.from(`${item.mode} ${item.name}\0`, 'utf8'), Buffer.from(item.oid, 'hex'))
  }
  const bytes = Buffer.concat(parts)
  const oid = createHash('sha1').update(`tree ${bytes.length}\0`).update(bytes).digest('hex')
  return { oid, bytes }
}
