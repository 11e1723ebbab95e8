/**
 * A team's synced tree: `vigil-team.json` (which team), `entries/<xx>/<id>.json` (one file per entry) and
 * `conflicts/<xx>/<id>.<loser blob>.json` (each losing version of a conflict, for review) and, under the same name,
 * `resolved/<xx>/...` (a person's decision on that conflict, so it leaves every replica's review queue). Folders are read only when
 * their ids differ, so comparing two trees of 20k entries that differ in 100 reads a few hundred objects, not 20k.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { teamFileName } from './entryFile'
import type { GitStore, TreeItem } from './gitStore'

export type Section = 'entries' | 'conflicts' | 'resolved'
export const sections: Section[] = ['entries', 'conflicts', 'resolved']

export interface TeamTree {
  teamFile: string | undefined
  /** Per section: folder name (2 hex chars) -> folder tree id. */
  folders: Record<Section, Map<string, string>>
}

export const emptyTree = (): TeamTree => ({
  teamFile: undefined,
  folders: { entries: new Map(), conflicts: new Map(), resolved: new Map() }
})

export function teamFileText(team: string): string {
  return `${JSON.stringify({ format: 1, team })}\n`
}

export async function readTeamTree(store: GitStore, commit: string | undefined): Promise<TeamTree> {
  const tree = emptyTree()
  if (!commit) return tree
  const root = await store.readTree(await store.treeOfCommit(commit))
  for (const item of root) {
    if (item.name === teamFileName) tree.teamFile = item.oid
    const section = sections.find((name) => name === item.name)
    if (!section) continue
    for (const folder of await store.readTree(item.oid)) tree.folders[section].set(folder.name, folder.oid)
  }
  return tree
}

/** A folder's files: name -> blob id. */
export async function folderFiles(store: GitStore, oid: string | undefined): Promise<Map<string, string>> {
  if (!oid) return new Map()
  return new Map((await store.readTree(oid)).map((item) => [item.name, item.oid]))
}

export async function writeFolder(store: GitStore, files: Map<string, string>): Promise<string> {
  return store.writeTree([...files].map(([name, oid]) => ({ name, oid, mode: '100644' })))
}

export async function writeTeamTree(store: GitStore, tree: TeamTree): Promise<string> {
  const root: TreeItem[] = []
  if (tree.teamFile) root.push({ name: teamFileName, oid: tree.teamFile, mode: '100644' })
  for (const section of sections) {
    const folders = [...tree.folders[section]].map(([name, oid]) => ({ name, oid, mode: '40000' }))
    if (folders.length > 0) root.push({ name: section, oid: await store.writeTree(folders), mode: '40000' })
  }
  return store.writeTree(root)
}

/**
 * Refuses a tree that is not this team's: a foreign repository (no team file) or another team's knowledge. Nothing
 * local has been touched when this throws.
 */
export async function checkTeam(
  store: GitStore,
  tree: TeamTree,
  team: string,
  source: string
): Promise<void> {
  if (!tree.teamFile) {
    throw new VigilError(
      ErrorCode.badInput,
      `${source} is not a Vigil team knowledge repository (no ${teamFileName}); nothing was imported`
    )
  }
  let holder: unknown
  try {
    holder = (JSON.parse(await store.readText(tree.teamFile)) as { team?: unknown }).team
  } catch {
    throw new VigilError(
      ErrorCode.badInput,
      `${source} has an unreadable ${teamFileName}; nothing was imported`
    )
  }
  if (holder !== team) {
    throw new VigilError(
      ErrorCode.badInput,
      `${source} holds the knowledge of team "${String(holder)}", not of team "${team}"; nothing was imported`
    )
  }
}
