/**
 * The issue's round trip: the remote backend, through the runtime, against `vigil serve-model`'s real server
 * serving the real local backend with a real GGUF model (a 260K-parameter story model: it proves the path, its
 * words mean nothing).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createLlmRuntime } from '../../src/main/engine/llm/createLlmRuntime'
import type { LlmRuntime } from '../../src/main/engine/llm/llmRuntime'
import type { LlmError } from '../../src/main/engine/llm/llmError'
import { LlamaProvider } from '../../src/main/engine/llm/local/llamaProvider'
import { loadLocalBackend } from '../../src/main/engine/llm/local/loadLocalBackend'
import type { LocalLlmBackend } from '../../src/main/engine/llm/local/localBackend'
import { createRemoteBackend } from '../../src/main/engine/llm/remote/remoteBackend'
import { startModelServer, type ModelServer } from '../../src/main/serve-model/modelServer'

const modelPath = fileURLToPath(new URL('../../../shared/models/stories260K.gguf', import.meta.url))
const haveModel = existsSync(modelPath)
if (!haveModel) console.warn(`Skipping the serve-model round trip: the test model ${modelPath} is absent.`)

describe.skipIf(!haveModel)('serve-model round trip with a real GGUF model', () => {
  let provider: LlamaProvider
  let local: LocalLlmBackend
  let server: ModelServer
  let runtime: LlmRuntime
  /** The `response_format` of every request the remote backend sent. */
  const formats: unknown[] = []
  const recordingFetch: typeof fetch = (input, init) => {
    formats.push(
      (JSON.parse(String(init?.body)) as { response_format?: { type: string } }).response_format?.type
    )
    return fetch(input, init)
  }

  beforeAll(async () => {
    provider = new LlamaProvider({ gpu: 'off' })
    local = await loadLocalBackend(provider, { modelPath, gpu: 'off', contextSize: 512 })
    server = await startModelServer({ backend: local })
    runtime = createLlmRuntime(
      createRemoteBackend({
        baseUrl: server.url,
        model: local.info.model,
        apiKey: server.token,
        fetch: recordingFetch
      }),
      { timeoutMs: 60_000 }
    )
  }, 120_000)

  afterAll(async () => {
    await server?.close()
    await local?.dispose()
    await provider?.dispose()
  })

  it('streams a chat answer in several chunks', async () => {
    const chunks: string[] = []
    for await (const chunk of runtime.chat([{ role: 'user', content: 'Once upon a time' }], {
      maxTokens: 24
    })) {
      chunks.push(chunk)
    }
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('').trim().length).toBeGreaterThan(0)
  })

  it('returns schema-valid structured output (grammar-constrained on the serving side)', async () => {
    const Verdict = z.object({
      answerable: z.boolean(),
      topic: z.enum(['billing', 'login', 'outage']),
      confidence: z.number().min(0).max(1)
    })
    const callsBefore = runtime.calls
    formats.length = 0
    const verdict = await runtime.structured(
      [{ role: 'user', content: 'Can the customer log in?' }],
      { name: 'verdict.v1', schema: Verdict },
      { maxTokens: 64 }
    )
    expect(Verdict.parse(verdict)).toEqual(verdict)
    // Valid at the first attempt, asked for as json_schema: no repair, no fallback.
    expect(runtime.calls - callsBefore).toBe(1)
    expect(formats).toEqual(['json_schema'])
  })

  it('embeds texts into 64-dimensional vectors', async () => {
    const vectors = await runtime.embed(['The printer is offline.', 'Password reset link expired.'])
    expect(vectors).toHaveLength(2)
    expect(vectors.map((vector) => vector.length)).toEqual([64, 64])
    expect(vectors[0]).not.toEqual(vectors[1])
    expect(runtime.info.embeddingDimensions).toBe(64)
  })

  it('cancels a streamed generation from the client side', async () => {
    const controller = new AbortController()
    const chunks: string[] = []
    const failure = await (async () => {
      for await (const chunk of runtime.chat([{ role: 'user', content: 'Tell a long story' }], {
        maxTokens: 400,
        signal: controller.signal
      })) {
        chunks.push(chunk)
        controller.abort()
      }
    })().catch((error: unknown) => error as LlmError)
    expect(chunks).toHaveLength(1)
    expect((failure as LlmError).llmCode).toBe('LLM_ABORTED')
    // The server is free again for the next request.
    const after = await runtime.embed(['still serving'])
    expect(after[0]).toHaveLength(64)
  })

  it('refuses a wrong key with a message that does not contain it', async () => {
    const wrongKey = 'sk-wrong-key-0123456789'
    const stranger = createRemoteBackend({ baseUrl: server.url, model: local.info.model, apiKey: wrongKey })
    const failure = await stranger.embed(['x'], {}).then(
      () => expect.fail('a wrong key was accepted'),
      (error: unknown) => error as LlmError
    )
    expect(failure.llmCode).toBe('LLM_REMOTE_ERROR')
    expect(failure.message).toMatch(/refused the API key \(HTTP 401 Unauthorized\)/)
    expect(failure.message).not.toContain(wrongKey)
    expect(failure.message).not.toContain(server.token)
  })
})
