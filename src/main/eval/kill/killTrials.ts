/**
 * The kill test's driver: runs the worker (killWorker.ts) once uninterrupted for the reference knowledge, then, in
 * fresh data folders, starts it, SIGKILLs it at a random moment of its replay, starts it again (checking what the
 * restart found against everything acknowledged before), and so on a few times per folder before letting a run
 * finish and comparing its knowledge with the reference.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkRestart,
  compareFinal,
  parseWorkerLines,
  type FinalKnowledge,
  type WorkerLine
} from './killChecks'

export interface KillBenchOptions {
  /** Kills to deliver in all. */
  trials: number
  /** The worker's command line for a data folder, e.g. `[node, bin/vigil.mjs, bench, kill-worker, --data-dir, D]`. */
  worker: (dataDir: string) => string[]
  /** Kills per data folder before a run is let finish. Default 3. */
  killsPerRun?: number
  seed?: number
  /** Gives up on one worker start after this long. Default 60 s. */
  startTimeoutMs?: number
}

export interface KillBenchReport {
  type: 'bench-kill'
  trials: number
  kills: number
  restarts: number
  runs: number
  startFailures: number
  lostEntryVersions: number
  lostReactions: number
  damaged: number
  /** Last runs of a data folder that did not finish, or finished with a logged resolution unlearned. */
  unfinishedRuns: number
  /** Runs whose final knowledge differs from the uninterrupted run's (entries or their source tickets). */
  finalMismatches: number
  acknowledged: { entryVersions: number; reactions: number }
  referenceEntries: number
  referenceReplayMs: number
  wallMs: number
  /** The first problems found, in words (empty when everything held). */
  problems: string[]
}

interface WorkerRun {
  lines: WorkerLine[]
  killed: boolean
  code: number | null
  stderr: string
  replayMs: number | null
}

export async function runKillBench(options: KillBenchOptions): Promise<KillBenchReport> {
  const started = Date.now()
  const random = mulberry32(options.seed ?? 1)
  const killsPerRun = options.killsPerRun ?? 3
  const timeout = options.startTimeoutMs ?? 60_000
  const root = await mkdtemp(join(tmpdir(), 'vigil-kill-'))
  const problems: string[] = []
  const report: KillBenchReport = {
    type: 'bench-kill',
    trials: options.trials,
    kills: 0,
    restarts: 0,
    runs: 0,
    startFailures: 0,
    lostEntryVersions: 0,
    lostReactions: 0,
    damaged: 0,
    unfinishedRuns: 0,
    finalMismatches: 0,
    acknowledged: { entryVersions: 0, reactions: 0 },
    referenceEntries: 0,
    referenceReplayMs: 0,
    wallMs: 0,
    problems
  }
  try {
    const reference = await spawnWorker(options.worker(join(root, 'reference')), null, timeout)
    const referenceFinal = finalOf(reference)
    if (!referenceFinal)
      throw new Error(`the uninterrupted run did not finish (exit ${reference.code}): ${reference.stderr}`)
    report.referenceEntries = referenceFinal.entries.length
    report.referenceReplayMs = reference.replayMs ?? 0
    const window = Math.max(50, report.referenceReplayMs)

    while (report.kills < options.trials) {
      report.runs++
      const dataDir = join(root, `run-${report.runs}`)
      const acks: WorkerLine[] = []
      for (let attempt = 0; ; attempt++) {
        const killAfter = attempt < killsPerRun ? random() * window : null
        const run = await spawnWorker(options.worker(dataDir), killAfter, timeout)
        if (attempt > 0) report.restarts++
        const state = run.lines.find((line) => line.type === 'state')
        if (!state && !run.killed) {
          report.startFailures++
          problems.push(
            `run ${report.runs}: the worker did not start (exit ${run.code}): ${run.stderr.slice(0, 300)}`
          )
          break
        }
        if (state) {
          for (const problem of checkRestart(acks, state)) {
            if (problem.startsWith('lost entry')) report.lostEntryVersions++
            else if (problem.startsWith('lost reaction')) report.lostReactions++
            else report.damaged++
            problems.push(`run ${report.runs} start ${attempt + 1}: ${problem}`)
          }
        }
        acks.push(...run.lines.filter((line) => line.type === 'ack-entry' || line.type === 'ack-reaction'))
        if (run.killed) {
          report.kills++
          continue
        }
        const final = finalOf(run)
        if (!final || final.unlearned > 0) {
          report.unfinishedRuns++
          problems.push(
            `run ${report.runs} end: ${final ? `${final.unlearned} logged resolutions unlearned` : `did not finish (exit ${run.code})`}`
          )
          break
        }
        const differences = compareFinal(referenceFinal, final)
        if (differences.length > 0) {
          report.finalMismatches++
          problems.push(...differences.slice(0, 5).map((item) => `run ${report.runs} end: ${item}`))
        }
        break
      }
      report.acknowledged.entryVersions += acks.filter((line) => line.type === 'ack-entry').length
      report.acknowledged.reactions += acks.filter((line) => line.type === 'ack-reaction').length
      await rm(dataDir, { recursive: true, force: true })
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
  report.wallMs = Date.now() - started
  report.problems = problems.slice(0, 20)
  return report
}

const finalOf = (run: WorkerRun): FinalKnowledge | null =>
  (run.lines.find((line) => line.type === 'final') as FinalKnowledge | undefined) ?? null

/**
 * Starts the worker; `killAfterMs` after it starts replaying (its `replaying` line) it is SIGKILLed, unless it has
 * finished by then. Null: it runs to the end.
 */
function spawnWorker(command: string[], killAfterMs: number | null, timeoutMs: number): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let killed = false
    let replayStart: number | null = null
    let replayMs: number | null = null
    const kill = () => {
      if (child.exitCode !== null || killed) return
      killed = true
      child.kill('SIGKILL')
    }
    const giveUp = setTimeout(kill, timeoutMs)
    let killTimer: NodeJS.Timeout | undefined
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      if (replayStart === null && stdout.includes('"type":"replaying"')) {
        replayStart = Date.now()
        if (killAfterMs !== null) killTimer = setTimeout(kill, killAfterMs)
      }
      if (replayMs === null && replayStart !== null && stdout.includes('"type":"final"'))
        replayMs = Date.now() - replayStart
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(giveUp)
      clearTimeout(killTimer)
      resolve({ lines: parseWorkerLines(stdout), killed, code, stderr, replayMs })
    })
  })
}

/** A small seeded generator: the same seed kills at the same moments (as far as timing allows). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
