/**
 * The engine: applies connector events to conversations, runs the proactive pipeline on each message, learns on
 * each resolution, and answers the contract's routes. Hosts build it with `createEngine`.
 */
import { join } from 'node:path'
import type { EngineStatus, PushEnvelope, PushEventName, PushEventPayload } from '../../shared/contract'
import { ConnectorEvent, eventTime } from '../../shared/events'
import { VigilError } from '../../shared/errors'
import type { FeedbackKind, Suggestion } from '../../shared/domain'
import { AdaptiveIntervention, adaptedPipeline } from './learning/adaptiveIntervention'
import { createHandlers } from './api/handlers'
import { ConnectedTickets, connectionsApi, postNoteToSource } from './connections/connectedTickets'
import { ConnectionRegistry } from './connections/connectionRegistry'
import { recordedSourceId } from './connections/ticketScope'
import { createConnector } from './connectors/createConnector'
import { Assistant } from './assist/assistant'
import { EscalationWatch, severityAtLeast } from './escalation/escalationWatch'
import { SentReplies, type SentReuseRecorded } from './feedback/sentReplies'
import { GapWatch } from './gaps/gapWatch'
import { KnowledgeGaps } from './gaps/knowledgeGaps'
import { defaultBackendFactories } from './llm/defaultBackendFactories'
import type { LlmError } from './llm/llmError'
import { ModelManager } from './llm/modelManager'
import { runSelfCheck } from './trust/selfCheck'
import { wakeGate } from './pipeline/wakeGate'
import { createDispatcher, type Dispatch } from './api/dispatch'
import { ticketSummary } from './api/views'
import type { ConnectorDelivery } from './connectors/connector'
import { createSourceRunner } from './connectors/createSourceRunner'
import type { SourceRunner } from './connectors/sourceRunner'
import type { EngineHost } from './host'
import { KnowledgeStore } from './knowledge/knowledgeStore'
import { CaseReviewer, type ReviewOutcome } from './learning/caseReview'
import { Curator } from './learning/curator'
import { Learner } from './learning/learner'
import { uniqueEntryId } from './learning/entryIds'
import { VerbatimLearner } from './learning/verbatimLearner'
import { WordingMemory } from './learning/wordingMemory'
import { ProactivePipeline } from './pipeline/pipeline'
import { EntryMatcher } from './retrieval/entryMatcher'
import { Retriever } from './retrieval/retriever'
import { screenAskChunks, screenSuggestion } from './safety/screen'
import { SettingsService } from './settings/settingsService'
import { CursorStore } from './storage/cursorStore'
import { EventLog } from './storage/eventLog'
import { EffectsJournal } from './storage/effectsJournal'
import { LearningJournal } from './storage/learningJournal'
import { SuggestionLog } from './storage/suggestionLog'
import { SuggestionBook } from './suggestions/suggestionBook'
import type { Engine, EngineActivity, EngineOptions } from './types'
import type { ConversationState } from './watcher/conversationState'
import { Watcher } from './watcher/watcher'
import { ModelGate } from './scheduling/modelGate'
import { HAND_OFF_MS, handOff, TicketQueues, type Scheduled } from './scheduling/ticketQueues'

/** Everything the engine holds once started; handlers read it through this. */
export interface EngineContext {
  host: EngineHost
  settings: SettingsService
  knowledge: KnowledgeStore
  curator: Curator
  watcher: Watcher
  suggestions: SuggestionBook
  runner: SourceRunner | null
  now(): Date
  status(): EngineStatus
  emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void
  /** Starts answering a question about a ticket; returns the request id its `assist.chunk` events carry. */
  ask(state: ConversationState, question: string): string
  /** Summarizes a ticket and shows the summary card. */
  summarize(state: ConversationState): Promise<Suggestion>
  /** Applies the model settings again (e.g. after the API key changed). */
  reloadModel(): Promise<void>
  connections: ReturnType<typeof connectionsApi>
  /** Posts a note visible to analysts only on the ticket, in the system it came from. */
  postInternalNote(ticketId: string, text: string): Promise<void>
  /** Counts an analyst's first reaction to a suggestion toward the team's adaptation. */
  recordReaction(suggestion: Suggestion, kind: FeedbackKind): Promise<void>
  /** The problems the team's knowledge could not answer. */
  gaps: GapWatch
}

