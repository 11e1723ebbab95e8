/**
 * `vigil bench knowledge`: what a team's knowledge store costs at N entries, beside plain Orama with its own
 * persistence. Each step runs in a fresh child process of this same command (the hidden `--phase`), so that start-up
 * time and memory are those of a process opening the files, as the app does on start.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { loadKnowledgeCorpus } from '../../eval/bench/knowledgeCorpus'
import { runPhase, type PhaseName } from '../../eval/bench/knowledgePhases'
import type { PhaseOptions, PhaseResult } from '../../eval/bench/phaseTools'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const benchKnowledgeUsage = `Usage: vigil bench knowledge --entries N [--dims D] [--queries Q] [--data DIR] [--keep] [--json]
  Builds one team's knowledge store of N entries assembled from the public data (Jira issues, IRC and Twitter
  support threads under --data, default ../shared/data), opens it in a fresh process and searches it with
  Q real messages no entry was built from; then the same with plain Orama saved and loaded as its persistence
  plugin does. Prints insertPerSec, readyMs (start to first search answered), searchFullTextP50Ms/P95Ms,
  searchHybridP50Ms/P95Ms (with --dims), appendOneMs, updateOneMs, rssMb, diskMb for each.
  --entries  entries in the store (required)
  --dims     embedding dimensions for hybrid search (e.g. 384; default 0: full text only)
  --queries  searches timed (default 300)
  --keep     keep the written stores (their folder goes to stderr)
  --vigil-only  skip plain Orama (its open phase takes minutes past 20k entries; past ~33k its save fails)
  --engine   also start the whole engine on that store twice, each in a fresh process: the first start (derives
             and saves the matching summary and wordings once) and a later one; prints firstStart* and engine*
             (ReadyMs: building the engine to its first knowledge.list search answered; RssMb; route latency)
`

const phases = [
  'vigil-write',
  'vigil-open',
  'orama-write',
  'orama-open',
  'engine-first',
  'engine-open'
] as const

interface Args extends PhaseOptions {
  data: string
  json: boolean
  keep: boolean
  vigilOnly: boolean
  engine: boolean
  phase: PhaseName | null
}

function parse(argv: string[]): Args {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        entries: { type: 'string' },
        dims: { type: 'string', default: '0' },
        queries: { type: 'string', default: '300' },
        data: { type: 'string', default: join('..', 'shared', 'data') },
        keep: { type: 'boolean', default: false },
        'vigil-only': { type: 'boolean', default: false },
        engine: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        phase: { type: 'string' },
        dir: { type: 'string' }
      }
    }))
  } catch (error) {
    throw argumentError(error, benchKnowledgeUsage)
  }
  if (values.entries === undefined)
    throw new VigilError(ErrorCode.badInput, `--entries N is required\n${benchKnowledgeUsage}`)
  const number = (flag: string, text: string, min: number, max: number): number => {
    const value = Number(text)
    if (!Number.isInteger(value) || value < min || value > max)
      throw new VigilError(
        ErrorCode.badInput,
        `--${flag} must be a whole number from ${min} to ${max}, not "${text}"`
      )
    return value
  }
  const phase = values.phase ?? null
  if (phase !== null && !(phases as readonly string[]).includes(phase))
    throw new VigilError(ErrorCode.badInput, `unknown --phase "${phase}"`)
  return {
    entries: number('entries', values.entries, 1, 10_000_000),
    dims: number('dims', values.dims, 0, 4096),
    queries: number('queries', values.queries, 1, 100_000),
    data: resolve(values.data),
    json: values.json,
    keep: values.keep,
    vigilOnly: values['vigil-only'],
    engine: values.engine,
    phase: phase as PhaseName | null,
    dir: values.dir ?? ''
  }
}

export async function runBenchKnowledge(argv: string[], io: CommandIo): Promise<number> {
  const args = parse(argv)
  if (args.phase) {
    const result = await runPhase(args.phase, () => loadKnowledgeCorpus(args.data), args)
    io.stdout.write(`${JSON.stringify(result)}\n`)
    return 0
  }
  // Fails early, with the clear message, when the data is absent.
  const corpus = await loadKnowledgeCorpus(args.data)
  const say = (line: string): void => void (args.json || io.stderr.write(`${line}\n`))
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-knowledge-'))
  if (args.keep) io.stderr.write(`stores kept in ${dir}\n`)
  try {
    const child = (phase: PhaseName): Promise<PhaseResult> => {
      say(`${phase}, ${args.entries} entries…`)
      return runChild(phase, { ...args, dir })
    }
    const vigil = { ...(await child('vigil-write')), ...(await child('vigil-open')) }
    vigil['diskMb'] = await sizeMb(join(dir, 'knowledge'))
    // The engine's own start on that store: the first start derives what it keeps beside the knowledge, a later
    // one restores it (see retrieval/matcherMemory.ts).
    if (args.engine) Object.assign(vigil, await child('engine-first'), await child('engine-open'))
    const orama = args.vigilOnly ? { skipped: 'vigil-only' } : await child('orama-write')
    if (orama['error'] === undefined && !args.vigilOnly) {
      Object.assign(orama, await child('orama-open'), { diskMb: await sizeMb(join(dir, 'orama.json')) })
    }
    const report = {
      type: 'bench-knowledge',
      entries: args.entries,
      dims: args.dims,
      ...(args.dims > 0
        ? {
            embeddings:
              'no embedding model here: each text is embedded as hashed word features (±1 per word in one of ' +
              `${args.dims} dimensions, unit length), the same for both stores; hybrid threshold 0.1`
          }
        : {}),
      queries: args.queries,
      sources: corpus.sources,
      vigil,
      plainOrama: orama
    }
    io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`)
    return 0
  } finally {
    if (!args.keep) await rm(dir, { recursive: true, force: true })
  }
}

/** Runs one phase in a child process of this command; a child that fails becomes the result's `error`. */
function runChild(phase: PhaseName, args: Args): Promise<PhaseResult> {
  const childArgs = [
    ...process.execArgv,
    '--expose-gc',
    '--max-old-space-size=8192',
    process.argv[1]!,
    'bench',
    'knowledge',
    ...['--phase', phase, '--dir', args.dir, '--data', args.data],
    ...['--entries', String(args.entries), '--dims', String(args.dims), '--queries', String(args.queries)]
  ]
  return new Promise((resolvePhase) => {
    const child = spawn(process.execPath, childArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      try {
        if (code === 0) return resolvePhase(JSON.parse(last) as PhaseResult)
      } catch {
        // Falls through to the error below.
      }
      resolvePhase({ error: `${phase} exited with ${code}: ${lastLine(err) || last}` })
    })
  })
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 500) ?? ''
}

async function sizeMb(path: string): Promise<number> {
  return Math.round((await bytes(path)) / 1024 / 104.8576) / 10
}

async function bytes(path: string): Promise<number> {
  const info = await stat(path).catch(() => null)
  if (!info) return 0
  if (!info.isDirectory()) return info.size
  let total = 0
  for (const name of await readdir(path)) total += await bytes(join(path, name))
  return total
}
