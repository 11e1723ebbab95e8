/** Which team a bundle file holds, read in a throw-away repository (the real one is per team, so it comes after). */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseBundleHeader } from '../../../shared/bundleHeader'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { cannotReadWhy, readBundle } from './bundle'
import { GitStore } from './gitStore'
import { teamFileName } from './entryFile'

export async function bundleTeam(file: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bundle-'))
  try {
    const store = new GitStore(join(dir, 'peek.git'))
    await store.init()
    // A peek: an incremental bundle's earlier commits are not here, but its root tree and team file always are.
    const head = await readBundle(store, file, { checkPrerequisites: false })
    const teamFile = (await store.readTree(await store.treeOfCommit(head))).find(
      (item) => item.name === teamFileName
    )
    const team = teamFile
      ? (JSON.parse(await store.readText(teamFile.oid)) as { team?: unknown }).team
      : undefined
    if (typeof team !== 'string' || team === '') {
      throw new VigilError(
        ErrorCode.badInput,
        `${file} is not a Vigil team knowledge bundle (no team named); nothing was imported`
      )
    }
    return team
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The commits an earlier bundle carries (what the desktop that took it in has), read from its header. */
export async function bundleHeads(file: string): Promise<string[]> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `Cannot read the bundle ${file}: ${cannotReadWhy(error)}`)
  }
  const header = parseBundleHeader(bytes)
  if ('problem' in header)
    throw new VigilError(ErrorCode.badInput, `${file} is not a git bundle: ${header.problem}`)
  // One commit, however many refs name it (main and HEAD).
  return [...new Set(header.refs.values())]
}