export class VigilEngine implements Engine {
  private readonly listeners = new Set<(envelope: PushEnvelope) => void>()
  private readonly activityListeners = new Set<(activity: EngineActivity) => void>()
  private readonly watcher = new Watcher()
  private readonly matcher = new EntryMatcher()
  private context: EngineContext | null = null
  private dispatch: Dispatch | null = null
  private starting: Promise<void> | null = null
  private eventLog: EventLog | null = null
  private cursors: CursorStore | null = null
  private suggestionLog: SuggestionLog | null = null
  private journal: LearningJournal | null = null
  private handled: EffectsJournal | null = null
  private pipeline: ProactivePipeline | null = null
  private reviewer: Pick<CaseReviewer, 'review'> | null = null
  private wordings: WordingMemory | null = null
  private sourceTime: Date | null = null
  private settings: SettingsService | null = null
  private models: ModelManager | null = null
  private escalation: EscalationWatch | null = null
  private assistant: Assistant | null = null
  private gapWatch: GapWatch | null = null
  private sentReplies: SentReplies | null = null
  private adaptive: AdaptiveIntervention | null = null
  private connections: ConnectionRegistry | null = null
  /** Which source each ticket came from (for internal notes and the connections screen). */
  private readonly tickets = new ConnectedTickets()
  private messagesProcessed = 0
  private readonly warnings: string[] = []
  /** Each ticket's work in order, tickets concurrently: see scheduling/ticketQueues.ts. */
  private readonly queues = new TicketQueues((ticketId, error) =>
    this.warn(`Vigil's work on ${ticketId} failed: ${(error as Error).message}`)
  )
  /** Bounds model calls across everything; the limit is read from the settings at each call. */
  private readonly gate = new ModelGate(() => this.settings?.get().llm.maxConcurrentCalls ?? 2)
  /** Aborted at stop: work still queued gives up its model calls and finishes retrieval-only. */
  private readonly life = new AbortController()

  constructor(
    private readonly host: EngineHost,
    private readonly options: EngineOptions
  ) {}

  start(): Promise<void> {
    this.starting ??= this.open()
    return this.starting
  }

  async stop(): Promise<void> {
    if (!this.starting) return
    await this.starting.catch(() => undefined)
    await this.context?.runner?.stop()
    await this.connections?.stop()
    this.life.abort()
    await this.queues.whenIdle()
    await this.models?.dispose()
    await Promise.all([
      this.eventLog?.close(),
      this.suggestionLog?.close(),
      this.journal?.close(),
      this.handled?.close(),
      this.cursors?.flush(),
      this.wordings?.flush(),
      this.gapWatch?.gaps.flush()
    ])
    await this.context?.knowledge.close()
  }

  async whenSourceIdle(): Promise<void> {
    await this.start()
    await this.context?.runner?.whenIdle()
    // Idle means every card and learned entry is in, not just every event read.
    await this.queues.whenIdle()
  }

  async call(route: string, input: unknown) {
    await this.start()
    return this.dispatch!(route, input)
  }

  onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  onActivity(listener: (activity: EngineActivity) => void): () => void {
    this.activityListeners.add(listener)
    return () => this.activityListeners.delete(listener)
  }

