/**
 * Builds every collaborator of the running engine from the opened stores, all at once: nothing is set later, so
 * nothing the engine uses can be missing. The hooks are how the parts report back (warnings, pushed events).
 */
import type { PushEventName, PushEventPayload } from '../../../shared/contract'
import { Assistant } from '../assist/assistant'
import { EscalationWatch } from '../escalation/escalationWatch'
import { ReactionEffects } from '../feedback/reactionEffects'
import { SentReplies } from '../feedback/sentReplies'
import { GapWatch } from '../gaps/gapWatch'
import type { Clock, EngineHost } from '../host'
import { CaseReviewer } from '../learning/caseReview'
import { Curator } from '../learning/curator'
import { uniqueEntryId } from '../learning/entryIds'
import { Learner } from '../learning/learner'
import { VerbatimLearner } from '../learning/verbatimLearner'
import { defaultBackendFactories } from '../llm/defaultBackendFactories'
import { knowledgeEmbedder } from '../llm/knowledgeEmbedder'
import type { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { ModelManager } from '../llm/modelManager'
import { ProactivePipeline } from '../pipeline/pipeline'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { Retriever } from '../retrieval/retriever'
import { screenAskChunks } from '../safety/screen'
import { modelBudget } from '../scheduling/modelBudget'
import { ModelGate } from '../scheduling/modelGate'
import { TicketQueues } from '../scheduling/ticketQueues'
import { SuggestionBook } from '../suggestions/suggestionBook'
import type { SyncService } from '../sync/syncService'
import { runSelfCheck } from '../trust/selfCheck'
import type { EngineOptions } from '../types'
import { Watcher } from '../watcher/watcher'
import { buildSync } from './buildSync'
import type { EngineStores } from './openStores'

export interface PartHooks {
  warn(message: string, repeatable?: boolean): void
  emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void
  /** Something the status shows changed (the model, a source, a connection, the adaptation). */
  statusChanged(): void
  /** The engine's "now" (a demo's own timeline in a demo: engineClock.ts); the host's clock when absent. */
  clock?: Clock
}

export interface EngineParts {
  readonly watcher: Watcher
  readonly matcher: EntryMatcher
  readonly retriever: Retriever
  readonly models: ModelManager
  readonly pipeline: ProactivePipeline
  readonly assistant: Assistant
  readonly reviewer: Pick<CaseReviewer, 'review'>
  readonly curator: Curator
  readonly escalation: EscalationWatch
  readonly gapWatch: GapWatch
  /** Empty until the engine restores the shown suggestions onto the conversations rebuilt from the log. */
  readonly suggestions: SuggestionBook
  readonly sentReplies: SentReplies
  /** Each ticket's work in order, tickets concurrently: see scheduling/ticketQueues.ts. */
  readonly queues: TicketQueues
  /** Bounds model calls across everything; the limit is read from the settings at each call. */
  readonly gate: ModelGate
  /** Aborted at stop: work still queued gives up its model calls and finishes retrieval-only. */
  readonly life: AbortController
  /** Team knowledge sync with teammates over git; idle for teams without a remote. Started in `begin()`. */
  readonly sync: SyncService
  /** The counters and adaptation that cards and reactions move, redone at start when a kill cut them short. */
  readonly reactionEffects: ReactionEffects
  /** A model failure at `stage`: a warning, and the caller falls back to retrieval only. */
  onModelProblem(stage: string, error: LlmError): void
}

export function buildParts(
  host: EngineHost,
  options: EngineOptions,
  stores: EngineStores,
  hooks: PartHooks
): EngineParts {
  const { knowledge, settings } = stores
  const watcher = new Watcher()
  // Restored from saved summaries, not derived from every entry (retrieval/matcherMemory.ts).
  const matcher = stores.matchers.matcher
  const retriever = new Retriever(knowledge, matcher, stores.wordings?.model ?? null)
  const gate = new ModelGate(() => settings.get().llm.maxConcurrentCalls)
  const onModelProblem = (stage: string, error: LlmError): void => {
    // A cancelled call (the message's time budget, or stopping) is not the model's failure.
    if (error.code === 'LLM_ABORTED') return
    hooks.warn(
      `The model failed at ${stage} (${error.code}): ${error.message} Falling back to retrieval only.`,
      true
    )
  }
  const models = new ModelManager({
    factories: options.modelFactories ?? defaultBackendFactories(host.logger),
    secrets: host.secrets,
    logger: host.logger,
    onStatus: () => {
      hooks.statusChanged()
      useModelEmbeddings()
    },
    selfCheck: runSelfCheck,
    onWarning: (message) => hooks.warn(message, true)
  })
  // Knowledge search turns hybrid once the model in use gives embeddings and the entries have vectors.
  let embeddingsFrom: LlmRuntime | null = null
  const useModelEmbeddings = (): void => {
    const runtime = models.runtime()
    if (runtime === embeddingsFrom) return
    embeddingsFrom = runtime
    void (
      runtime ? knowledgeEmbedder(runtime, host.logger, gate.wrap(runtime)!) : Promise.resolve(null)
    ).then((embedder) => (embeddingsFrom === runtime ? knowledge.useEmbedder(embedder) : undefined))
  }
  const life = new AbortController()
  const gatedModel = (budget?: AbortSignal) => gate.wrap(models.runtime(), budget)
  const newEntryId = (ticketId: string, team: string) => uniqueEntryId(knowledge, team, ticketId)
  const learner = new Learner(knowledge, matcher, newEntryId, gatedModel)
  // Evaluation only (`verbatim`): each resolved case stored as written, to show what curated learning adds.
  const reviewer =
    options.learning === 'verbatim'
      ? new VerbatimLearner(knowledge, matcher, newEntryId)
      : new CaseReviewer(knowledge, matcher, learner, gatedModel, onModelProblem, models.witness)
  const reactionEffects = new ReactionEffects(
    stores.reacted,
    knowledge,
    stores.adaptive,
    (message) => hooks.warn(message),
    () => hooks.statusChanged()
  )
  const suggestions = new SuggestionBook(stores.suggestionLog, watcher, reactionEffects, host.clipboard)
  return {
    watcher,
    matcher,
    retriever,
    models,
    pipeline: new ProactivePipeline(retriever, onModelProblem, models.witness),
    assistant: new Assistant({
      retriever,
      model: gatedModel,
      emit: screenAskChunks((chunk) => hooks.emit('assist.chunk', chunk)),
      onModelProblem,
      budget: () => modelBudget(settings.get().llm.assistBudgetSeconds, life.signal),
      onBudgetExpired: (what, seconds) =>
        hooks.warn(`${what} ran past its ${seconds} s model budget; it came from knowledge alone.`, true)
    }),
    reviewer,
    curator: new Curator(knowledge, matcher),
    escalation: new EscalationWatch((message) => hooks.warn(message, true), onModelProblem),
    gapWatch: new GapWatch(
      stores.gaps,
      matcher,
      () => settings.get().pipeline,
      (team) => hooks.emit('knowledge.gapsChanged', { team })
    ),
    suggestions,
    sentReplies: new SentReplies(suggestions),
    queues: new TicketQueues((ticketId, error) =>
      hooks.warn(`Vigil's work on ${ticketId} failed: ${(error as Error).message}`)
    ),
    gate,
    life,
    sync: buildSync(host, stores, matcher, hooks),
    reactionEffects,
    onModelProblem
  }
}
