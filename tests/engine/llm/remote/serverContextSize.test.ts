import { describe, expect, it } from 'vitest'
import {
  contextSizeFromModelList,
  serverContextSize
} from '../../../../src/main/engine/llm/remote/serverContextSize'

describe('serverContextSize', () => {
  it('reads the context size the way vLLM, OpenRouter and llama.cpp servers write it', () => {
    expect(contextSizeFromModelList({ data: [{ id: 'a', max_model_len: 8192 }] }, 'a')).toBe(8192)
    expect(contextSizeFromModelList({ data: [{ id: 'x' }, { id: 'b', context_length: 32768 }] }, 'b')).toBe(
      32768
    )
    expect(contextSizeFromModelList({ data: [{ id: 'c', meta: { n_ctx_train: 4096 } }] }, 'c')).toBe(4096)
    // One model served under another name: still it.
    expect(contextSizeFromModelList({ data: [{ id: 'only', context_window: 16384 }] }, 'other')).toBe(16384)
  })

  it('says nothing when the list does not tell, or is malformed', () => {
    expect(contextSizeFromModelList({ data: [{ id: 'a' }, { id: 'b' }] }, 'c')).toBeUndefined()
    expect(contextSizeFromModelList({ data: [{ id: 'a', max_model_len: '8k' }] }, 'a')).toBeUndefined()
    expect(contextSizeFromModelList('<html>', 'a')).toBeUndefined()
  })

  it('asks GET /models with the key, and gives up quietly on a failing server', async () => {
    const seen: Array<{ url: string; auth: string | null }> = []
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get('authorization') })
      return new Response(JSON.stringify({ data: [{ id: 'm', max_model_len: 2048 }] }))
    }) as typeof globalThis.fetch
    expect(await serverContextSize({ baseUrl: 'http://h/v1/', model: 'm', apiKey: 'k', fetch })).toBe(2048)
    expect(seen).toEqual([{ url: 'http://h/v1/models', auth: 'Bearer k' }])
    const failing = (async () => new Response('nope', { status: 500 })) as typeof globalThis.fetch
    expect(await serverContextSize({ baseUrl: 'http://h/v1', model: 'm', fetch: failing })).toBeUndefined()
    const down = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof globalThis.fetch
    expect(await serverContextSize({ baseUrl: 'http://h/v1', model: 'm', fetch: down })).toBeUndefined()
  })
})
