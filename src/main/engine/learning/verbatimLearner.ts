/**
 * The evaluation's "no learning loop" reference: each resolved case is stored as it was written, one entry per
 * case — the customer's messages as the problem, every analyst message as a step — with no extraction, scrubbing,
 * merging, confirming, correcting or retiring. Running Vigil's own pipeline over knowledge kept this way shows what
 * the curated learning (`CaseReviewer`, `Learner`) adds. Selected with the engine option `learning: 'verbatim'`;
 * never used by the app.
 */
import { emptyCounters, type KnowledgeEntry } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import type { ConversationState } from '../watcher/conversationState'
import type { ReviewOutcome } from './caseReview'

/** The schema's limits (`KnowledgeEntry`): text is cut to fit, never rewritten. */
const MAX_TITLE = 300
const MAX_PROBLEM = 20_000
const MAX_SYMPTOM = 2_000
const MAX_STEP = 4_000
const MAX_STEPS = 30

export class VerbatimLearner {
  constructor(
    private readonly knowledge: KnowledgeSource,
    private readonly matcher: EntryMatcher,
    private readonly newId: (ticketId: string, team: string) => string
  ) {}

  /** Stores the case as one new entry; nothing when learning is off or a side of the conversation is missing. */
  async review(
    state: ConversationState,
    now: Date,
    settings: Settings['learning']
  ): Promise<ReviewOutcome[]> {
    if (!settings.enabled) return []
    const customer = state.customerMessages().filter((message) => message.text.trim() !== '')
    const analyst = state.analystMessages().filter((message) => message.text.trim() !== '')
    if (customer.length === 0 || analyst.length === 0) return []
    const at = now.toISOString()
    const first = customer[0]!.text.trim()
    const entry: KnowledgeEntry = {
      id: this.newId(state.ticket.id, state.ticket.team),
      team: state.ticket.team,
      title: (state.ticket.subject.trim() || first).slice(0, MAX_TITLE),
      problem: customer
        .map((message) => message.text)
        .join('\n')
        .slice(0, MAX_PROBLEM),
      symptoms: [first.slice(0, MAX_SYMPTOM)],
      resolution: analyst.slice(-MAX_STEPS).map((message) => message.text.slice(0, MAX_STEP)),
      sourceTicketIds: [state.ticket.id],
      author: 'learned',
      status: 'active',
      version: 1,
      createdAt: at,
      updatedAt: at,
      counters: emptyCounters(),
      observations: 1,
      confidence: 0.5,
      provenance: [
        { kind: 'learned', at, ticketId: state.ticket.id, messageIds: analyst.slice(-20).map((m) => m.id) }
      ]
    }
    await this.knowledge.put(entry)
    this.matcher.index(entry)
    return [{ type: 'learned', entry, ticketId: state.ticket.id, similarity: 0 }]
  }
}
