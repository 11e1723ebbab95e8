/**
 * Runs a team's regular expression with a time bound. Patterns that can backtrack catastrophically are refused when
 * saved, but a file edited by hand, or a shape the static check misses, must still never freeze the engine: V8 can
 * interrupt a running regular expression only through a script timeout, so the match runs inside one (about 0.2 ms
 * of overhead per call). The text is clipped too, which bounds the merely slow (polynomial) patterns.
 */
import vm from 'node:vm'

/** Customer messages beyond this length are matched on their start; an alert needs no more. */
const MAX_TEXT = 5_000

const context = vm.createContext({ pattern: null as RegExp | null, text: '' })
const run = new vm.Script('pattern.exec(text)')

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
