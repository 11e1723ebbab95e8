import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultThreads } from '../../src/main/engine/llm/local/loadLocalBackend'
import { runDoctor } from '../../src/main/cli/commands/doctor'
import { modelMissing, modelPath } from '../engine/llm/local/modelFixture'
import { captureIo } from '../helpers/captureIo'

describe('vigil doctor --model', () => {
  // The default thread count (one per core) is what this checks; on a machine whose cores are busy with other work,
  // llama.cpp's threads wait on each other and this one generation can take seconds, hence the longer timeout.
  it.skipIf(modelMissing)(
    'loads the model and reports one JSON object with what it measured',
    { timeout: 120_000 },
    async () => {
      const capture = captureIo()
      expect(await runDoctor(['--model', modelPath, '--json'], capture.io)).toBe(0)
      const report = JSON.parse(capture.stdout()) as Record<string, unknown>
      expect(report).toMatchObject({
        backend: 'local',
        model: 'stories260K.gguf',
        jsonValid: true,
        embeddingDimensions: 64,
        gpu: false,
        threads: defaultThreads(),
        tokensEstimated: false
      })
      expect(report.loadMs).toEqual(expect.any(Number))
      expect(report.tokensPerSecond).toBeGreaterThan(0)
      expect(capture.stdout().trim().split('\n')).toHaveLength(1)
    }
  )

  it.skipIf(modelMissing)('prints a readable report without --json', async () => {
    const capture = captureIo()
    expect(await runDoctor(['--model', modelPath, '--threads', '1'], capture.io)).toBe(0)
    expect(capture.stdout()).toMatch(/runs on +CPU, 1 thread\n/)
    expect(capture.stdout()).toMatch(/json +valid/)
    expect(capture.stdout()).toMatch(/embedding +64 dimensions/)
  })

  it('names a file that is not a model', async () => {
    const notAModel = join(import.meta.dirname, 'doctor.test.ts')
    await expect(runDoctor(['--model', notAModel], captureIo().io)).rejects.toMatchObject({
      code: 'LLM_MODEL_INVALID',
      message: expect.stringContaining(notAModel)
    })
  })

  it('refuses unclear arguments', async () => {
    const io = captureIo().io
    await expect(runDoctor([], io)).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(runDoctor(['--model', 'a.gguf', '--remote', 'http://x'], io)).rejects.toMatchObject({
      code: 'BAD_INPUT'
    })
    await expect(runDoctor(['--model', 'a.gguf', '--gpu', 'cuda'], io)).rejects.toThrow(/--gpu/)
    await expect(runDoctor(['--model', 'a.gguf', '--threads', '-1'], io)).rejects.toThrow(/--threads/)
  })
})

describe('vigil doctor --remote', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  /** A small OpenAI-compatible server: one JSON answer, 8-dimension embeddings; records the auth header. */
  async function startServer(seen: { authorization?: string }): Promise<string> {
    server = createServer(async (request, response) => {
      seen.authorization = request.headers.authorization
      const body = JSON.parse(await readBody(request)) as { input?: string[] }
      response.setHeader('content-type', 'application/json')
      if (request.url?.endsWith('/embeddings')) {
        const data = (body.input ?? []).map((_, index) => ({ index, embedding: new Array(8).fill(0.5) }))
        return response.end(JSON.stringify({ object: 'list', data }))
      }
      const content = JSON.stringify({
        status: 'degraded',
        summary: 'Slow login',
        priority: 2,
        tags: ['login']
      })
      response.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }))
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`
  }

  it('runs the same checks against the server, with the key from the named variable and never printed', async () => {
    const seen: { authorization?: string } = {}
    const url = await startServer(seen)
    const capture = captureIo()
    const env = { VIGIL_TEST_KEY: 'sk-secret-123' }
    const code = await runDoctor(
      ['--remote', url, '--model-id', 'tiny', '--api-key-env', 'VIGIL_TEST_KEY', '--json'],
      capture.io,
      env
    )
    expect(code).toBe(0)
    expect(JSON.parse(capture.stdout())).toMatchObject({
      backend: 'remote',
      model: 'tiny',
      loadMs: null,
      jsonValid: true,
      embeddingDimensions: 8,
      gpu: null,
      threads: null,
      tokensEstimated: true
    })
    expect(seen.authorization).toBe('Bearer sk-secret-123')
    expect(capture.stdout() + capture.stderr()).not.toContain('sk-secret-123')
  })

  it('says which key variable is missing', async () => {
    await expect(
      runDoctor(
        ['--remote', 'http://127.0.0.1:9/v1', '--api-key-env', 'VIGIL_NO_SUCH_KEY'],
        captureIo().io,
        {}
      )
    ).rejects.toThrow(/VIGIL_NO_SUCH_KEY is not set/)
  })
})

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (text += chunk))
    request.on('end', () => resolve(text))
    request.on('error', reject)
  })
}
