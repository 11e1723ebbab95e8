/**
 * Learning at resolution: Vigil reviews the whole case — every suggestion it showed, what the analyst did with it,
 * and how the humans resolved it — and then confirms, corrects or retires the knowledge it cited, or learns a new
 * entry when it had nothing. Every change is a new version through the KnowledgeStore (the old one stays in its
 * history) with provenance saying why.
 */
import type { KnowledgeEntry, ProvenanceEvent, Suggestion } from '../../../shared/domain'
import { confidenceOf, observationsOf } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import { cosine } from '../text/similarity'
import { tokenize } from '../text/tokenize'
import { urlsIn } from '../text/urls'
import type { ConversationState } from '../watcher/conversationState'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { distill } from './distill'
import { extractCase, type ExtractedCase } from './extractor'
import { extractWithModel, judgeWithModel } from './modelLearning'
import type { ModelWitness } from '../trust/modelTrustMonitor'
import type { Learner } from './learner'
import { appendProvenance, MAX_SOURCES } from './entryHistory'
import { riskOf } from './safeguards'
import { ticketEvidence } from './ticketEvidence'
import { subjectsOf } from './subjects'
import { vendorDifference } from '../text/vendors'
import { differentScreens } from './menuPaths'

export type ReviewOutcome =
  | { type: 'confirmed' | 'corrected' | 'retired' | 'refuted'; entry: KnowledgeEntry; ticketId: string }
  | { type: 'learned' | 'merged'; entry: KnowledgeEntry; ticketId: string; similarity: number }

/** The analysts' resolution "matches" a suggestion at this similarity of their steps. */
const SAME_SOLUTION = 0.3
/** A refuted entry is corrected in place when the case is about the same problem at this similarity (the answer threshold). */
const SAME_PROBLEM = 0.2

export class CaseReviewer {
  constructor(
    private readonly knowledge: KnowledgeSource,
    private readonly matcher: EntryMatcher,
    private readonly learner: Learner,
    /**
     * The model, when one is loaded: it then extracts entries and judges cited ones. Its calls for one case are
     * cancelled when `budget` (the case's learning time budget) aborts.
     */
    private readonly model: (budget?: AbortSignal) => LlmRuntime | null = () => null,
    private readonly onModelProblem: (stage: string, error: LlmError) => void = () => {},
    /** Told when the model finds nothing to learn in a case the extractive path could learn from. */
    private readonly witness: ModelWitness | null = null
  ) {}

  /** Runs a model step; on a model failure reports it and returns `fallback` (the extractive path). */
  private async withModel<T>(
    stage: string,
    task: (llm: LlmRuntime) => Promise<T>,
    fallback: T,
    budget: AbortSignal | undefined
  ): Promise<T> {
    const llm = this.model(budget)
    if (!llm) return fallback
    try {
      return await task(llm)
    } catch (error) {
      if (!(error instanceof LlmError)) throw error
      this.onModelProblem(stage, error)
      return fallback
    }
  }

