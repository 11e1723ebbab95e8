/**
 * The sync routes of the renderer's fake engine: remotes, bundle bytes and conflicts held in memory, with the real
 * engine's refusals for the cases the screens show (a URL with credentials, a bundle of another team).
 */
import type { RouteHandlers } from '../../src/shared/contract'
import type { KnowledgeEntry } from '../../src/shared/domain'
import type { SyncConflictView, SyncRemoteView, syncRoutes } from '../../src/shared/syncContract'
import { ErrorCode, VigilError } from '../../src/shared/errors'

export class FakeSync {
  remotes: SyncRemoteView[] = []
  conflicts: SyncConflictView[] = []
  /** What `sync.now` leaves in the team's status (e.g. a failure in words). */
  nextOutcome: Partial<SyncRemoteView['status']> = {}
  /** Bundles taken in: file name and base64 bytes. */
  readonly imported: Array<{ fileName: string; data: string }> = []
  /** What `sync.importBundle` answers (the team defaults to the one asked). */
  importResult = { team: 'cloud-support', received: 2, merged: 2, conflicts: 0, incoming: [] }

  constructor(private readonly entry: (id: string) => KnowledgeEntry | undefined) {}

  readonly handlers: Pick<RouteHandlers, keyof typeof syncRoutes> = {
    'sync.remotes': async () => this.remotes,
    'sync.setRemote': async ({ team, url, username, password }) => {
      if (/\/\/[^/]*@/.test(url)) {
        throw new VigilError(
          ErrorCode.badInput,
          'The sync remote URL holds credentials (a user name or password before the @)'
        )
      }
      const known = this.remote(team)
      const next: SyncRemoteView = {
        ...known,
        url: url || null,
        username: url ? (username ?? known.username) || null : null,
        hasPassword: url ? known.hasPassword || Boolean(password) : false
      }
      this.remotes = [...this.remotes.filter((item) => item.team !== team), next]
      return next
    },
    'sync.now': async ({ team }) => {
      const known = this.remote(team)
      const next = { ...known, status: { ...known.status, ...this.nextOutcome } }
      this.remotes = [...this.remotes.filter((item) => item.team !== team), next]
      return next
    },
    'sync.exportBundle': async ({ since }) => ({
      fileName: since ? 'cloud-support-2026-12-03-new.bundle' : 'cloud-support-2026-12-03.bundle',
      data: btoa('# v2 git bundle\n'),
      bytes: 16,
      entries: since ? 1 : 3,
      incremental: Boolean(since)
    }),
    'sync.importBundle': async ({ fileName, data, team }) => {
      this.imported.push({ fileName, data })
      if (team && this.importResult.team !== team) {
        throw new VigilError(
          ErrorCode.badInput,
          `${fileName} holds the knowledge of team "${this.importResult.team}"`
        )
      }
      return this.importResult
    },
    'sync.conflicts': async () => this.conflicts,
    'sync.decideConflict': async ({ key, action }) => {
      const conflict = this.conflicts.find((item) => item.key === key)
      if (!conflict?.current)
        throw new VigilError(ErrorCode.notFound, `No sync conflict ${key} waits for review`)
      this.conflicts = this.conflicts.filter((item) => item.key !== key)
      const current = this.entry(conflict.entryId) ?? conflict.current
      return action === 'keep'
        ? current
        : { ...conflict.loser, counters: current.counters, version: current.version + 1 }
    }
  }

  private remote(team: string): SyncRemoteView {
    return (
      this.remotes.find((item) => item.team === team) ?? {
        team,
        url: null,
        username: null,
        hasPassword: false,
        status: {
          team,
          state: 'idle',
          lastSyncAt: null,
          lastError: null,
          summary: 'not synced yet',
          incoming: [],
          conflicts: 0
        }
      }
    )
  }
}
