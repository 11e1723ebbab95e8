import { it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { loadKnowledgeCorpus, corpusEntry } from '../../../src/main/eval/bench/knowledgeCorpus'
import { KnowledgeIndex } from '../../../src/main/engine/knowledge/knowledgeIndex'
import { makeTempDir, openStore } from './fixtures'
it('profile', async () => {
  const corpus = await loadKnowledgeCorpus('/work/shared/data')
  const n = 3000
  const entries = Array.from({ length: n }, (_, i) => corpusEntry(corpus, 'bench-team', i))
  const index = await KnowledgeIndex.build(entries)
  const ms: number[] = []
  for (let i = 0; i < 20; i++) { const t = performance.now(); await index.upsert(corpusEntry(corpus, 'bench-team', n + i)); ms.push(performance.now() - t) }
  for (let i = 0; i < 20; i++) { const e = entries[i * 7]!; const t = performance.now(); await index.upsert({ ...e, title: e.title + ' x' }, e); ms.push(performance.now() - t) }
  console.log('index upserts', ms.map((x) => x.toFixed(2)).join(' '))
  const temp = await makeTempDir()
  const store = await openStore(temp.dir)
  for (const e of entries) await store.put(e)
  await store.compact('bench-team')
  await store.close()
  const again = await openStore(temp.dir)
  const pm: number[] = []
  for (let i = 0; i < 20; i++) { const t = performance.now(); await again.put(corpusEntry(corpus, 'bench-team', n + i)); pm.push(performance.now() - t) }
  for (let i = 0; i < 20; i++) { const e = again.get('bench-team', `bench-${i * 7}`)!; const t = performance.now(); await again.put({ ...e, version: e.version + 1, title: e.title + ' x' }); pm.push(performance.now() - t) }
  console.log('store puts', pm.map((x) => x.toFixed(2)).join(' '))
  const cpu = process.cpuUsage()
  const t = performance.now()
  for (let i = 0; i < 20; i++) await again.put(corpusEntry(corpus, 'bench-team', n + 100 + i))
  const c = process.cpuUsage(cpu)
  console.log('20 puts wall', performance.now() - t, 'cpu', (c.user + c.system) / 1000)
  await again.close()
  await temp.remove()
}, 600000)
