/**
 * Keeps a running engine's team knowledge in sync: pulls (a full sync) on start and every `intervalMs`, pushes
 * `debounceMs` after learning so a burst of resolutions becomes one push, one sync per team at a time (and, through
 * the repository's lock, one per data folder across processes). Failures never stop the engine: they are logged and
 * shown in the status line, and the next round tries again. The workbench sets remotes, syncs now, moves bundle files
 * and decides conflicts through it.
 */
import type { EngineStatus } from '../../../shared/contract'
import type { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Clock, Logger, SecretStore } from '../host'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import { appendProvenance } from '../learning/entryHistory'
import { exportBundleBytes, importBundleBytes, type BundleOut } from './bundleBytes'
import type { SyncConflict } from './conflicts'
import { readRemotes, remoteFor, saveRemote, syncSecretKeys } from './syncConfig'
import { arrivedInLastDay, incomingInLastDay, type SyncHistory } from './syncHistory'
import { TeamSync, type SyncReport } from './teamSync'

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

/** A team's remote as the workbench sees it: the URL, and whether credentials are stored (never the password). */
export interface RemoteView {
  team: string
  url: string | null
  username: string | null
  hasPassword: boolean
  status: SyncStatus
}

const notSynced = (team: string): SyncStatus => ({
  team,
  state: 'idle',
  lastSyncAt: null,
  lastError: null,
  lastFailedAt: null,
  lastBundleAt: null,
  summary: 'not synced yet',
  incoming: [],
  conflicts: 0
})

