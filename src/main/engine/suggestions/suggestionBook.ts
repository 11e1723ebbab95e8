/**
 * Every suggestion shown and every reaction to it: attaches them to their tickets, persists them, and turns
 * reactions into the knowledge counters that drive ranking and into the team's adaptation (reactionEffects.ts:
 * the logged line commits, its effects follow and are redone at start when a kill cut them short).
 */
import type { Feedback, FeedbackKind, SentReuse, Suggestion } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { ReactionEffects } from '../feedback/reactionEffects'
import type { Clipboard } from '../host'
import type { SuggestionLog } from '../storage/suggestionLog'
import type { Watcher } from '../watcher/watcher'

/**
 * The ticket a suggestion id names: every card is `<ticket id>:s<n>` (escalation alerts `:e<n>`, see pipeline.ts,
 * composer.ts, assistant.ts, escalationWatch.ts), so a card of a ticket that left memory leads back to its ticket.
 */
export function ticketOfSuggestionId(suggestionId: string): string | null {
  return /^(.+):[se]\d+$/.exec(suggestionId)?.[1] ?? null
}

export class SuggestionBook {
  private readonly byId = new Map<string, Suggestion>()

  constructor(
    private readonly log: SuggestionLog,
    private readonly watcher: Watcher,
    private readonly effects: ReactionEffects,
    private readonly clipboard: Clipboard
  ) {}

  /** Re-attaches suggestions loaded from disk to the conversations rebuilt from the event log. */
  restore(suggestions: Suggestion[]): void {
    for (const suggestion of suggestions) {
      this.byId.set(suggestion.id, suggestion)
      this.watcher.get(suggestion.ticketId)?.suggestions.push(suggestion)
    }
  }

  /**
   * Gives a ticket rebuilt from the event archive its suggestions again, oldest first: `archived` (those retired
   * with it, logged again so that a restart has them with the ticket) and any still held here.
   */
  async reattach(ticketId: string, archived: readonly Suggestion[] = []): Promise<void> {
    const state = this.watcher.get(ticketId)
    if (!state) return
    for (const suggestion of archived) {
      if (this.byId.has(suggestion.id)) continue
      await this.log.appendSuggestion(suggestion)
      await this.effects.alreadyApplied(suggestion)
      this.byId.set(suggestion.id, suggestion)
    }
    const mine = [...this.byId.values()]
      .filter((suggestion) => suggestion.ticketId === ticketId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    state.suggestions.splice(0, state.suggestions.length, ...mine)
  }

  /** Drops suggestions archived with their retired ticket. */
  forget(suggestions: readonly Suggestion[]): void {
    for (const suggestion of suggestions) this.byId.delete(suggestion.id)
  }

  /** Suggestions whose ticket is not in memory (its events were archived at start): retired on their own. */
  orphans(): Suggestion[] {
    return [...this.byId.values()].filter((suggestion) => !this.watcher.get(suggestion.ticketId))
  }

  /** Every suggestion held (those of the tickets in memory, and orphans not yet retired), oldest first. */
  all(): Suggestion[] {
    return [...this.byId.values()]
  }

  get size(): number {
    return this.byId.size
  }

  get(id: string): Suggestion | undefined {
    return this.byId.get(id)
  }

  list(ticketId: string | undefined, limit: number): Suggestion[] {
    const all = ticketId ? (this.watcher.get(ticketId)?.suggestions ?? []) : [...this.byId.values()]
    return all
      .slice()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
  }

  /** Records a suggestion as shown: on its ticket, on disk, and in the cited entry's `shown` counter. */
  async show(suggestion: Suggestion): Promise<void> {
    const state = this.watcher.get(suggestion.ticketId)
    if (!state) throw new VigilError(ErrorCode.notFound, `No ticket ${suggestion.ticketId}`)
    state.suggestions.push(suggestion)
    this.byId.set(suggestion.id, suggestion)
    await this.log.appendSuggestion(suggestion)
    await this.effects.shown(suggestion)
  }

  /**
   * Records a reaction. The same reaction twice counts once. Adopting copies the text through the host's
   * clipboard. The primary cited entry's counters move, which moves its future ranking, and a card's first reaction
   * counts toward the team's adaptation.
   */
  async react(suggestionId: string, kind: FeedbackKind, at: Date, reason?: string): Promise<Suggestion> {
    const suggestion = this.byId.get(suggestionId)
    if (!suggestion) throw new VigilError(ErrorCode.notFound, `No suggestion ${suggestionId}`)
    if (kind === 'adopted') this.clipboard.writeText(suggestion.text)
    if (suggestion.feedback.some((f) => f.kind === kind && (f.via ?? 'button') === 'button'))
      return suggestion
    const feedback: Feedback = {
      suggestionId,
      kind,
      at: at.toISOString(),
      ...(reason ? { reason } : {})
    }
    suggestion.feedback.push(feedback)
    await this.log.appendFeedback(feedback)
    await this.effects.reacted(suggestion, feedback)
    return suggestion
  }

  /**
   * Records how the analyst's sent reply reused a suggestion (`via: 'sent'`), once per suggestion, apart from any
   * button: the primary cited entry's `adoptedSent`/`editedSent`/`ignoredSent` counter moves. Returns the
   * suggestion, or null when its reuse was already recorded.
   */
  async recordSent(
    suggestionId: string,
    kind: SentReuse,
    at: Date,
    reuse: number
  ): Promise<Suggestion | null> {
    const suggestion = this.byId.get(suggestionId)
    if (!suggestion) throw new VigilError(ErrorCode.notFound, `No suggestion ${suggestionId}`)
    if (suggestion.feedback.some((feedback) => feedback.via === 'sent')) return null
    const feedback: Feedback = {
      suggestionId,
      kind,
      at: at.toISOString(),
      via: 'sent',
      reuse: Math.round(Math.min(1, Math.max(0, reuse)) * 1000) / 1000
    }
    suggestion.feedback.push(feedback)
    await this.log.appendFeedback(feedback)
    await this.effects.reacted(suggestion, feedback)
    return suggestion
  }
}
