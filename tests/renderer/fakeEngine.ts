/**
 * A small in-memory engine behind the transport interface: it answers every route from its own state, records
 * the calls it got and pushes events to listeners, so tests assert outcomes instead of mocking the bridge.
 */
import { emptyStats } from './fixtures'
import type { StatsReport } from '../../src/shared/stats'
import { createPinia } from 'pinia'
import type { Plugin } from 'vue'
import type {
  CaseTracker,
  EngineStatus,
  PushEnvelope,
  PushEventPayload,
  RouteHandlers,
  TicketDetail
} from '../../src/shared/contract'
import { routes } from '../../src/shared/contract'
import { byStatus } from '../../src/shared/entryCounts'
import type { OverlayCommand } from '../../src/shared/overlayCommands'
import type { KnowledgeEntry, KnowledgeGap, Message, Suggestion } from '../../src/shared/domain'
import type { ErrorPayload, Result } from '../../src/shared/errors'
import { VigilError } from '../../src/shared/errors'
import { applySettingsPatch, defaultSettings } from '../../src/shared/settings'
import type { ConnectionView, TicketSummary } from '../../src/shared/contract'
import {
  createVigilClient,
  vigilClientPlugin,
  type ConnectionState,
  type VigilTransport
} from '../../src/renderer/src/bridge'
import { FakeSync } from './fakeSync'
import { makeStatus } from './fixtures'

export class FakeEngine implements VigilTransport {
  tickets: TicketSummary[] = []
  /** Case trackers `tickets.get` answers with, per ticket id. */
  trackers = new Map<string, CaseTracker>()
  messages: Message[] = []
  /**
   * Tickets out of memory (the engine's archive): not in `tickets.list`, found by `tickets.search` (with their summary,
   * archived) and opened by `tickets.get`; their messages are in `messages`.
   */
  archived: TicketSummary[] = []
  suggestions: Suggestion[] = []
  entries: KnowledgeEntry[] = []
  /** Knowledge gaps, in the order the engine lists them (open first, most frequent first). */
  gaps: KnowledgeGap[] = []
  settings = defaultSettings()
  /** Connections to ticketing systems, and the internal notes posted through them. */
  connections: ConnectionView[] = []
  notes: Array<{ ticketId: string; text: string }> = []
  /** Earlier versions of knowledge entries, as the engine's history would hold them. */
  history: KnowledgeEntry[] = []
  /** What the workbench stored as the remote server's key (the real engine keeps it in the secret store). */
  remoteApiKey = ''
  /** What the engine says of the stored settings it could not use (a damaged file, a name it does not know). */
  settingsWarnings: string[] = []
  status: EngineStatus = makeStatus()
  readonly calls: { route: string; input: unknown }[] = []
  /** Questions asked through `assist.ask`, with the request id their chunks carry. */
  readonly asked: { requestId: string; ticketId: string; question: string }[] = []
  /** Answer every question at once in one chunk; false leaves the streaming to the test (see pushChunk). */
  answerAsks = true
  /** What `stats.get` answers (whatever range is asked; the calls are recorded). */
  stats: StatsReport = emptyStats(this.status.team)
  /** Team knowledge sync: remotes, bundles and conflicts. */
  readonly sync = new FakeSync((id) => this.entries.find((entry) => entry.id === id))
  /** When set, `knowledge.create` holds the new entry as a risky draft for review, with this reason. */
  createHeldAsRisky: string | null = null
  /** When set, rejecting an entry under review answers as for an update of a published entry: active again. */
  keepPublishedOnReject = false
  /** Routes that answer with this error instead of their handler. */
  readonly failures = new Map<string, ErrorPayload>()
  private readonly listeners = new Set<(envelope: PushEnvelope) => void>()

