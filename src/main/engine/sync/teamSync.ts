/**
 * One team's knowledge sync: commit what this desktop learned, take in another replica's commit (from a git server
 * or a bundle file), merge entry by entry, write the result into the KnowledgeStore, and push. The sync repository
 * lives at `<dataDir>/sync/<team folder>.git` (bare; it holds only the team's approved knowledge). Whatever moves
 * its refs (a sync, a bundle in or out, a decision on a conflict) holds `<team folder>.lock` beside it, so two
 * processes on one data folder never work on the same repository at once (see syncLock.ts).
 */
import { existsSync } from 'node:fs'
import { rm, rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Clock } from '../host'
import type { ChangeMark, KnowledgeStore } from '../knowledge/knowledgeStore'
import { folderNameForTeam } from '../knowledge/teamFolder'
import { hasCommit, readBundle, writeBundle } from './bundle'
import { decideConflict, listConflicts, type ConflictDecision, type SyncConflict } from './conflicts'
import { GitStore, mainRef } from './gitStore'
import { importTree, type ImportResult } from './importer'
import { localState } from './localState'
import { changedFiles, mergeTrees } from './merge'
import { checkTeam, readTeamTree, teamFileText, writeTeamTree, type TeamTree } from './teamTree'
import { repackIfNeeded, type RepackResult } from './repack'
import { withSyncLock } from './syncLock'
import { readSyncHistory, withArrival, writeSyncHistory, type SyncHistory } from './syncHistory'
import { checkRemoteUrl, fetchRemote, pushRemote, remoteRef, type Remote } from './transport'

export interface SyncReport {
  team: string
  /** Entry files the other side did not have, sent to it. */
  sent: number
  /** Entry files that came in. */
  received: number
  /** Of those, written into this desktop's knowledge. */
  merged: number
  /** Of those written, entries new to this desktop (the rest updated one it had). */
  added: number
  /** Conflicts (both sides changed one entry) resolved, losers kept for review. */
  conflicts: number
  incoming: ImportResult['incoming']
  /** Pushes lost to a concurrent push and retried. */
  retries: number
  /** Milliseconds per step, summed over retries: where a slow sync spends its time. */
  phases: Record<'commit' | 'fetch' | 'merge' | 'import' | 'push', number>
  head: string | undefined
  ms: number
  /** Present when this sync also repacked the repository (see repack.ts). */
  repacked?: RepackResult
}

export interface BundleExport {
  head: string
  bytes: number
  /** Entry files in the bundle: all of them, or for an incremental one those new or changed since. */
  entries: number
  incremental: boolean
}

const bundleRef = 'refs/vigil/bundle'
const maxAttempts = 5

export class TeamSync {
  readonly store: GitStore
  private readonly lockFile: string
  private readonly historyFile: string
  private phases: SyncReport['phases'] = { commit: 0, fetch: 0, merge: 0, import: 0, push: 0 }
  /**
   * The store's change mark at the last scan of local entries, and the main commit that scan is part of: while main
   * is still that commit, the next scan looks only at entries put since (see localState.ts).
   */
  private scanned: { mark: ChangeMark; head: string | undefined } | undefined

  constructor(
    dataDir: string,
    readonly team: string,
    private readonly knowledge: KnowledgeStore,
    private readonly clock: Clock
  ) {
    this.store = new GitStore(join(dataDir, 'sync', `${folderNameForTeam(team)}.git`))
    this.lockFile = join(dataDir, 'sync', `${folderNameForTeam(team)}.lock`)
    this.historyFile = join(dataDir, 'sync', `${folderNameForTeam(team)}.history.json`)
  }

  /** What came in lately, by any process on this data folder (see syncHistory.ts). */
  history(): Promise<SyncHistory> {
    return readSyncHistory(this.historyFile)
  }

  /** Notes a successful sync or import in the history; a history that cannot be written only costs the status line. */
  private async noteArrival(via: 'remote' | 'bundle', incoming: ImportResult['incoming']): Promise<void> {
    const history = await readSyncHistory(this.historyFile)
    await writeSyncHistory(this.historyFile, withArrival(history, via, this.clock.now(), incoming)).catch(
      () => undefined
    )
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withSyncLock(this.lockFile, `The knowledge of team "${this.team}"`, work)
  }

