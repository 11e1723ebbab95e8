/**
 * The support team's own e-mail addresses ("no-reply@notify.nimbus.example.com", "billing@nimbus.example.com") are
 * not personal data: the steps that name them ("release the messages from no-reply@...") are useless once they
 * become "[email]". A customer's address, or one at the customer's own domain, is scrubbed as before.
 */

const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g
/** Mailboxes of a function rather than a person. */
const ROLE =
  /^(?:no-?reply|do-?not-?reply|support|help|helpdesk|service|billing|notifications?|notify|info|hello|team|sales|security|privacy|abuse|postmaster|mailer-daemon|bounces?|alerts?|status|updates?|news)$/i

export interface CaseAuthorText {
  role: 'customer' | 'analyst'
  text: string
}

/**
 * Role mailboxes (no-reply@, support@, billing@) that only the analysts wrote, at a domain no customer address
 * uses. A person's mailbox stays personal data, whoever's it is.
 */
export function providerAddresses(messages: readonly CaseAuthorText[]): Set<string> {
  const customerText = messages
    .filter((message) => message.role === 'customer')
    .map((message) => message.text)
    .join('\n')
  const customerDomains = new Set([...customerText.matchAll(EMAIL)].map((match) => domainOf(match[0])))
  const analystText = messages
    .filter((message) => message.role === 'analyst')
    .map((message) => message.text)
    .join('\n')
  const kept = new Set<string>()
  for (const match of analystText.matchAll(EMAIL)) {
    const address = match[0]
    const domain = domainOf(address)
    if (customerText.toLowerCase().includes(address.toLowerCase()) || customerDomains.has(domain)) continue
    if (ROLE.test(address.slice(0, address.indexOf('@')))) kept.add(address)
  }
  return kept
}

/** A private-use character: never in support text, and no scrubbing rule matches it. */
const MARK = '\uE000'
const KEPT = new RegExp(`${MARK}(\\d+)${MARK}`, 'g')

const domainOf = (address: string): string => address.slice(address.indexOf('@') + 1).toLowerCase()

/**
 * Runs `scrub` with the given addresses kept as written: they are set aside before and put back after, so no
 * scrubbing rule can touch them.
 */
export function scrubKeeping(
  text: string,
  keep: ReadonlySet<string>,
  scrub: (text: string) => string
): string {
  if (keep.size === 0) return scrub(text)
  const kept: string[] = []
  const hidden = text.replace(EMAIL, (address) => {
    if (!keep.has(address)) return address
    kept.push(address)
    return `${MARK}${kept.length - 1}${MARK}`
  })
  return scrub(hidden).replace(KEPT, (_match, index: string) => kept[Number(index)] ?? '')
}
