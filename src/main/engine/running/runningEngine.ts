/**
 * The engine once started, built whole: every store is open and every collaborator constructed before the
 * constructor returns, so each field is readonly and never null (the recorded source is null only when the engine
 * has none). `VigilEngine` is the lifecycle shell that builds one of these in `start()`. The order in which its
 * work runs (events in stream order, each ticket's work on its own queue) is described in scheduling/ticketQueues.ts.
 */
import { join } from 'node:path'
import type { EngineStatus, PushEnvelope, PushEventName, PushEventPayload } from '../../../shared/contract'
import type { Suggestion } from '../../../shared/domain'
import { eventTime } from '../../../shared/events'
import type { Result } from '../../../shared/errors'
import { createDispatcher, type Dispatch } from '../api/dispatch'
import { createHandlers } from '../api/handlers'
import { ticketSummary } from '../api/views'
import { caseTracker } from '../assist/caseTracker'
import { ConnectedTickets } from '../connections/connectedTickets'
import { ConnectionRegistry } from '../connections/connectionRegistry'
import { recordedSourceId } from '../connections/ticketScope'
import { createConnector } from '../connectors/createConnector'
import { createSourceRunner } from '../connectors/createSourceRunner'
import type { SourceRunner } from '../connectors/sourceRunner'
import type { EngineHost } from '../host'
import { PendingLearning } from '../learning/pendingLearning'
import { screenSuggestion } from '../safety/screen'
import type { EngineActivity, EngineOptions } from '../types'
import type { ConversationState } from '../watcher/conversationState'
import { applyEvent } from './applyEvent'
import { buildParts, type EngineParts } from './buildParts'
import type { EngineCore } from './core'
import { EngineClock } from './engineClock'
import { engineContext } from './engineContext'
import { engineStatus } from './engineStatus'
import { handleMessage } from './handleMessage'
import { learnOnResolution, retryLearning } from './learnOnResolution'
import type { EngineStores } from './openStores'
import { ResolvedRetirement } from './retireResolved'
import { newStalls } from './stalls'
import type { EngineWarnings } from './warnings'

/** Where the running engine sends what the shell's listeners receive. */
export interface EngineOutlet {
  emit(envelope: PushEnvelope): void
  activity(activity: EngineActivity): void
}

export class RunningEngine implements EngineCore {
  readonly parts: EngineParts
  readonly clock: EngineClock
  readonly tickets: ConnectedTickets
  readonly counts = { messages: 0 }
  // Retries run only once the engine has begun, after the constructor has built every part they use.
  readonly unlearned = new PendingLearning((resolution) => retryLearning(this, resolution))
  readonly retirement = new ResolvedRetirement()
  private readonly runner: SourceRunner | null
  private readonly connections: ConnectionRegistry
  private readonly dispatch: Dispatch

  constructor(
    readonly host: EngineHost,
    readonly options: EngineOptions,
    readonly stores: EngineStores,
    readonly warnings: EngineWarnings,
    private readonly outlet: EngineOutlet
  ) {
    const { settings, cursors } = stores
    this.clock = new EngineClock(host.clock, options.source.kind !== 'none')
    // Ids of live connections are scoped by connection (connections/ticketScope.ts); the recorded source's are not.
    this.tickets = new ConnectedTickets(recordedSourceId(options.source))
    this.parts = buildParts(host, options, stores, {
      warn: (message, repeatable) => warnings.warn(message, repeatable),
      emit: (event, payload) => this.emit(event, payload),
      statusChanged: () => this.statusChanged(),
      clock: this.clock
    })
    this.rebuildFromLog()
    this.parts.suggestions.restore([...stores.shown])
    this.runner =
      stores.source &&
      createSourceRunner(stores.source, {
        cursors,
        process: (connectorId, delivery) => applyEvent(this, connectorId, delivery),
        onStatus: () => this.statusChanged()
      })
    this.connections = new ConnectionRegistry({
      file: join(host.paths.dataDir, 'connections.json'),
      secrets: host.secrets,
      cursors,
      factory: options.connectorFactory ?? createConnector,
      options: () => ({ defaultTeam: settings.get().team }),
      handle: (connectorId, delivery) => applyEvent(this, connectorId, delivery),
      onChange: () => this.statusChanged(),
      warn: (message) => warnings.warn(message)
    })
    const context = engineContext(this, this.runner, this.connections, () => this.status())
    this.dispatch = createDispatcher(createHandlers(context), host.logger)
  }

