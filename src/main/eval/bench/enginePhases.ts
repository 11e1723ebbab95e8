/**
 * `vigil bench knowledge --engine`: the whole engine started on the data folder whose knowledge the `vigil-write`
 * phase wrote, each start in a fresh process. `engine-first` is the first start on that team (the matching summary
 * and the wordings are derived from the entries once and saved); `engine-open` a later one, as every start after
 * the first is. Each reports the time from building the engine to its first search answered through the
 * `knowledge.list` route (`readyMs`, the workbench's search), that route's latency over the real queries, and RSS.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { EngineStatus } from '../../../shared/contract'
import { Settings } from '../../../shared/settings'
import { createEngine, type Engine } from '../../engine/createEngine'
import { silentLogger } from '../../engine/host'
import { createNodeHost } from '../../headless/nodeHost'
import type { OpenInput } from './knowledgePhases'
import { percentile } from './modelBench'
import {
  benchTeam,
  heapMb,
  residentMb,
  round,
  timeEach,
  type PhaseOptions,
  type PhaseResult
} from './phaseTools'

export async function engineOpen(
  input: OpenInput,
  options: PhaseOptions,
  first: boolean
): Promise<PhaseResult> {
  const rssBeforeMb = residentMb()
  const summariesBefore = (await readdir(join(options.dir, 'matcher')).catch(() => [])).length
  const host = createNodeHost({
    dataDir: options.dir,
    resourcesDir: join(options.dir, 'resources'),
    logger: silentLogger,
    env: {}
  })
  if (first) host.settings.write(Settings.parse({ team: benchTeam }))
  const search = (query: string): Promise<number> =>
    engine.call('knowledge.list', { team: benchTeam, query }).then((result) => {
      if (!result.ok) throw new Error(`knowledge.list failed: ${result.error.message}`)
      return (result.value as unknown[]).length
    })
  const cpu = process.cpuUsage()
  const started = performance.now()
  const engine: Engine = createEngine(host, { source: { kind: 'none' } })
  await engine.start()
  const startMs = performance.now() - started
  await search(input.queries[0]!)
  const readyMs = performance.now() - started
  // The process's CPU time until then as well: on the shared, loaded machine wall time mostly measures waiting.
  const used = process.cpuUsage(cpu)
  const readyCpuMs = (used.user + used.system) / 1000
  const rssReadyMb = residentMb()
  const searched = await timeEach(input.queries, search)
  const status = (await engine.call('engine.status', {})) as { ok: true; value: EngineStatus }
  const rssMb = residentMb()
  const heap = heapMb()
  const stopping = performance.now()
  await engine.stop()
  const prefix = first ? 'firstStart' : 'engine'
  return {
    [`${prefix}ReadyMs`]: round(readyMs),
    [`${prefix}ReadyCpuMs`]: round(readyCpuMs),
    [`${prefix}StartMs`]: round(startMs),
    [`${prefix}SearchP50Ms`]: round(percentile(searched.ms, 50), 2),
    [`${prefix}SearchP95Ms`]: round(percentile(searched.ms, 95), 2),
    [`${prefix}SearchCpuP95Ms`]: round(percentile(searched.cpuMs, 95), 2),
    [`${prefix}RssReadyMb`]: rssReadyMb,
    [`${prefix}RssMb`]: rssMb,
    [`${prefix}RssBeforeMb`]: rssBeforeMb,
    [`${prefix}HeapMb`]: heap,
    [`${prefix}StopMs`]: round(performance.now() - stopping),
    [`${prefix}Warnings`]: status.value.warnings.length,
    /** Matching summaries found at start (0: the matcher was derived from every entry). */
    [`${prefix}MatcherSummaries`]: summariesBefore
  }
}