interface TeamState {
  sync: TeamSync
  url: string | undefined
  status: SyncStatus
  /** The last queued job; the next one runs after it. */
  running: Promise<unknown>
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
    for (const [team, url] of Object.entries(remotes)) this.state(team).url = url
    // What came in before this start (an earlier run, or `vigil sync` from the command line) shows at once.
    for (const team of new Set([...this.options.knowledge.teams(), ...Object.keys(remotes)])) {
      const state = this.state(team)
      const history = await state.sync.history()
      if (history.lastSyncAt || history.lastBundleAt) this.showHistory(state.status, history)
    }
    for (const team of this.remoteTeams()) void this.syncNow(team).catch(() => undefined)
    this.timer = setInterval(
      () => {
        for (const team of this.remoteTeams()) void this.syncNow(team).catch(() => undefined)
      },
      this.options.intervalMs ?? 5 * 60_000
    )
    this.timer.unref()
  }

  /** After learning: push soon, once per burst. */
  noteLearned(team: string): void {
    const state = this.teams.get(team)
    if (!state?.url || this.stopped) return
    clearTimeout(state.debounce)
    state.debounce = setTimeout(() => {
      state.debounce = undefined
      void this.syncNow(team).catch(() => undefined)
    }, this.options.debounceMs ?? 30_000)
    state.debounce.unref()
  }

  /** Teams with a remote, or that took in a bundle; undefined when none (the status line then shows no sync). */
  status(): SyncStatus[] | undefined {
    const shown = [...this.teams.values()].filter(
      (state) => state.url || state.status.lastSyncAt || state.status.lastBundleAt
    )
    return shown.length === 0 ? undefined : shown.map((state) => state.status)
  }

  /** The remotes of `teams` (and of every team with one), for the workbench. */
  async remotes(teams: string[]): Promise<RemoteView[]> {
    const names = [...new Set([...teams, ...this.teams.keys()])].sort()
    return Promise.all(names.map((team) => this.view(team)))
  }

  /**
   * Sets (or, with an empty URL, forgets) a team's remote. A user name or password given replaces the stored one;
   * an empty one removes it. BAD_INPUT for a URL that is not http(s) or holds credentials; nothing is saved then.
   */
  async setRemote(
    team: string,
    url: string,
    credentials: { username?: string; password?: string }
  ): Promise<RemoteView> {
    const keys = syncSecretKeys(team)
    const trimmed = url.trim()
    await saveRemote(this.options.dataDir, team, trimmed === '' ? undefined : trimmed)
    const secrets = this.options.secrets
    if (trimmed === '') {
      await secrets.delete(keys.username)
      await secrets.delete(keys.password)
    }
    for (const [key, value] of [
      [keys.username, credentials.username],
      [keys.password, credentials.password]
    ] as const) {
      if (value === undefined || trimmed === '') continue
      if (value.trim() === '') await secrets.delete(key)
      else await secrets.set(key, key === keys.username ? value.trim() : value)
    }
    const state = this.state(team)
    state.url = trimmed === '' ? undefined : trimmed
    if (!state.url) {
      clearTimeout(state.debounce)
      // No git server any more: its last failure is no longer news.
      Object.assign(state.status, { lastError: null, lastFailedAt: null, state: 'idle' })
    }
    this.options.onStatus()
    return this.view(team)
  }

  /** One sync of `team`, queued behind its running job; resolves once done (a failure is in the status). */
  async syncNow(team: string): Promise<void> {
    const state = this.teams.get(team)
    if (!state || this.stopped) return
    if (!state.url) {
      throw new VigilError(ErrorCode.badInput, `Team "${team}" has no sync remote: set its URL first`)
    }
    await this.queue(state, () => this.runOnce(state))
  }

  /**
   * The team's synced knowledge as bundle file bytes (for another desktop with no network to this one); with `since`
   * (the commits of a bundle the other desktop took in), only what is new since.
   */
  exportBundle(team: string, since: string[] = []): Promise<BundleOut> {
    const state = this.state(team)
    return this.queue(state, () => exportBundleBytes(this.options.dataDir, state.sync, since))
  }

  /**
   * Merges a bundle file's bytes into the team it holds (refused when `expectedTeam` is given and differs); its
   * report also shows in that team's status.
   */
  async importBundle(bytes: Buffer, fileName: string, expectedTeam?: string): Promise<SyncReport> {
    return importBundleBytes(this.options.dataDir, bytes, fileName, async (team, file) => {
      if (expectedTeam !== undefined && team !== expectedTeam) {
        throw new VigilError(
          ErrorCode.badInput,
          `${fileName} holds the knowledge of team "${team}", not of team "${expectedTeam}"; nothing was imported`
        )
      }
      const state = this.state(team)
      return this.queue(state, async () => {
        const report = await state.sync.importBundle(file)
        await this.absorbed(state, report, 'bundle')
        this.options.onStatus()
        return report
      })
    })
  }

  /** Conflicts waiting for a person, each with the version that won (this desktop's current one). */
  async conflicts(team: string): Promise<Array<SyncConflict & { current: KnowledgeEntry | null }>> {
    const state = this.state(team)
    // Queued: a sync running now may be repacking the repository this reads.
    const found = await this.queue(state, () => state.sync.conflicts())
    return found.map((item) => ({ ...item, current: this.options.knowledge.get(team, item.id) ?? null }))
  }

  /**
   * A person's decision on a conflict: `keep` the version that won, or `restore` the one that lost as the entry's
   * next version (it then wins on every replica). Either way the conflict leaves every replica's queue at the next
   * sync, which runs soon when the team has a remote.
   */
  async decide(team: string, key: string, action: 'keep' | 'restore', by: string): Promise<KnowledgeEntry> {
    const state = this.state(team)
    const entry = await this.queue(state, async () => {
      const conflict = (await state.sync.conflicts()).find((item) => item.key === key)
      const current = conflict && this.options.knowledge.get(team, conflict.id)
      if (!conflict || !current) {
        throw new VigilError(ErrorCode.notFound, `No sync conflict ${key} waits for review in team "${team}"`)
      }
      const at = this.options.clock.now().toISOString()
      let result = current
      await state.sync.decideConflict(key, { action, by, at }, async () => {
        if (action === 'keep') return
        result = {
          ...conflict.loser,
          counters: current.counters,
          version: current.version + 1,
          updatedAt: at,
          provenance: appendProvenance(current, {
            kind: 'rolled-back',
            at,
            by,
            note: `restored the version of ${conflict.loser.updatedAt.slice(0, 16).replace('T', ' ')} that lost a sync conflict`
          })
        }
        await this.options.knowledge.put(result)
      })
      if (action === 'restore') this.options.onImported([result])
      state.status.conflicts = (await state.sync.conflicts()).length
      return result
    })
    this.options.onStatus()
    this.noteLearned(team)
    return entry
  }

  /** Stops the timers; learning still waiting for its debounced push is pushed now, so a quit loses no sharing. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    for (const [team, state] of this.teams) {
      if (state.debounce === undefined) continue
      clearTimeout(state.debounce)
      state.debounce = undefined
      void this.syncNow(team).catch(() => undefined)
    }
    this.stopped = true
    await Promise.all([...this.teams.values()].map((state) => state.running.catch(() => undefined)))
  }

  private remoteTeams(): string[] {
    return [...this.teams].filter(([, state]) => state.url).map(([team]) => team)
  }

  private state(team: string): TeamState {
    let state = this.teams.get(team)
    if (!state) {
      state = {
        sync: new TeamSync(this.options.dataDir, team, this.options.knowledge, this.options.clock),
        url: undefined,
        status: notSynced(team),
        running: Promise.resolve()
      }
      this.teams.set(team, state)
    }
    return state
  }

  private queue<T>(state: TeamState, job: () => Promise<T>): Promise<T> {
    const next = state.running.catch(() => undefined).then(job)
    state.running = next
    return next
  }

  private async view(team: string): Promise<RemoteView> {
    const keys = syncSecretKeys(team)
    const state = this.teams.get(team)
    return {
      team,
      url: state?.url ?? null,
      username: await this.options.secrets.get(keys.username),
      hasPassword: (await this.options.secrets.get(keys.password)) !== null,
      status: state?.status ?? notSynced(team)
    }
  }

  private async runOnce(state: TeamState): Promise<void> {
    const { status } = state
    status.state = 'syncing'
    this.options.onStatus()
    try {
      const remote = await remoteFor(
        state.url!,
        status.team,
        this.options.secrets,
        this.options.env ?? process.env
      )
      await this.absorbed(state, await state.sync.sync(remote), 'remote')
    } catch (error) {
      status.state = 'error'
      status.lastError = (error as Error).message
      status.lastFailedAt = this.options.clock.now().toISOString()
      this.options.logger.warn('sync: failed', { team: status.team, error: status.lastError })
    }
    this.options.onStatus()
  }

  /**
   * The status line's times and what came in, from the team's sync history on disk (written by whichever process
   * synced: this one, or `vigil sync` run beside it).
   */
  private showHistory(status: SyncStatus, history: SyncHistory): void {
    const now = this.options.clock.now()
    const arrived = arrivedInLastDay(history, now)
    status.lastSyncAt = history.lastSyncAt
    status.lastBundleAt = history.lastBundleAt
    // The list says what the count counts: the last 24 hours on the engine's clock.
    status.incoming = incomingInLastDay(history, now)
    status.summary = `${arrived} ${arrived === 1 ? 'entry' : 'entries'} from the team in the last 24 hours`
  }

  /** What a sync or a bundle brought: into the status line, and the entries it wrote into the retrieval index. */
  private async absorbed(state: TeamState, report: SyncReport, via: 'remote' | 'bundle'): Promise<void> {
    const { status } = state
    this.showHistory(status, await state.sync.history())
    status.conflicts = (await state.sync.conflicts()).length
    // Each way in keeps its own time; only a sync with the git server answers that server's last failure.
    if (via === 'remote') Object.assign(status, { lastError: null, lastFailedAt: null })
    status.state = status.lastError ? 'error' : 'idle'
    // A large arrival (a first clone) is searchable a little after it is readable: the status line says so meanwhile.
    status.indexing = this.options.knowledge.indexing(status.team)
    if (status.indexing > 0) {
      void this.options.knowledge.indexed(status.team).then(() => {
        status.indexing = 0
        this.options.onStatus()
      })
    }
    const written = report.incoming.flatMap((item) => this.options.knowledge.get(status.team, item.id) ?? [])
    if (written.length > 0) this.options.onImported(written)
  }
}