  async review(
    state: ConversationState,
    now: Date,
    settings: Settings['learning'],
    /** Aborts the case's model calls (its learning time budget): the extractive path then decides. */
    budget?: AbortSignal
  ): Promise<ReviewOutcome[]> {
    if (!settings.enabled) return []
    const extractive = extractCase(state)
    const extracted =
      extractive &&
      (await this.withModel(
        'extract',
        async (llm) => {
          const written = await extractWithModel(llm, state)
          this.witness?.record('extract', written === null)
          return safer(written, extractive)
        },
        extractive,
        budget
      ))
    if (!extracted) return [] // No analyst resolution: the case teaches nothing.
    const at = now.toISOString()
    const by = state.ticket.assignee ?? undefined
    const outcomes: ReviewOutcome[] = []
    let absorbed = false
    const refuted = new Set<string>()
    for (const suggestion of shownKnowledge(state)) {
      const entry = this.knowledge.get(suggestion.team, suggestion.citations[0]!.entryId)
      if (!entry || entry.status === 'retired') continue
      // A ticket that resolves again already counted for or against this entry the first time: once is enough.
      const counted = ticketEvidence(entry, state.ticket.id)
      if (counted !== 'none') {
        if (counted === 'supports') absorbed = true
        else refuted.add(entry.id)
        continue
      }
      // A case solved on another vendor's screens (Entra after an Okta entry) neither confirms nor refutes the
      // entry's vendor-specific steps: it is learned as knowledge of its own, unless the analyst used the card.
      if (!reacted(suggestion) && vendorDifference(entry.resolution.join('\n'), caseText(state))) continue
      const verdict = await this.verdict(entry, suggestion, extracted, budget)
      // The model may propose to retire or rewrite what the team wrote, but only a person applies it.
      if ((verdict === 'retire' || verdict === 'correct') && entry.author === 'human') {
        outcomes.push({
          type: 'refuted',
          entry: await this.propose(entry, extracted, at, by, verdict),
          ticketId: state.ticket.id
        })
        refuted.add(entry.id)
        continue
      }
      if (verdict === 'retire') {
        outcomes.push({
          type: 'retired',
          entry: await this.retire(entry, extracted, at, by),
          ticketId: state.ticket.id
        })
        refuted.add(entry.id)
        continue
      }
      if (verdict === 'correct') {
        outcomes.push({
          type: 'corrected',
          entry: await this.correct(entry, extracted, at, by, 'the model judged the steps outdated'),
          ticketId: state.ticket.id
        })
        absorbed = true
        continue
      }
      if (verdict === 'confirmed') {
        outcomes.push({
          type: 'confirmed',
          entry: await this.confirm(entry, extracted, at, by),
          ticketId: state.ticket.id
        })
        absorbed = true
        continue
      }
      const outcome = await this.refute(entry, extracted, at, by, settings)
      outcomes.push({ ...outcome, ticketId: state.ticket.id })
      if (outcome.type === 'corrected') absorbed = true
      else refuted.add(entry.id)
    }
    if (!absorbed) {
      const learned = await this.learner.learn(state, now, settings, refuted, extracted, budget)
      if (learned.outcome !== 'skipped')
        outcomes.push({
          type: learned.outcome,
          entry: learned.entry,
          ticketId: state.ticket.id,
          similarity: learned.similarity
        })
    }
    return outcomes
  }

  /**
   * Explicit reactions decide; without one, the model's keep/correct/retire decision when a model is loaded, and
   * otherwise how the analysts resolved the case.
   */
  private async verdict(
    entry: KnowledgeEntry,
    suggestion: Suggestion,
    extracted: ExtractedCase,
    budget: AbortSignal | undefined
  ): Promise<'confirmed' | 'refuted' | 'correct' | 'retire'> {
    // `ignored` (nothing of it sent) is no reaction: the resolution or the model judges it as before.
    if (suggestion.feedback.some((feedback) => feedback.kind !== 'ignored'))
      return this.judge(entry, suggestion, extracted)
    const fallback = this.judge(entry, suggestion, extracted)
    const decision = await this.withModel(
      'review',
      (llm) => judgeWithModel(llm, entry, extracted),
      null,
      budget
    )
    if (!decision) return fallback
    return decision.decision === 'keep' ? 'confirmed' : decision.decision
  }

  /**
   * A team-written entry the model judged wrong: unchanged, but sent to the review queue with what the model
   * proposes and the case's resolution, for a person to apply or dismiss.
   */
  private async propose(
    entry: KnowledgeEntry,
    extracted: ExtractedCase,
    at: string,
    by: string | undefined,
    proposal: 'retire' | 'correct'
  ) {
    const what =
      proposal === 'retire'
        ? 'The model proposes to retire this entry'
        : `The model proposes to replace the steps with: ${extracted.resolution.join(' / ')}`
    const proposed: KnowledgeEntry = {
      ...entry,
      version: entry.version + 1,
      updatedAt: at,
      review: 'pending',
      provenance: appendProvenance(
        entry,
        event('proposed', at, extracted, by, `${what}`.slice(0, 480) + ' (a person decides).')
      )
    }
    await this.put(proposed)
    return proposed
  }

