/**
 * Where knowledge gaps come from and go: a customer problem the proactive pipeline found no answerable entry for
 * opens (or counts toward) a gap; a knowledge suggestion shown later on the same ticket withdraws it; an entry that
 * is learned or changed closes the open gaps of its team that it now answers, unless it was learned from exactly
 * the gap's own tickets (see learnedFromItsOwnTickets).
 */
import {
  isKnowledgeCard,
  type KnowledgeEntry,
  type KnowledgeGap,
  type Message,
  type Suggestion
} from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import { answerability, type PipelineDecision } from '../pipeline/pipeline'
import { buildQuery } from '../pipeline/queryBuilder'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { scrubText } from '../text/scrub'
import { vendorDifference } from '../text/vendors'
import type { ConversationState } from '../watcher/conversationState'
import type { TopicKey } from './gapTopic'
import type { KnowledgeGaps } from './knowledgeGaps'

/** Silences that mean "the knowledge has nothing good enough", as opposed to "not now" or "already said". */
const UNANSWERED_STAGES = new Set(['retrieve', 'answerability'])

export class GapWatch {
  constructor(
    readonly gaps: KnowledgeGaps,
    private readonly matcher: EntryMatcher,
    private readonly pipelineSettings: () => Settings['pipeline'],
    /** Told when a team's gaps changed (for the workbench to reload them). */
    private readonly onChange: (team: string) => void
  ) {}

  /** After the pipeline ran on a customer message (or a stall): records the problem when knowledge had nothing. */
  afterPipeline(
    state: ConversationState,
    trigger: Message | null,
    decision: PipelineDecision,
    now: Date
  ): void {
    if (decision.outcome !== 'silent' || !UNANSWERED_STAGES.has(decision.stage)) return
    if (trigger && trigger.authorRole !== 'customer') return
    // A ticket that already got a knowledge card was answered: a later message left unanswered (a further card held
    // back as improbable, an aside) is not a problem the team's knowledge lacks.
    if (state.suggestions.some(isKnowledgeCard)) return
    const query = buildQuery(state, trigger)
    if (query.tokens.length === 0) return
    const gap = this.gaps.record({
      team: state.ticket.team,
      ticketId: state.ticket.id,
      subject: scrubText(state.ticket.subject),
      query: query.text,
      at: now
    })
    if (gap) this.onChange(gap.team)
  }

  shown(suggestion: Suggestion): void {
    if (!isKnowledgeCard(suggestion)) return
    if (this.gaps.withdraw(suggestion.team, suggestion.ticketId)) this.onChange(suggestion.team)
  }

  /**
   * Entries of a team were learned or changed: its open gaps that one of them now answers close. Only the changed
   * entries are tried (the others were already tried when they changed), so this stays cheap per resolution.
   */
  knowledgeChanged(team: string, changed: readonly KnowledgeEntry[], now: Date): KnowledgeGap[] {
    const live = changed.filter((entry) => entry.team === team && entry.status === 'active')
    if (live.length === 0) return []
    const settings = this.pipelineSettings()
    const closed = this.gaps.closeAnswered(
      team,
      (gap, key) => this.answerAmong(live, gap, key, settings),
      now
    )
    if (closed.length) this.onChange(team)
    return closed
  }

  private answerAmong(
    entries: readonly KnowledgeEntry[],
    gap: KnowledgeGap,
    key: TopicKey,
    settings: Settings['pipeline']
  ): { entryId: string; title: string } | null {
    const vector = this.matcher.queryVector(gap.team, key.tokens)
    for (const entry of entries) {
      if (learnedFromItsOwnTickets(entry, gap)) continue
      // Steps for another vendor's screens (Entra) do not answer a problem with this one's (Okta).
      if (vendorDifference(entry.resolution.join('\n'), `${gap.title}\n${gap.query}`)) continue
      const similarity = this.matcher.similarity(vector, entry)
      // The proactive pipeline's own test of "answers", without its common-answer rule: a gap closes on a match.
      const problemTerms = this.matcher.sharedProblemTerms(gap.team, key.tokens, entry)
      const result = { entry, similarity, rank: similarity, share: 0, teamCases: 0, problemTerms }
      if (similarity > 0 && answerability(result, settings) !== null)
        return { entryId: entry.id, title: entry.title }
    }
    return null
  }
}

/**
 * An entry learned from exactly the gap's own tickets has answered nobody yet: those tickets were resolved by people
 * and Vigil learned from them. The gap stays listed (the team wrote no knowledge for it) until the entry answers
 * another ticket, a person writes or approves one, or the gap has a ticket the entry was not learned from.
 */
function learnedFromItsOwnTickets(entry: KnowledgeEntry, gap: KnowledgeGap): boolean {
  if (entry.author === 'human' || entry.review === 'approved') return false
  const sources = new Set(entry.sourceTicketIds)
  return (
    entry.sourceTicketIds.every((id) => gap.ticketIds.includes(id)) &&
    gap.ticketIds.every((id) => sources.has(id))
  )
}
