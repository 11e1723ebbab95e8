/**
 * Orama's hybrid search over one team's index (see vectors/hybridRanking.ts): every full-text match from the index
 * component, exactly as Orama's search asks it, and the cosine of every entry from the vector index.
 */
import { count, type AnyOrama } from '@orama/orama'
import type { IndexHit } from './indexDocument'
import type { EntryVectors } from './vectors/entryVectors'
import { defaultHybridWeights, rankHybrid } from './vectors/hybridRanking'

/** Orama's BM25 parameters when a search gives none (its `defaultBM25Params`). */
const oramaBm25 = { k: 1.2, b: 0.75, d: 0.5 }

/** How a hybrid search weighs the query's vector (Orama's hybrid mode). */
export interface HybridQuery {
  vector: number[]
  /** Cosine below which an entry is no vector match. */
  similarity: number
  /** Weights of the normalised BM25 and cosine scores; Orama's default is 0.5 each. */
  weights?: { text: number; vector: number }
}

/** The full-text part of the search, as KnowledgeIndex.search builds it for Orama. */
export interface HybridTextParams {
  properties: string[]
  boost: Record<string, number>
  where: object
  limit: number
}

export function searchHybrid(
  db: AnyOrama,
  vectors: EntryVectors | null,
  term: string,
  params: HybridTextParams,
  hybrid: HybridQuery
): IndexHit[] {
  if (!vectors) throw new Error('this index holds no vectors: no embedding model is configured')
  const component = db.index
  const store = db.data.index
  const filter = component.searchByWhereClause(store as never, db.tokenizer, params.where as never, undefined)
  const text =
    term === ''
      ? []
      : (component.search(
          store as never,
          term,
          db.tokenizer,
          undefined,
          params.properties,
          false,
          0,
          params.boost,
          { ...oramaBm25 },
          count(db),
          filter as never,
          1
        ) as Array<[number, number]>)
  const cosines = vectors.rows.cosines(hybrid.vector)
  const ranked = rankHybrid({
    text,
    cosines,
    filter: filter as { has(id: number): boolean },
    similarity: hybrid.similarity,
    weights: hybrid.weights ?? defaultHybridWeights,
    limit: params.limit
  })
  const ids = db.internalDocumentIDStore.internalIdToId
  return ranked.map(([internalId, score]) => {
    const cosine = internalId < cosines.length ? cosines[internalId]! : NaN
    return { id: ids[internalId - 1]!, score, ...(Number.isNaN(cosine) ? {} : { cosine }) }
  })
}
