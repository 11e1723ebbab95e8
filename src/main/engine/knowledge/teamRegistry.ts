/**
 * Which folder under the knowledge folder holds which team, for one KnowledgeStore: the team folders found at open
 * (two folders that claim one team leave the first readable and refuse its writes), and a new folder for a team's
 * first write, named after the team and never one in use (compared case-insensitively, for case-insensitive disks).
 */
import { basename, join } from 'node:path'
import { metaFileName } from './records'
import { TeamKnowledge, type TeamKnowledgeOptions } from './teamKnowledge'
import { folderNameForTeam } from './teamFolder'
import { listTeamFolders } from './teamLoader'
import { openTeamFolder } from './teamOpener'

export class TeamRegistry {
  private readonly byName = new Map<string, TeamKnowledge>()
  /** Lower-cased folder names in use, so that no two teams ever share a folder. */
  private readonly folders = new Set<string>()

  private constructor(private readonly options: TeamKnowledgeOptions) {}

  /** Opens every team folder under `options.root` (see KnowledgeStore.open). */
  static async open(options: TeamKnowledgeOptions): Promise<TeamRegistry> {
    const registry = new TeamRegistry(options)
    const root = options.root
    for (const folder of await listTeamFolders(root)) {
      const loaded = await openTeamFolder(root, folder)
      if (!loaded) continue
      registry.folders.add(folder.toLowerCase())
      const first = registry.byName.get(loaded.team)
      if (first) {
        // Two folders claim one team: refuse writes rather than guess which is right; the first stays readable.
        first.markUnavailable({
          file: join(root, folder, metaFileName),
          message: `${basename(root)}/${folder}/${metaFileName}: holds team "${loaded.team}", which folder ${first.folder} holds too`
        })
        continue
      }
      registry.byName.set(loaded.team, TeamKnowledge.fromOpened(loaded, options))
    }
    return registry
  }

  get(team: string): TeamKnowledge | undefined {
    return this.byName.get(team)
  }

  names(): string[] {
    return [...this.byName.keys()]
  }

  all(): TeamKnowledge[] {
    return [...this.byName.values()]
  }

  /** The team, or a new one (no folder yet: its first write creates it) in a folder no other team uses. */
  forWriting(team: string): TeamKnowledge {
    const existing = this.byName.get(team)
    if (existing) return existing
    const base = folderNameForTeam(team)
    let folder = base
    for (let suffix = 2; this.folders.has(folder.toLowerCase()); suffix += 1) folder = `${base}-${suffix}`
    this.folders.add(folder.toLowerCase())
    const created = TeamKnowledge.empty(team, folder, this.options)
    this.byName.set(team, created)
    return created
  }
}
