/** Which team a bundle file holds, read in a throw-away repository (the real one is per team, so it comes after). */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { readBundle } from './bundle'
import { GitStore } from './gitStore'
import { readTeamTree } from './teamTree'

export async function bundleTeam(file: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bundle-'))
  try {
    const store = new GitStore(join(dir, 'peek.git'))
    await store.init()
    const head = await readBundle(store, file)
    const tree = await readTeamTree(store, head)
    const team = tree.teamFile
      ? (JSON.parse(await store.readText(tree.teamFile)) as { team?: unknown }).team
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
