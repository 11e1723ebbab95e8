/**
 * Keeps a running engine's team knowledge in sync: pulls (a full sync) on start and every `intervalMs`, pushes
 * `debounceMs` after learning so a burst of resolutions becomes one push, one sync per team at a time. Failures never
 * stop the engine: they are logged and shown in the status line, and the next round tries again.
 */
import type { EngineStatus } from '../../../shared/contract'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { Clock, Logger, SecretStore } from '../host'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import { readRemotes, remoteFor } from './syncConfig'
import { TeamSync } from './teamSync'

export type SyncStatus = NonNullable<EngineStatus['sync']>[number]

export interface SyncServiceOptions {
  dataDir: string
  knowledge: KnowledgeStore
  secrets: SecretStore
  clock: Clock
  logger: Logger
  env?: NodeJS.ProcessEnv
  intervalMs?: number
  debounceMs?: number
  /** Entries written by a sync (the retrieval index must learn them). */
  onImported(entries: KnowledgeEntry[]): void
  onStatus(): void
}

const day = 24 * 60 * 60 * 1000

interface TeamState {
  sync: TeamSync
  url: string
  status: SyncStatus
  running: Promise<void>
  debounce?: NodeJS.Timeout
}

export class SyncService {
  private readonly teams = new Map<string, TeamState>()
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: SyncServiceOptions) {}

  /** Reads the teams' remotes and starts the first sync of each in the background. */
  async start(): Promise<void> {
    const remotes = await readRemotes(this.options.dataDir).catch((error: Error) => {
      this.options.logger.warn('sync: remotes unreadable', { error: error.message })
      return {} as Record<string, string>
    })
    for (const [team, url] of Object.entries(remotes)) {
      this.teams.set(team, {
        sync: new TeamSync(this.options.dataDir, team, this.options.knowledge, this.options.clock),
        url,
        status: {
          team,
          state: 'idle',
          lastSyncAt: null,
          lastError: null,
          summary: 'not synced yet',
          incoming: [],
          conflicts: 0
        },
        running: Promise.resolve()
      })
    }
    if (this.teams.size === 0) return
    for (const team of this.teams.keys()) void this.syncNow(team)
    this.timer = setInterval(
      () => {
        for (const team of this.teams.keys()) void this.syncNow(team)
      },
      this.options.intervalMs ?? 5 * 60_000
    )
    this.timer.unref()
  }

  /** After learning: push soon, once per burst. */
  noteLearned(team: string): void {
    const state = this.teams.get(team)
    if (!state || this.stopped) return
    clearTimeout(state.debounce)
    state.debounce = setTimeout(() => {
      state.debounce = undefined
      void this.syncNow(team)
    }, this.options.debounceMs ?? 30_000)
    state.debounce.unref()
  }

  status(): SyncStatus[] | undefined {
    if (this.teams.size === 0) return undefined
    return [...this.teams.values()].map((state) => state.status)
  }

  /** One sync of `team`, queued behind the one running. */
  syncNow(team: string): Promise<void> {
    const state = this.teams.get(team)
    if (!state || this.stopped) return Promise.resolve()
    state.running = state.running.then(() => this.runOnce(state))
    return state.running
  }

  /** Stops the timers; learning still waiting for its debounced push is pushed now, so a quit loses no sharing. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    for (const [team, state] of this.teams) {
      if (state.debounce === undefined) continue
      clearTimeout(state.debounce)
      state.debounce = undefined
      void this.syncNow(team)
    }
    this.stopped = true
    await Promise.all([...this.teams.values()].map((state) => state.running))
  }

  private async runOnce(state: TeamState): Promise<void> {
    const { status } = state
    status.state = 'syncing'
    this.options.onStatus()
    try {
      const remote = await remoteFor(
        state.url,
        status.team,
        this.options.secrets,
        this.options.env ?? process.env
      )
      const report = await state.sync.sync(remote)
      const now = this.options.clock.now()
      const fresh = report.incoming.map((item) => ({ ...item, at: now.toISOString() }))
      const recent = [...fresh, ...status.incoming].filter(
        (item) => now.getTime() - Date.parse(item.at) < day
      )
      status.incoming = recent.slice(0, 20)
      status.summary = `${recent.length} ${recent.length === 1 ? 'entry' : 'entries'} from the team in the last 24 hours`
      status.conflicts = (await state.sync.conflicts()).length
      status.lastSyncAt = now.toISOString()
      status.lastError = null
      status.state = 'idle'
      const written = report.incoming.flatMap(
        (item) => this.options.knowledge.get(status.team, item.id) ?? []
      )
      if (written.length > 0) this.options.onImported(written)
    } catch (error) {
      status.state = 'error'
      status.lastError = (error as Error).message
      this.options.logger.warn('sync: failed', { team: status.team, error: status.lastError })
    }
    this.options.onStatus()
  }
}
