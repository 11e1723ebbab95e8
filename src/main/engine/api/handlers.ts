/** One handler per contract route; each is a thin call into the engine's parts. */
import { knowledgePage } from '../knowledge/knowledgePage'
import { liveStatsSources } from '../stats/liveSources'
import { lastDays, statsRange, teamStats } from '../stats/teamStats'
import type { RouteHandlers } from '../../../shared/contract'
import type { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { remoteApiKeySecret } from '../../../shared/settings'
import type { EngineContext } from '../running/engineContext'
import { createSyncHandlers } from './syncHandlers'
import { ticketOfSuggestionId } from '../suggestions/suggestionBook'
import { searchRetired, searchTickets } from './ticketSearch'
import { ticketDetail, ticketSummary } from './views'

/** Tickets out of memory that the list carries (the most recently active); the search finds the others. */
const RETIRED_LISTED = 500

export function createHandlers(context: EngineContext): RouteHandlers {
  const stalledAfter = (): number => context.settings.get().pipeline.stalledAfterMinutes
  const settingsView = async () => ({
    settings: context.settings.get(),
    warnings: context.settings.getWarnings(),
    hasRemoteApiKey: (await context.host.secrets.get(remoteApiKeySecret)) !== null
  })
  const sourceOf = (ticketId: string) => context.ticketSource(ticketId)
  const ticket = (ticketId: string) => {
    const state = context.watcher.get(ticketId)
    if (!state) throw new VigilError(ErrorCode.notFound, `No ticket ${ticketId}`)
    return state
  }

  /** A card of a ticket that left memory (an overlay or list still showing it): its ticket comes back with it. */
  const bringBackCardOf = async (suggestionId: string): Promise<void> => {
    const ticketId = ticketOfSuggestionId(suggestionId)
    if (!context.suggestions.get(suggestionId) && ticketId) await context.ticket(ticketId)
  }

  /**
   * After a person changed an entry: tells the renderers, tries the team's open gaps against it (a hand-written
   * entry may close one) and has the team's sync push it soon.
   */
  const knowledgeChanged = (team: string, entry: KnowledgeEntry): KnowledgeEntry => {
    context.emit('knowledge.changed', { team, entryId: entry.id, change: 'updated' })
    // The header's count by status moves with a hand edit as with learning.
    context.emit('engine.status', context.status())
    context.gaps.knowledgeChanged(team, [entry], context.now())
    context.shareKnowledge(team)
    return entry
  }

  return {
    'engine.status': async () => context.status(),

    'tickets.list': async () => [
      ...context.watcher
        .all()
        .map((state) => ticketSummary(state, context.now(), stalledAfter(), sourceOf(state.ticket.id)))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id)),
      // Then the most recent of those that left memory (the search reaches every one).
      ...(await context.retired.tickets()).slice(0, RETIRED_LISTED).map((retired) => retired.summary)
    ],

    'tickets.get': async ({ ticketId }) => {
      // A long-resolved ticket left memory (running/retireResolved.ts): opening it brings it back from the archive.
      const state = await context.ticket(ticketId)
      if (!state) throw new VigilError(ErrorCode.notFound, `No ticket ${ticketId}`)
      return ticketDetail(state, context.now(), stalledAfter(), sourceOf(ticketId))
    },

    'tickets.search': async ({ query }) => [
      ...searchTickets(context.watcher.all(), query),
      ...(await searchRetired(await context.retired.tickets(), query, context.retired.messages))
    ],

    'suggestions.list': async ({ ticketId, limit }) => context.suggestions.list(ticketId, limit),

    'suggestions.react': async ({ suggestionId, kind, reason }) => {
      await bringBackCardOf(suggestionId)
      // The counter and, for a card's first reaction, the team's adaptation move with it (reactionEffects.ts).
      const suggestion = await context.suggestions.react(suggestionId, kind, context.host.clock.now(), reason)
      context.emit('suggestion.updated', suggestion)
      return suggestion
    },

    'knowledge.list': async ({ team, query, filter, limit, offset }) => {
      const target = team ?? context.settings.get().team
      const statuses = ['active', 'draft', 'retired'] as const
      if (!query?.trim()) {
        // Newest first from the store's catalogue: only the entries listed are read from disk.
        const page = { offset: offset ?? 0, limit: limit ?? Number.POSITIVE_INFINITY }
        return context.knowledge.newest(target, page, { pendingReview: filter === 'review' }).entries
      }
      const hits = await context.knowledge.search(target, query, { limit: 50, statuses: [...statuses] })
      const entries = hits.map((hit) => hit.entry)
      return filter === 'review' ? entries.filter((entry) => entry.review === 'pending') : entries
    },

    'knowledge.page': async ({ team, ...request }) =>
      knowledgePage(context.knowledge, team ?? context.settings.get().team, request),

    'knowledge.learnedFrom': async ({ team, ticketIds }) =>
      context.knowledge.entriesOfTickets(team ?? context.settings.get().team, ticketIds),

    'knowledge.review': async ({ team, entryId, action, note, edit }) => {
      const target = team ?? context.settings.get().team
      const review =
        action === 'edit'
          ? { action, edit: edit ?? {} }
          : action === 'reject'
            ? { action, ...(note ? { note } : {}) }
            : { action }
      const entry = await context.curator.review(
        target,
        entryId,
        review,
        context.settings.get().analystName,
        context.now()
      )
      return knowledgeChanged(target, entry)
    },

    'knowledge.history': async ({ team, entryId }) =>
      context.knowledge.history(team ?? context.settings.get().team, entryId),

    'knowledge.rollback': async ({ team, entryId, version }) => {
      const target = team ?? context.settings.get().team
      const entry = await context.curator.rollback(
        target,
        entryId,
        version,
        context.settings.get().analystName,
        context.now()
      )
      return knowledgeChanged(target, entry)
    },

    'knowledge.create': async ({ team, ...fields }) => {
      const target = team ?? context.settings.get().team
      const entry = await context.curator.create(
        target,
        fields,
        context.settings.get().analystName,
        context.now()
      )
      return knowledgeChanged(target, entry)
    },

    'knowledge.edit': async ({ team, entryId, edit }) => {
      const target = team ?? context.settings.get().team
      const entry = await context.curator.edit(
        target,
        entryId,
        edit,
        context.settings.get().analystName,
        context.now()
      )
      return knowledgeChanged(target, entry)
    },

    'knowledge.setStatus': async ({ team, entryId, action, note }) => {
      const target = team ?? context.settings.get().team
      const entry = await context.curator.setStatus(
        target,
        entryId,
        { action, ...(note ? { note } : {}) },
        context.settings.get().analystName,
        context.now()
      )
      return knowledgeChanged(target, entry)
    },

    'knowledge.gaps': async ({ team, status }) =>
      context.gaps.gaps.list(team ?? context.settings.get().team, status ?? 'all'),

    'stats.get': async ({ team, from, to, days }) => {
      const chosen = team ?? context.settings.get().team
      const sources = liveStatsSources(
        {
          conversations: context.watcher.all(),
          suggestions: context.suggestions.list(undefined, Number.POSITIVE_INFINITY),
          knowledge: await context.knowledge.facts(chosen),
          gaps: (name) => context.gaps.gaps.list(name, 'all'),
          teams: context.knowledge.teams()
        },
        chosen,
        await context.archived()
      )
      const range = days === undefined ? statsRange(from, to) : lastDays(days, context.now())
      return teamStats(sources, { team: chosen, ...range })
    },

    'settings.get': settingsView,

    'settings.update': async (patch) => {
      const settings = context.settings.update(patch)
      if (patch.demo?.speed !== undefined && context.runner?.status().kind === 'demo') {
        context.runner.setSpeed(settings.demo.speed)
      }
      context.emit('engine.status', context.status())
      return settingsView()
    },

    'assist.ask': async ({ ticketId, question }) => ({ requestId: context.ask(ticket(ticketId), question) }),

    'assist.summarize': async ({ ticketId }) => context.summarize(ticket(ticketId)),

    'secrets.setRemoteApiKey': async ({ apiKey }) => {
      if (apiKey.trim() === '') await context.host.secrets.delete(remoteApiKeySecret)
      else await context.host.secrets.set(remoteApiKeySecret, apiKey.trim())
      await context.reloadModel()
      return { stored: apiKey.trim() !== '' }
    },

    'connections.list': async () => context.connections.list(),

    'connections.test': async ({ config, token }) => {
      const result = await context.connections.test(config as never, token)
      return { ok: result.ok, message: result.message }
    },

    'connections.save': async ({ config, token }) => context.connections.save(config as never, token),

    'connections.remove': async ({ id }) => {
      await context.connections.remove(id)
      return { removed: true }
    },

    'suggestions.postNote': async ({ suggestionId }) => {
      await bringBackCardOf(suggestionId)
      const suggestion = context.suggestions.get(suggestionId)
      if (!suggestion) throw new VigilError(ErrorCode.notFound, `No suggestion ${suggestionId}`)
      await context.postInternalNote(suggestion.ticketId, suggestion.text)
      return { posted: true, ticketId: suggestion.ticketId }
    },

    'demo.control': async ({ action, speed }) => {
      const runner = context.runner
      if (!runner) throw new VigilError(ErrorCode.notFound, 'The demo is not the source of this session')
      if (action === 'speed' && speed === undefined) {
        throw new VigilError(ErrorCode.badInput, 'demo.control: speed: give the speed to set, e.g. 2')
      }
      if (speed !== undefined) runner.setSpeed(speed)
      if (action === 'speed') return runner.status()
      if (action === 'pause') runner.pause()
      else if (action === 'resume') runner.resume()
      else await runner.restart()
      return runner.status()
    },

    ...createSyncHandlers(context)
  }
}
