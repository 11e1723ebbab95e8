/** Finds the team's entries that match a conversation query, scored by similarity and ranked with feedback. */
import { observationsOf } from '../../../shared/domain'
import type { KnowledgeEntry } from '../../../shared/domain'
import { DEFAULT_HYBRID_SIMILARITY } from '../knowledge/knowledgeStore'
import type { EntryMatcher } from './entryMatcher'
import type { KnowledgeSource } from './knowledgeSource'
import { rankingFactor } from './ranking'
import type { WordingModel } from './wordingModel'

export interface RetrievedEntry {
  entry: KnowledgeEntry
  /** Cosine similarity to the query, 0..1: what the answerability threshold judges. */
  similarity: number
  /** Similarity adjusted by feedback and evidence: the order in which entries are offered. */
  rank: number
  /**
   * Share of the team's resolved tickets this entry was learned from, 0..1, shrunk toward 0 while the team has
   * few tickets (2 of 10 is weaker evidence than 20 of 100).
   */
  share: number
  /** Resolved tickets the team's knowledge was learned from. */
  teamCases: number
  /** Query words the entry's problem side also uses, rarest first (see EntryMatcher.sharedProblemTerms). */
  problemTerms: string[]
  /** Those of `problemTerms` that most of the team's entries use (the product's name): never named in a reason. */
  everywhereTerms?: string[]
  /**
   * Words of the whole conversation that the entry's distilled problem uses (see EntryMatcher.distilledProblemTerms),
   * rarest first: set by the pipeline for the entries a card cites, and named first in its reason.
   */
  distilledTerms?: string[]
  /** How closely the conversation matches what customers said on the entry's earlier cases, 0..1 (0 if none). */
  wording?: number
  /**
   * P(this entry answers the conversation | the team's resolved cases), 0..1, and whether the conversation's words
   * favour it over the team's cases as a whole (log likelihood ratio > 0); absent for entries without cases.
   * `complement`: the same probability by complement naive Bayes (see CaseEvidence), which decides the card's
   * confidence and the posterior rules; `probability` stands in where it is absent.
   */
  posterior?: { probability: number; logLikelihoodRatio: number; complement?: number }
}

export interface RetrievalQuery {
  team: string
  /** Scrubbed text for full-text candidate search. */
  text: string
  tokens: readonly string[]
  /** Candidates pulled from the full-text index before re-scoring. Default 100. */
  candidates?: number
}

/** Pseudo-tickets added to a team's count when estimating an entry's share. */
const PRIOR_CASES = 5

export class Retriever {
  constructor(
    private readonly knowledge: KnowledgeSource,
    private readonly matcher: EntryMatcher,
    /** Customer wordings learned from resolved cases; null matches on the entries' own words only. */
    private readonly wordings: WordingModel | null = null
  ) {}

  /** The team's active entry `id`, if there is one (what a card on a ticket cites, looked up again). */
  activeEntry(team: string, id: string): KnowledgeEntry | undefined {
    const entry = this.knowledge.get(team, id)
    return entry?.status === 'active' ? entry : undefined
  }

  /** The terms among `tokens` that the team's knowledge uses at all (a word no entry has can match none). */
  knownTerms(team: string, tokens: readonly string[]): string[] {
    return this.matcher.knownTerms(team, tokens)
  }

  /** The result with the words of the whole conversation (`tokens`) that its entry's distilled problem uses. */
  withDistilledTerms(result: RetrievedEntry, team: string, tokens: readonly string[]): RetrievedEntry {
    return { ...result, distilledTerms: this.matcher.distilledProblemTerms(team, tokens, result.entry) }
  }

