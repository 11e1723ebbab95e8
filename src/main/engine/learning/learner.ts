/**
 * Learning, first version: when a ticket resolves, extract an entry from it and either merge it into the
 * near-duplicate entry the team already has or add it as a new one. Merging grows the entry's source tickets
 * and symptoms instead of piling up copies.
 */
import type { KnowledgeEntry, ProvenanceEvent } from '../../../shared/domain'
import { emptyCounters, observationsOf } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import { cosine, normalize } from '../text/similarity'
import { termFrequencies, tokenize } from '../text/tokenize'
import { urlsIn } from '../text/urls'
import type { ConversationState } from '../watcher/conversationState'
import { distill, isAction } from './distill'
import { appendProvenance, MAX_SOURCES } from './entryHistory'
import { problemTitle } from './entryTitle'
import { extractCase, type ExtractedCase } from './extractor'
import { differentSubjects, subjectsOfCase, subjectsOfEntry } from './subjects'
import { riskOf } from './safeguards'
import { SAME_PROBLEM } from './caseComparison'
import { ticketEvidence } from './ticketEvidence'
import { vendorDifference } from '../text/vendors'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { denseCosine } from '../text/similarity'

export type LearningOutcome =
  | { outcome: 'learned' | 'merged'; entry: KnowledgeEntry; similarity: number }
  | { outcome: 'skipped'; reason: string }

const MAX_SYMPTOMS = 50
const MAX_STEPS = 10
const NOVEL_STEP_SIMILARITY = 0.35
/**
 * The least similarity by words (the retrieval-only measure, on the case's own messages) an entry needs before a
 * case is merged into it: a model's embeddings may lift a pair the words already relate up to the merge threshold,
 * never an unrelated one. On the demo with a model that rates every pair of texts 0.85-0.95 alike (stories260K), the
 * right merges score 0.22-0.42 by words and the wrong ones 0.01-0.10 (a SAML signature case against the webhook
 * signature entry: 0.10). SAME_PROBLEM, the answer threshold, is the same bar for correcting an entry in place.
 */
const MERGE_EVIDENCE = SAME_PROBLEM
/** Words a step from another case needs to stand on its own in an entry. */
const MIN_ADDED_STEP_WORDS = 6

export class Learner {
  constructor(
    private readonly knowledge: KnowledgeSource,
    private readonly matcher: EntryMatcher,
    private readonly newId: (ticketId: string, team: string) => string,
    /** The model, when one is loaded: its embeddings then count half in the same-problem check. */
    private readonly model: (budget?: AbortSignal) => LlmRuntime | null = () => null
  ) {}

  /**
   * `contradicts`: entries this case refuted. They are never merged into (a contradicting resolution must not
   * overwrite or blend into them), and a new entry learned instead starts with lower confidence.
   */
  async learn(
    state: ConversationState,
    now: Date,
    settings: Settings['learning'],
    contradicts: ReadonlySet<string> = new Set(),
    /** Already extracted (e.g. by the model); default: the extractive fallback. */
    given?: ExtractedCase | null,
    /** Aborts the model's embedding call (the case's learning time budget): text similarity alone then decides. */
    budget?: AbortSignal
  ): Promise<LearningOutcome> {
    if (!settings.enabled) return { outcome: 'skipped', reason: 'learning is switched off' }
    const extractive = extractCase(state)
    const extracted = given === undefined ? extractive : given
    if (!extracted)
      return { outcome: 'skipped', reason: 'no customer problem or analyst resolution to learn' }
    const about: CaseSubjects = {
      subjects: subjectsOfCase(state.messages, state.ticket.subject),
      text: [state.ticket.subject, ...state.messages.map((message) => message.text)].join('\n'),
      // The case in the people's own words: a model's rewording never stands in for the evidence of the same problem.
      own: extractive ?? extracted
    }
    const match = await this.nearestDuplicate(extracted, contradicts, about, budget, settings.mergeThreshold)
    const at = now.toISOString()
    const by = state.ticket.assignee ?? undefined
    if (match && match.similarity >= settings.mergeThreshold) {
      const entry = publish(mergeInto(match.entry, extracted, about.subjects, at, by), settings)
      await this.knowledge.put(entry)
      this.matcher.index(entry)
      return { outcome: 'merged', entry, similarity: match.similarity }
    }
    const risk = riskOf(extracted.resolution)
    const entry: KnowledgeEntry = publish(
      {
        id: this.newId(extracted.ticketId, extracted.team),
        team: extracted.team,
        title: extracted.title,
        problem: extracted.problem,
        symptoms: [extracted.symptom],
        resolution: extracted.resolution,
        summary: distill(extracted.resolution),
        subjects: about.subjects,
        sourceTicketIds: [extracted.ticketId],
        author: 'learned',
        status: 'active',
        version: 1,
        createdAt: at,
        updatedAt: at,
        counters: emptyCounters(),
        observations: 1,
        confidence: contradicts.size > 0 ? 0.4 : 0.5,
        provenance: [provenance('learned', at, extracted, by)],
        ...(risk ? { risk } : {})
      },
      settings
    )
    await this.knowledge.put(entry)
    this.matcher.index(entry)
    return { outcome: 'learned', entry, similarity: match?.similarity ?? 0 }
  }

