/** The handlers of the team knowledge sync routes (shared/syncContract.ts): thin calls into the SyncService. */
import type { RouteHandlers } from '../../../shared/contract'
import type { syncRoutes } from '../../../shared/syncContract'
import type { EngineContext } from '../running/engineContext'

type SyncHandlers = Pick<RouteHandlers, keyof typeof syncRoutes>

export function createSyncHandlers(context: EngineContext): SyncHandlers {
  const teamOf = (team: string | undefined): string => team ?? context.settings.get().team
  /** The current team, every team with knowledge, and (inside the service) every team with a remote. */
  const knownTeams = (): string[] => [context.settings.get().team, ...context.knowledge.teams()]
  const view = async (team: string) =>
    (await context.sync.remotes([team])).find((item) => item.team === team)!

  return {
    'sync.remotes': async () => context.sync.remotes(knownTeams()),

    'sync.setRemote': async ({ team, url, username, password }) =>
      context.sync.setRemote(team, url, { username, password }),

    'sync.now': async ({ team }) => {
      await context.sync.syncNow(team)
      return view(team)
    },

    'sync.exportBundle': async ({ team, since }) => {
      const out = await context.sync.exportBundle(team, since)
      return {
        fileName: out.fileName,
        data: out.bytes.toString('base64'),
        bytes: out.bytes.length,
        entries: out.entries,
        incremental: out.incremental
      }
    },

    'sync.importBundle': async ({ fileName, data, team }) => {
      const report = await context.sync.importBundle(Buffer.from(data, 'base64'), fileName, team)
      return {
        team: report.team,
        received: report.received,
        merged: report.merged,
        conflicts: report.conflicts,
        incoming: report.incoming
      }
    },

    'sync.conflicts': async ({ team }) => {
      const target = teamOf(team)
      return (await context.sync.conflicts(target)).map((conflict) => ({
        team: target,
        entryId: conflict.id,
        key: conflict.key,
        loser: conflict.loser,
        current: conflict.current
      }))
    },

    'sync.decideConflict': async ({ team, key, action }) => {
      const target = teamOf(team)
      const entry = await context.sync.decide(target, key, action, context.settings.get().analystName)
      context.emit('knowledge.changed', { team: target, entryId: entry.id, change: 'updated' })
      return entry
    }
  }
}