  private readonly handlers: RouteHandlers = {
    'engine.status': async () => this.status,
    'tickets.list': async () => this.tickets,
    'tickets.get': async ({ ticketId }) => this.detail(ticketId),
    'tickets.search': async ({ query }) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean)
      const hits = this.messages.filter((m) => words.every((word) => m.text.toLowerCase().includes(word)))
      return [...new Set(hits.map((m) => m.ticketId))].map((ticketId) => {
        const archived = this.archived.find((ticket) => ticket.id === ticketId)
        return {
          ticketId,
          excerpt: hits.find((m) => m.ticketId === ticketId)!.text.slice(0, 90),
          ...(archived ? { ticket: archived } : {})
        }
      })
    },
    'stats.get': async () => this.stats,
    'knowledge.gaps': async ({ status }) =>
      this.gaps.filter((gap) => status !== 'open' || gap.status === 'open'),
    'suggestions.list': async ({ ticketId }) =>
      this.suggestions.filter((s) => !ticketId || s.ticketId === ticketId),
    'suggestions.react': async ({ suggestionId, kind, reason }) => {
      const index = this.suggestions.findIndex((s) => s.id === suggestionId)
      const found = this.suggestions[index]
      if (!found) throw new VigilError('NOT_FOUND', `No suggestion ${suggestionId}`)
      const feedback = { suggestionId, kind, at: new Date().toISOString(), ...(reason ? { reason } : {}) }
      const updated = { ...found, feedback: [...found.feedback, feedback] }
      this.suggestions[index] = updated
      return updated
    },
    'knowledge.list': async ({ query, filter }) =>
      this.entries.filter(
        (e) =>
          (!query || e.title.toLowerCase().includes(query.toLowerCase())) &&
          (filter !== 'review' || e.review === 'pending')
      ),
    // The engine's page: entries in the order listed (the engine's newest first), filtered, then sliced.
    'knowledge.page': async ({ query, filter, status, limit, offset }) => {
      const found = this.entries.filter(
        (e) =>
          (!query || e.title.toLowerCase().includes(query.toLowerCase())) &&
          (filter !== 'review' || e.review === 'pending') &&
          (!status || e.status === status)
      )
      const { active, draft, retired, rejected = 0 } = byStatus(this.entries)
      return {
        entries: found.slice(offset, offset + limit),
        total: query ? null : found.length,
        more: found.length > offset + limit,
        counts: { active, draft, retired, rejected },
        waiting: this.entries.filter((e) => e.review === 'pending').length
      }
    },
    'knowledge.learnedFrom': async ({ ticketIds }) =>
      this.entries.filter((e) => e.sourceTicketIds.some((ticketId) => ticketIds.includes(ticketId))),
    'knowledge.review': async ({ entryId, action, edit }) => {
      const index = this.entries.findIndex((e) => e.id === entryId)
      const found = this.entries[index]
      if (!found) throw new VigilError('NOT_FOUND', `No knowledge entry ${entryId}`)
      const updated: KnowledgeEntry = {
        ...found,
        ...(action === 'edit' ? edit : {}),
        status:
          action === 'approve' || (action === 'reject' && this.keepPublishedOnReject)
            ? 'active'
            : action === 'reject'
              ? 'retired'
              : found.status,
        review:
          action === 'approve'
            ? 'approved'
            : action === 'reject'
              ? this.keepPublishedOnReject
                ? 'none'
                : 'rejected'
              : found.review,
        version: found.version + 1
      }
      this.history.push(found)
      this.entries[index] = updated
      return updated
    },
    'knowledge.history': async ({ entryId }) => this.history.filter((e) => e.id === entryId),
    'knowledge.rollback': async ({ entryId, version }) => {
      const earlier = this.history.find((e) => e.id === entryId && e.version === version)
      const index = this.entries.findIndex((e) => e.id === entryId)
      if (!earlier || index < 0) throw new VigilError('NOT_FOUND', `No version ${version} of ${entryId}`)
      const restored = { ...earlier, version: this.entries[index]!.version + 1 }
      this.entries[index] = restored
      return restored
    },
    'knowledge.create': async ({ team, ...fields }) => {
      const at = new Date().toISOString()
      const entry: KnowledgeEntry = {
        id: `kb-written-${this.entries.length + 1}`,
        team: team ?? this.status.team,
        ...fields,
        symptoms: [],
        sourceTicketIds: [],
        author: 'human',
        status: 'active',
        version: 1,
        createdAt: at,
        updatedAt: at,
        counters: { shown: 0, adopted: 0, liked: 0, disliked: 0, dismissed: 0 },
        provenance: [{ kind: 'written', at, by: this.settings.analystName }],
        ...(this.createHeldAsRisky
          ? { status: 'draft' as const, risk: this.createHeldAsRisky, review: 'pending' as const }
          : {})
      }
      this.entries.unshift(entry)
      return entry
    },
    'knowledge.edit': async ({ entryId, edit }) =>
      this.replaceEntry(entryId, (found) => ({ ...found, ...edit })),
    // Like the engine, a rejected draft comes back to the review queue, not into use.
    'knowledge.setStatus': async ({ entryId, action }) =>
      this.replaceEntry(entryId, (found) =>
        action === 'restore' && found.review === 'rejected'
          ? { ...found, status: 'draft', review: 'pending' }
          : { ...found, status: action === 'retire' ? 'retired' : 'active' }
      ),
    'connections.list': async () => this.connections,
    'connections.test': async ({ config }) =>
      config['baseUrl'] === 'https://bad.example.com'
        ? { ok: false, message: 'The server answered 401: the token is not valid.' }
        : { ok: true, message: 'Connected.' },
    'connections.save': async ({ config, token }) => {
      const stored = this.connections.find((c) => c.config.id === config['id'])
      const view: ConnectionView = {
        config: config as ConnectionView['config'],
        // Like the engine, a save without a token keeps the one already stored.
        hasToken: Boolean(token) || stored?.hasToken === true,
        status: { state: 'starting', error: null, restarts: 0, stats: null },
        watchedTickets: []
      }
      this.connections = [...this.connections.filter((c) => c.config.id !== view.config.id), view]
      return view
    },
    'connections.remove': async ({ id }) => {
      this.connections = this.connections.filter((c) => c.config.id !== id)
      return { removed: true }
    },
    'suggestions.postNote': async ({ suggestionId }) => {
      const found = this.suggestions.find((s) => s.id === suggestionId)
      if (!found) throw new VigilError('NOT_FOUND', `No suggestion ${suggestionId}`)
      this.notes.push({ ticketId: found.ticketId, text: found.text })
      return { posted: true, ticketId: found.ticketId }
    },
    'settings.get': async () => this.settingsView(),
    'settings.update': async (patch) => {
      this.settings = applySettingsPatch(this.settings, patch)
      // As the engine: settings written are settings it can use.
      this.settingsWarnings = []
      return this.settingsView()
    },
    'assist.ask': async ({ ticketId, question }) => {
      const requestId = `ask-${this.calls.length}`
      this.asked.push({ requestId, ticketId, question })
      // Like the real engine, the answer may start streaming before the call itself has answered.
      if (this.answerAsks) {
        queueMicrotask(() =>
          this.pushChunk({ requestId, ticketId, text: `Answer to: ${question}`, done: true })
        )
      }
      return { requestId }
    },
    'assist.summarize': async ({ ticketId }) => {
      const summary: Suggestion = {
        id: `${ticketId}:summary`,
        ticketId,
        team: 'cloud-support',
        kind: 'summary',
        title: `Where ${ticketId} stands`,
        text: 'Known: a problem',
        citations: [],
        confidence: 0.5,
        reason: 'The analyst asked for a summary of this ticket.',
        triggerMessageId: null,
        createdAt: new Date().toISOString(),
        feedback: []
      }
      this.suggestions.push(summary)
      // The real engine shows the card to every window too.
      queueMicrotask(() => this.push({ event: 'suggestion.added', payload: summary }))
      return summary
    },
    'secrets.setRemoteApiKey': async ({ apiKey }) => {
      this.remoteApiKey = apiKey
      return { stored: apiKey !== '' }
    },
    'demo.control': async ({ action, speed }) => {
      const state = action === 'speed' ? this.status.source.state : action === 'pause' ? 'paused' : 'running'
      this.status.source = { ...this.status.source, state, speed: speed ?? this.status.source.speed }
      return this.status.source
    },
    ...this.sync.handlers
  }

  /** The entry changed as a new version, the one replaced kept in the history, as the engine does. */
  private replaceEntry(entryId: string, change: (found: KnowledgeEntry) => KnowledgeEntry): KnowledgeEntry {
    const index = this.entries.findIndex((e) => e.id === entryId)
    const found = this.entries[index]
    if (!found) throw new VigilError('NOT_FOUND', `No knowledge entry ${entryId}`)
    const updated = { ...change(found), version: found.version + 1 }
    this.history.push(found)
    this.entries[index] = updated
    return updated
  }

  async call(route: string, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ route, input })
    const failure = this.failures.get(route)
    if (failure) return { ok: false, error: failure }
    const name = route as keyof typeof routes
    try {
      const parsed = routes[name].input.parse(input)
      const handler = this.handlers[name] as (value: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed) }
    } catch (error) {
      if (error instanceof VigilError) return { ok: false, error: error.toPayload() }
      return { ok: false, error: { code: 'BAD_INPUT', message: String(error) } }
    }
  }

  onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private readonly connectionListeners = new Set<(state: ConnectionState) => void>()

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  /** As the `vigil serve` transport tells it: the event stream lost, refused, or back. */
  setConnection(state: ConnectionState): void {
    this.connectionListeners.forEach((listener) => listener(state))
  }

  push(envelope: PushEnvelope): void {
    this.listeners.forEach((listener) => listener(envelope))
  }

  /** Pushes one `assist.chunk`; fields not given are empty (no citations, no error, not done). */
  pushChunk(
    chunk: Partial<PushEventPayload<'assist.chunk'>> & { requestId: string; ticketId: string }
  ): void {
    this.push({
      event: 'assist.chunk',
      payload: { text: '', done: false, citations: [], error: null, ...chunk }
    })
  }

  callsTo(route: string): unknown[] {
    return this.calls.filter((call) => call.route === route).map((call) => call.input)
  }

  private settingsView() {
    return {
      settings: this.settings,
      warnings: this.settingsWarnings,
      hasRemoteApiKey: this.remoteApiKey !== ''
    }
  }

  private detail(ticketId: string): TicketDetail {
    const archived = this.archived.find((t) => t.id === ticketId)
    const ticket =
      this.tickets.find((t) => t.id === ticketId) ?? (archived && { ...archived, archived: false })
    if (!ticket) throw new VigilError('NOT_FOUND', `No ticket ${ticketId}`)
    return {
      ticket,
      messages: this.messages.filter((m) => m.ticketId === ticketId),
      suggestions: this.suggestions.filter((s) => s.ticketId === ticketId),
      ...(this.trackers.has(ticketId) ? { tracker: this.trackers.get(ticketId)! } : {})
    }
  }
}

