/**
 * Where knowledge gaps come from and go: a customer problem the proactive pipeline found no answerable entry for
 * opens (or counts toward) a gap; a knowledge suggestion shown later on the same ticket withdraws it; every change to
 * a team's knowledge retries its open gaps and closes those an entry now answers.
 */
import type { KnowledgeGap, Message, Suggestion } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import { answerability, type PipelineDecision } from '../pipeline/pipeline'
import { buildQuery, queryFromText } from '../pipeline/queryBuilder'
import type { Retriever } from '../retrieval/retriever'
import { scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'
import type { KnowledgeGaps } from './knowledgeGaps'

/** Silences that mean "the knowledge has nothing good enough", as opposed to "not now" or "already said". */
const UNANSWERED_STAGES = new Set(['retrieve', 'answerability'])

export class GapWatch {
  constructor(
    readonly gaps: KnowledgeGaps,
    private readonly retriever: Retriever,
    private readonly pipelineSettings: () => Settings['pipeline'],
    /** Told when a team's gaps changed (for the workbench to reload them). */
    private readonly onChange: (team: string) => void
  ) {}

  /** After the pipeline ran on a customer message (or a stall): records the problem when knowledge had nothing. */
  async afterPipeline(
    state: ConversationState,
    trigger: Message | null,
    decision: PipelineDecision,
    now: Date
  ): Promise<void> {
    if (decision.outcome !== 'silent' || !UNANSWERED_STAGES.has(decision.stage)) return
    if (trigger && trigger.authorRole !== 'customer') return
    const query = buildQuery(state, trigger)
    if (query.tokens.length === 0) return
    const gap = await this.gaps.record({
      team: state.ticket.team,
      ticketId: state.ticket.id,
      subject: scrubText(state.ticket.subject),
      query: query.text,
      at: now
    })
    if (gap) this.onChange(gap.team)
  }

  async shown(suggestion: Suggestion): Promise<void> {
    if (suggestion.citations.length === 0) return
    if (suggestion.kind !== 'answer' && suggestion.kind !== 'similar_case') return
    const before = this.gaps.list(suggestion.team, 'open').length
    await this.gaps.withdraw(suggestion.team, suggestion.ticketId)
    if (this.gaps.list(suggestion.team, 'open').length !== before) this.onChange(suggestion.team)
  }

  /** Retries the team's open gaps against its knowledge as it is now. */
  async knowledgeChanged(team: string, now: Date): Promise<KnowledgeGap[]> {
    const closed = await this.gaps.closeAnswered(team, (gap) => this.answerFor(gap), now)
    if (closed.length) this.onChange(team)
    return closed
  }

  private async answerFor(gap: KnowledgeGap): Promise<{ entryId: string; title: string } | null> {
    const settings = this.pipelineSettings()
    const results = await this.retriever.retrieve({ team: gap.team, ...queryFromText(gap.query) })
    const answer = results.find((result) => answerability(result, settings) !== null)
    return answer ? { entryId: answer.entry.id, title: answer.entry.title } : null
  }
}
