/**
 * An Orama documents store that keeps no documents.
 *
 * Orama's default store holds a copy of every indexed document. Search never reads those copies (KnowledgeIndex uses
 * only the id and score of a hit; the entries live on disk, see entryShelf.ts), and removal needs the indexed text
 * just once, to take its terms out of the index: the caller hands that version over for the removal (`removing`).
 * Results carry an empty document. Saved and loaded with Orama's `save`/`load` as a count.
 */
import type { IDocumentsStore } from '@orama/orama'
import type { documentsStore } from '@orama/orama/components'

/** Orama's own store type, so the database keeps its usual type; `docs` stays empty. */
type CountingStore = documentsStore.DocumentsStore

const noDocument = Object.freeze({})

export function entryBackedDocuments(
  removing: (id: string) => Record<string, unknown> | undefined
): IDocumentsStore<CountingStore> {
  // Orama passes the caller's (string) id when removing (and before inserting, to refuse a duplicate) and its
  // internal (number) id when fetching hits.
  const get = (_store: unknown, id: string | number) => (typeof id === 'string' ? removing(id) : noDocument)
  return {
    create: (_orama, sharedInternalDocumentStore) => ({ count: 0, docs: {}, sharedInternalDocumentStore }),
    get,
    getMultiple: (store, ids) => ids.map((id) => get(store, id)),
    getAll: () => ({}),
    store: (store) => {
      store.count += 1
      return true
    },
    remove: (store) => {
      store.count -= 1
      return true
    },
    count: (store) => store.count,
    load: <R>(sharedInternalDocumentStore: unknown, raw: R) =>
      ({
        count: (raw as { count: number }).count,
        docs: {},
        sharedInternalDocumentStore
      }) as unknown as CountingStore,
    save: <R>(store: CountingStore) => ({ count: store.count }) as R
  }
}
