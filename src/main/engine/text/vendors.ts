/**
 * Which third-party vendors a text names, by kind of product (identity provider, e-mail security, authenticator
 * app, ...). Steps written for one vendor's screens ("In Okta, open the Sign On tab") are wrong on a ticket about
 * another vendor of the same kind (Microsoft Entra, OneLogin): the same cause, other clicks. Comparing vendors
 * within a kind keeps unrelated names apart (Google as an identity provider says nothing against Proofpoint).
 */

export type VendorKind = 'identity' | 'mail-security' | 'authenticator' | 'cloud' | 'mobile' | 'payments'

interface Vendor {
  name: string
  kinds: readonly VendorKind[]
  /** Spellings, longest first where one contains another ("google authenticator" before "google"). */
  patterns: readonly RegExp[]
}

const word = (spelling: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${spelling}(?![\\p{L}\\p{N}])`, 'giu')

/** Multi-word product names come first: they claim their words before the vendor's bare name can. */
const VENDORS: readonly Vendor[] = [
  { name: 'Google Authenticator', kinds: ['authenticator'], patterns: [word('google authenticator')] },
  {
    name: 'Microsoft Authenticator',
    kinds: ['authenticator'],
    patterns: [word('microsoft authenticator')]
  },
  {
    name: 'Microsoft Defender',
    kinds: ['mail-security'],
    patterns: [word('(?:microsoft |office 365 |o365 )?defender'), word('exchange online protection')]
  },
  {
    name: 'Microsoft Entra',
    kinds: ['identity'],
    patterns: [word('(?:microsoft )?entra(?: id)?'), word('azure (?:ad|active directory)'), word('microsoft')]
  },
  {
    name: 'Google',
    kinds: ['identity'],
    patterns: [word('google workspace'), word('g suite'), word('google')]
  },
  { name: 'Okta', kinds: ['identity'], patterns: [word('okta')] },
  { name: 'OneLogin', kinds: ['identity'], patterns: [word('onelogin')] },
  { name: 'Ping Identity', kinds: ['identity'], patterns: [word('ping ?(?:identity|federate|one)')] },
  { name: 'Auth0', kinds: ['identity'], patterns: [word('auth0')] },
  { name: 'JumpCloud', kinds: ['identity'], patterns: [word('jumpcloud')] },
  { name: 'Keycloak', kinds: ['identity'], patterns: [word('keycloak')] },
  { name: 'ADFS', kinds: ['identity'], patterns: [word('ad ?fs')] },
  { name: 'Proofpoint', kinds: ['mail-security'], patterns: [word('proofpoint')] },
  { name: 'Mimecast', kinds: ['mail-security'], patterns: [word('mimecast')] },
  { name: 'Barracuda', kinds: ['mail-security'], patterns: [word('barracuda')] },
  { name: 'Cisco', kinds: ['mail-security'], patterns: [word('cisco (?:secure )?email'), word('ironport')] },
  { name: 'Authy', kinds: ['authenticator'], patterns: [word('authy')] },
  { name: '1Password', kinds: ['authenticator'], patterns: [word('1password')] },
  { name: 'AWS', kinds: ['cloud'], patterns: [word('aws'), word('amazon s3'), word('s3')] },
  { name: 'Google Cloud', kinds: ['cloud'], patterns: [word('google cloud'), word('gcs'), word('gcp')] },
  { name: 'Azure', kinds: ['cloud'], patterns: [word('azure(?: blob)?(?: storage)?')] },
  { name: 'Android', kinds: ['mobile'], patterns: [word('android'), word('samsung'), word('pixel')] },
  { name: 'iOS', kinds: ['mobile'], patterns: [word('ios'), word('iphone'), word('ipad')] },
  { name: 'Stripe', kinds: ['payments'], patterns: [word('stripe')] },
  { name: 'PayPal', kinds: ['payments'], patterns: [word('paypal')] }
]

/** The vendors a text names, each once (a spelling claimed by a longer name does not count again). */
export function vendorsIn(text: string): string[] {
  let rest = text
  const found: string[] = []
  for (const vendor of VENDORS) {
    let named = false
    for (const pattern of vendor.patterns) {
      rest = rest.replace(pattern, () => {
        named = true
        return ' '
      })
    }
    if (named) found.push(vendor.name)
  }
  return found
}

const kindsOf = (name: string): readonly VendorKind[] =>
  VENDORS.find((vendor) => vendor.name === name)?.kinds ?? []

/** The entry's and the ticket's vendors where they differ in a kind of product both name, or null. */
export interface VendorDifference {
  /** What the entry's steps were written for, e.g. ["Okta"]. */
  entry: string[]
  /** What the ticket names instead, e.g. ["Microsoft Entra"]. */
  ticket: string[]
}

/**
 * Whether steps written about `entryText` are for another vendor than the one `ticketText` names: for some kind of
 * product, both name a vendor and none is shared. Null when they agree or one side names no vendor of that kind.
 */
export function vendorDifference(entryText: string, ticketText: string): VendorDifference | null {
  const ours = vendorsIn(entryText)
  const theirs = vendorsIn(ticketText)
  const entry = new Set<string>()
  const ticket = new Set<string>()
  for (const kind of new Set(ours.flatMap(kindsOf))) {
    const a = ours.filter((name) => kindsOf(name).includes(kind))
    const b = theirs.filter((name) => kindsOf(name).includes(kind))
    if (a.length === 0 || b.length === 0 || a.some((name) => b.includes(name))) continue
    a.forEach((name) => entry.add(name))
    b.forEach((name) => ticket.add(name))
  }
  return entry.size > 0 ? { entry: [...entry], ticket: [...ticket] } : null
}

/** "Okta" / "Okta and OneLogin", for a sentence. */
export const namesList = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
