/**
 * Retrieval through the model's embeddings: a remote OpenAI-compatible server (scripted here, answering /embeddings
 * with a fixed concept vocabulary where synonyms share an axis) gives the knowledge store its vectors once the model
 * is ready. A wording that shares no word with an entry then finds it through the vector part; a failing
 * /embeddings leaves retrieval on full text, said once in the log, with the entry still found by its words.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { createLlmRuntime } from '../../../src/main/engine/llm/createLlmRuntime'
import { knowledgeEmbedder, singleEmbedTimeoutMs } from '../../../src/main/engine/llm/knowledgeEmbedder'
import { createRemoteBackend } from '../../../src/main/engine/llm/remote/remoteBackend'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { recordingLogger } from '../../helpers/engineHarness'
import { exportEntry, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'
import { sendJson, startFakeServer, type FakeServer } from '../llm/remote/fakeOpenAiServer'

const tempDir = useTempDirs()
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Words by meaning: each concept is one axis; a text's vector counts its words per concept. */
const concepts: string[][] = [
  ['export', 'exports', 'csv', 'downloading', 'spreadsheet', 'extraction', 'extract'],
  ['timeout', 'times', '504', 'fails', 'stalls', 'hangs', 'spins'],
  ['sso', 'saml', 'login', 'sign', 'signature', 'certificate', 'idp'],
  ['vigil', 'embedding', 'probe', 'customer', 'password', 'reset']
]

function conceptVector(text: string): number[] {
  const vector = concepts.map(() => 0)
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    concepts.forEach((axis, i) => {
      if (axis.includes(word)) vector[i]! += 1
    })
  }
  // A small constant part, so that a text with none of these words still has a direction.
  return [...vector, 0.1]
}

/**
 * Answers /embeddings by the concept vocabulary; `failing()` 'fail' makes it answer 500s from then on, 'hang' makes
 * it never answer.
 */
async function embeddingServer(failing: () => false | 'fail' | 'hang' = () => false): Promise<FakeServer> {
  return startFakeServer((request, response) => {
    if (request.path !== '/v1/embeddings') return sendJson(response, 404, { error: { message: 'no route' } })
    if (failing() === 'hang') return
    if (failing()) return sendJson(response, 500, { error: { message: 'embedding model crashed' } })
    const input = request.body.input as string[]
    sendJson(response, 200, {
      object: 'list',
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: conceptVector(text) }))
    })
  })
}

async function setUp(failing?: () => false | 'fail' | 'hang') {
  server = await embeddingServer(failing)
  const logger = recordingLogger()
  const knowledge = await KnowledgeStore.open({ dir: await tempDir(), logger })
  const matcher = new EntryMatcher()
  for (const item of [samlEntry(), exportEntry()]) {
    await knowledge.put(item)
    matcher.index(item)
  }
  const runtime = createLlmRuntime(
    createRemoteBackend({ baseUrl: server.baseUrl, model: 'chat', embeddingModel: 'embed', maxRetries: 0 }),
    { timeoutMs: 5_000 }
  )
  const retriever = new Retriever(knowledge, matcher)
  const found = async (text: string) =>
    (await retriever.retrieve({ team: 'cloud-support', text, tokens: tokenize(text) })).map(
      (result) => result.entry.id
    )
  return { knowledge, logger, runtime, found }
}

describe('retrieval with the model embeddings', () => {
  it('finds an entry through the vector part for a wording that shares no word with it', async () => {
    const { knowledge, logger, runtime, found } = await setUp()
    const wording = 'spreadsheet extraction stalls'
    // Full text alone: no word in common, nothing found.
    expect(await found(wording)).toEqual([])
    expect(knowledge.hybridReady('cloud-support')).toBe(false)

    const embedder = await knowledgeEmbedder(runtime, logger)
    expect(embedder?.dimensions).toBe(5)
    await knowledge.useEmbedder(embedder)
    expect(knowledge.hybridReady('cloud-support')).toBe(true)
    expect(await found(wording)).toEqual(['kb-export'])
    // The SSO entry is found by its meaning too, and the export entry is not offered for it.
    expect(await found('idp certificate problem')).toEqual(['kb-saml'])
    // An entry written now is embedded as it is indexed.
    await knowledge.put(
      exportEntry({
        id: 'kb-export-2',
        title: 'Downloading CSV spins',
        problem: 'Downloading the CSV spins forever.',
        symptoms: [],
        resolution: ['Use the asynchronous export.']
      })
    )
    expect(await found(wording)).toContain('kb-export-2')
    expect(logger.warnings).toEqual([])
    await knowledge.close()
  })

  it('stays on full text when /embeddings fails, logs it once, and still finds the entry by its words', async () => {
    let broken: false | 'fail' = false
    const { knowledge, logger, runtime, found } = await setUp(() => broken)
    await knowledge.useEmbedder(await knowledgeEmbedder(runtime, logger))
    expect(knowledge.hybridReady('cloud-support')).toBe(true)

    broken = 'fail'
    expect(await found('CSV export gateway timeout')).toEqual(['kb-export'])
    expect(await found('CSV export gateway timeout again')).toEqual(['kb-export'])
    expect(logger.warnings).toEqual(['knowledge: the query could not be embedded; searching full text'])
    await knowledge.close()
  })

  it('does not wait long for a model that stops answering: the query is searched by full text', async () => {
    let hung: false | 'hang' = false
    const { knowledge, logger, runtime, found } = await setUp(() => hung)
    await knowledge.useEmbedder(await knowledgeEmbedder(runtime, logger))
    hung = 'hang'
    const started = performance.now()
    expect(await found('CSV export gateway timeout')).toEqual(['kb-export'])
    const waited = performance.now() - started
    expect(waited).toBeGreaterThanOrEqual(singleEmbedTimeoutMs - 50)
    expect(waited).toBeLessThan(singleEmbedTimeoutMs + 1_500)
    expect(logger.warnings).toEqual(['knowledge: the query could not be embedded; searching full text'])
    await knowledge.close()
  })

  it('a model whose /embeddings fails from the start leaves the store on full text', async () => {
    const { knowledge, logger, runtime, found } = await setUp(() => 'fail')
    const embedder = await knowledgeEmbedder(runtime, logger)
    expect(embedder).toBeNull()
    await knowledge.useEmbedder(embedder)
    expect(knowledge.hybridReady('cloud-support')).toBe(false)
    expect(await found('CSV export gateway timeout')).toEqual(['kb-export'])
    expect(logger.warnings).toEqual([
      'knowledge: the model gives no embeddings; knowledge search stays full text'
    ])
    await knowledge.close()
  })
})