  private async open(): Promise<void> {
    const { host } = this
    const dataDir = host.paths.dataDir
    const settings = new SettingsService(host.settings)
    this.settings = settings
    this.warnings.push(...settings.getWarnings())
    for (const warning of settings.getWarnings()) host.logger.warn(warning)

    const knowledge = await KnowledgeStore.open({
      dir: join(dataDir, 'knowledge'),
      logger: host.logger,
      compactEvery: this.options.knowledgeCompactEvery
    })
    for (const problem of knowledge.problems()) this.warnings.push(problem.message)
    for (const team of knowledge.teams())
      for (const entry of knowledge.entries(team)) this.matcher.index(entry)

    const opened = await EventLog.open(join(dataDir, 'events.jsonl'))
    this.eventLog = opened.log
    // Ids of live connections are scoped by connection (connections/ticketScope.ts); the log holds them scoped.
    this.tickets.keepIdsOf(recordedSourceId(this.options.source))
    const logged = opened.events.map(
      ({ connectorId, event }) => (this.tickets.restore(connectorId, event), event)
    )
    for (const event of logged) await this.replayFromLog(event)
    const resolutions = logged.flatMap((event) =>
      event.type === 'ticket.resolved'
        ? [{ eventId: event.eventId, ticketId: event.ticketId, at: event.at }]
        : []
    )
    this.journal = await LearningJournal.open(
      join(dataDir, 'learned.jsonl'),
      resolutions.map((resolution) => resolution.eventId)
    )
    this.handled = await EffectsJournal.open(join(dataDir, 'handled.jsonl'), logged)
    const suggestionLog = await SuggestionLog.open(join(dataDir, 'suggestions.jsonl'))
    this.suggestionLog = suggestionLog.log
    const suggestions = new SuggestionBook(suggestionLog.log, this.watcher, knowledge, host.clipboard, (m) =>
      this.warn(m)
    )
    suggestions.restore(suggestionLog.suggestions)
    this.cursors = await CursorStore.open(join(dataDir, 'cursors.json'))
    this.adaptive = await AdaptiveIntervention.open(join(dataDir, 'adaptive.json'))

    if (this.options.wordingModel !== false)
      this.wordings = await WordingMemory.open(join(dataDir, 'wordings'), knowledge, (message) =>
        this.warn(message)
      )
    const retriever = new Retriever(knowledge, this.matcher, this.wordings?.model ?? null)
    const onModelProblem = (stage: string, error: LlmError): void => {
      // A cancelled call (the message's time budget, or stopping) is not the model's failure.
      if (error.code === 'LLM_ABORTED') return
      this.warn(
        `The model failed at ${stage} (${error.code}): ${error.message} Falling back to retrieval only.`,
        true
      )
    }
    this.gapWatch = new GapWatch(
      await KnowledgeGaps.open(join(dataDir, 'gaps.json'), (message) => this.warn(message)),
      this.matcher,
      () => settings.get().pipeline,
      (team) => this.emit('knowledge.gapsChanged', { team })
    )
    this.escalation = new EscalationWatch((message) => this.warn(message, true), onModelProblem)
    const models = new ModelManager({
      factories: this.options.modelFactories ?? defaultBackendFactories(host.logger),
      secrets: host.secrets,
      logger: host.logger,
      onStatus: () => this.emit('engine.status', this.status()),
      selfCheck: runSelfCheck,
      onWarning: (message) => this.warn(message, true)
    })
    this.models = models
    this.pipeline = new ProactivePipeline(retriever, onModelProblem, models.witness)
    this.assistant = new Assistant({
      retriever,
      model: () => this.gate.wrap(models.runtime()),
      emit: screenAskChunks((chunk) => this.emit('assist.chunk', chunk)),
      onModelProblem
    })
    const learner = new Learner(
      knowledge,
      this.matcher,
      (ticketId, team) => uniqueEntryId(knowledge, team, ticketId),
      () => this.gate.wrap(models.runtime())
    )
    this.reviewer = new CaseReviewer(
      knowledge,
      this.matcher,
      learner,
      () => this.gate.wrap(models.runtime()),
      onModelProblem,
      models.witness
    )
    // Evaluation only: each resolved case stored as written, to show what curated learning adds.
    if (this.options.learning === 'verbatim') {
      this.reviewer = new VerbatimLearner(knowledge, this.matcher, (ticketId, team) =>
        uniqueEntryId(knowledge, team, ticketId)
      )
    }

    const runner = await createSourceRunner(this.options.source, {
      resourcesDir: host.paths.resourcesDir,
      demoSpeed: settings.get().demo.speed,
      cursors: this.cursors,
      process: (connectorId, delivery) => this.process(connectorId, delivery),
      onStatus: () => this.emit('engine.status', this.status())
    })
    const connections = new ConnectionRegistry({
      file: join(dataDir, 'connections.json'),
      secrets: host.secrets,
      cursors: this.cursors,
      factory: this.options.connectorFactory ?? createConnector,
      options: () => ({ defaultTeam: settings.get().team }),
      handle: (connectorId, delivery) => this.process(connectorId, delivery),
      onChange: () => this.emit('engine.status', this.status()),
      warn: (message) => this.warn(message)
    })
    this.connections = connections
    this.sentReplies = new SentReplies(suggestions, (suggestion, kind) =>
      this.context!.recordReaction(suggestion, kind)
    )
    this.context = {
      host,
      settings,
      knowledge,
      curator: new Curator(knowledge, this.matcher),
      watcher: this.watcher,
      suggestions,
      runner,
      now: () => this.now(),
      status: () => this.status(),
      emit: (event, payload) => this.emit(event, payload),
      ask: (state, question) =>
        this.assistant!.askInBackground(state, question, (message) => this.warn(message)),
      summarize: async (state) => {
        return this.show(state, await this.assistant!.summarize(state, this.now()))
      },
      connections: connectionsApi(connections, this.tickets),
      postInternalNote: (ticketId, text) =>
        postNoteToSource(ticketId, text, this.tickets, runner, connections),
      recordReaction: async (suggestion, kind) => {
        if (suggestion.citations.length === 0) return
        await this.adaptive!.record(suggestion.team, kind === 'adopted' || kind === 'liked')
        this.emit('engine.status', this.status())
      },
      reloadModel: async () => {
        await models.configure(settings.get().llm, { force: true })
      },
      gaps: this.gapWatch
    }
    // The model loads in the background: Vigil works retrieval-only until it is ready (unless asked to wait).
    const modelSettled = models.configure(settings.get().llm)
    settings.onChange((next) => void models.configure(next.llm))
    if (this.options.awaitModel) await modelSettled
    this.dispatch = createDispatcher(createHandlers(this.context), host.logger)
    // Messages logged whose work never completed (the process stopped first) are handled now, in log order.
    for (const redo of this.handled.unhandled(logged, this.watcher))
      this.queues.schedule(redo.state.ticket.id, () =>
        this.handleMessage(redo.state, redo.message, redo.now, redo.eventId)
      )
    // Resolutions logged but never learned from (the process stopped first) are learned now, before new events.
    for (const resolution of resolutions) {
      const state = this.watcher.get(resolution.ticketId)
      if (this.journal.has(resolution.eventId) || !state) continue
      this.queues.schedule(state.ticket.id, () =>
        this.learnFrom(state, new Date(resolution.at), resolution.eventId)
      )
    }
    runner?.start()
    await connections.start()
  }

