/**
 * Which of the answerable entries a retrieval-only card leads with, and which others may stand beside it.
 *
 * - The entry this very ticket taught when it was resolved before (here, or on a teammate's desktop that synced it)
 *   leads: it is this ticket's own problem and fix, never passed over for another entry.
 * - An entry confirmed across cases may take the lead from a closer match seen once (a single unconfirmed answer
 *   never goes before the team's established one), but only when the conversation speaks for it on its own: it is a
 *   close match itself, or it shares a telling word with the conversation that the closer one does not. An entry
 *   that passes a looser rule on words the closer one matches too ("invalid", "signature": a webhook entry beside the
 *   SAML one that a customer's "Invalid signature on SAML Response" is about) is about another subject, and its
 *   confirmations are for that subject.
 * - A further citation must speak for itself the same way: a second entry the analyst reads must be about this
 *   problem, not another one that happens to share the chosen entry's words.
 */
import { observationsOf } from '../../../shared/domain'
import type { RetrievedEntry } from '../retrieval/retriever'
import { distinctiveTerms } from './distinctiveWords'
import type { PipelineRun } from './pipeline'

/** Cases behind an entry for it to count as the team's established answer. */
const ESTABLISHED = 3

/** The entry was learned from this very ticket (its earlier resolution). */
export const learnedFromTicket = (result: RetrievedEntry, ticketId: string): boolean =>
  result.entry.sourceTicketIds.includes(ticketId)

/**
 * The telling words (see distinctiveTerms) the conversation shares with `other`'s problem and not with `than`'s:
 * none means nothing in the conversation speaks for `other` that does not speak for `than` as much.
 */
export function tellingWordsBeyond(other: RetrievedEntry, than: RetrievedEntry): string[] {
  const covered = new Set(than.problemTerms)
  return distinctiveTerms(other.problemTerms.filter((term) => !covered.has(term)))
}

/** The conversation speaks for `other` on its own, not only through words it shares with `than` too. */
export const speaksFor = (
  other: RetrievedEntry,
  than: RetrievedEntry,
  settings: PipelineRun['settings']
): boolean => other.similarity >= settings.answerThreshold || tellingWordsBeyond(other, than).length > 0

/** The entry the card leads with among the answerable ones (in retrieval's order), or undefined when none is. */
export function leadEntry(
  answerable: readonly RetrievedEntry[],
  ticketId: string,
  settings: PipelineRun['settings']
): RetrievedEntry | undefined {
  const own = answerable.find((result) => learnedFromTicket(result, ticketId))
  if (own) return own
  const first = answerable[0]
  if (first === undefined) return undefined
  const unconfirmed = first.entry.author !== 'human' && observationsOf(first.entry) <= 1
  if (!unconfirmed) return first
  const established = answerable.find(
    (result) => observationsOf(result.entry) >= ESTABLISHED && speaksFor(result, first, settings)
  )
  return established ?? first
}

/** A further entry may be cited beside the chosen one when the conversation speaks for it on its own. */
export const addsToChosen = (
  result: RetrievedEntry,
  chosen: RetrievedEntry,
  settings: PipelineRun['settings']
): boolean => speaksFor(result, chosen, settings)
