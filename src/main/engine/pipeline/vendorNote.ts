/**
 * What a card must say when its steps are written for a vendor's screens or a platform ("In Okta, open the Sign On
 * tab", "iPhone Settings > General"): on a ticket naming another vendor or platform of the same kind (Microsoft
 * Entra, Android) the steps are a precedent, not the answer, and the card says so; for a kind the ticket names
 * nothing of yet, the card says which vendor or platform the steps are for.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { distill } from '../learning/distill'
import {
  namedOnlyByEntry,
  namesList,
  productsOn,
  vendorDifference,
  vendorsIn,
  withVendorsByKind
} from '../text/vendors'
import type { ConversationState } from '../watcher/conversationState'

export interface VendorNote {
  /** The ticket names another vendor than the entry's steps are for. */
  otherVendor: boolean
  /** The sentence the card opens with. */
  text: string
  /** The vendors the steps are written for that this ticket is not about (named in the note, never elsewhere). */
  notTheTickets: string[]
}

/** The steps are what is vendor-specific: a vendor named only in the problem says nothing against them. */
const entryText = (entry: KnowledgeEntry): string => [...entry.resolution, entry.summary ?? ''].join('\n')

/** Everything said on the ticket so far: the vendor may be named by either side. */
const ticketText = (state: ConversationState): string =>
  [state.ticket.subject, ...state.messages.map((message) => message.text)].join('\n')

/**
 * The card's numbered steps that name any of `names` (the other vendor's), which of the names they use, and how many
 * numbered steps the card has.
 */
function stepsNaming(
  entry: KnowledgeEntry,
  names: readonly string[]
): { steps: string[]; names: string[]; numbered: number } {
  const steps: string[] = []
  const used = new Set<string>()
  let numbered = 0
  for (const line of (entry.summary ?? distill(entry.resolution)).split('\n')) {
    const number = /^(\d+)\.\s/.exec(line)?.[1]
    if (number) numbered++
    const named = number ? vendorsIn(line).filter((name) => names.includes(name)) : []
    if (named.length === 0) continue
    steps.push(number!)
    named.forEach((name) => used.add(name))
  }
  return { steps, names: names.filter((name) => used.has(name)), numbered }
}

export function vendorNote(entry: KnowledgeEntry, state: ConversationState): VendorNote | null {
  const ticket = ticketText(state)
  const steps = entryText(entry)
  const difference = vendorDifference(steps, ticket)
  // The platform the steps were written on, when the ticket has not said which one yet (an iPhone case on a
  // ticket naming only the authenticator app): the analyst should check it before sending iPhone steps.
  const unsaid = namedOnlyByEntry(steps, ticket)
  if (!difference && unsaid.length === 0) return null
  // One wording for every caveat: which steps are written for what, then what this ticket says about it.
  const ours = difference ? [...difference.entry, ...unsaid] : unsaid
  const own = stepsNaming(entry, ours)
  // Steps in the other vendor's own screens ("In Google Authenticator (Android) open Time correction for codes")
  // may have no equivalent at all: when only some steps are, the note says which, and claims nothing for them.
  const some = own.steps.length > 0 && own.steps.length < own.numbered
  const which = !some
    ? 'The steps are'
    : own.steps.length === 1
      ? `Step ${own.steps[0]} is`
      : `Steps ${namesList(own.steps)} are`
  const what = productsOn(some ? own.names : ours)
  const then = difference
    ? `this ticket names ${productsOn(difference.ticket)}`
    : 'check what this customer uses'
  return {
    otherVendor: difference !== null,
    text: `${which} written for ${what}; ${then}.`,
    notTheTickets: difference ? difference.entry : []
  }
}

/**
 * The card's text under a note: on a ticket about another vendor, the lines that explain (not the numbered steps,
 * which the note already says are written for it) name the vendor by its kind ("the identity provider"), so the
 * card never says "Okta" about a Microsoft customer's problem.
 */
export function textUnder(note: VendorNote | null, text: string): string {
  if (!note || note.notTheTickets.length === 0) return text
  return text
    .split('\n')
    .map((line) => (/^\d+\.\s/.test(line) ? line : withVendorsByKind(line, note.notTheTickets)))
    .join('\n')
}

/**
 * Whether `entry`'s steps are for the vendor or platform the ticket names where `other`'s are for another one (an
 * entry for Google Authenticator where the best match was written for Authy), with no difference of its own.
 */
export function forTheTicketsVendor(
  entry: KnowledgeEntry,
  other: KnowledgeEntry,
  state: ConversationState
): boolean {
  const difference = vendorDifference(entryText(other), ticketText(state))
  if (!difference) return false
  const names = vendorsIn(entryText(entry))
  return difference.ticket.some((name) => names.includes(name)) && !vendorNote(entry, state)?.otherVendor
}
