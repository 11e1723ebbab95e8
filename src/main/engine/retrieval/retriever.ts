/** Finds the team's entries that match a conversation query, scored by similarity and ranked with feedback. */
import { observationsOf } from '../../../shared/domain'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { EntryMatcher } from './entryMatcher'
import type { KnowledgeSource } from './knowledgeSource'
import { rankingFactor } from './ranking'

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
    private readonly matcher: EntryMatcher
  ) {}

  async retrieve(query: RetrievalQuery): Promise<RetrievedEntry[]> {
    if (query.tokens.length === 0) return []
    const hits = await this.knowledge.search(query.team, query.text, {
      limit: query.candidates ?? 100,
      statuses: ['active']
    })
    const vector = this.matcher.queryVector(query.team, query.tokens)
    const teamCases = this.matcher.teamCaseCount(query.team)
    return hits
      .map(({ entry }) => {
        const similarity = this.matcher.similarity(vector, entry)
        const share = observationsOf(entry) / (teamCases + PRIOR_CASES)
        const problemTerms = this.matcher.sharedProblemTerms(query.team, query.tokens, entry)
        const rank = similarity * rankingFactor(entry)
        return { entry, similarity, rank, share, teamCases, problemTerms }
      })
      .filter((result) => result.similarity > 0)
      .sort((a, b) => b.rank - a.rank || a.entry.id.localeCompare(b.entry.id))
  }
}