  /** Loads the model, queues the learning a stop interrupted, then starts the sources. */
  async begin(): Promise<void> {
    const { models } = this.parts
    const { settings } = this.stores
    // Reads the teams' remotes; the first pull of each runs in the background (its entries are indexed as they land).
    await this.parts.sync.start()
    // The model loads in the background: Vigil works retrieval-only until it is ready (unless asked to wait).
    const modelSettled = models.configure(settings.get().llm)
    settings.onChange((next) => void models.configure(next.llm))
    if (this.options.awaitModel) await modelSettled
    // Cards and reactions logged whose counters or adaptation a stop cut short get them now, before anything new.
    const redone = await this.parts.reactionEffects.redo(this.parts.suggestions.all())
    if (redone > 0) this.host.logger.info('reaction effects redone at start', { redone })
    // Messages logged whose work never completed (the process stopped first) are handled now, in log order.
    const logged = this.stores.logged.map(({ event }) => event)
    for (const redo of this.stores.handled.unhandled(logged, this.parts.watcher))
      this.parts.queues.schedule(redo.state.ticket.id, () =>
        handleMessage(this, redo.state, redo.message, redo.now, redo.eventId)
      )
    // Resolutions logged but never learned from (the process stopped first) are learned now, before new events.
    for (const resolution of this.stores.resolutions) {
      const state = this.parts.watcher.get(resolution.ticketId)
      if (this.stores.journal.has(resolution.eventId) || !state) continue
      this.parts.queues.schedule(state.ticket.id, () =>
        learnOnResolution(this, state, new Date(resolution.at), resolution.eventId)
      )
    }
    this.runner?.start()
    await this.connections.start()
  }

  call(route: string, input: unknown): Promise<Result<unknown>> {
    return this.dispatch(route, input)
  }

  async whenSourceIdle(): Promise<void> {
    await this.runner?.whenIdle()
    // Idle means every card and learned entry is in, not just every event read.
    await this.parts.queues.whenIdle()
  }

  async stop(): Promise<void> {
    await this.runner?.stop()
    await this.connections.stop()
    this.parts.life.abort()
    this.unlearned.stop()
    await this.parts.queues.whenIdle()
    // After the last learning (its push is not left to the debounce) and before the knowledge store closes.
    await this.parts.sync.stop()
    await this.parts.models.dispose()
    await this.stores.close()
  }

  async show(state: ConversationState, unchecked: Suggestion): Promise<Suggestion> {
    // Every card, whoever wrote it, passes the risk checks here: the one way onto an analyst's screen.
    const suggestion = screenSuggestion(unchecked)
    await this.parts.suggestions.show(suggestion)
    this.parts.gapWatch.shown(suggestion)
    this.emit('suggestion.added', suggestion)
    this.emitTicket(state)
    this.activity({ type: 'suggestion', suggestion })
    return suggestion
  }

  emitTicket(state: ConversationState): void {
    const { stalledAfterMinutes } = this.stores.settings.get().pipeline
    const now = this.clock.now()
    const source = this.tickets.source(state.ticket.id)?.connectorId
    this.emit('ticket.changed', ticketSummary(state, now, stalledAfterMinutes, source))
    this.emit('ticket.tracker', caseTracker(state, { now, stalledAfterMinutes }))
  }

  emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void {
    this.outlet.emit({ event, payload } as PushEnvelope)
  }

  activity(activity: EngineActivity): void {
    this.outlet.activity(activity)
  }

  statusChanged(): void {
    this.emit('engine.status', this.status())
  }

  private status(): EngineStatus {
    return engineStatus(this, this.runner)
  }

  /** Rebuilds conversation state from the events already processed: no pipeline, no learning. */
  private rebuildFromLog(): void {
    const { stalledAfterMinutes } = this.stores.settings.get().pipeline
    for (const { connectorId, event } of this.stores.logged) {
      try {
        this.parts.watcher.apply(event)
        const at = new Date(eventTime(event))
        this.clock.replayed(at)
        // Marks the stalls that were handled live, so none is handled twice.
        newStalls(this.parts.watcher, at, stalledAfterMinutes)
      } catch (error) {
        this.warnings.keep(`events.jsonl: ${(error as Error).message}`)
      }
      // The log holds events as the engine handled them (ids already scoped by connection).
      this.tickets.restore(connectorId, event)
    }
  }
}
