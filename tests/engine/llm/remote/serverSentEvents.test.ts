import { describe, expect, it } from 'vitest'
import { readServerSentEvents } from '../../../../src/main/engine/llm/remote/serverSentEvents'

/** A body delivered in exactly these pieces. */
function body(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces)
        controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece)
      controller.close()
    }
  })
}

const read = async (stream: ReadableStream<Uint8Array>): Promise<string[]> => {
  const events: string[] = []
  for await (const data of readServerSentEvents(stream)) events.push(data)
  return events
}

describe('readServerSentEvents', () => {
  it('yields the data of each event, skipping comments and other fields', async () => {
    const events = await read(
      body(': keep-alive\n\nevent: message\nid: 7\ndata: {"a":1}\n\ndata:{"b":2}\n\n')
    )
    expect(events).toEqual(['{"a":1}', '{"b":2}'])
  })

  it('joins the data lines of one event with newlines', async () => {
    expect(await read(body('data: first\ndata: second\n\n'))).toEqual(['first\nsecond'])
  })

  it('reassembles events cut anywhere, CRLF split between "\\r" and "\\n" included', async () => {
    expect(await read(body('da', 'ta: one\r', '\n\r\ndata: t', 'wo\r\n', '\r\n'))).toEqual(['one', 'two'])
  })

  it('reassembles a character split across reads', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n')
    expect(await read(body(bytes.slice(0, 10), bytes.slice(10)))).toEqual(['café'])
  })

  it('yields an event the body ended without a blank line after', async () => {
    expect(await read(body('data: [DONE]'))).toEqual(['[DONE]'])
  })

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: more\n\n'))
      },
      cancel() {
        cancelled = true
      }
    })
    for await (const data of readServerSentEvents(stream)) {
      expect(data).toBe('more')
      break
    }
    expect(cancelled).toBe(true)
  })
})