  /**
   * The entry this case belongs to. Resolutions that link the same article are the same solution, whatever the
   * wording: the best-established such entry. Otherwise the nearest entry by problem (weighted most) and
   * resolution similarity among full-text candidates, never one whose resolution links only other articles.
   */
  private async nearestDuplicate(
    extracted: ExtractedCase,
    exclude: ReadonlySet<string>,
    about: CaseSubjects,
    budget: AbortSignal | undefined,
    mergeThreshold: number
  ): Promise<{ entry: KnowledgeEntry; similarity: number } | null> {
    // The entry this very ticket was learned into before (it resolved again): its case, whatever the wording now.
    const own = this.matcher
      .entriesFromTicket(extracted.team, extracted.ticketId)
      .map((id) => this.knowledge.get(extracted.team, id))
      .find(
        (entry): entry is KnowledgeEntry =>
          entry !== undefined &&
          entry.status !== 'retired' &&
          !exclude.has(entry.id) &&
          ticketEvidence(entry, extracted.ticketId) === 'supports'
      )
    if (own) return { entry: own, similarity: 1 }
    const urls = urlsIn(extracted.resolution.join('\n'))
    const sameArticle = this.matcher
      .entriesLinking(extracted.team, urls)
      .map((id) => this.knowledge.get(extracted.team, id))
      .filter(
        (entry): entry is KnowledgeEntry =>
          entry !== undefined && entry.status !== 'retired' && !exclude.has(entry.id)
      )
      .sort((a, b) => observationsOf(b) - observationsOf(a) || a.id.localeCompare(b.id))
    if (sameArticle[0]) return { entry: sameArticle[0], similarity: 1 }

    const candidates = await this.knowledge.search(
      extracted.team,
      `${extracted.title}\n${extracted.problem}`,
      {
        limit: 10,
        statuses: ['active', 'draft']
      }
    )
    const textOf = this.textSimilarity(extracted)
    const evidenceOf = about.own === extracted ? textOf : this.textSimilarity(about.own)
    let best: { entry: KnowledgeEntry; similarity: number } | null = null
    const scored: Array<{ entry: KnowledgeEntry; text: number; evidence: number }> = []
    for (const { entry } of candidates) {
      if (exclude.has(entry.id)) continue
      if (entry.sourceTicketIds.includes(extracted.ticketId)) return { entry, similarity: 1 }
      if (urls.length > 0 && this.matcher.resolutionUrls(entry).length > 0) continue
      // Near-identical wording about another vendor, product or error code is another problem.
      if (differentSubjects(about.subjects, about.text, subjectsOfEntry(entry), entryText(entry))) continue
      // Steps written for one vendor's screens never take in a case about another vendor's.
      if (vendorDifference(entry.resolution.join('\n'), about.text)) continue
      scored.push({ entry, text: textOf(entry), evidence: evidenceOf(entry) })
    }
    const meaning = await this.embeddingSimilarities(
      extracted,
      scored.map((item) => item.entry),
      budget
    )
    for (const [index, item] of scored.entries()) {
      // No merge without the words' evidence of one problem, whatever a model says (see MERGE_EVIDENCE): an entry
      // the case's own words do not relate keeps their similarity, below the merge threshold.
      const related = item.evidence >= Math.min(mergeThreshold, MERGE_EVIDENCE)
      const similarity = !related
        ? Math.min(item.text, item.evidence)
        : meaning
          ? 0.5 * item.text + 0.5 * meaning[index]!
          : item.text
      if (!best || similarity > best.similarity) best = { entry: item.entry, similarity }
    }
    return best
  }

  /** The retrieval-only similarity (problem weighted most, then resolution) of a case with an entry, by their words. */
  private textSimilarity(extracted: ExtractedCase): (entry: KnowledgeEntry) => number {
    const problem = this.matcher.textVector(extracted.team, [
      { tokens: tokenize(`${extracted.title}\n${extracted.problem}`), weight: 1 }
    ])
    const resolution = this.matcher.textVector(extracted.team, [
      { tokens: tokenize(extracted.resolution.join('\n')), weight: 1 }
    ])
    return (entry) => {
      const tokens = this.matcher.entryTokens(entry)
      const entryProblem = this.matcher.textVector(entry.team, [
        { tokens: [...tokens.title, ...tokens.problem, ...tokens.symptoms], weight: 1 }
      ])
      const entryResolution = this.matcher.textVector(entry.team, [{ tokens: tokens.resolution, weight: 1 }])
      return 0.6 * cosine(problem, entryProblem) + 0.4 * cosine(resolution, entryResolution)
    }
  }

