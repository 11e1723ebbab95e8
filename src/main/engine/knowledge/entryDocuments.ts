/**
 * An Orama documents store that keeps no documents.
 *
 * Orama's default store holds a copy of every indexed document, so each entry's text lived twice in memory: in the
 * team's entries and in the index (the joined symptoms and resolution are new strings). Search never reads those
 * copies (KnowledgeIndex uses only the id and score of a hit), and removal needs the indexed text just once, to take
 * its terms out of the index: this store asks `indexedText` for it then. Results carry an empty document.
 */
import type { IDocumentsStore } from '@orama/orama'
import type { documentsStore } from '@orama/orama/components'

/** Orama's own store type, so the database keeps its usual type; `docs` stays empty. */
type CountingStore = documentsStore.DocumentsStore

const noDocument = Object.freeze({})

export function entryBackedDocuments(
  indexedText: (id: string) => Record<string, unknown> | undefined
): IDocumentsStore<CountingStore> {
  // Orama passes the caller's (string) id when removing and its internal (number) id when fetching hits.
  const get = (_store: unknown, id: string | number) =>
    typeof id === 'string' ? indexedText(id) : noDocument
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
    load: () => {
      throw new Error('the knowledge index is never loaded from a saved state')
    },
    save: () => {
      throw new Error('the knowledge index is never saved')
    }
  }
}
