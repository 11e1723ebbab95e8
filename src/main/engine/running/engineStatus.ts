/** The status line's numbers, read from the running engine's parts. */
import type { EngineStatus } from '../../../shared/contract'
import type { SourceRunner } from '../connectors/sourceRunner'
import type { EngineCore } from './core'

const NO_SOURCE: EngineStatus['source'] = {
  kind: 'none',
  state: 'idle',
  delivered: 0,
  total: null,
  speed: null,
  error: null
}

export function engineStatus(core: EngineCore, runner: SourceRunner | null): EngineStatus {
  const { parts, stores } = core
  const settings = stores.settings.get()
  return {
    team: settings.team,
    source: runner?.status() ?? NO_SOURCE,
    tickets: parts.watcher.size,
    suggestions: parts.suggestions.size,
    knowledgeEntries: stores.knowledge.count(),
    now: core.clock.now().toISOString(),
    knowledgeByStatus: stores.knowledge.countByStatus(settings.team),
    model: parts.models.status(),
    messages: core.counts.messages,
    llmCalls: parts.models.calls,
    adaptation: stores.adaptive.adaptation(settings.team, settings.learning),
    warnings: [...core.warnings.list(), ...core.unlearned.problems()],
    ...optional('knowledgePreparing', stores.knowledge.preparing(settings.team)),
    sync: parts.sync.status()
  }
}

/** `{ [name]: value }`, or nothing when the value is null (an optional field of the status). */
function optional<K extends string, V>(name: K, value: V | null): Partial<Record<K, V>> {
  return value === null ? {} : ({ [name]: value } as Record<K, V>)
}
