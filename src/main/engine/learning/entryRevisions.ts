/**
 * The new versions a case review writes: an entry confirmed, corrected, refuted, retired, or held with a model's
 * proposal for a person. Each goes through the KnowledgeStore (the old version stays in the entry's history) with
 * provenance saying which case and why.
 */
import type { KnowledgeEntry, ProvenanceEvent } from '../../../shared/domain'
import { confidenceOf, observationsOf } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import { SAME_PROBLEM, type CaseComparison } from './caseComparison'
import { distill } from './distill'
import { appendProvenance, MAX_SOURCES } from './entryHistory'
import type { ExtractedCase } from './extractor'
import { riskOf } from './safeguards'
import { subjectsOf } from './subjects'

/** Below this confidence (after a refutation) an entry has failed before and its steps may be replaced in place. */
const UNTRUSTED = 0.35

export class EntryRevisions {
  constructor(
    private readonly knowledge: KnowledgeSource,
    private readonly matcher: EntryMatcher,
    private readonly comparison: CaseComparison
  ) {}

  /**
   * A team-written entry the model judged wrong: unchanged, but sent to the review queue with what the model
   * proposes and the case's resolution, for a person to apply or dismiss.
   */
  async propose(
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
  async correct(
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
      // The new steps have one case behind them: the cases of the old steps never confirmed these ("confirmed on 2
      // cases" on a card whose steps one case taught would claim what nobody saw).
      observations: 1,
      confidence: 0.5,
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, event('corrected', at, extracted, by, note)),
      ...heldIfRisky(extracted.resolution)
    }
    await this.put(corrected)
    return corrected
  }

  async retire(entry: KnowledgeEntry, extracted: ExtractedCase, at: string, by?: string) {
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

  async confirm(entry: KnowledgeEntry, extracted: ExtractedCase, at: string, by?: string) {
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
  async refute(
    entry: KnowledgeEntry,
    extracted: ExtractedCase,
    at: string,
    by: string | undefined,
    settings: Settings['learning']
  ) {
    const failures = (entry.provenance ?? []).filter((item) => item.kind === 'refuted').length + 1
    const confidence = round(confidenceOf(entry) * 0.7)
    // Only an entry no longer trusted (it failed before) is overwritten by one case's resolution. Any other stays, and
    // the contradicting case becomes knowledge of its own: even one case behind an entry is a fix that worked there
    // (a workspace time zone for a one-office customer), and a second office's per-report fix is a variant beside
    // it, not a reason to lose it. Resolutions that link other articles are a different solution, never a correction.
    const weak = confidence < UNTRUSTED
    const otherArticle = this.comparison.linksOtherArticle(entry, extracted)
    if (weak && !otherArticle && this.comparison.problemSimilarity(entry, extracted) >= SAME_PROBLEM) {
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

  private async put(entry: KnowledgeEntry): Promise<void> {
    await this.knowledge.put(entry)
    this.matcher.index(entry)
  }
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

/** Risky steps never go live unreviewed: the entry becomes a draft waiting for a person, with the reason. */
function heldIfRisky(resolution: readonly string[]): Partial<KnowledgeEntry> {
  const risk = riskOf(resolution)
  return risk ? { risk, status: 'draft', review: 'pending' } : { risk: undefined }
}

const round = (value: number): number => Math.round(value * 1000) / 1000
