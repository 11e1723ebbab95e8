import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateCdp } from '../../../src/main/eval/cdp/cdpEval'
import { loadCdpFile } from '../../../src/main/eval/cdp/twitterCdp'
import { main } from '../../../src/main/cli/index'
import { repoRoot } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'
import { conversationClock, installUrl, refundUrl, writeConversations } from './cdpFixture'

const tempDir = useTempDirs()
const devFile = join(repoRoot, '..', 'shared', 'data', 'twitter-cdp', 'dev.json')

const conversation = conversationClock()

async function writeData(records: unknown): Promise<string> {
  return writeConversations(await tempDir(), records)
}

describe('CDP loader', () => {
  it('names the record and field of a structural error', async () => {
    const bad = conversation('Acme', 'my game will not install', '1', installUrl) as Record<string, unknown>
    const records = [
      conversation('Acme', 'hello there', '1', installUrl),
      { ...bad, agentURL: { url: installUrl } }
    ]
    await expect(loadCdpFile(await writeData(records))).rejects.toThrow(/record 1: agentURL\.doc_id/)
    await expect(loadCdpFile(await writeData({ not: 'an array' }))).rejects.toThrow(/expected an array/)
  })

  it('skips and counts a record without a customer turn', async () => {
    const onlyAgent = conversation('Acme', 'x', '1', installUrl)
    onlyAgent.dialogContent = [
      { agent: 'Acme', datetime: onlyAgent.dialogHeader.conversationDateTime, message: 'Hi!', tweet_ID: '9' }
    ] as never
    const data = await loadCdpFile(
      await writeData([conversation('Acme', 'help me', '1', installUrl), onlyAgent])
    )
    expect(data.cases).toHaveLength(1)
    expect(data.skipped).toEqual([{ index: 1, reason: 'no customer turn' }])
  })
})

describe('CDP evaluation', () => {
  it('scores Vigil learning from earlier cases against the baselines, on the same cases', async () => {
    const records = [
      conversation(
        'Acme',
        'The game will not install on my console, the download fails at 80 percent',
        '1',
        installUrl
      ),
      conversation('Acme', 'I want my money back for a purchase I did not make', '2', refundUrl),
      conversation(
        'Acme',
        'Download of the game fails again at 80 percent on the console, install error',
        '1',
        installUrl
      ),
      conversation('Acme', 'Please refund the purchase, I did not make it', '2', refundUrl),
      conversation('Other Co', 'The game download fails at 80 percent on the console', '1', installUrl)
    ]
    const result = await evaluateCdp(await loadCdpFile(await writeData(records)), { blockSize: 2 })
    expect(result).toMatchObject({ cases: 5, skipped: 0, warmCases: 0, oracleRate: 0.4, blockSize: 2 })
    // Knowledge is scoped per company: the last case has nothing to learn from.
    expect(result.hits).toBeGreaterThanOrEqual(1)
    expect(result.hits).toBeLessThanOrEqual(2)
    expect(result.precision).toBe(1)
    expect(result.hitsAnyCitation).toBeGreaterThanOrEqual(result.hits)
    expect(result.curve).toHaveLength(3)
    // Every baseline speaks on the three Acme cases after the first, and not on the other company's only case.
    for (const name of ['bm25', 'bm25Top3', 'prior', 'priorTop3'] as const) {
      expect(result.baselines[name].shown).toBe(3)
    }
    // BM25 finds the earlier case of the same problem; the prior, blind to the words, misses both on top-1
    // (ties go to the article used last) and finds both among its three.
    expect(result.baselines.bm25).toMatchObject({ hits: 2, precisionAtVigilCoverage: 1 })
    expect(result.baselines.prior.hits).toBe(0)
    expect(result.baselines.priorTop3.hits).toBe(2)
    expect(result).not.toHaveProperty('baselines.noLearning')
  })
})

describe('vigil eval cdp on the development set', () => {
  it.skipIf(!existsSync(devFile))(
    'prints the figures and writes the learning curve (needs ../shared/data)',
    async () => {
      const plot = join(await tempDir(), 'curve.svg')
      const out: string[] = []
      const io = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } }
      expect(await main(['eval', 'cdp', '--data', devFile, '--json', '--plot', plot], io)).toBe(0)
      const result = JSON.parse(out.join(''))
      expect(result).toMatchObject({ cases: 525, skipped: 0, oracleRate: 0.5333 })
      const systems = [result, result.ablations.noWordingModel, ...Object.values(result.baselines)]
      for (const system of systems as Array<{ hitRate: number }>) {
        expect(system.hitRate).toBeGreaterThanOrEqual(0)
        expect(system.hitRate).toBeLessThanOrEqual(result.oracleRate)
      }
      // Primary-citation scoring is stricter than any-citation scoring, on the same cards.
      expect(result.hitRate).toBeLessThanOrEqual(result.hitRateAnyCitation)
      expect(result.precision).toBeLessThanOrEqual(result.precisionAnyCitation)
      // Knowing when to stay quiet: Vigil is more precise than always showing BM25's top case.
      expect(result.precision).toBeGreaterThan(result.baselines.bm25.precision)
      const svg = await readFile(plot, 'utf8')
      expect(svg).toContain('<svg')
      expect(svg).toContain('Precision against coverage')
      // Three learning curves, then Vigil's two sweeps and the four baselines'.
      expect(svg.match(/<polyline/g)).toHaveLength(3 + 6)
    },
    // Vigil runs twice (with and without the wording model) on a 2-core machine shared with other work.
    180_000
  )
})
