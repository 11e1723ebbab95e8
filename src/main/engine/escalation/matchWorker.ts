/**
 * One long-lived worker thread that runs the escalation patterns on a customer message, with a time bound. The
 * bound used to come from a script timeout (`vm` with `timeout`), which starts a watchdog thread for every call:
 * 115-140 µs of CPU and 0.4-0.6 ms of wall time per customer message on the loaded 2-core machine, against 20-30 µs
 * and about 33 µs for a hand-off to this worker (measured 2026-12-03, 20,000 calls each).
 *
 * The call stays synchronous: the request (patterns and text, as JSON) goes into shared memory, the worker is woken,
 * and the caller waits on it with `Atomics.wait` for at most the bound. A worker that runs past the bound (a pattern
 * backtracking without end) is terminated, which interrupts the regular expression, and a fresh one is started on
 * the next call; the caller learns which list was under way, as with the script timeout. Starting the worker is not
 * counted against a message's bound; a worker that cannot start (or a request too large for the shared buffer)
 * answers null and the caller falls back to the script timeout.
 */
import { Worker } from 'node:worker_threads'

/** Control words: 0 state, 1 request length, 2 list under way, 3 answer length. */
const STATE = 0
const REQUEST = 1
const REACHED = 2
const ANSWER = 3
const IDLE = 0
const BUSY = 1
const STARTING = 2
/** Characters of request (patterns and text) and answer the shared buffer holds. */
const CAPACITY = 64 * 1024
/** Longest match handed back (the escalation quotes the sentence around it). */
const MATCH_CHARS = 1_000
/** How long a caller waits for a fresh worker to come up before falling back to the script timeout. */
const START_WAIT_MS = 5_000

const workerSource = `
const { workerData } = require('node:worker_threads')
const control = new Int32Array(workerData, 0, 4)
const chars = new Uint16Array(workerData, 16)
const compiled = new Map()
const decode = (length) => {
  let text = ''
  for (let at = 0; at < length; at += 8192) text += String.fromCharCode.apply(null, chars.subarray(at, Math.min(length, at + 8192)))
  return text
}
Atomics.store(control, 0, ${IDLE})
Atomics.notify(control, 0)
for (;;) {
  Atomics.wait(control, 0, ${IDLE})
  const { lists, text, from } = JSON.parse(decode(control[1]))
  // Each list's result is written as it is found (a JSON value and a comma), so a caller that stops waiting
  // still has the lists done before the one under way. A match is clipped: the caller only quotes around it.
  let written = 0
  Atomics.store(control, 3, 0)
  for (let list = from; list < lists.length; list++) {
    Atomics.store(control, 2, list)
    let match = null
    for (const [source, flags] of lists[list]) {
      const key = flags + '/' + source
      let pattern = compiled.get(key)
      if (!pattern) compiled.set(key, (pattern = new RegExp(source, flags)))
      pattern.lastIndex = 0
      const result = pattern.exec(text)
      if (result) { match = result[0].slice(0, ${MATCH_CHARS}); break }
    }
    const value = JSON.stringify(match) + ','
    for (let i = 0; i < value.length; i++) chars[written++] = value.charCodeAt(i)
    Atomics.store(control, 3, written)
  }
  Atomics.store(control, 0, ${IDLE})
  Atomics.notify(control, 0)
}
`

export interface WorkerMatches {
  found: (string | null)[]
  stoppedAt: number | null
}

let buffer: SharedArrayBuffer | null = null
let worker: Worker | null = null
let starts = 0

/** How many workers were started in this process (one, unless a pattern ran past its bound). */
export function matchWorkerStarts(): number {
  return starts
}

function ready(): { control: Int32Array; chars: Uint16Array } | null {
  if (!worker || !buffer) {
    buffer = new SharedArrayBuffer(16 + CAPACITY * 2)
    const control = new Int32Array(buffer, 0, 4)
    Atomics.store(control, STATE, STARTING)
    const started = new Worker(workerSource, { eval: true, workerData: buffer })
    // Never keeps the process alive; an error (it cannot start) drops it, and the next call starts another.
    started.unref()
    started.on('error', () => {
      if (worker === started) worker = null
    })
    worker = started
    starts++
  }
  const control = new Int32Array(buffer, 0, 4)
  if (Atomics.load(control, STATE) === STARTING) {
    Atomics.wait(control, STATE, STARTING, START_WAIT_MS)
    if (Atomics.load(control, STATE) === STARTING) {
      stop()
      return null
    }
  }
  return { control, chars: new Uint16Array(buffer, 16) }
}

function stop(): void {
  void worker?.terminate()
  worker = null
  buffer = null
}

/**
 * The first match of each list of patterns in `text`, lists `from` onward, within `timeoutMs`; null when the worker
 * cannot take the request (then use the script timeout).
 */
export function matchInWorker(
  lists: readonly (readonly RegExp[])[],
  text: string,
  timeoutMs: number,
  from: number
): WorkerMatches | null {
  const request = JSON.stringify({
    lists: lists.map((list) => list.map((pattern) => [pattern.source, pattern.flags])),
    text,
    from
  })
  // Room for the request, and for every list's answer written over it.
  if (request.length > CAPACITY || lists.length * (MATCH_CHARS + 8) > CAPACITY) return null
  const shared = ready()
  if (!shared) return null
  const { control, chars } = shared
  for (let i = 0; i < request.length; i++) chars[i] = request.charCodeAt(i)
  control[REQUEST] = request.length
  control[REACHED] = from
  // The previous request's answer length must not stand: a worker not yet scheduled when the bound runs out has
  // written nothing, and the buffer now holds this request, not an answer.
  control[ANSWER] = 0
  Atomics.store(control, STATE, BUSY)
  Atomics.notify(control, STATE)
  Atomics.wait(control, STATE, BUSY, timeoutMs)
  const finished = Atomics.load(control, STATE) !== BUSY
  const reached = Atomics.load(control, REACHED)
  const length = Atomics.load(control, ANSWER)
  let answer = ''
  for (let at = 0; at < length; at += 8192)
    answer += String.fromCharCode(...chars.subarray(at, Math.min(length, at + 8192)))
  let done: (string | null)[]
  try {
    done = JSON.parse(`[${answer.slice(0, -1)}]`) as (string | null)[]
  } catch {
    // Never lose a message's escalation check to the hand-off: a fresh worker next time, the script timeout now.
    stop()
    return null
  }
  const found: (string | null)[] = []
  done.forEach((match, index) => (found[from + index] = match))
  if (finished) return { found, stoppedAt: null }
  // Past the bound: the lists before the one under way are done; the worker is stopped mid-pattern.
  stop()
  return { found: found.slice(0, reached), stoppedAt: reached }
}
