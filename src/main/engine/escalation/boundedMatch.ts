/**
 * Runs a team's regular expression with a time bound. Patterns that can backtrack catastrophically are refused when
 * saved, but a file edited by hand, or a shape the static check misses, must still never freeze the engine: V8 can
 * interrupt a running regular expression only through a script timeout, so the match runs inside one (about 0.2 ms
 * of overhead per call, more on a loaded machine: each call starts a watchdog). The text is clipped too, which bounds
 * the merely slow (polynomial) patterns. `firstMatches` runs many lists of patterns in one call, so a message pays
 * that overhead once rather than once per pattern.
 */
import vm from 'node:vm'
import { matchInWorker } from './matchWorker'

/** Customer messages beyond this length are matched on their start; an alert needs no more. */
const MAX_TEXT = 5_000

const context = vm.createContext({
  pattern: null as RegExp | null,
  text: '',
  lists: [] as (readonly RegExp[])[],
  from: 0,
  found: [] as (string | null)[],
  reached: 0
})
const run = new vm.Script('pattern.exec(text)')
// For each list from `from` on: its first match, or null. `found` and `reached` (the list under way) are written as
// it goes, so a timeout still tells which lists were done.
const runLists = new vm.Script(`
for (let list = from; list < lists.length; list++) {
  reached = list
  let match = null
  for (const pattern of lists[list]) {
    pattern.lastIndex = 0
    const result = pattern.exec(text)
    if (result) { match = result[0]; break }
  }
  found[list] = match
}`)

export type BoundedMatch = { match: string | null } | { timedOut: true }

export function boundedMatch(pattern: RegExp, text: string, timeoutMs = 50): BoundedMatch {
  context.pattern = pattern
  context.text = text.slice(0, MAX_TEXT)
  pattern.lastIndex = 0
  try {
    const found = run.runInContext(context, { timeout: timeoutMs }) as RegExpExecArray | null
    return { match: found ? found[0] : null }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { timedOut: true }
    throw error
  } finally {
    context.pattern = null
    context.text = ''
  }
}

export interface FirstMatches {
  /** For each list before `stoppedAt`: the match of its first pattern that matches, or null. */
  found: (string | null)[]
  /** The list under way when the bound ran out (its result is unknown), or null when every list was done. */
  stoppedAt: number | null
}

/**
 * The first match of each list of patterns in `text`, lists `from` onward, all within one bound of `timeoutMs`.
 * Runs exactly the matches `boundedMatch` would, list by list and pattern by pattern in order: in the one
 * long-lived match worker (matchWorker.ts) rather than under a script timeout with a watchdog thread per call; under
 * the script timeout only when the worker cannot take the request.
 */
export function firstMatches(
  lists: readonly (readonly RegExp[])[],
  text: string,
  timeoutMs: number,
  from = 0
): FirstMatches {
  return (
    matchInWorker(lists, text.slice(0, MAX_TEXT), timeoutMs, from) ??
    firstMatchesInContext(lists, text, timeoutMs, from)
  )
}

/** `firstMatches` under a script timeout (one watchdog thread for the call). */
export function firstMatchesInContext(
  lists: readonly (readonly RegExp[])[],
  text: string,
  timeoutMs: number,
  from = 0
): FirstMatches {
  const found: (string | null)[] = []
  context.lists = lists as RegExp[][]
  context.text = text.slice(0, MAX_TEXT)
  context.from = from
  context.found = found
  context.reached = from
  try {
    runLists.runInContext(context, { timeout: timeoutMs })
    return { found, stoppedAt: null }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { found, stoppedAt: context.reached }
    throw error
  } finally {
    context.lists = []
    context.text = ''
    context.found = []
  }
}
