/**
 * Server-sent events (the `text/event-stream` format OpenAI-compatible servers stream completions in): yields the
 * `data` of each event. Only what the chat stream needs is read; event names, ids and retry hints are ignored.
 */

/** One line longer than this means the body is not an event stream (or it is broken): stop reading it. */
const maxLineLength = 1 << 20

export class MalformedStreamError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedStreamError'
  }
}

/**
 * Yields the data of each event of `body`: its `data:` lines joined with newlines. Comment lines (`:`) are skipped.
 * An event cut off by the end of the body is still yielded; the caller decides whether the stream was complete.
 * Stopping early (break, error) cancels the body, so the connection is released.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let data: string[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      let text = buffer + (done ? decoder.decode() : decoder.decode(value, { stream: true }))
      // A "\r" at the end may be the first half of "\r\n": keep it until the next read tells.
      const carry = !done && text.endsWith('\r') ? '\r' : ''
      if (carry) text = text.slice(0, -1)
      const lines = text.split(/\r\n|\r|\n/)
      // The last piece may be half a line: keep it for the next read.
      buffer = done ? '' : (lines.pop() ?? '') + carry
      if (buffer.length > maxLineLength) throw new MalformedStreamError('a line of the stream is over 1 MiB')
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n')
          data = []
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
        }
      }
      if (done) break
    }
    if (data.length > 0) yield data.join('\n')
  } finally {
    await reader.cancel().catch(() => {})
  }
}
