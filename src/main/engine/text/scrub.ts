/**
 * Removes volatile identifiers and personal data from text before it is searched or learned: e-mail addresses,
 * URLs' credentials and query strings, IP addresses, UUIDs, long hex ids, ticket/order/account/request ids,
 * timestamps and dates, phone numbers, card-like numbers, tokens and keys, @handles and the name after a greeting.
 *
 * It keeps what an analyst needs to recognise a problem: error codes (`SSO-403`, `AADSTS50011`), vulnerability ids
 * (`CVE-2021-44228`, also from a link's query string), HTTP statuses, product and vendor names, versions, times of
 * day ("after 16:00"), time zones and regions. Replacements are neutral placeholders so the sentence still reads.
 */

interface Rule {
  pattern: RegExp
  replacement: string | ((match: string, ...groups: string[]) => string)
}

/** Words that say the next token names a record (a ticket, an order, an account), never an error. */
const ID_WORDS =
  'ticket|tickets|order|orders|case|invoice|incident|request|req|ref|reference|account|acct|customer|booking|confirmation|tracking|transaction|workspace|tenant|subscription|user'

/** Prefixes that name records rather than errors (ORD-2231, INV-1001, TKT-3301). */
const ID_PREFIXES = new Set([
  'ORD',
  'ORDER',
  'INV',
  'TKT',
  'TICKET',
  'CASE',
  'INC',
  'REQ',
  'ACCT',
  'ACC',
  'CUST',
  'SR',
  'CS',
  'PO',
  'TXN',
  'SUB',
  'USR',
  'ID'
])

/** An algorithm's name (HMAC-SHA256, SHA-512, AES-256): how a signature or cipher is made, kept as written. */
const ALGORITHM = /^(?:HMAC|SHA|AES|RSA|PBKDF|ECDSA|BLAKE|ARGON)[_-]?(?:SHA)?[_-]?\d+$/i

/**
 * `PREFIX-123` is an error code (SSO-403, ERR-1001) when the prefix is capitalised and the number short; a lower-case
 * or mixed prefix with letters and digits after it (req_7Hc2pQ91, acct-77812, sk_live_4eC3) is a record id or key.
 */
function prefixedToken(token: string, prefix: string, separator: string, rest: string): string {
  if (ALGORITHM.test(token)) return token
  const errorCode =
    prefix === prefix.toUpperCase() &&
    separator === '-' &&
    /^\d{2,4}$/.test(rest) &&
    !ID_PREFIXES.has(prefix.toUpperCase())
  return errorCode ? token : '[id]'
}

