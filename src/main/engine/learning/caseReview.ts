/**
 * Learning at resolution: Vigil reviews the whole case — every suggestion it showed, what the analyst did with it,
 * and how the humans resolved it — and then confirms, corrects or retires the knowledge it cited, or learns a new
 * entry when it had nothing. Every change is a new version through the KnowledgeStore (the old one stays in its
 * history) with provenance saying why (see EntryRevisions); CaseComparison judges whether the analysts solved the
 * case the way the entry says.
 */
import { isKnowledgeCard, type KnowledgeEntry, type Suggestion } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import type { ConversationState } from '../watcher/conversationState'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { isAction } from './distill'
import { extractCase, type ExtractedCase } from './extractor'
import { extractWithModel, judgeWithModel } from './modelLearning'
import type { ModelWitness } from '../trust/modelTrustMonitor'
import type { Learner } from './learner'
import { CaseComparison } from './caseComparison'
import { EntryRevisions } from './entryRevisions'
import { riskOf } from './safeguards'
import { ticketEvidence } from './ticketEvidence'
import { vendorDifference } from '../text/vendors'
import { subjectsOfCase } from './subjects'

export type ReviewOutcome =
  | { type: 'confirmed' | 'corrected' | 'retired' | 'refuted'; entry: KnowledgeEntry; ticketId: string }
  | { type: 'learned' | 'merged'; entry: KnowledgeEntry; ticketId: string; similarity: number }

export class CaseReviewer {
  private readonly comparison: CaseComparison
  private readonly revisions: EntryRevisions

  constructor(
    private readonly knowledge: KnowledgeSource,
    matcher: EntryMatcher,
    private readonly learner: Learner,
    /**
     * The model, when one is loaded: it then extracts entries and judges cited ones. Its calls for one case are
     * cancelled when `budget` (the case's learning time budget) aborts.
     */
    private readonly model: (budget?: AbortSignal) => LlmRuntime | null = () => null,
    private readonly onModelProblem: (stage: string, error: LlmError) => void = () => {},
    /** Told when the model finds nothing to learn in a case the extractive path could learn from. */
    private readonly witness: ModelWitness | null = null
  ) {
    this.comparison = new CaseComparison(matcher)
    this.revisions = new EntryRevisions(knowledge, matcher, this.comparison)
  }

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
          // A model's "nothing to learn" does not veto what the analysts plainly did: see concreteSteps.
          if (written === null && concreteSteps(extractive)) return extractive
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
      const verdict = await this.verdict(entry, suggestion, extracted, budget, {
        own: extractive ?? extracted,
        subjects: subjectsOfCase(state.messages, state.ticket.subject),
        text: caseText(state)
      })
      // The model may propose to retire or rewrite what the team wrote, but only a person applies it.
      if ((verdict === 'retire' || verdict === 'correct') && entry.author === 'human') {
        outcomes.push({
          type: 'refuted',
          entry: await this.revisions.propose(entry, extracted, at, by, verdict),
          ticketId: state.ticket.id
        })
        refuted.add(entry.id)
        continue
      }
      if (verdict === 'retire') {
        outcomes.push({
          type: 'retired',
          entry: await this.revisions.retire(entry, extracted, at, by),
          ticketId: state.ticket.id
        })
        refuted.add(entry.id)
        continue
      }
      if (verdict === 'correct') {
        outcomes.push({
          type: 'corrected',
          entry: await this.revisions.correct(
            entry,
            extracted,
            at,
            by,
            'the model judged the steps outdated'
          ),
          ticketId: state.ticket.id
        })
        absorbed = true
        continue
      }
      if (verdict === 'confirmed') {
        outcomes.push({
          type: 'confirmed',
          entry: await this.revisions.confirm(entry, extracted, at, by),
          ticketId: state.ticket.id
        })
        absorbed = true
        continue
      }
      const outcome = await this.revisions.refute(entry, extracted, at, by, settings)
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
    budget: AbortSignal | undefined,
    /** The case in its people's own words and what it is about: the retrieval side's check of the model. */
    about: { own: ExtractedCase; subjects: readonly string[]; text: string }
  ): Promise<'confirmed' | 'refuted' | 'correct' | 'retire'> {
    // `ignored` (nothing of it sent) is no reaction: the resolution or the model judges it as before.
    if (suggestion.feedback.some((feedback) => feedback.kind !== 'ignored'))
      return this.comparison.judge(entry, suggestion, extracted)
    const fallback = this.comparison.judge(entry, suggestion, extracted)
    const decision = await this.withModel(
      'review',
      (llm) => judgeWithModel(llm, entry, extracted),
      null,
      budget
    )
    if (!decision) return fallback
    // Keeping or correcting folds the case into the entry: on a problem the retrieval side sees as another one
    // (another vendor or error code, unrelated words) the model's word does not count, the analysts' resolution does.
    if (decision.decision !== 'retire' && !this.comparison.sameProblem(entry, about.own, about))
      return fallback
    return decision.decision === 'keep' ? 'confirmed' : decision.decision
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
    if (!primary || !isKnowledgeCard(suggestion) || seen.has(primary)) return false
    seen.add(primary)
    return true
  })
}

/**
 * Whether the analysts' own resolution holds steps concrete enough to learn whatever a model says: two or more
 * instructions or UI paths ("In Nimbus go to Admin > Security > Single sign-on", "Switch to POST /v2/records/bulk").
 * A small or confused model answers "not learnable" to anything; a resolution of one remark or a workaround of the
 * moment ("I've extended your trial") has no such steps, and there the model's judgement stands.
 */
export const MIN_CONCRETE_STEPS = 2
export function concreteSteps(extracted: ExtractedCase): boolean {
  return extracted.resolution.filter(isAction).length >= MIN_CONCRETE_STEPS
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
