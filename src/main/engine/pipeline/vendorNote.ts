/**
 * What a card must say when its steps are written for a vendor's screens ("In Okta, open the Sign On tab"): on a
 * ticket naming another vendor of the same kind (Microsoft Entra) the steps are a precedent, not the answer, and
 * the card says so; on a ticket naming none, the card says which vendor the steps are for.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { namesList, vendorDifference, vendorsIn } from '../text/vendors'
import type { ConversationState } from '../watcher/conversationState'

export interface VendorNote {
  /** The ticket names another vendor than the entry's steps are for. */
  otherVendor: boolean
  /** The sentence the card opens with. */
  text: string
}

/** The steps are what is vendor-specific: a vendor named only in the problem says nothing against them. */
const entryText = (entry: KnowledgeEntry): string => [...entry.resolution, entry.summary ?? ''].join('\n')

/** Everything said on the ticket so far: the vendor may be named by either side. */
const ticketText = (state: ConversationState): string =>
  [state.ticket.subject, ...state.messages.map((message) => message.text)].join('\n')

export function vendorNote(entry: KnowledgeEntry, state: ConversationState): VendorNote | null {
  const ticket = ticketText(state)
  const difference = vendorDifference(entryText(entry), ticket)
  if (difference) {
    const ours = namesList(difference.entry)
    return {
      otherVendor: true,
      text:
        `That case was with ${ours}; this ticket names ${namesList(difference.ticket)}, so the ${ours} ` +
        'steps below need their equivalent there.'
    }
  }
  const ours = vendorsIn(entryText(entry))
  if (ours.length === 0 || vendorsIn(ticket).some((name) => ours.includes(name))) return null
  return { otherVendor: false, text: `Steps written for ${namesList(ours)}; check what this customer uses.` }
}