  /** Rebuilds conversation state from an already-processed event: no pipeline, no learning. */
  private async replayFromLog(event: ConnectorEvent): Promise<void> {
    try {
      this.watcher.apply(event)
    } catch (error) {
      this.warnings.push(`events.jsonl: ${(error as Error).message}`)
      return
    }
    this.sourceTime = new Date(eventTime(event))
    this.checkStalled(this.sourceTime, true)
  }

  private async process(connectorId: string, delivery: ConnectorDelivery): Promise<void> {
    const parsed = ConnectorEvent.safeParse(delivery.event)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return this.skip(null, `${connectorId}: invalid event: ${issue?.path.join('.')}: ${issue?.message}`)
    }
    const event = this.tickets.scope(connectorId, parsed.data)
    if (this.eventLog!.has(event.eventId)) return
    let change
    try {
      change = this.watcher.apply(event)
    } catch (error) {
      if (error instanceof VigilError) return this.skip(event.eventId, `${connectorId}: ${error.message}`)
      throw error
    }
    await this.eventLog!.append(connectorId, event)
    const now = new Date(eventTime(event))
    if (!this.sourceTime || now > this.sourceTime) this.sourceTime = now
    // The event is applied and logged in stream order; what follows runs on the ticket's queue.
    const scheduled: Scheduled[] = []
    if (change.type !== 'ignored') {
      const { state } = change
      this.emitTicket(state)
      if (change.type === 'message') {
        const message = state.messages[change.messageIndex]!
        this.emit('message.added', message)
        scheduled.push(
          this.queues.schedule(state.ticket.id, () => this.handleMessage(state, message, now, event.eventId))
        )
      } else if (change.type === 'resolved') {
        scheduled.push(
          this.queues.schedule(state.ticket.id, async () => {
            this.noteReuse(await this.sentReplies!.atResolution(state, now))
            await this.learnFrom(state, now, event.eventId)
          })
        )
      }
    }
    scheduled.push(...this.checkStalled(now))
    // Without a model nothing is slow, so the stream waits and keeps its exact order; with one, briefly at most.
    const waitForAll = this.options.waitForWork === true || !this.models!.runtime()
    await handOff(scheduled, waitForAll ? Infinity : HAND_OFF_MS)
  }

  /** A message's work: sent-reply reuse, then the pipeline; recorded as handled once both are done. */
  private async handleMessage(
    state: ConversationState,
    message: ConversationState['messages'][number],
    now: Date,
    eventId: string
  ): Promise<void> {
    this.noteReuse(await this.sentReplies!.afterAnalystMessage(state, message))
    await this.considerSpeaking(state, message, now)
    await this.handled!.done(eventId)
  }

  private async considerSpeaking(
    state: ConversationState,
    trigger: ConversationState['messages'][number] | null,
    now: Date
  ): Promise<void> {
    const settings = this.context!.settings.get()
    const budgetSeconds = settings.pipeline.messageBudgetSeconds
    const signal = AbortSignal.any([this.life.signal, AbortSignal.timeout(budgetSeconds * 1000)])
    const llm = this.gate.wrap(this.models!.runtime(), signal)
    if (trigger) {
      this.messagesProcessed++
      // Patterns always; the model judges described rules only for messages worth a look (cost control).
      const worthALook = wakeGate(
        state,
        trigger,
        state.phase(now, settings.pipeline.stalledAfterMinutes)
      ).wake
      const alerts = await this.escalation!.check(
        state,
        trigger,
        now,
        settings.escalation,
        worthALook ? llm : null
      ).catch((error: unknown) => {
        // Escalation is a side watch: whatever fails in it, the suggestion pipeline still runs.
        this.warn(`The escalation watch failed on ${state.ticket.id}: ${(error as Error).message}`, true)
        return []
      })
      for (const alert of alerts) {
        await this.show(state, alert)
        if (severityAtLeast(alert.severity ?? 'low', settings.escalation.notifyFrom)) {
          this.host.notifier.notify(`Vigil: ${alert.title} on ${state.ticket.id}`, alert.text)
        }
      }
    }
    const { scale } = this.adaptive!.adaptation(state.ticket.team, settings.learning)
    const pipeline = adaptedPipeline(settings.pipeline, scale)
    const decision = await this.pipeline!.run({ state, trigger, now, settings: pipeline, llm, signal })
    if (llm && signal.aborted && !this.life.signal.aborted)
      this.warn(
        `A message's model stages ran past their ${budgetSeconds} s budget; it got the retrieval-only result.`,
        true
      )
    this.gapWatch!.afterPipeline(state, trigger, decision, now)
    if (decision.outcome === 'silent') {
      this.activity({
        type: 'silent',
        ticketId: state.ticket.id,
        messageId: trigger?.id ?? null,
        ...decision
      })
      return
    }
    await this.show(state, decision.suggestion)
  }

  private async show(state: ConversationState, unchecked: Suggestion): Promise<Suggestion> {
    // Every card, whoever wrote it, passes the risk checks here: the one way onto an analyst's screen.
    const suggestion = screenSuggestion(unchecked)
    await this.context!.suggestions.show(suggestion)
    this.gapWatch!.shown(suggestion)
    this.emit('suggestion.added', suggestion)
    this.emitTicket(state)
    this.activity({ type: 'suggestion', suggestion })
    return suggestion
  }

  private noteReuse(recorded: SentReuseRecorded[]): void {
    for (const { suggestion, kind } of recorded) {
      this.emit('suggestion.updated', suggestion)
      this.activity({ type: 'reuse', suggestion, kind })
    }
  }

  /** Learns from a resolution (`eventId`, already in the event log) and records it in the learning journal. */
  private async learnFrom(state: ConversationState, now: Date, eventId: string): Promise<void> {
    let outcomes: ReviewOutcome[]
    try {
      outcomes = await this.reviewer!.review(state, now, this.context!.settings.get().learning)
    } catch (error) {
      // A team whose knowledge failed to load refuses writes; the stream goes on and the file stays as it was.
      if (!(error instanceof VigilError)) throw error
      this.warn(`not learned from ${state.ticket.id}: ${error.message}`)
      await this.journal!.learnedFrom(eventId)
      return
    }
    this.wordings?.learn(state, outcomes)
    // Suggestions nobody reacted to are judged by how the case was resolved: confirmed, or ignored and refuted.
    const verdicts = new Map(outcomes.map((outcome) => [outcome.entry.id, outcome.type]))
    for (const suggestion of state.suggestions) {
      const primary = suggestion.citations[0]?.entryId
      const verdict = primary ? verdicts.get(primary) : undefined
      const reacted = suggestion.feedback.some((feedback) => feedback.kind !== 'ignored')
      if (reacted || !verdict || verdict === 'learned' || verdict === 'merged') continue
      await this.adaptive!.record(suggestion.team, verdict === 'confirmed')
    }
    // Written once every effect is on disk (knowledge, the team's wordings, adaptation): a kill before this line
    // learns the case again at the next start, where the review skips what this ticket already counted for.
    await this.wordings?.flush()
    await this.journal!.learnedFrom(eventId)
    for (const outcome of outcomes) {
      const { entry } = outcome
      this.emit('knowledge.changed', {
        team: entry.team,
        entryId: entry.id,
        change: outcome.type === 'learned' || outcome.type === 'merged' ? outcome.type : 'updated'
      })
      this.activity({
        type: outcome.type,
        entry,
        ticketId: state.ticket.id,
        similarity: 'similarity' in outcome ? outcome.similarity : 1
      })
    }
    if (outcomes.length) {
      const changed = outcomes.map((outcome) => outcome.entry)
      this.gapWatch!.knowledgeChanged(state.ticket.team, changed, now)
      this.emit('engine.status', this.status())
    }
  }

  /**
   * Open tickets whose customer has waited too long wake the pipeline once per unanswered message. Checked
   * after every event, so rebuilding from the event log (`markOnly`) marks exactly the stalls handled live.
   */
  private checkStalled(now: Date, markOnly = false): Scheduled[] {
    const { stalledAfterMinutes } = this.settings!.get().pipeline
    const scheduled: Scheduled[] = []
    for (const state of this.watcher.open()) {
      if (state.phase(now, stalledAfterMinutes) !== 'stalled') continue
      const waiting = state.lastMessage('customer')
      if (!waiting || state.stallHandledFor === waiting.id) continue
      // Marked now, in stream order, so rebuilding from the log marks the same stalls; the check itself queues.
      state.stallHandledFor = waiting.id
      if (!markOnly)
        scheduled.push(this.queues.schedule(state.ticket.id, () => this.considerSpeaking(state, null, now)))
    }
    return scheduled
  }

  private skip(eventId: string | null, reason: string): void {
    this.warn(`skipped event: ${reason}`)
    this.activity({ type: 'skipped-event', eventId, reason })
  }

  /**
   * Logged once, and kept (the latest 100) for the status line a person sees. `repeatable` problems (a failing
   * model, a bad pattern) are kept once, not once per message.
   */
  private warn(message: string, repeatable = false): void {
    if (repeatable && this.warnings.includes(message)) return
    this.host.logger.warn(message)
    this.warnings.push(message)
    if (this.warnings.length > 100) this.warnings.splice(0, this.warnings.length - 100)
  }

  private now(): Date {
    return this.options.source.kind !== 'none' && this.sourceTime ? this.sourceTime : this.host.clock.now()
  }

  private status(): EngineStatus {
    const context = this.context
    return {
      team: context?.settings.get().team ?? '',
      source: context?.runner?.status() ?? {
        kind: 'none',
        state: 'idle',
        delivered: 0,
        total: null,
        speed: null,
        error: null
      },
      tickets: this.watcher.size,
      suggestions: context?.suggestions.size ?? 0,
      knowledgeEntries: context?.knowledge.count() ?? 0,
      model: this.models?.status(),
      messages: this.messagesProcessed,
      llmCalls: this.models?.calls ?? 0,
      adaptation:
        context && this.adaptive
          ? this.adaptive.adaptation(context.settings.get().team, context.settings.get().learning)
          : undefined,
      warnings: [...this.warnings]
    }
  }

  private emitTicket(state: ConversationState): void {
    const { stalledAfterMinutes } = this.context!.settings.get().pipeline
    this.emit('ticket.changed', ticketSummary(state, this.now(), stalledAfterMinutes))
  }

  private emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void {
    const envelope = { event, payload } as PushEnvelope
    for (const listener of this.listeners) listener(envelope)
  }

  private activity(activity: EngineActivity): void {
    for (const listener of this.activityListeners) listener(activity)
  }
}
