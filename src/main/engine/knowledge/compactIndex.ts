/**
 * Orama's `index` component, compact: the same BM25 full-text search as Orama's own index, in typed arrays.
 *
 * Orama's default index keeps, per entry and property, an object of term frequencies, and per term a Set of entry ids
 * in a radix tree: about 21 KB per knowledge entry, and nothing that loads fast. This component keeps what that
 * search reads, and nothing else:
 * - a sorted dictionary of terms (shared by all properties), binary-searched for Orama's prefix matches;
 * - per property and term, the internal ids of the entries holding it, all in one Int32Array (the base, as loaded
 *   or as written at the last compaction), plus small arrays for entries indexed since;
 * - per property and entry, the field length (Orama's tokenizer deduplicates tokens, so a term's frequency in a
 *   field is always 1 / length, and a term's occurrences are the entries that hold it);
 * - per entry, its status (the only filter the store uses).
 * Scores are Orama's BM25 with the same parameters; typo tolerance and thresholds other than Orama's default (all
 * matches) are refused, since the store uses neither.
 *
 * `save` and `load` are Orama's own persistence hooks (`save(db)` / `load(db, raw)`); the raw form is typed arrays,
 * written to disk by indexFile.ts.
 */
import type { AnyOrama, IIndex, Tokenizer } from '@orama/orama'
import {
  addTerm,
  emptyProperty,
  emptyStore,
  grown,
  statusCode,
  termIdOf,
  type CompactIndexStore
} from './compactIndexStore'
import { removeFromBase, searchTerms } from './compactPostings'
import { loadStore, saveStore, type CompactIndexRaw } from './compactSerialisation'

/** A where-filter on the status, answered from the status array instead of building a Set of every entry. */
class StatusFilter {
  constructor(
    private readonly statuses: Uint8Array,
    private readonly wanted: Set<number>
  ) {}

  has(id: number): boolean {
    return this.wanted.has(this.statuses[id] ?? 0)
  }
}

export function compactIndexComponent(statusNames: readonly string[]): IIndex<CompactIndexStore> {
  const unused = (name: string) => () => {
    throw new Error(`the compact knowledge index does not use ${name}`)
  }
  const component = {
    create(_orama: AnyOrama, _shared: unknown, schema: Record<string, unknown>): CompactIndexStore {
      const store = emptyStore(statusNames)
      for (const [property, type] of Object.entries(schema)) {
        if (type === 'string') store.properties[property] = emptyProperty()
        else if (type === 'enum' && store.statusProperty === '') store.statusProperty = property
        else throw new Error(`the compact knowledge index cannot index ${property} (${String(type)})`)
        store.searchableProperties.push(property)
        store.searchablePropertiesWithTypes[property] = type
      }
      return store
    },
    insert(
      _implementation: unknown,
      store: CompactIndexStore,
      property: string,
      _id: unknown,
      internalId: number,
      value: unknown,
      _schemaType: unknown,
      language: string | undefined,
      tokenizer: Tokenizer
    ): void {
      if (property === store.statusProperty) {
        store.statuses = grown(store.statuses, internalId)
        store.statuses[internalId] = statusCode(store, value)
        return
      }
      const index = store.properties[property]!
      const tokens = tokenizer.tokenize(value as string, language, property, false) as string[]
      index.fieldLengths = grown(index.fieldLengths, internalId)
      index.fieldLengths[internalId] = tokens.length
      index.totalLength += tokens.length
      for (const token of tokens) {
        let list = index.added.get(token)
        if (!list) {
          index.added.set(token, (list = []))
          if (!store.bulk && termIdOf(store, token) < 0) addTerm(store.addedTerms, token)
        }
        list.push(internalId)
      }
    },
    remove(
      _implementation: unknown,
      store: CompactIndexStore,
      property: string,
      _id: unknown,
      internalId: number,
      value: unknown,
      _schemaType: unknown,
      language: string | undefined,
      tokenizer: Tokenizer
    ): boolean {
      if (property === store.statusProperty) {
        if (internalId < store.statuses.length) store.statuses[internalId] = 0
        return true
      }
      const index = store.properties[property]!
      const tokens = tokenizer.tokenize(value as string, language, property) as string[]
      index.totalLength -= index.fieldLengths[internalId] ?? 0
      if (internalId < index.fieldLengths.length) index.fieldLengths[internalId] = 0
      for (const token of tokens) {
        const list = index.added.get(token)
        const at = list ? list.lastIndexOf(internalId) : -1
        if (list && at >= 0) {
          list.splice(at, 1)
          if (list.length === 0) index.added.delete(token)
          continue
        }
        const termId = termIdOf(store, token)
        if (termId >= 0) removeFromBase(index, termId, internalId)
      }
      return true
    },
    insertDocumentScoreParameters: unused('insertDocumentScoreParameters'),
    insertTokenScoreParameters: unused('insertTokenScoreParameters'),
    removeDocumentScoreParameters: unused('removeDocumentScoreParameters'),
    removeTokenScoreParameters: unused('removeTokenScoreParameters'),
    calculateResultScores: unused('calculateResultScores'),
    search(
      store: CompactIndexStore,
      term: string,
      tokenizer: Tokenizer,
      language: string | undefined,
      propertiesToSearch: string[],
      exact: boolean,
      tolerance: number,
      boost: Record<string, number | undefined>,
      relevance: { k: number; b: number; d: number },
      docsCount: number,
      whereFiltersIDs: { has(id: number): boolean } | undefined,
      threshold = 0
    ): Array<[number, number]> {
      if (tolerance) throw new Error('the compact knowledge index does not support typo tolerance')
      if (threshold !== 1)
        throw new Error('the compact knowledge index returns every match (threshold 1) only')
      return searchTerms(store, tokenizer.tokenize(term, language) as string[], {
        propertiesToSearch,
        exact,
        boost,
        relevance,
        docsCount,
        filter: whereFiltersIDs
      })
    },
    searchByWhereClause(store: CompactIndexStore, _tokenizer: unknown, filters: Record<string, unknown>) {
      const keys = Object.keys(filters)
      const condition = filters[store.statusProperty] as { in?: unknown[]; eq?: unknown } | undefined
      if (keys.length !== 1 || !condition) {
        throw new Error(`the compact knowledge index filters on ${store.statusProperty} only`)
      }
      const values = condition.in ?? (condition.eq === undefined ? [] : [condition.eq])
      return new StatusFilter(store.statuses, new Set(values.map((value) => statusCode(store, value))))
    },
    getSearchableProperties: (store: CompactIndexStore) => store.searchableProperties,
    getSearchablePropertiesWithTypes: (store: CompactIndexStore) => store.searchablePropertiesWithTypes,
    load: (_shared: unknown, raw: CompactIndexRaw) => loadStore(raw),
    save: (store: CompactIndexStore) => saveStore(store)
  }
  return component as unknown as IIndex<CompactIndexStore>
}