  /**
   * The humans' resolution replaces the steps, as a new version; the new steps start from neutral trust. Steps that
   * fail the risk checks wait for a person (draft, pending review) like risky learned entries.
   */
  private async correct(
    entry: KnowledgeEntry,
    extracted: ExtractedCase,
    at: string,
    by: string | undefined,
    note: string
  ) {
    const corrected: KnowledgeEntry = {
      ...entry,
      // Problem and steps come from the same case: new steps under the old case's problem text would answer a
      // problem nobody solved that way (a per-report time zone fix under "our workspace zone is UTC").
      title: extracted.title,
      problem: extracted.problem,
      symptoms: [extracted.symptom],
      subjects: subjectsOf(`${extracted.title}\n${extracted.problem}`, extracted.resolution.join('\n')),
      resolution: extracted.resolution,
      summary: distill(extracted.resolution),
      sourceTicketIds: [...new Set([...entry.sourceTicketIds, extracted.ticketId])].slice(-MAX_SOURCES),
      observations: observationsOf(entry) + 1,
      confidence: 0.5,
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, event('corrected', at, extracted, by, note)),
      ...heldIfRisky(extracted.resolution)
    }
    await this.put(corrected)
    return corrected
  }

  private async retire(entry: KnowledgeEntry, extracted: ExtractedCase, at: string, by?: string) {
    const retired: KnowledgeEntry = {
      ...entry,
      status: 'retired',
      confidence: round(confidenceOf(entry) * 0.7),
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, event('retired', at, extracted, by, 'the model judged it wrong'))
    }
    await this.put(retired)
    return retired
  }

  /** Right when the analyst adopted or liked it, or (without a reaction) resolved the case the same way. */
  private judge(
    entry: KnowledgeEntry,
    suggestion: Suggestion,
    extracted: ExtractedCase
  ): 'confirmed' | 'refuted' {
    const reactions = new Set(suggestion.feedback.map((feedback) => feedback.kind))
    if (reactions.has('disliked') || reactions.has('dismissed')) return 'refuted'
    // Sent as is or in part (`via: 'sent'`) confirms like the adopt button.
    if (reactions.has('adopted') || reactions.has('edited') || reactions.has('liked')) return 'confirmed'
    // When the analysts linked an article, the same article is the same solution and any other is a different one.
    const ours = this.matcher.resolutionUrls(entry)
    const theirs = urlsIn(extracted.resolution.join('\n'))
    if (theirs.length > 0) return theirs.some((url) => ours.includes(url)) ? 'confirmed' : 'refuted'
    // Sent to other screens (Report settings > Day boundaries, not Admin > General > Workspace time zone): another
    // solution, even when both talk about time zones.
    if (differentScreens(entry.resolution.join('\n'), extracted.resolution.join('\n'))) return 'refuted'
    return this.resolutionSimilarity(entry, extracted) >= SAME_SOLUTION ? 'confirmed' : 'refuted'
  }

  private async confirm(entry: KnowledgeEntry, extracted: ExtractedCase, at: string, by?: string) {
    const confirmed: KnowledgeEntry = {
      ...entry,
      symptoms: [...new Set([...entry.symptoms, extracted.symptom])].slice(-50),
      sourceTicketIds: [...new Set([...entry.sourceTicketIds, extracted.ticketId])].slice(-MAX_SOURCES),
      observations: observationsOf(entry) + 1,
      confidence: round(confidenceOf(entry) + (1 - confidenceOf(entry)) * 0.2),
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, event('confirmed', at, extracted, by))
    }
    await this.put(confirmed)
    return confirmed
  }

  /**
   * Wrong or ignored while the humans solved it differently: the entry loses confidence; if the case is the same
   * problem, the humans' resolution replaces the steps (a new version); an entry that keeps failing is retired.
   */
  private async refute(
    entry: KnowledgeEntry,
    extracted: ExtractedCase,
    at: string,
    by: string | undefined,
    settings: Settings['learning']
  ) {
    const failures = (entry.provenance ?? []).filter((item) => item.kind === 'refuted').length + 1
    const confidence = round(confidenceOf(entry) * 0.7)
    // Only a weak entry (one case behind it, or no longer trusted) is overwritten by one case's resolution; an
    // established one stays, and the contradicting case becomes knowledge of its own. Resolutions that link other
    // articles are a different solution, never a correction.
    const weak = observationsOf(entry) <= 1 || confidence < 0.35
    const otherArticle = this.linksOtherArticle(entry, extracted)
    if (weak && !otherArticle && this.problemSimilarity(entry, extracted) >= SAME_PROBLEM) {
      const corrected = await this.correct(entry, extracted, at, by, 'the analysts resolved it differently')
      return { type: 'corrected' as const, entry: corrected }
    }
    // Retired when it keeps failing: refuted at least N times, and more often than cases have supported it.
    const retire = failures >= settings.retireAfterFailures && failures > observationsOf(entry)
    const updated: KnowledgeEntry = {
      ...entry,
      confidence,
      status: retire ? 'retired' : entry.status,
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, event(retire ? 'retired' : 'refuted', at, extracted, by))
    }
    await this.put(updated)
    return { type: retire ? ('retired' as const) : ('refuted' as const), entry: updated }
  }

  private linksOtherArticle(entry: KnowledgeEntry, extracted: ExtractedCase): boolean {
    const ours = this.matcher.resolutionUrls(entry)
    const theirs = urlsIn(extracted.resolution.join('\n'))
    return ours.length > 0 && theirs.length > 0 && !theirs.some((url) => ours.includes(url))
  }

  private resolutionSimilarity(entry: KnowledgeEntry, extracted: ExtractedCase): number {
    const team = entry.team
    const theirs = this.matcher.textVector(team, [
      { tokens: tokenize(extracted.resolution.join('\n')), weight: 1 }
    ])
    const ours = this.matcher.textVector(team, [
      { tokens: this.matcher.entryTokens(entry).resolution, weight: 1 }
    ])
    return cosine(theirs, ours)
  }

  private problemSimilarity(entry: KnowledgeEntry, extracted: ExtractedCase): number {
    const tokens = this.matcher.entryTokens(entry)
    const ours = this.matcher.textVector(entry.team, [
      { tokens: [...tokens.title, ...tokens.problem, ...tokens.symptoms], weight: 1 }
    ])
    const theirs = this.matcher.textVector(entry.team, [
      { tokens: tokenize(`${extracted.title}\n${extracted.problem}`), weight: 1 }
    ])
    return cosine(ours, theirs)
  }

  private async put(entry: KnowledgeEntry): Promise<void> {
    await this.knowledge.put(entry)
    this.matcher.index(entry)
  }
}