  async retrieve(query: RetrievalQuery): Promise<RetrievedEntry[]> {
    if (query.tokens.length === 0) return []
    const hits = await this.knowledge.search(query.team, query.text, {
      limit: query.candidates ?? 100,
      statuses: ['active'],
      mode: 'best'
    })
    // Hybrid search: how close the model's vectors put each entry, for entries that share no word with the query.
    const vectorMatch = new Map(
      hits.flatMap((hit) =>
        hit.cosine === undefined ? [] : [[hit.entry.id, vectorSimilarity(hit.cosine)] as const]
      )
    )
    // Entries customers described this way before join the full-text candidates; retired ones never come back.
    const active = (id: string): boolean => this.knowledge.get(query.team, id)?.status === 'active'
    const wording = new Map(
      (this.wordings?.scores(query.team, query.tokens, WORDING_CANDIDATES, active) ?? []).map((item) => [
        item.entryId,
        item.score
      ])
    )
    const posteriors = new Map(
      (this.wordings?.evidence.posteriors(query.team, query.tokens, EVIDENCE_TEMPERATURE, active) ?? []).map(
        (item) => [item.entryId, item]
      )
    )
    const candidates = new Map(hits.map(({ entry }) => [entry.id, entry]))
    const likely = [...posteriors.keys()].slice(0, POSTERIOR_CANDIDATES)
    for (const id of [...wording.keys(), ...likely]) {
      const entry = this.knowledge.get(query.team, id)
      if (entry && !candidates.has(id)) candidates.set(id, entry)
    }
    const vector = this.matcher.queryVector(query.team, query.tokens)
    const teamCases = this.matcher.teamCaseCount(query.team)
    return [...candidates.values()]
      .map((entry) => {
        const learned = wording.get(entry.id) ?? 0
        const similarity = combined(
          Math.max(this.matcher.similarity(vector, entry), vectorMatch.get(entry.id) ?? 0),
          learned
        )
        const share = observationsOf(entry) / (teamCases + PRIOR_CASES)
        const problemTerms = this.matcher.sharedProblemTerms(query.team, query.tokens, entry)
        const everywhereTerms = this.matcher.everywhereTerms(query.team, problemTerms)
        const posterior = posteriors.get(entry.id)
        return {
          entry,
          similarity,
          rank: similarity * rankingFactor(entry),
          share,
          teamCases,
          problemTerms,
          ...(everywhereTerms.length > 0 ? { everywhereTerms } : {}),
          ...(learned > 0 ? { wording: learned } : {}),
          ...(posterior
            ? {
                posterior: {
                  probability: posterior.probability,
                  logLikelihoodRatio: posterior.logLikelihoodRatio,
                  complement: posterior.complement
                }
              }
            : {})
        }
      })
      .filter((result) => result.similarity > 0 || (result.posterior?.probability ?? 0) > 0)
      .sort((a, b) => b.rank - a.rank || a.entry.id.localeCompare(b.entry.id))
  }
}

/** Entries the wording model may add to the full-text candidates. */
const WORDING_CANDIDATES = 20
/** The most probable entries by the answer posterior, added to the candidates too. */
const POSTERIOR_CANDIDATES = 3
/** How much of the naive Bayes word evidence is believed (see CaseEvidence.posteriors); 0.15 and 0.3 did alike on CDP dev, 0.6 worse. */
const EVIDENCE_TEMPERATURE = 0.15

/**
 * The model's cosine as a similarity on the matcher's scale: 0 at the store's vector-match threshold (Orama's 0.8),
 * 1 for the same meaning. Embedding models put unrelated texts at cosines far above 0, so the raw cosine would
 * pass the answerability threshold for almost anything.
 */
function vectorSimilarity(cosine: number): number {
  return Math.min(1, Math.max(0, (cosine - DEFAULT_HYBRID_SIMILARITY) / (1 - DEFAULT_HYBRID_SIMILARITY)))
}

/**
 * The entry's own words and its customers' words are two views of one match: the stronger decides. (Adding a share
 * of the weaker one, or scaling the wording score, made no difference beyond noise on the CDP dev set.)
 */
function combined(text: number, wording: number): number {
  return Math.max(text, wording)
}