const RULES: Rule[] = [
  { pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, replacement: '[email]' },
  {
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    replacement: '[id]'
  },
  // A full timestamp or a calendar date is one case's moment; a time of day ("after 16:00") is a fact to keep.
  {
    pattern: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g,
    replacement: '[time]'
  },
  { pattern: /\b\d{4}-\d{2}-\d{2}\b/g, replacement: '[date]' },
  // Log-style clock readings with seconds (09:18:47.123) are volatile; "16:00" is not touched.
  { pattern: /\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, replacement: '[time]' },
  { pattern: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/\d{1,2})?\b/g, replacement: '[ip]' },
  { pattern: /\b[0-9a-f]{1,4}(?::{1,2}[0-9a-f]{1,4}){3,7}\b/gi, replacement: '[ip]' },
  { pattern: /\b(?:\d[ -]?){12,18}\d\b/g, replacement: '[number]' },
  // The last digits of a payment card ("Card ends 4417", "card ending in 4417") are the card holder's too.
  { pattern: /\b(card\s+(?:ends|ending)(?:\s+(?:in|with))?\s+)\d{4}\b/gi, replacement: '$1[number]' },
  { pattern: /\+?\d{1,3}[ .-]?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b/g, replacement: '[phone]' },
  // Tokens and secrets: long base64/hex-ish strings.
  {
    pattern: /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g,
    replacement: '[token]'
  },
  { pattern: /\b[0-9a-f]{12,}\b/gi, replacement: '[id]' },
  // A record named as such: "ticket 4412", "order no. 88123", "Workspace acct_1", "case #2231".
  {
    pattern: new RegExp(
      `\\b(${ID_WORDS})(\\s+(?:id|no\\.?|number|#)?\\s*[:#]?\\s*)(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9][A-Za-z0-9_-]{2,}\\b`,
      'gi'
    ),
    replacement: (_match, word: string, gap: string) => `${word}${gap}[id]`
  },
  // Identifiers with a prefix: req_abc123, acct-77812, ORD-2231; error codes such as SSO-403 stay.
  {
    pattern: /\b([a-z]{2,8})([_-])((?=[a-z0-9_]*\d)[a-z0-9][a-z0-9_]{2,})\b/gi,
    replacement: (match, prefix: string, separator: string, rest: string) =>
      prefixedToken(match, prefix, separator, rest)
  },
  { pattern: /#\d{3,}\b/g, replacement: '[id]' },
  { pattern: /\b\d{5,}\b/g, replacement: '[number]' },
  { pattern: /(^|\s)@\w{2,}/g, replacement: '$1[user]' },
  // The name a greeting or thanks is addressed to ("Hi Marcus,", "Thanks Tomás!") is a person's; "Hello, I'm ..."
  // is the writer speaking, not a name.
  {
    pattern:
      /\b((?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Tt]hanks|[Tt]hank you|[Cc]heers|[Mm]orning)[,]?\s+)(?!I(?:['’]|\s|$))\p{Lu}[\p{L}'’-]+/gu,
    replacement: '$1[name]'
  }
]

const URL = /https?:\/\/[^\s"'<>)\]]+/gi
/**
 * Public identifiers of a known problem, the same for every customer who meets it: vulnerability ids
 * (CVE-2021-44228). They name the problem, not a person or a record, so they are kept as written.
 */
const PUBLIC_ID = /\bCVE-\d{4}-\d{4,7}\b/gi

/**
 * A link keeps its host and path, which name the article or page it points to; its credentials, query string and
 * fragment (session ids, tokens, signatures, tracking) go.
 */
function scrubUrl(url: string): string {
  const withoutCredentials = url.replace(/^(https?:\/\/)[^\s/:@]+:[^\s/@]+@/i, '$1')
  const query = /[?#].*$/.exec(withoutCredentials)?.[0] ?? ''
  // A public identifier in the query string ("cvename.cgi?name=CVE-2022-2047") is what the link is about.
  const kept = query.match(PUBLIC_ID) ?? []
  return [withoutCredentials.slice(0, withoutCredentials.length - query.length), ...kept].join(' ')
}

function scrubPlainText(text: string): string {
  let kept = ''
  let last = 0
  for (const match of text.matchAll(PUBLIC_ID)) {
    kept += scrubWords(text.slice(last, match.index)) + match[0]
    last = match.index + match[0].length
  }
  return kept + scrubWords(text.slice(last))
}

function scrubWords(text: string): string {
  let result = text
  for (const rule of RULES) {
    result =
      typeof rule.replacement === 'string'
        ? result.replace(rule.pattern, rule.replacement)
        : result.replace(rule.pattern, rule.replacement)
  }
  return result
}

/** Strips volatile identifiers and personal data. */
export function scrubText(text: string): string {
  let result = ''
  let last = 0
  for (const match of text.matchAll(URL)) {
    result += scrubPlainText(text.slice(last, match.index)) + scrubUrl(match[0])
    last = match.index + match[0].length
  }
  result += scrubPlainText(text.slice(last))
  return result.replace(/[ \t]{2,}/g, ' ').trim()
}

/**
 * Removes the names of the people in a case (customer and analyst display names) as whole words.
 * Names shorter than 3 letters are ignored to avoid eating ordinary words.
 */
export function scrubNames(text: string, names: readonly string[]): string {
  let result = text
  for (const name of names) {
    for (const part of name.split(/\s+/)) {
      if (part.length < 3) continue
      result = result.replace(namePattern(part), '[name]')
    }
  }
  return result
}

/** Compiled name patterns: a case's names are scrubbed from each of its messages, compiled once rather than each time. */
const namePatterns = new Map<string, RegExp>()
/** Bounds the cache (names seen by a long-running engine); cleared when full, which only costs recompiling. */
const MAX_NAME_PATTERNS = 5_000

function namePattern(part: string): RegExp {
  let pattern = namePatterns.get(part)
  if (pattern) return pattern
  const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // Global: `replace` starts each use from the beginning (lastIndex 0), so sharing it is safe.
  pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'gu')
  if (namePatterns.size >= MAX_NAME_PATTERNS) namePatterns.clear()
  namePatterns.set(part, pattern)
  return pattern
}