  /** Commits the team's shareable local entries on top of main; returns the tree and how many files changed. */
  async commitLocal(): Promise<{ head: string | undefined; tree: TeamTree; changed: number }> {
    await this.store.init()
    const previous = await this.store.resolve(mainRef)
    const last = await readTeamTree(this.store, previous)
    if (!last.teamFile) last.teamFile = await this.store.writeText(teamFileText(this.team))
    const since = this.scanned && this.scanned.head === previous ? this.scanned.mark : undefined
    const state = await localState(this.store, this.knowledge, this.team, last, since)
    // Nothing learned here yet and nothing synced: no commit, so the first sync is a plain clone (fast-forward).
    if (!previous && state.changed === 0) {
      this.scanned = { mark: state.mark, head: undefined }
      return { head: undefined, tree: state.tree, changed: 0 }
    }
    const root = await writeTeamTree(this.store, state.tree)
    if (previous && root === (await this.store.treeOfCommit(previous))) {
      this.scanned = { mark: state.mark, head: previous }
      return { head: previous, tree: state.tree, changed: 0 }
    }
    const message = `${state.changed} entries learned on this desktop`
    const head = await this.store.commitTree(root, previous ? [previous] : [], message, this.clock.now())
    await this.store.setRef(mainRef, head)
    this.scanned = { mark: state.mark, head }
    return { head, tree: state.tree, changed: state.changed }
  }

  /**
   * Merges `theirs` into main and the KnowledgeStore. `base` is the last commit taken from the same source (tells
   * conflicts from updates). Refuses another team's or a foreign repository's commit before touching anything.
   */
  async absorb(
    theirs: string,
    base: string | undefined,
    source: string
  ): Promise<Omit<SyncReport, 'sent' | 'retries' | 'ms' | 'phases'>> {
    const local = await this.timed('commit', () => this.commitLocal())
    const report = {
      team: this.team,
      received: 0,
      merged: 0,
      added: 0,
      conflicts: 0,
      incoming: [] as ImportResult['incoming']
    }
    if (local.head && (await this.store.isAncestor(theirs, local.head)))
      return { ...report, head: local.head }
    const theirTree = await readTeamTree(this.store, theirs)
    await checkTeam(this.store, theirTree, this.team, source)
    const fastForward = !local.head || (await this.store.isAncestor(local.head, theirs))
    const baseTree = await readTeamTree(this.store, base && base !== theirs ? base : undefined)
    const merge = fastForward
      ? { tree: theirTree, conflicts: 0 }
      : await this.timed('merge', () => mergeTrees(this.store, this.team, local.tree, theirTree, baseTree))
    // Into the store first, the ref after: an interrupted import is simply redone by the next sync.
    const imported = await this.timed('import', () =>
      importTree(this.store, this.knowledge, this.team, local.tree, merge.tree)
    )
    let head = theirs
    if (!fastForward) {
      const root = await writeTeamTree(this.store, merge.tree)
      head = await this.store.commitTree(
        root,
        local.head ? [local.head, theirs] : [theirs],
        `Merge ${source}`,
        this.clock.now()
      )
    }
    await this.store.setRef(mainRef, head)
    // What the import wrote is the merged tree's (not a change to send back), so the mark still holds for it.
    if (this.scanned && this.scanned.head === local.head) this.scanned = { ...this.scanned, head }
    return { ...report, ...imported, conflicts: merge.conflicts, head }
  }

  /** One sync with a git server: fetch, merge, push; a push lost to another replica's is retried. */
  async sync(remote: Remote): Promise<SyncReport> {
    checkRemoteUrl(remote.url)
    return this.locked(() => this.syncLocked(remote))
  }