  /** Cosine of the case's problem with each entry's problem by the model's embeddings; null without a model. */
  private async embeddingSimilarities(
    extracted: ExtractedCase,
    entries: KnowledgeEntry[],
    budget: AbortSignal | undefined
  ): Promise<number[] | null> {
    const llm = this.model(budget)
    if (!llm || entries.length === 0) return null
    try {
      const [ours, ...theirs] = await llm.embed([
        `${extracted.title}\n${extracted.problem}`,
        ...entries.map((entry) => `${entry.title}\n${entry.problem}`)
      ])
      return theirs.map((vector) => Math.max(0, denseCosine(ours!, vector)))
    } catch (error) {
      if (error instanceof LlmError) return null // Text similarity alone still decides.
      throw error
    }
  }
}

/** What a case is about, for keeping it apart from entries about other vendors, products or error codes. */
interface CaseSubjects {
  subjects: string[]
  /** Everything said in the case, to check whether it mentions the entry's subjects at all. */
  text: string
  /** The case as the extractive path reads it from the people's messages (the model's entry when there is none). */
  own: ExtractedCase
}

const entryText = (entry: KnowledgeEntry): string =>
  [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n')

function mergeInto(
  entry: KnowledgeEntry,
  extracted: ExtractedCase,
  subjects: readonly string[],
  at: string,
  by?: string
): KnowledgeEntry {
  const resolution = [...entry.resolution, ...novelSteps(entry.resolution, extracted.resolution)].slice(
    0,
    MAX_STEPS
  )
  const risk = riskOf(resolution)
  return {
    ...entry,
    // Entries learned before titles were made neutral get theirs now; the team's own wording is never rewritten.
    title: entry.author === 'human' ? entry.title : problemTitle(entry.title),
    // The card stays the established entry's distilled text: a step another case added is on the full entry, one
    // click away, but never spliced into the card (entries stored before cards existed get theirs now).
    summary: entry.summary ?? distill(entry.resolution),
    subjects: [...new Set([...subjectsOfEntry(entry), ...subjects])].slice(0, 30),
    symptoms: [...new Set([...entry.symptoms, extracted.symptom])].slice(-MAX_SYMPTOMS),
    // Keep the established steps first; add only what this case did that no existing step already says.
    resolution,
    sourceTicketIds: [...new Set([...entry.sourceTicketIds, extracted.ticketId])].slice(-MAX_SOURCES),
    observations: observationsOf(entry) + (entry.sourceTicketIds.includes(extracted.ticketId) ? 0 : 1),
    version: entry.version + 1,
    updatedAt: at,
    provenance: appendProvenance(entry, provenance('merged', at, extracted, by)),
    ...(risk ? { risk } : {})
  }
}

/**
 * Team policy for learned knowledge going live. Risky entries always wait for a person; under `after-approval` so
 * does everything; under `after-observations` an entry goes live once enough cases agree.
 */
function publish(entry: KnowledgeEntry, settings: Settings['learning']): KnowledgeEntry {
  if (entry.author === 'human' || entry.review === 'approved' || entry.review === 'rejected') return entry
  if (entry.status === 'retired') return entry
  const needsPerson = entry.risk !== undefined || settings.publish === 'after-approval'
  if (needsPerson) return { ...entry, status: 'draft', review: 'pending' }
  if (settings.publish === 'after-observations' && observationsOf(entry) < settings.minObservations) {
    return { ...entry, status: 'draft', review: 'none' }
  }
  return { ...entry, status: 'active', review: 'none' }
}

function provenance(
  kind: ProvenanceEvent['kind'],
  at: string,
  extracted: ExtractedCase,
  by?: string
): ProvenanceEvent {
  return {
    kind,
    at,
    ticketId: extracted.ticketId,
    ...(extracted.messageIds.length ? { messageIds: extracted.messageIds.slice(0, 20) } : {}),
    ...(by ? { by } : {})
  }
}

/**
 * Steps another case adds to an entry: instructions whose wording overlaps no known step (term cosine below
 * NOVEL_STEP_SIMILARITY) and that say enough on their own. That case's explanations ("The rejected requests are the
 * ones you're skipping.") are about its own customer, and a short tail of a step the entry already has ("Never drop
 * the record." after "On any 429, retry with backoff") means nothing without it: neither is added.
 */
function novelSteps(known: readonly string[], candidates: readonly string[]): string[] {
  const vectors = known.map(stepVector)
  const novel: string[] = []
  for (const step of candidates) {
    if (!isAction(step) || step.split(/\s+/).length < MIN_ADDED_STEP_WORDS) continue
    const vector = stepVector(step)
    if (vectors.every((other) => cosine(vector, other) < NOVEL_STEP_SIMILARITY)) {
      novel.push(step)
      vectors.push(vector)
    }
  }
  return novel
}

const stepVector = (step: string) => normalize(termFrequencies(tokenize(step)))
