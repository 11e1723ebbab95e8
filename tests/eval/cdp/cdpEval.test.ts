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
  it('names the record and field of a malformed record (a field of the wrong type)', async () => {
    const bad = conversation('Acme', 'my game will not install', '1', installUrl)
    const records = [
      conversation('Acme', 'hello there', '1', installUrl),
      { ...bad, agentURL: { ...bad.agentURL, doc_id: 17 } }
    ]
    await expect(loadCdpFile(await writeData(records))).rejects.toThrow(/record 1: agentURL\.doc_id/)
    const badTurn = { ...bad, dialogContent: [{ ...bad.dialogContent[0], message: ['not', 'text'] }] }
    await expect(loadCdpFile(await writeData([badTurn]))).rejects.toThrow(
      /record 0: dialogContent\.0\.message/
    )
    await expect(loadCdpFile(await writeData({ not: 'an array' }))).rejects.toThrow(/expected an array/)
  })

  it('skips and counts partial records, naming the missing field', async () => {
    const onlyAgent = conversation('Acme', 'x', '1', installUrl)
    onlyAgent.dialogContent = [
      { agent: 'Acme', datetime: onlyAgent.dialogHeader.conversationDateTime, message: 'Hi!', tweet_ID: '9' }
    ] as never
    const noDoc = conversation('Acme', 'my game will not install', '1', installUrl)
    const { doc_id: _dropped, ...agentUrlWithoutDoc } = noDoc.agentURL
    const noTime = conversation('Acme', 'refund please', '2', refundUrl)
    const { datetime: _time, ...turnWithoutTime } = noTime.dialogContent[0]!
    const data = await loadCdpFile(
      await writeData([
        conversation('Acme', 'help me', '1', installUrl),
        onlyAgent,
        { ...noDoc, agentURL: agentUrlWithoutDoc },
        { ...noTime, dialogContent: [turnWithoutTime] }
      ])
    )
    expect(data.cases).toHaveLength(1)
    expect(data.skipped).toEqual([
      { index: 1, reason: 'no customer turn' },
      { index: 2, reason: 'agentURL.doc_id: missing or empty' },
      { index: 3, reason: 'dialogContent.0.datetime: missing' }
    ])
  })

  it('reports skipped records in the command output', async () => {
    const partial = conversation('Acme', 'my game will not install', '1', installUrl)
    const { dialogHeader: _header, ...withoutHeader } = partial
    const file = await writeData([conversation('Acme', 'help me', '1', installUrl), withoutHeader])
    const out: string[] = []
    const err: string[] = []
    const io = {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) }
    }
    expect(await main(['eval', 'cdp', '--data', file, '--json'], io)).toBe(0)
    expect(JSON.parse(out.join(''))).toMatchObject({ cases: 1, skipped: 1 })
    expect(err.join('')).toContain('record 1 skipped: dialogHeader.company: missing or empty')
  })

  it('decodes the HTML entities tweets come with, in customer, agent and resolving turns', async () => {
    const record = conversation('Acme', 'yahoo &amp; google are no help &gt;:(', '1', installUrl, {
      agentTurn: 'Sorry &amp; thanks &#8212; which &quot;device&quot;?'
    })
    record.agentURL.url_utterance = `@someone Steps &amp; tips: ${installUrl}`
    const [loaded] = (await loadCdpFile(await writeData([record]))).cases
    expect(loaded!.turns.map((turn) => turn.text)).toEqual([
      'yahoo & google are no help >:(',
      'Sorry & thanks \u2014 which "device"?'
    ])
    expect(loaded!.resolution.text).toBe(`@someone Steps & tips: ${installUrl}`)
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

describe('CDP evaluation with a warm start', () => {
  it('replays the scored cases after the warm ones, and counts the warm cases as earlier for everyone', async () => {
    const warmClock = conversationClock('2020-01-01T10:00:00Z')
    const scoredClock = conversationClock('2020-06-01T10:00:00Z')
    const dir = await tempDir()
    const warmFile = await writeConversations(
      dir,
      [
        warmClock(
          'Acme',
          'The game will not install on my console, the download fails at 80 percent',
          '1',
          installUrl,
          { agentTurn: 'Clear the download cache, then restart the console and install again.' }
        )
      ],
      'warm.json'
    )
    const dataFile = await writeConversations(
      dir,
      [
        scoredClock(
          'Acme',
          'Download of the game fails at 80 percent on the console, install error',
          '1',
          installUrl
        )
      ],
      'scored.json'
    )
    const data = await loadCdpFile(dataFile)
    const cold = await evaluateCdp(data)
    expect(cold).toMatchObject({ cases: 1, warmCases: 0, oracleRate: 0, shown: 0 })
    const warm = await evaluateCdp(data, { warm: await loadCdpFile(warmFile) })
    // The scored case was replayed (not skipped as already delivered) and Vigil answered it from the warm case.
    expect(warm).toMatchObject({ cases: 1, warmCases: 1, oracleRate: 1, reachableRate: 1, hits: 1 })
    for (const name of ['bm25', 'bm25Top3', 'prior', 'priorTop3', 'verbatim'] as const) {
      expect(warm.baselines[name]).toMatchObject({ shown: 1, hits: 1 })
    }
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
      // Every baseline is compared at Vigil's coverage.
      for (const name of ['bm25', 'bm25Top3', 'prior', 'priorTop3', 'verbatim']) {
        expect(result.baselines[name].precisionAtVigilCoverage).toBeGreaterThan(0)
      }
      // Primary-citation scoring is stricter than any-citation scoring, on the same cards.
      expect(result.hitRate).toBeLessThanOrEqual(result.hitRateAnyCitation)
      expect(result.precision).toBeLessThanOrEqual(result.precisionAnyCitation)
      // Knowing when to stay quiet: Vigil is more precise than always showing BM25's top case.
      expect(result.precision).toBeGreaterThan(result.baselines.bm25.precision)
      const svg = await readFile(plot, 'utf8')
      expect(svg).toContain('<svg')
      expect(svg).toContain('Precision against coverage')
      // Four learning curves (Vigil, BM25, prior, verbatim), then Vigil's two sweeps and the five baselines'.
      expect(svg.match(/<polyline/g)).toHaveLength(4 + 7)
    },
    // Three full engine runs (curated, verbatim, and curated without the wording model): about 20 s alone, far more on a loaded CI machine.
    360_000
  )
})
