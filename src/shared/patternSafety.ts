/**
 * Why an escalation pattern must not be saved, or null when it may: it does not compile, or its shape can backtrack
 * catastrophically (a repeated group that itself repeats, like `(a+)+`, or repeats overlapping alternatives, like
 * `(a|ab)*`): such a pattern can freeze the engine for minutes on one short message. Pure string analysis, so the
 * settings schema (shared by the engine and the renderer) can refuse it where it is edited.
 */
import { regexSyntaxProblem } from './regexSyntaxWords'

interface Group {
  /** An unbounded quantifier (`*`, `+`, `{n,}`) appears inside. */
  repeats: boolean
  /** The first piece of each alternative, to see whether alternatives can start alike. */
  branchStarts: string[]
  atBranchStart: boolean
  alternation: boolean
}

export function patternProblem(source: string): string | null {
  try {
    new RegExp(source, 'i')
  } catch (error) {
    return regexSyntaxProblem(error)
  }
  const stack: Group[] = [newGroup()]
  let index = 0
  while (index < source.length) {
    const char = source[index]!
    const top = stack.at(-1)!
    if (char === '\\') {
      noteStart(top, source.slice(index, index + 2))
      index += 2
    } else if (char === '[') {
      const end = classEnd(source, index)
      noteStart(top, '[class]')
      index = end + 1
    } else if (char === '(') {
      noteStart(top, '(group)')
      stack.push(newGroup())
      index += source.startsWith('(?', index) ? groupPrefixLength(source, index) : 1
      continue
    } else if (char === '|') {
      top.alternation = true
      top.atBranchStart = true
      index++
      continue
    } else if (char === ')') {
      const group = stack.length > 1 ? stack.pop()! : top
      const quantifier = quantifierAt(source, index + 1)
      if (quantifier.unbounded) {
        if (group.repeats)
          return 'a repeated group that repeats inside, like (a+)+, can backtrack catastrophically: remove the outer or inner repetition'
        if (group.alternation && overlapping(group.branchStarts))
          return 'repeated alternatives that can start alike, like (a|ab)*, can backtrack catastrophically: make the alternatives distinct'
      }
      const parent = stack.at(-1)!
      if (quantifier.unbounded || group.repeats) parent.repeats = true
      index += 1 + quantifier.length
      continue
    } else {
      noteStart(top, char === '.' ? '.' : char.toLowerCase())
      index++
    }
    const quantifier = quantifierAt(source, index)
    if (quantifier.unbounded) stack.at(-1)!.repeats = true
    index += quantifier.length
  }
  return null
}

function newGroup(): Group {
  return { repeats: false, branchStarts: [], atBranchStart: true, alternation: false }
}

function noteStart(group: Group, piece: string): void {
  if (!group.atBranchStart) return
  group.branchStarts.push(piece)
  group.atBranchStart = false
}

/** Two alternatives may match the same start: equal first pieces, or one that matches broadly (., \w, a class). */
function overlapping(starts: string[]): boolean {
  const broad = starts.filter(
    (start) => ['.', '[class]', '(group)'].includes(start) || /^\\[wWsSdD]$/.test(start)
  )
  if (broad.length > 0 && starts.length > 1) return true
  return new Set(starts).size < starts.length
}

function quantifierAt(source: string, index: number): { unbounded: boolean; length: number } {
  const char = source[index]
  if (char === '*' || char === '+') return { unbounded: true, length: source[index + 1] === '?' ? 2 : 1 }
  if (char === '?') return { unbounded: false, length: source[index + 1] === '?' ? 2 : 1 }
  if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(index))
    if (match) {
      const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3])
      // A large finite bound backtracks like an unbounded one.
      return { unbounded: max > 20, length: match[0].length }
    }
  }
  return { unbounded: false, length: 0 }
}

function classEnd(source: string, start: number): number {
  let index = start + 1
  if (source[index] === '^') index++
  if (source[index] === ']') index++
  while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1
  return index
}

/** Length of `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupPrefixLength(source: string, index: number): number {
  const match = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(index))
  return match ? match[0].length : 1
}
