/**
 * Times what the workbench's Knowledge and Analytics pages ask a running engine for, on a data folder with a large
 * team (one `vigil bench knowledge --keep` wrote): engine start, the first page of the knowledge list (the page's
 * first paint), the next page, the team's counts, a search, and `stats.get`. Each figure is wall time and the
 * process's CPU time, on a fresh process; the engine is built from the source tree given as `--root` (default this
 * one), so the same script measures another checkout (e.g. main) on a copy of the same folder.
 *
 *   npx tsx scripts/measureKnowledgeRoutes.ts --data-dir DIR [--team bench-team] [--root /work/main]
 *
 * Prints one JSON object. The routes it calls and does not find (an older checkout) are reported as such.
 */
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    team: { type: 'string', default: 'bench-team' },
    root: { type: 'string', default: resolve(import.meta.dirname, '..') },
    query: { type: 'string', default: 'connection refused after upgrade' }
  }
})
if (!values['data-dir']) throw new Error('--data-dir DIR is required')
const root = resolve(values.root)
const dataDir = resolve(values['data-dir'])
const team = values.team

const load = (path: string) => import(pathToFileURL(join(root, path)).href)
const { createEngine } = await load('src/main/engine/createEngine.ts')
const { createNodeHost } = await load('src/main/headless/nodeHost.ts')
const { silentLogger } = await load('src/main/engine/host.ts')

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
interface Figure {
  ms: number
  /** When the answer came, counted from the engine's construction. */
  sinceStartMs?: number
  cpuMs: number
  bytes?: number
  note?: string
  error?: string
}

async function timed(run: () => Promise<unknown>): Promise<Figure> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  let value: unknown
  try {
    value = await run()
  } catch (error) {
    return { ms: -1, cpuMs: -1, error: String(error) }
  }
  const used = process.cpuUsage(cpu)
  const figure: Figure = {
    ms: Math.round((performance.now() - started) * 10) / 10,
    sinceStartMs: Math.round(performance.now() - constructed),
    cpuMs: Math.round((used.user + used.system) / 100) / 10
  }
  // What a browser would receive for it (the served app sends the route's JSON).
  figure.bytes = Buffer.byteLength(JSON.stringify(value) ?? '')
  return figure
}

let constructed = performance.now()
const host = createNodeHost({
  dataDir,
  resourcesDir: join(dataDir, 'resources'),
  logger: silentLogger,
  env: {}
})
constructed = performance.now()
const engine = createEngine(host, { source: { kind: 'none' } })
const call = async (route: string, input: object): Promise<unknown> => {
  const result = (await engine.call(route, input)) as Result
  if (!result.ok) throw new Error(`${route}: ${result.error.code} ${result.error.message}`)
  return result.value
}

const figures: Record<string, Figure> = {}
figures.start = await timed(() => engine.start())
// Searchable: the first search answered (the search index may still be opening or rebuilding).
if (process.env.MEASURE_SEARCH_FIRST)
  figures.searchFirst = await timed(() => call('knowledge.list', { team, query: values.query }))
// What the Knowledge page asks for first: its first page (main: the whole list; this branch: knowledge.page).
figures.pageFirst = await timed(() => call('knowledge.page', { team, limit: 50 }))
if (figures.pageFirst.error) figures.listWhole = await timed(() => call('knowledge.list', { team }))
figures.listFirst50 = await timed(() => call('knowledge.list', { team, limit: 50 }))
figures.pageNext = await timed(() => call('knowledge.page', { team, limit: 50, offset: 50 }))
figures.status = await timed(() => call('engine.status', {}))
figures.search = await timed(() => call('knowledge.list', { team, query: values.query }))
figures.stats = await timed(() => call('stats.get', { team }))
figures.statsAgain = await timed(() => call('stats.get', { team }))
const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20)
await engine.stop()
process.stdout.write(`${JSON.stringify({ root, dataDir, team, rssMb, figures })}\n`)
process.exit(0)