const reacted = (suggestion: Suggestion): boolean =>
  suggestion.feedback.some((feedback) => feedback.kind !== 'ignored')

const caseText = (state: ConversationState): string =>
  [state.ticket.subject, ...state.messages.map((message) => message.text)].join('\n')

/** The knowledge suggestions of the case, each cited entry once. */
function shownKnowledge(state: ConversationState): Suggestion[] {
  const seen = new Set<string>()
  return state.suggestions.filter((suggestion) => {
    const primary = suggestion.citations[0]?.entryId
    if (!primary || (suggestion.kind !== 'answer' && suggestion.kind !== 'similar_case') || seen.has(primary))
      return false
    seen.add(primary)
    return true
  })
}

function event(
  kind: ProvenanceEvent['kind'],
  at: string,
  extracted: ExtractedCase,
  by?: string,
  note?: string
): ProvenanceEvent {
  return {
    kind,
    at,
    ticketId: extracted.ticketId,
    ...(extracted.messageIds.length ? { messageIds: extracted.messageIds.slice(0, 20) } : {}),
    ...(by ? { by } : {}),
    ...(note ? { note } : {})
  }
}

/**
 * The model's entry, unless its steps are risky where the analysts' own words are not: then the model added the
 * danger (an injection it obeyed), and the extractive entry is learned instead.
 */
function safer(model: ExtractedCase | null, extractive: ExtractedCase): ExtractedCase | null {
  const risk = model ? riskOf(model.resolution) : null
  if (!risk || riskOf(extractive.resolution)) return model
  throw new LlmError('LLM_INVALID_OUTPUT', `The model's extracted entry was dropped as risky (${risk}).`, {
    details: { schema: 'extract.v1' }
  })
}

/** Risky steps never go live unreviewed: the entry becomes a draft waiting for a person, with the reason. */
function heldIfRisky(resolution: readonly string[]): Partial<KnowledgeEntry> {
  const risk = riskOf(resolution)
  return risk ? { risk, status: 'draft', review: 'pending' } : { risk: undefined }
}

const round = (value: number): number => Math.round(value * 1000) / 1000
