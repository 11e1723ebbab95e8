/**
 * The team index keeps no copy of the entries' text (see entryDocuments.ts): a replaced or changed entry must still
 * leave the index completely, even for words that other entries keep in use (which the query planner does not drop).
 */
import { describe, expect, it } from 'vitest'
import { KnowledgeIndex } from '../../../src/main/engine/knowledge/knowledgeIndex'
import { makeEntry } from './fixtures'

describe('KnowledgeIndex', () => {
  it('takes every word of a replaced version out of the index, and indexes the new one', async () => {
    const keeper = makeEntry({
      id: 'keeper',
      title: 'Gateway handshake fails',
      problem: 'The gateway drops it'
    })
    const changing = makeEntry({
      id: 'changing',
      title: 'Gateway handshake stalls',
      problem: 'Stalls at login'
    })
    const index = await KnowledgeIndex.build([keeper, changing])
    const ids = async (query: string) =>
      (await index.search(query, 10, ['active'])).map((hit) => hit.id).sort()
    expect(await ids('handshake')).toEqual(['changing', 'keeper'])

    const changed = {
      ...changing,
      version: 2,
      title: 'Printer queue stuck',
      problem: 'Jobs wait forever'
    }
    await index.upsert(changed, changing)
    expect(await ids('handshake')).toEqual(['keeper'])
    expect(await ids('printer')).toEqual(['changing'])
    // A status change re-indexes the entry too: retired entries leave active search.
    await index.upsert({ ...keeper, version: 2, status: 'retired' }, keeper)
    expect(await ids('handshake gateway')).toEqual([])
    expect((await index.search('gateway', 10, ['retired'])).map((hit) => hit.id)).toEqual(['keeper'])
  })
})
