/**
 * The compact index component must search exactly as Orama's own index does (same candidates, same BM25 scores,
 * prefix matches included), after removals and replacements, and after Orama's save/load through it.
 */
import { create, insert, load, remove, save, search, type AnyOrama } from '@orama/orama'
import { describe, expect, it } from 'vitest'
import { EntryStatus } from '../../../src/shared/domain'
import { compactIndexComponent } from '../../../src/main/engine/knowledge/compactIndex'
import { englishStopWords } from '../../../src/main/engine/knowledge/englishStopWords'

const schema = { status: 'enum', title: 'string', problem: 'string', resolution: 'string' } as const
const words = [
  'gateway',
  'handshake',
  'timeout',
  'timeouts',
  'printer',
  'printing',
  'queue',
  'quota',
  'disk',
  'login',
  'logging',
  'certificate',
  'certificates',
  'proxy',
  'tunnel',
  'connect',
  'connection',
  'connector',
  'sync',
  'the',
  'and'
]

function database(compact: boolean): AnyOrama {
  return create({
    schema,
    components: {
      tokenizer: { language: 'english', stemming: true, stopWords: englishStopWords },
      ...(compact ? { index: compactIndexComponent(EntryStatus.options) } : {})
    },
    sort: { enabled: false }
  }) as AnyOrama
}

/** A fixed pseudo-random document: a few words per field. */
function documentFor(id: number, seed: number) {
  const pick = (count: number, salt: number) =>
    Array.from(
      { length: count },
      (_, i) => words[(id * 7 + seed * 13 + i * (salt + 3) + i * i) % words.length]
    ).join(' ')
  return {
    id: `e${id}`,
    status: (id + seed) % 5 === 0 ? 'retired' : 'active',
    title: pick(2 + (id % 3), 1),
    problem: pick(4 + (id % 5), 2),
    resolution: pick(3 + (id % 4), 5)
  }
}

const queries = [
  'gateway timeout',
  'connect',
  'print',
  'cert',
  'sync proxy tunnel',
  'quota disk login',
  'zzz'
]

async function results(db: AnyOrama, term: string, statuses: string[]) {
  const found = await search(db, {
    term,
    properties: ['title', 'problem', 'resolution'],
    boost: { title: 2 },
    where: { status: { in: statuses } },
    limit: 1000
  } as never)
  return (found.hits as Array<{ id: string; score: number }>)
    .map((hit) => ({ id: hit.id, score: Number(hit.score.toFixed(9)) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
}

async function expectSameSearch(compact: AnyOrama, reference: AnyOrama): Promise<void> {
  for (const term of queries) {
    for (const statuses of [['active'], ['active', 'retired']]) {
      expect(await results(compact, term, statuses), `${term} ${statuses.join('+')}`).toEqual(
        await results(reference, term, statuses)
      )
    }
  }
}

describe('compact index component', () => {
  it('finds and scores exactly as Orama’s own index, after changes and after save and load', async () => {
    const compact = database(true)
    const reference = database(false)
    for (let id = 0; id < 60; id++) {
      await insert(compact, documentFor(id, 0))
      await insert(reference, documentFor(id, 0))
    }
    expect((await results(reference, 'connect', ['active'])).length).toBeGreaterThan(5)
    await expectSameSearch(compact, reference)

    // Replace a third of them (new text, some retired), as the store does on a new version.
    for (let id = 0; id < 60; id += 3) {
      for (const db of [compact, reference]) {
        await remove(db, `e${id}`)
        await insert(db, documentFor(id, 1))
      }
    }
    await expectSameSearch(compact, reference)

    // Orama's save/load through the component, then more changes on the loaded base.
    const loaded = database(true)
    load(loaded, save(compact) as never)
    await expectSameSearch(loaded, reference)
    for (let id = 1; id < 60; id += 4) {
      for (const db of [loaded, reference]) {
        await remove(db, `e${id}`)
        await insert(db, documentFor(id, 2))
      }
    }
    for (const db of [loaded, reference]) await insert(db, documentFor(100, 0))
    await expectSameSearch(loaded, reference)
  })
})
