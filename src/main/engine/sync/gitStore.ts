/**
 * The git object store behind one team's sync repository (a bare repository: entries are never checked out, so
 * isomorphic-git's working-tree costs and its base-needing merge are avoided). Trees and blobs are hashed here, so
 * an unchanged folder is recognised by its id without writing or reading anything.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import git from 'isomorphic-git'
import { ErrorCode, VigilError } from '../../../shared/errors'
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

  constructor(readonly gitdir: string) {
    this.pack = new PackWriter(gitdir)
  }

  get args(): { fs: typeof fs; gitdir: string; cache: object } {
    return { fs, gitdir: this.gitdir, cache: this.cache }
  }

  /** After a repack removed packs: isomorphic-git must not read the old ones' indexes from its cache. */
  forgetPacks(): void {
    this.cache = {}
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
    try {
      const { blob } = await git.readBlob({ ...this.args, oid })
      return Buffer.from(blob).toString('utf8')
    } catch (error) {
      throw this.damaged(error)
    }
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
    try {
      const { tree } = await git.readTree({ ...this.args, oid })
      // isomorphic-git reads a folder's mode as '040000'; git writes (and this store compares) '40000'.
      const items = tree.map((item) => ({
        name: item.path,
        oid: item.oid,
        mode: item.mode === '040000' ? '40000' : item.mode
      }))
      this.trees.set(oid, items)
      return items
    } catch (error) {
      throw this.damaged(error)
    }
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
    try {
      const { commit: parsed } = await git.readCommit({ ...this.args, oid: commit })
      return parsed.tree
    } catch (error) {
      throw this.damaged(error)
    }
  }

  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    if (ancestor === of) return true
    return git.isDescendent({ ...this.args, oid: of, ancestor, depth: -1 })
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

export function encodeTree(items: TreeItem[]): { oid: string; bytes: Buffer } {
  const parts: Buffer[] = []
  for (const item of sortTree(items)) {
    parts.push(Buffer.from(`${item.mode} ${item.name}\0`, 'utf8'), Buffer.from(item.oid, 'hex'))
  }
  const bytes = Buffer.concat(parts)
  const oid = createHash('sha1').update(`tree ${bytes.length}\0`).update(bytes).digest('hex')
  return { oid, bytes }
}
