import { describe, expect, it } from 'vitest'
import { serverOnlyModel } from '../../../src/main/engine/llm/remote/serverOnlyModel'

const listing = (body: unknown, status = 200): typeof fetch =>
  (async () => new Response(JSON.stringify(body), { status })) as typeof fetch

describe('the model id a server implies', () => {
  it('is the one model the server lists', async () => {
    const model = await serverOnlyModel({
      baseUrl: 'http://127.0.0.1:9/v1/',
      fetch: listing({ data: [{ id: 'qwen' }] })
    })
    expect(model).toBe('qwen')
  })

  it('says what to enter when the server lists none, several, or cannot be asked', async () => {
    await expect(serverOnlyModel({ baseUrl: 'http://h/v1', fetch: listing({ data: [] }) })).rejects.toThrow(
      'No chat model id is set and http://h/v1 lists no models: enter the model id in Settings › Model.'
    )
    await expect(
      serverOnlyModel({ baseUrl: 'http://h/v1', fetch: listing({ data: [{ id: 'a' }, { id: 'b' }] }) })
    ).rejects.toThrow('lists 2 models (a, b): enter one in Settings › Model.')
    await expect(serverOnlyModel({ baseUrl: 'http://h/v1', fetch: listing({}, 401) })).rejects.toThrow(
      'did not list its models (HTTP 401)'
    )
  })
})
