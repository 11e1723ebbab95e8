/** A scripted model that answers each pipeline stage by what its system prompt asks for. */
import { createLlmRuntime } from '../../src/main/engine/llm/createLlmRuntime'
import type { LlmRuntime } from '../../src/main/engine/llm/llmRuntime'
import { ScriptedBackend, type ScriptedRequest } from '../../src/main/engine/llm/scriptedBackend'

export type Stage =
  | 'scope'
  | 'rewrite'
  | 'answer'
  | 'nextSteps'
  | 'summary'
  | 'escalation'
  | 'extract'
  | 'review'
  | 'chat'

export function stageOf(request: ScriptedRequest): Stage {
  if (request.kind === 'chat') return 'chat'
  const system = request.messages[0]?.content ?? ''
  if (system.includes('watch a live support chat')) return 'scope'
  if (system.includes('Rewrite the customer problem')) return 'rewrite'
  if (system.includes('decide whether an entry')) return 'answer'
  if (system.includes('has nothing for this support case')) return 'nextSteps'
  if (system.includes('Summarise this support case')) return 'summary'
  if (system.includes('flag support conversations')) return 'escalation'
  if (system.includes('Turn a resolved support case into one knowledge entry')) return 'extract'
  if (system.includes('Vigil suggested the knowledge entry below')) return 'review'
  throw new Error(`unknown stage: ${system.slice(0, 60)}`)
}

export type StageScript = Partial<Record<Stage, (request: ScriptedRequest) => string | Promise<string>>>

export const json = (value: unknown): string => JSON.stringify(value)

/** Defaults: help is needed, no rewrite beyond the obvious, nothing answerable, no escalation. */
const defaults: Required<StageScript> = {
  scope: () => json({ needsHelp: true, kind: 'problem', analystHandling: false, reason: 'a problem' }),
  rewrite: () => json({ query: 'problem', subQueries: [] }),
  answer: () => json({ answerable: false, citedEntryIds: [], answer: '', confidence: 0, reason: 'no match' }),
  nextSteps: () => json({ steps: ['Ask for the exact error message'], reason: 'nothing known' }),
  summary: () => json({ known: ['a problem'], tried: [], pending: ['an answer'] }),
  escalation: () => json({ matches: [] }),
  extract: () => json({ learnable: false, title: '', problem: '', resolution: [] }),
  review: () => json({ decision: 'keep', reason: 'right' }),
  chat: () => 'A streamed answer.'
}

export function scriptedModel(script: StageScript = {}, options: { timeoutMs?: number } = {}) {
  const backend = new ScriptedBackend((request) => {
    const stage = stageOf(request)
    return (script[stage] ?? defaults[stage])(request)
  })
  const runtime: LlmRuntime = createLlmRuntime(backend, { timeoutMs: options.timeoutMs ?? 5_000 })
  const stages = () => backend.requests.map(stageOf)
  return { backend, runtime, stages }
}
