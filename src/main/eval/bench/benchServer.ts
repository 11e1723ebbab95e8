/**
 * A loopback OpenAI-compatible server for the model benchmark: answers every stage plausibly (it knows the stages
 * only by their system prompts, like a model would see them) after a fixed latency, and takes `slowMs` instead on
 * any request whose prompt contains `slowMarker` — one ticket with a very slow model call.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { json, readBody } from '../common/scriptedHttp'

export interface BenchServerOptions {
  latencyMs: number
  slowMarker?: string
  slowMs?: number
}

export interface BenchServer {
  baseUrl: string
  /** Requests answered so far. */
  readonly requests: number
  close(): Promise<void>
}

/** A plausible answer per stage, as JSON text; good enough to exercise every stage, not to be right. */
function stageAnswer(system: string, user: string): string {
  const ids = [...user.matchAll(/"id":"([^"]+)"/g)].map((match) => match[1]!)
  if (system.includes('watch a live support chat'))
    return JSON.stringify({ needsHelp: true, kind: 'problem', analystHandling: false, reason: 'a problem' })
  if (system.includes('Rewrite the customer problem'))
    return JSON.stringify({ query: 'sign in error after update', subQueries: [] })
  if (system.includes('decide whether an entry'))
    return JSON.stringify({
      answerable: ids.length > 0,
      citedEntryIds: ids.slice(0, 1),
      answer: ids.length > 0 ? `Follow the steps of the cited entry [${ids[0]}].` : '',
      confidence: 0.7,
      reason: 'the entry matches'
    })
  if (system.includes('has nothing for this support case'))
    return JSON.stringify({ steps: ['Ask for the exact error message and time'], reason: 'nothing known' })
  if (system.includes('Summarise this support case'))
    return JSON.stringify({ known: ['a problem'], tried: [], pending: ['an answer'] })
  if (system.includes('flag support conversations')) return JSON.stringify({ matches: [] })
  if (system.includes('Turn a resolved support case into one knowledge entry'))
    return JSON.stringify({ learnable: false, title: '', problem: '', resolution: [] })
  if (system.includes('Vigil suggested the knowledge entry below'))
    return JSON.stringify({ decision: 'keep', reason: 'it helped' })
  return JSON.stringify({})
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  let requests = 0
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const slow = options.slowMarker !== undefined && body.includes(options.slowMarker)
      const timer = setTimeout(
        () => {
          requests++
          answer(request.url ?? '', body, response)
        },
        slow ? (options.slowMs ?? 30_000) : options.latencyMs
      )
      // A client that gave up (its time budget) frees the timer.
      response.on('close', () => clearTimeout(timer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    get requests() {
      return requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function answer(path: string, body: string, response: ServerResponse): void {
  if (response.destroyed) return
  if (path.endsWith('/models'))
    return json(response, 200, { object: 'list', data: [{ id: 'bench', object: 'model' }] })
  if (path.endsWith('/embeddings')) {
    const input = (JSON.parse(body || '{}') as { input?: unknown }).input
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')]
    return json(response, 200, {
      object: 'list',
      data: texts.map((text, index) => ({ object: 'embedding', index, embedding: embedding(text) }))
    })
  }
  const request = JSON.parse(body || '{}') as { messages?: Array<{ content?: string }>; stream?: boolean }
  const system = request.messages?.[0]?.content ?? ''
  const user = request.messages?.[1]?.content ?? ''
  if (request.stream) {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' })
    const chunk = { choices: [{ index: 0, delta: { content: 'See the cited entry.' } }] }
    return void response.end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`)
  }
  json(response, 200, {
    id: 'bench',
    object: 'chat.completion',
    choices: [
      { index: 0, message: { role: 'assistant', content: stageAnswer(system, user) }, finish_reason: 'stop' }
    ]
  })
}

/** Bag-of-words hashed into 32 dimensions: similar texts get similar vectors, as dedupe expects. */
function embedding(text: string): number[] {
  const vector = new Array<number>(32).fill(0)
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let hash = 2166136261
    for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
    vector[Math.abs(hash) % 32]! += 1
  }
  const norm = Math.hypot(...vector) || 1
  return vector.map((value) => value / norm)
}