  private async syncLocked(remote: Remote): Promise<SyncReport> {
    const started = performance.now()
    const total: SyncReport = {
      team: this.team,
      sent: 0,
      received: 0,
      merged: 0,
      added: 0,
      conflicts: 0,
      incoming: [],
      retries: 0,
      head: undefined,
      ms: 0,
      phases: (this.phases = { commit: 0, fetch: 0, merge: 0, import: 0, push: 0 })
    }
    await this.store.init()
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const before = await this.store.resolve(remoteRef)
      const fetched = await this.timed('fetch', () => fetchRemote(this.store, remote))
      const theirs = fetched.head
      const step = theirs
        ? await this.absorb(theirs, before, remote.url)
        : { ...(await this.commitLocal()), received: 0, merged: 0, added: 0, conflicts: 0, incoming: [] }
      total.received += step.received
      total.merged += step.merged
      total.added += step.added
      total.conflicts += step.conflicts
      total.incoming.push(...step.incoming)
      total.head = step.head
      if (!step.head || step.head === theirs) break
      const sent = (
        await changedFiles(
          this.store,
          'entries',
          await readTeamTree(this.store, theirs),
          await readTeamTree(this.store, step.head)
        )
      ).length
      if (await this.timed('push', () => pushRemote(this.store, remote, fetched))) {
        await this.store.setRef(remoteRef, step.head)
        total.sent = sent
        break
      }
      if (attempt === maxAttempts) {
        throw new VigilError(
          ErrorCode.syncFailed,
          `Gave up pushing to ${remote.url} after ${maxAttempts} tries: other desktops kept pushing first; nothing local was lost, sync again`
        )
      }
      total.retries += 1
    }
    await this.noteArrival('remote', total.incoming)
    const repacked = await repackIfNeeded(this.store)
    if (repacked) total.repacked = repacked
    total.ms = Math.round(performance.now() - started)
    return total
  }

  private async timed<T>(phase: keyof SyncReport['phases'], work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    try {
      return await work()
    } finally {
      this.phases[phase] += Math.round(performance.now() - started)
    }
  }

  /** Conflicts kept for review (the losing versions), the same on every replica once synced. */
  async conflicts(): Promise<SyncConflict[]> {
    // A team that never synced has none: looking must not create its repository.
    if (!existsSync(join(this.store.gitdir, 'HEAD'))) return []
    return listConflicts(this.store, this.team)
  }

  /** Writes everything this desktop has synced for the team (after committing local changes) into a bundle file. */
  exportBundle(file: string, since: string[] = []): Promise<BundleExport> {
    return this.locked(() => this.exportLocked(file, since))
  }

  private async exportLocked(file: string, since: string[]): Promise<BundleExport> {
    const local = await this.commitLocal()
    if (!local.head) {
      throw new VigilError(
        ErrorCode.notFound,
        `Nothing to export: team "${this.team}" has no approved knowledge here`
      )
    }
    const head = local.head
    for (const oid of since) {
      if (!(await hasCommit(this.store, oid))) {
        throw new VigilError(
          ErrorCode.badInput,
          `The earlier bundle (commit ${oid.slice(0, 12)}) is not in this desktop's sync history for team "${this.team}": save a full bundle instead`
        )
      }
      if (await this.store.isAncestor(head, oid)) {
        throw new VigilError(
          ErrorCode.notFound,
          `Nothing new for team "${this.team}" since that bundle: whoever took it in has everything this desktop has`
        )
      }
    }
    let entries = 0
    if (since.length > 0) {
      entries = (
        await changedFiles(this.store, 'entries', await readTeamTree(this.store, since[0]), local.tree)
      ).length
    } else {
      for (const folder of local.tree.folders.entries.values())
        entries += (await this.store.readTree(folder)).length
    }
    return {
      head,
      bytes: await writeBundle(this.store, head, file, since),
      entries,
      incremental: since.length > 0
    }
  }

  /**
   * Merges a bundle file; importing the same bundle again changes nothing. A failed import into a team that had no
   * sync repository here leaves none behind (nor the `sync` folder, when it made that).
   */
  async importBundle(file: string): Promise<SyncReport> {
    const folder = dirname(this.store.gitdir)
    const hadFolder = existsSync(folder)
    const hadRepository = existsSync(join(this.store.gitdir, 'HEAD'))
    try {
      return await this.locked(async () => {
        try {
          return await this.importLocked(file)
        } catch (error) {
          if (!hadRepository) await this.forgetRepository()
          throw error
        }
      })
    } catch (error) {
      // After the lock is gone: the folder is then empty unless something else is in it (which stays).
      if (!hadFolder) await rmdir(folder).catch(() => undefined)
      throw error
    }
  }

  /** Removes this team's sync repository and what this object remembers of it. */
  private async forgetRepository(): Promise<void> {
    await rm(this.store.gitdir, { recursive: true, force: true })
    this.store.forgetPacks()
    this.scanned = undefined
  }

  /**
   * Records a person's decision on a conflict (see conflicts.ts); with `restore`, `write` first stores the losing
   * version as the entry's next version, which then wins everywhere by its higher version number.
   */
  decideConflict(key: string, decision: ConflictDecision, write?: () => Promise<void>): Promise<void> {
    return this.locked(async () => {
      await this.store.init()
      if (!(await listConflicts(this.store, this.team)).some((conflict) => conflict.key === key)) {
        throw new VigilError(
          ErrorCode.notFound,
          `No sync conflict ${key} waits for review in team "${this.team}"`
        )
      }
      await write?.()
      await decideConflict(this.store, key, decision, this.clock.now())
    })
  }

  private async importLocked(file: string): Promise<SyncReport> {
    const started = performance.now()
    this.phases = { commit: 0, fetch: 0, merge: 0, import: 0, push: 0 }
    await this.store.init()
    const theirs = await readBundle(this.store, file)
    const before = await this.store.resolve(bundleRef)
    const step = await this.absorb(theirs, before, `bundle ${file}`)
    await this.store.setRef(bundleRef, theirs)
    await this.noteArrival('bundle', step.incoming)
    const repacked = await repackIfNeeded(this.store)
    return {
      ...step,
      sent: 0,
      retries: 0,
      ms: Math.round(performance.now() - started),
      phases: this.phases,
      ...(repacked ? { repacked } : {})
    }
  }
}
