/**
 * Which third-party vendors and platforms a text names, by kind of product (identity provider, e-mail security,
 * authenticator app, phone or desktop operating system, ...). Steps written for one vendor's screens ("In Okta, open
 * the Sign On tab", "iPhone Settings > General") are wrong on a ticket about another vendor or platform of the same
 * kind (Microsoft Entra, Android): the same cause, other clicks. Comparing names within a kind keeps unrelated ones
 * apart (Google as an identity provider says nothing against Proofpoint, nor Android against Okta).
 */

export type VendorKind =
  | 'identity'
  | 'mail-security'
  | 'authenticator'
  | 'cloud'
  | 'payments'
  | 'mobile-os'
  | 'desktop-os'

/** Kinds that are the platform a product runs on rather than a product: "Authy on iOS". */
const PLATFORM_KINDS: ReadonlySet<VendorKind> = new Set(['mobile-os', 'desktop-os'])

interface Vendor {
  name: string
  kinds: readonly VendorKind[]
  /** Spellings, longest first where one contains another ("google authenticator" before "google"). */
  patterns: readonly RegExp[]
}

const word = (spelling: string, flags = 'giu'): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${spelling}(?![\\p{L}\\p{N}])`, flags)
/** Spelled with this case only: "Windows" and "Mac" are platforms, "close the windows" and "MAC address" are not. */
const exact = (spelling: string): RegExp => word(spelling, 'gu')

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
  { name: 'Android', kinds: ['mobile-os'], patterns: [word('android'), word('samsung'), word('pixel')] },
  { name: 'iOS', kinds: ['mobile-os'], patterns: [word('ios'), word('iphone'), word('ipad(?:os)?')] },
  { name: 'Windows', kinds: ['desktop-os'], patterns: [exact('Windows'), word('win(?:10|11)')] },
  {
    name: 'macOS',
    kinds: ['desktop-os'],
    patterns: [
      word('mac ?os(?: x)?'),
      word('os x'),
      word('macbook(?: air| pro)?'),
      word('imac'),
      exact('Mac')
    ]
  },
  { name: 'ChromeOS', kinds: ['desktop-os'], patterns: [word('chrome ?os'), word('chromebook')] },
  {
    name: 'Linux',
    kinds: ['desktop-os'],
    patterns: [word('linux'), word('ubuntu'), word('debian'), word('fedora')]
  },
  { name: 'Stripe', kinds: ['payments'], patterns: [word('stripe')] },
  { name: 'PayPal', kinds: ['payments'], patterns: [word('paypal')] }
]

/** The vendors a text names, each once (a spelling claimed by a longer name does not count again). */
export function vendorsIn(text: string): string[] {
  // The same entry texts are compared with each new ticket and after each learned case: found once per text.
  let found = vendorsFound.get(text)
  if (!found) {
    found = findVendors(text)
    if (vendorsFound.size >= MAX_VENDOR_TEXTS) vendorsFound.clear()
    vendorsFound.set(text, found)
  }
  return [...found]
}

const vendorsFound = new Map<string, readonly string[]>()
/** Bounds the cache (texts seen by a long-running engine); cleared when full, which only costs finding them again. */
const MAX_VENDOR_TEXTS = 2_000

function findVendors(text: string): string[] {
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

/** What a vendor of each kind is called when the card must not name it: "the identity provider". */
const GENERIC: Record<VendorKind, string> = {
  identity: 'the identity provider',
  'mail-security': 'the mail filter',
  authenticator: 'the authenticator app',
  cloud: 'the cloud provider',
  payments: 'the payment provider',
  'mobile-os': 'the phone',
  'desktop-os': 'the computer'
}

/**
 * `text` with each of `names` (vendors, see VENDORS) said by its kind instead ("Okta signs with a new key" -> "The
 * identity provider signs with a new key"): for a sentence that explains a cause any vendor of that kind shares.
 */
export function withVendorsByKind(text: string, names: readonly string[]): string {
  let result = text
  for (const vendor of VENDORS) {
    if (!names.includes(vendor.name)) continue
    const generic = GENERIC[vendor.kinds[0]!]
    for (const pattern of vendor.patterns) {
      result = result.replace(pattern, (_match, offset: number) =>
        /^\s*$|[.!?]\s+$/.test(result.slice(0, offset))
          ? generic.charAt(0).toUpperCase() + generic.slice(1)
          : generic
      )
    }
  }
  // "the identity provider's" reads right; "a the identity provider" or "your the ..." would not.
  return result.replace(/\b(a|an|the|your|their|our) (?=the )/gi, '')
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

/**
 * The entry's vendors and platforms in kinds the ticket names nothing of yet: an iPhone case on a ticket that has
 * not said which phone. Not a difference (the ticket may turn out the same), but worth saying on the card.
 */
export function namedOnlyByEntry(entryText: string, ticketText: string): string[] {
  const theirKinds = new Set(vendorsIn(ticketText).flatMap(kindsOf))
  return vendorsIn(entryText).filter((name) => kindsOf(name).every((kind) => !theirKinds.has(kind)))
}

const isPlatform = (name: string): boolean => kindsOf(name).some((kind) => PLATFORM_KINDS.has(kind))

/** "Okta" / "Okta and OneLogin", for a sentence. */
export const namesList = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/** Products and the platform they ran on, for a sentence: "Authy on iOS", "Okta", "Android". */
export function productsOn(names: readonly string[]): string {
  const products = names.filter((name) => !isPlatform(name))
  const platforms = names.filter(isPlatform)
  const on = platforms.length > 0 ? platforms.join(' or ') : ''
  if (products.length === 0) return on
  return on ? `${namesList(products)} on ${on}` : namesList(products)
}
