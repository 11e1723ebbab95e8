import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createLlmRuntime } from '../../../../src/main/engine/llm/createLlmRuntime'
import type { ChatMessage, LlmRuntime } from '../../../../src/main/engine/llm/llmRuntime'
import { LlamaProvider } from '../../../../src/main/engine/llm/local/llamaProvider'
import type { LocalLlmBackend } from '../../../../src/main/engine/llm/local/localBackend'
import { loadLocalBackend } from '../../../../src/main/engine/llm/local/loadLocalBackend'
import { modelMissing, modelPath } from './modelFixture'

// stories260K writes toy stories: these tests prove the path works (grammar, streaming, cancellation, memory),
// never the quality of what it writes. One thread: test files run side by side, and llama.cpp threads that find
// their cores busy wait on each other (measured 20x slower); the default thread count is tested in
// loadLocalBackend.test.ts and doctor.test.ts.
const threads = 1
const ask: ChatMessage[] = [
  { role: 'system', content: 'You triage support tickets. Reply with JSON only.' },
  { role: 'user', content: 'The VPN drops every ten minutes since the update.' }
]
const story: ChatMessage[] = [{ role: 'user', content: 'Tell me a story about a little dog.' }]

/** Shapes of the pipeline's schemas, with short strings so a small token budget holds a whole answer. */
const schemas = {
  scope: z.object({
    needsHelp: z.boolean(),
    kind: z.enum(['question', 'problem', 'error', 'follow-up', 'chatter', 'other']),
    reason: z.string().max(40)
  }),
  rewrite: z.object({
    query: z.string().min(1).max(40),
    subQueries: z.array(z.string().min(1).max(20)).max(3)
  }),
  answer: z.object({
    answerable: z.boolean(),
    citedEntryIds: z.array(z.string().max(12)).max(3),
    confidence: z.number().min(0).max(1),
    priority: z.number().int().min(1).max(5)
  }),
  nested: z.object({
    summary: z.object({
      known: z.array(z.string().max(20)).min(1).max(2),
      pending: z.string().max(20).optional()
    }),
    owner: z.string().max(20).nullable()
  })
}

// One shared llama for the file, as in the app.
const provider = new LlamaProvider({ gpu: 'off' })
afterAll(() => provider.dispose())

describe.skipIf(modelMissing)('LocalLlmBackend with the real model', () => {
  let backend: LocalLlmBackend
  let runtime: LlmRuntime
  beforeAll(async () => {
    backend = await loadLocalBackend(provider, { modelPath, threads })
    runtime = createLlmRuntime(backend)
  })
  afterAll(() => backend.dispose())

  it.each(Object.entries(schemas))('answers schema-valid JSON for the %s shape', async (name, schema) => {
    const value = await runtime.structured(ask, { name, schema: schema as z.ZodType }, { maxTokens: 160 })
    expect(schema.safeParse(value).success).toBe(true)
  })

  it('streams a chat reply in several chunks', async () => {
    const chunks: string[] = []
    for await (const chunk of runtime.chat(story, { maxTokens: 32 })) chunks.push(chunk)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('').trim()).not.toBe('')
  })

  it('stops when aborted after the first chunk, with LLM_ABORTED, and stays usable', async () => {
    const controller = new AbortController()
    const chunks: string[] = []
    const reading = (async () => {
      for await (const chunk of runtime.chat(story, { maxTokens: 400, signal: controller.signal })) {
        chunks.push(chunk)
        controller.abort()
      }
    })()
    await expect(reading).rejects.toMatchObject({ code: 'LLM_ABORTED' })
    expect(chunks).toHaveLength(1)
    const value = await runtime.structured(ask, { name: 'scope', schema: schemas.scope }, { maxTokens: 160 })
    expect(schemas.scope.safeParse(value).success).toBe(true)
  })

  it('stops generating when the reader stops early', async () => {
    for await (const chunk of backend.streamChat(story, { maxTokens: 400 })) {
      expect(chunk).not.toBe('')
      break
    }
    const again: string[] = []
    for await (const chunk of backend.streamChat(story, { maxTokens: 8 })) again.push(chunk)
    expect(again.length).toBeGreaterThan(0)
  })

  it('gives each call a fresh sequence: a reply is the same alone and beside other calls', async () => {
    const alone = await backend.completeJson(ask, z.toJSONSchema(schemas.rewrite), { maxTokens: 96 })
    const [beside] = await Promise.all([
      backend.completeJson(ask, z.toJSONSchema(schemas.rewrite), { maxTokens: 96 }),
      backend.completeJson(story, z.toJSONSchema(schemas.scope), { maxTokens: 96 }),
      (async () => {
        for await (const chunk of backend.streamChat(story, { maxTokens: 24 })) void chunk
      })()
    ])
    expect(beside).toBe(alone)
  })

  it('reports a generation past its time budget as LLM_TIMEOUT', async () => {
    const reading = (async () => {
      for await (const chunk of runtime.chat(story, { maxTokens: 2000, timeoutMs: 20 })) void chunk
    })()
    await expect(reading).rejects.toMatchObject({ code: 'LLM_TIMEOUT' })
  })

  it('embeds texts into deterministic 64-dimension vectors, long texts truncated', async () => {
    const [first, second, other, long, empty] = await runtime.embed([
      'The VPN drops every ten minutes.',
      'The VPN drops every ten minutes.',
      'How do I reset my password?',
      'word '.repeat(5000),
      ''
    ])
    expect(first).toHaveLength(64)
    expect(second).toEqual(first)
    expect(other).not.toEqual(first)
    expect(long).toHaveLength(64)
    expect(empty).toEqual(new Array(64).fill(0))
  })
})

describe.skipIf(modelMissing)('LocalLlmBackend.dispose', () => {
  it('frees the model; a second dispose is harmless and later calls fail clearly', async () => {
    const backend = await loadLocalBackend(provider, { modelPath, threads })
    await backend.embed(['warm up'], {})
    await backend.dispose()
    await backend.dispose()
    const unloaded = {
      code: 'LLM_UNAVAILABLE',
      message: expect.stringMatching(/stories260K\.gguf was unloaded/)
    }
    await expect(backend.completeJson(ask, { type: 'object' }, {})).rejects.toMatchObject(unloaded)
    await expect(backend.embed(['x'], {})).rejects.toMatchObject(unloaded)
    await expect(backend.streamChat(story, {}).next()).rejects.toMatchObject(unloaded)
  })

  it('stops a running generation instead of waiting for it', async () => {
    const backend = await loadLocalBackend(provider, { modelPath, threads })
    const running = backend.completeJson(story, { type: 'string' }, { maxTokens: 100_000 })
    const outcome = expect(running).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    await backend.dispose()
    await outcome
  })

  it('leaves the shared llama usable for the next model', async () => {
    const backend = await loadLocalBackend(provider, { modelPath, threads })
    expect(await backend.embed(['still works'], {})).toHaveLength(1)
    await backend.dispose()
  })
})
