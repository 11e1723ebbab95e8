/**
 * How a knowledge search is answered for one team (KnowledgeStore.search): full text, hybrid (Orama's BM25 and the
 * entries' vectors), or `best`, which is hybrid only while the team's entries all have vectors and falls back to full
 * text when the model cannot embed the query (said once in the log until the model answers again).
 */
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Logger } from '../host'
import type { TeamKnowledge } from './teamKnowledge'

/** Orama's default similarity threshold for vector matches. */
export const DEFAULT_HYBRID_SIMILARITY = 0.8

export interface SearchHit {
  entry: KnowledgeEntry
  /** Orama BM25 score; higher is better, not normalised. */
  score: number
  /** Hybrid search: the entry's cosine to the query's vector (absent for an entry without one). */
  cosine?: number
}

/** How a hybrid search is asked for of one team's index (see `search`). */
export interface HybridOptions {
  similarity: number
  weights?: { text: number; vector: number }
}

export interface SearchOptions {
  limit: number
  statuses?: EntryStatus[]
  /**
   * `best`: hybrid when the team's entries all have vectors (`hybridReady`), full text otherwise; a query the
   * model fails to embed is searched by full text (said once in the log until the model answers again).
   */
  mode?: 'fulltext' | 'hybrid' | 'best'
  similarity?: number
  weights?: { text: number; vector: number }
}

export class KnowledgeSearcher {
  /** The last failed query embedding was logged: said once until one succeeds again. */
  private queryEmbeddingFailed = false

  constructor(
    private readonly logger: Logger,
    /** Whether the store has an embedding model now. */
    private readonly hasEmbedder: () => boolean
  ) {}

  /**
   * Orama BM25 candidates over title (boost 2), problem, symptoms, resolution; statuses default to ['active'].
   * `mode: 'hybrid'` (needs `embedder`) is Orama's hybrid search: the query is embedded, entries whose cosine is at
   * least `similarity` (default 0.8, Orama's) are vector matches, and each hit scores `text · BM25 / best BM25 +
   * vector · cosine / best cosine` (weights 0.5 and 0.5 unless given). BAD_INPUT for hybrid without a model.
   */
  async search(
    knowledge: TeamKnowledge | undefined,
    team: string,
    query: string,
    options: SearchOptions
  ): Promise<SearchHit[]> {
    if (options.mode === 'best') {
      if (!knowledge?.hybridReady)
        return this.search(knowledge, team, query, { ...options, mode: 'fulltext' })
      try {
        const hits = await this.search(knowledge, team, query, { ...options, mode: 'hybrid' })
        this.queryEmbeddingFailed = false
        return hits
      } catch (error) {
        if (!this.queryEmbeddingFailed)
          this.logger.warn('knowledge: the query could not be embedded; searching full text', {
            team,
            error: String(error)
          })
        this.queryEmbeddingFailed = true
        return this.search(knowledge, team, query, { ...options, mode: 'fulltext' })
      }
    }
    const hybrid = options.mode === 'hybrid'
    if (hybrid && !this.hasEmbedder())
      throw new VigilError(
        ErrorCode.badInput,
        'Hybrid knowledge search needs an embedding model, and none is configured (Settings, Language model).'
      )
    if (!knowledge) return []
    return knowledge.search(
      query,
      options.limit,
      options.statuses ?? ['active'],
      hybrid
        ? {
            similarity: options.similarity ?? DEFAULT_HYBRID_SIMILARITY,
            ...(options.weights ? { weights: options.weights } : {})
          }
        : undefined
    )
  }
}
