/**
 * `vigil bench sync`: what team knowledge sync costs at N entries, through a real smart-HTTP git server on loopback
 * (system git's http-backend). Desktop A learns N entries and pushes them; desktop B clones them (first sync: fetch
 * plus writing N entries into its KnowledgeStore); then each side changes 100 different entries, A pushes, and B's
 * sync merges (fetch, entry-by-entry merge, import, push) — the timed merge.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { emptyCounters, type KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { silentLogger } from '../../engine/host'
import { KnowledgeStore } from '../../engine/knowledge/knowledgeStore'
import { TeamSync, type SyncReport } from '../../engine/sync/teamSync'
import { startGitHub } from './gitHub'

const run = promisify(execFile)
const team = 'bench-team'

export interface SyncBenchResult {
  entries: number
  changedPerSide: number
  /** A: commit of all N entries and the first push. */
  firstPushMs: number
  /** B: first sync into an empty desktop (clone + import of N entries). */
  firstCloneMs: number
  /**
   * B: from the start of the first sync until search finds every entry (a first clone answers once the entries are
   * on disk and readable; their search index is built after, in the background).
   */
  firstCloneSearchReadyMs: number
  /** A: push of its 100 changes (fast-forward). */
  pushChangesMs: number
  /** B: fetch A's 100, merge with its own 100, import, push. */
  mergeMs: number
  /** A: fast-forward pull of B's merge. */
  pullMs: number
  converged: boolean
  /** Desktop A writing the N entries into its KnowledgeStore (no sync involved). */
  storePutMs: number
  /** Per sync above, milliseconds per step (commit, fetch, merge, import, push). */
  phases: Record<string, SyncReport['phases']>
  /**
   * Per sync above, CPU milliseconds of this process (user + system): on a busy machine the wall times above grow
   * with the load, this does much less (the git server's processes are not in it).
   */
  cpuMs: Record<string, number>
  /**
   * Per sync above, CPU milliseconds of the git server's processes (`git http-backend` and what it runs, children of
   * this process: read from /proc/self/stat where there is one, else absent).
   */
  serverCpuMs: Record<string, number>
}

export async function benchSync(entries: number, changed = 100): Promise<SyncBenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-sync-'))
  const repos = join(root, 'repos')
  try {
    await run('git', ['init', '-q', '--bare', '--initial-branch=main', join(repos, 'team.git')]).catch(
      (error: Error) => {
        throw new VigilError(
          ErrorCode.internal,
          `vigil bench sync needs system git for its server: ${error.message}`
        )
      }
    )
    const hub = await startGitHub(repos)
    const remote = { url: hub.url('team.git') }
    const clock = { now: () => new Date() }
    const a = await KnowledgeStore.open({ dir: join(root, 'a', 'knowledge'), logger: silentLogger })
    const b = await KnowledgeStore.open({ dir: join(root, 'b', 'knowledge'), logger: silentLogger })
    try {
      const seedStarted = performance.now()
      await Promise.all(Array.from({ length: entries }, (_, i) => a.put(syntheticEntry(i))))
      await a.indexed(team)
      // The KnowledgeStore's own cost of writing and indexing N entries, for comparison with the clone's import step.
      const storePutMs = Math.round(performance.now() - seedStarted)
      const syncA = new TeamSync(join(root, 'a'), team, a, clock)
      const syncB = new TeamSync(join(root, 'b'), team, b, clock)
      const firstPushMs = await timed(() => syncA.sync(remote), 'firstPush')
      const cloneStarted = performance.now()
      const firstCloneMs = await timed(() => syncB.sync(remote), 'firstClone')
      await b.indexed(team)
      const firstCloneSearchReadyMs = Math.round(performance.now() - cloneStarted)
      await Promise.all(Array.from({ length: changed }, (_, i) => a.put(edited(a, i, 'A'))))
      await Promise.all(Array.from({ length: changed }, (_, i) => b.put(edited(b, entries - 1 - i, 'B'))))
      const pushChangesMs = await timed(() => syncA.sync(remote), 'pushChanges')
      const mergeMs = await timed(() => syncB.sync(remote), 'merge')
      const pullMs = await timed(() => syncA.sync(remote), 'pull')
      const same = (i: number): boolean => a.get(team, id(i))?.title === b.get(team, id(i))?.title
      const converged = a.count() === entries && b.count() === entries && same(0) && same(entries - 1)
      return {
        entries,
        changedPerSide: changed,
        firstPushMs,
        firstCloneMs,
        firstCloneSearchReadyMs,
        pushChangesMs,
        mergeMs,
        pullMs,
        converged,
        storePutMs,
        phases: { ...phases },
        cpuMs: { ...cpuMs },
        serverCpuMs: { ...serverCpuMs }
      }
    } finally {
      await Promise.all([a.close(), b.close(), hub.close()])
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** Wall time of one sync; its per-step times go to `phases` under `label`. */
const phases: Record<string, SyncReport['phases']> = {}
const cpuMs: Record<string, number> = {}
const serverCpuMs: Record<string, number> = {}
async function timed(work: () => Promise<SyncReport>, label = ''): Promise<number> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const children = await childrenCpuMs()
  const report = await work()
  if (label) {
    phases[label] = report.phases
    const used = process.cpuUsage(cpu)
    cpuMs[label] = Math.round((used.user + used.system) / 1000)
    const after = await childrenCpuMs()
    if (children !== undefined && after !== undefined) serverCpuMs[label] = after - children
  }
  return Math.round(performance.now() - started)
}

/** CPU of this process's finished children (the hub's git processes), from /proc/self/stat; undefined off Linux. */
async function childrenCpuMs(): Promise<number | undefined> {
  const stat = await readFile('/proc/self/stat', 'utf8').catch(() => undefined)
  if (!stat) return undefined
  // Fields after the command's closing parenthesis; cutime and cstime are fields 16 and 17, in clock ticks (100/s).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) * 10
}

const id = (i: number): string => `kb-BENCH-${String(i).padStart(6, '0')}`

function syntheticEntry(i: number): KnowledgeEntry {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  return {
    id: id(i),
    team,
    title: `Case ${i}: export ${i % 97} fails with error E${i % 1000}`,
    problem: `Customers report that job ${i} stops with error E${i % 1000} after the nightly update of module ${i % 53}.`,
    symptoms: [`error E${i % 1000}`, `module ${i % 53} stalls`],
    resolution: [`Restart worker ${i % 13}.`, `Clear the cache of module ${i % 53} and rerun the job.`],
    sourceTicketIds: [`T-${i}`],
    author: 'learned',
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    counters: emptyCounters(),
    provenance: [{ kind: 'learned', at, ticketId: `T-${i}`, by: 'Bench Analyst' }]
  }
}

function edited(store: KnowledgeStore, i: number, side: string): KnowledgeEntry {
  const entry = store.get(team, id(i))!
  return {
    ...entry,
    title: `${entry.title} (corrected on ${side})`,
    version: entry.version + 1,
    updatedAt: new Date().toISOString()
  }
}