/**
 * The engine as the desktop app's preload offers it: with the shell's capabilities (overlay focus, the model file
 * dialog), each recorded so a test can see what the page asked of the shell.
 */
export class DesktopFakeEngine extends FakeEngine {
  /** 'request' and 'release', in the order the page sent them. */
  readonly focusLog: string[] = []
  /** What the file dialog answers; null is a cancelled dialog. */
  pickedModelFile: string | null = null

  requestFocus(): void {
    this.focusLog.push('request')
  }

  releaseFocus(): void {
    this.focusLog.push('release')
  }

  async pickModelFile(): Promise<string | null> {
    return this.pickedModelFile
  }

  private readonly commandListeners = new Set<(command: OverlayCommand) => void>()

  onOverlayCommand(listener: (command: OverlayCommand) => void): () => void {
    this.commandListeners.add(listener)
    return () => this.commandListeners.delete(listener)
  }

  /** A global shortcut pressed: the shell sends its command to the overlay page. */
  sendOverlayCommand(command: OverlayCommand): void {
    this.commandListeners.forEach((listener) => listener(command))
  }
}

/** The plugins a test app needs: a fresh Pinia and a client over this engine. */
export function appPlugins(engine: FakeEngine): Plugin[] {
  return [createPinia(), vigilClientPlugin(createVigilClient(engine))]
}
