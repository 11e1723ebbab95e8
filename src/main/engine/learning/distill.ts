/**
 * The card an analyst reads: an entry's resolution distilled to the cause and the actions, at most MAX_SENTENCES
 * sentences and MAX_CHARS characters. It is computed when an entry is learned, merged or edited, and stored with
 * it; the entry's full steps stay one click away.
 */

import { standalone } from './extractor'
import { repairSentence } from './sentenceRepair'
import { withoutEventOpener } from './caseContext'
import { withoutChatter } from './stepChatter'
import { isAction } from '../../../shared/stepKind'

/** Which sentences are instructions: one rule for the card and the Knowledge screen (shared/stepKind). */
export { isAction }

export const MAX_CHARS = 600
export const MAX_SENTENCES = 5

/** Words that explain why it happened. */
const CAUSE =
  /\b(?:because|caused|cause|since|so (?:the|every|nothing|it|your|you|a)|which means|means|expired?|exceed|rotated|limited|limit(?:ed)? to|capped|no longer|doesn't|does not|isn't|is not|can't|cannot|still|kept|must|needs? to|requires?|only succeeds|reports? the|rejected|blocked|held|quarantin|already|depends? on|worse)/i

export const isCause = (sentence: string): boolean => !isAction(sentence) && CAUSE.test(sentence)

/** A clause that cannot end a sentence: "..., so if the phone's clock is off" leaves the "if" hanging. */
const OPEN_CLAUSE =
  /^(?:(?:and |but |so )?(?:if|when|whenever|unless|because|since|as|although|though|while|so that|which|where|who))\b/i

/**
 * The cause said in fewer words when the actions need the room: the longest start of the sentence, cut where a
 * clause ends (", even though they look perfectly normal" goes first), that fits in `room` characters and does
 * not end on an open clause; null when no such start is left.
 */
export function shorterCause(cause: string, room: number): string | null {
  const clauses = cause.replace(/[.!]$/, '').split(/,\s+/)
  for (let count = clauses.length - 1; count >= 1; count--) {
    const last = clauses[count - 1]!
    if (count > 1 && OPEN_CLAUSE.test(last)) continue
    const shorter = `${clauses.slice(0, count).join(', ')}.`
    if (shorter.length <= room && shorter.split(/\s+/).length >= 5) return shorter
  }
  return null
}

function clip(text: string, room: number): string {
  if (text.length <= room) return text
  const cut = text.slice(0, Math.max(0, room - 1))
  return `${cut.slice(0, cut.lastIndexOf(' ') > room / 2 ? cut.lastIndexOf(' ') : cut.length)}…`
}

/**
 * The cause (an explaining sentence before the first action, if any) followed by the actions in their order,
 * numbered; when that makes fewer than three sentences, the other steps fill in, in order. Without any action
 * (e.g. a one-line answer) the first steps are the card.
 */
/**
 * A remark that follows an instruction in the resolution ("It handles daylight saving automatically." after "select
 * your time zone") belongs to that instruction's line, not a numbered step of its own that asks nothing to be done.
 */
function withRemarks(chosen: readonly string[], steps: readonly string[]): string[] {
  const lines: string[] = []
  let previous: string | undefined
  for (const step of chosen) {
    const follows = previous !== undefined && steps.indexOf(step) === steps.indexOf(previous) + 1
    if (follows && isAction(previous!) && !isAction(step) && lines.length > 0) {
      lines[lines.length - 1] = `${lines.at(-1)} ${step}`
    } else {
      lines.push(step)
    }
    previous = step
  }
  return lines
}

export function distill(given: readonly string[]): string {
  // Entries learned before sentences were mended get the same repair on their card.
  const steps = given.map((step) => withoutEventOpener(withoutChatter(repairSentence(step))))
  const firstAction = steps.findIndex(isAction)
  const before = steps
    .slice(0, firstAction < 0 ? 0 : firstAction)
    .filter((step) => !/^(?:if|then)\b/i.test(step))
  const cause = firstAction < 0 ? undefined : (before.find((step) => CAUSE.test(step)) ?? before[0])
  const actions = steps.filter(isAction)
  const wanted = new Set<string>(actions)
  if (cause) wanted.add(cause)
  // Three lines as the reader sees them: a remark joined to its instruction's line does not count as one of them.
  const lines = (): number =>
    (cause ? 1 : 0) +
    withRemarks(
      steps.filter((step) => wanted.has(step) && step !== cause),
      steps
    ).length
  for (const step of steps) if (lines() < 3) wanted.add(step)
  const chosen: string[] = []
  let length = 0
  for (const step of steps.filter((item) => wanted.has(item) && item !== cause)) {
    if (chosen.length + (cause ? 1 : 0) >= MAX_SENTENCES) break
    const room = (cause ? cause.length + 1 : 0) + length + step.length + 5
    if (room > MAX_CHARS && chosen.length > 0) break
    chosen.push(step)
    length += step.length + 5
  }
  const items = withRemarks(chosen, steps)
  // Only instructions are numbered: an explanation split into "1. ... 2. ..." reads as steps to follow.
  const numbered =
    items.length > 1 && items.some(isAction) ? items.map((step, index) => `${index + 1}. ${step}`) : items
  const card = [...(cause ? [cause] : []), ...numbered]
  // The card opens with a statement of its own, never "Then ..." (entries stored before this rule included).
  if (card[0]) card[0] = standalone(card[0])
  return clip(card.join('\n'), MAX_CHARS)
}
