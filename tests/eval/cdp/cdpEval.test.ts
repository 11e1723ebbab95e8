import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateCdp } from '../../../src/main/eval/cdp/cdpEval'
import { summarize } from '../../../src/main/eval/cdp/metrics'
import { loadCdpFile } from '../../../src/main/eval/cdp/twitterCdp'
import { main } from '../../../src/main/cli/index'
import { repoRoot } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const devFile = join(repoRoot, '..', 'shared', 'data', 'twitter-cdp', 'dev.json')

let minute = 0
function conversation(company: string, customer: string, docId: string, url: string, agentTurn?: string) {
  const start = new Date(Date.parse('2020-03-01T10:00:00Z') + (minute += 90) * 60_000).toISOString()
  return {
    agentURL: {
      doc_id: docId,
      turn: '2',
      tweet_ID: '1',
      url,
      url_utterance: `@someone Please see this article: ${url} *AB`
    },
    dialogContent: [
      { client: 'someone', datetime: start, message: customer, tweet_ID: '2' },
      ...(agentTurn ? [{ agent: company, datetime: start, message: agentTurn, tweet_ID: '3' }] : [])
    ],
    dialogHeader: {
      company,
      conversationDateTime: start,
      duration: '00:10:00.0',
      messageCount: '2',
      sessionID: `s${minute}`
    }
  }
}

async function writeData(records: unknown): Promise<string> {
  const file = join(await tempDir(), 'conversations.json')
  await writeFile(file, JSON.stringify(records))
  return file
}

const installUrl = 'https://support.example.com/articles/install-troubleshooting'
const refundUrl = 'https://support.example.com/articles/refunds'

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
  it('scores learning from earlier cases against BM25 and no-learning baselines', async () => {
    minute = 0
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
    expect(result).toMatchObject({ cases: 5, skipped: 0, oracleRate: 0.4, blockSize: 2 })
    // Knowledge is scoped per company: the last case has nothing to learn from.
    expect(result.hits).toBeGreaterThanOrEqual(1)
    expect(result.hits).toBeLessThanOrEqual(2)
    expect(result.precision).toBe(1)
    expect(result.baselines.noLearning).toMatchObject({ shown: 0, hits: 0 })
    expect(result.baselines.bm25.shown).toBe(3)
    expect(result.curve).toHaveLength(3)
  })

  it('summarizes outcomes into hit rate, precision and a curve', () => {
    const outcomes = [
      { shown: true, hit: true },
      { shown: true, hit: false },
      { shown: false, hit: false },
      { shown: true, hit: true }
    ]
    expect(summarize(outcomes, 2)).toEqual({
      cases: 4,
      shown: 3,
      hits: 2,
      hitRate: 0.5,
      precision: 0.6667,
      curve: [0.5, 0.5]
    })
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
      for (const system of [result, result.baselines.bm25, result.baselines.noLearning]) {
        expect(system.hitRate).toBeGreaterThanOrEqual(0)
        expect(system.hitRate).toBeLessThanOrEqual(result.oracleRate)
      }
      // Knowing when to stay quiet: Vigil is more precise than always showing BM25's top case.
      expect(result.precision).toBeGreaterThan(result.baselines.bm25.precision)
      const svg = await readFile(plot, 'utf8')
      expect(svg).toContain('<svg')
      expect(svg.match(/<polyline/g)).toHaveLength(3)
    }
  )
})
