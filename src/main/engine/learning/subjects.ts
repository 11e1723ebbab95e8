/**
 * What a case is about, by name: the products and vendors both the customer and the analysts named (Okta,
 * Mimecast, Entra), and the error codes the customer quoted (SSO-403, HTTP 429). Two cases with near-identical
 * wording but different vendors or different error codes are different problems: their steps must never be merged.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import type { Message } from '../../../shared/domain'

/** Capitalised words that are interface labels or support vocabulary, not the name of a product or vendor. */
const GENERIC = new Set(
  (
    'i a an the it this that we you our your my me he she they hi hello hey thanks thank please ok okay yes no ' +
    'admin settings setting test save download upload help support error account team dashboard login logout ' +
    'sign password email status page app data export import report new open click go check steps step note ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december today tomorrow yesterday morning evening get post put patch ' +
    'delete head options set run custom retry after before resend send delivery answer section'
  ).split(/\s+/)
)

/** Error codes as customers quote them: SSO-403, AADSTS50011, E1234; HTTP statuses next to a status word. */
const CODE = /\b[A-Z][A-Z0-9]{0,9}-\d{2,5}\b|\b[A-Z]{2,}\d{3,}\b/g
const HTTP_STATUS =
  /\b(?:HTTP|status|error|code|returns?|returned|got|(?:fails?|failed|failing) with|->)\s*:?\s*([1-5]\d\d)\b|\b([1-5]\d\d)\s+(?:Too Many|Gateway|Not Found|Bad Request|Forbidden|Unauthori[sz]ed|Internal|Service Unavailable|Client Error|Server Error|Conflict|Payment)/gi

/** A capitalised or inner-capitalised word (Okta, OneLogin, iPhone, SAML) not at the start of a sentence. */
const NAME = /(?<![.!?:\n]\s*|^\s*)(?<![\p{L}\p{N}])(\p{Lu}[\p{L}\p{N}]+|\p{Ll}+\p{Lu}[\p{L}\p{N}]*)/gu
const ANY_CAPITALISED = /(?<![\p{L}\p{N}])(\p{Lu}[\p{L}\p{N}]+|\p{Ll}+\p{Lu}[\p{L}\p{N}]*)/gu

/**
 * Names of algorithms, encodings and standards (SHA256, HMAC-SHA256, AES256, RS256, UTF-16, ISO8601): they look like
 * codes but say how something is done, never what went wrong.
 */
const TECHNICAL_NAME =
  /^(?:HMAC-?)?(?:SHA|AES|RSA|HS|RS|ES|PS|ED|MD|CRC|UTF|UCS|ISO|TLS|SSL|DES|PBKDF|BLAKE|ARGON|X)-?\d+$/

/**
 * HTTP statuses named by their standard reason phrase alone ("Too Many Requests" with no number): the same status as
 * "HTTP 429". Only phrases that name one status and read as nothing else.
 */
const REASON_PHRASES: ReadonlyArray<readonly [RegExp, number]> = [
  [/\btoo many requests\b/i, 429],
  [/\bgateway time-?out\b/i, 504],
  [/\bbad gateway\b/i, 502],
  [/\bservice unavailable\b/i, 503],
  [/\binternal server error\b/i, 500],
  [/\brequest time-?out\b/i, 408],
  [/\bpayload too large\b/i, 413],
  [/\bunprocessable entity\b/i, 422],
  [/\bmethod not allowed\b/i, 405],
  [/\bunsupported media type\b/i, 415]
]

export function errorCodesIn(text: string): string[] {
  const codes = new Set<string>()
  for (const match of text.matchAll(CODE)) {
    const code = match[0].toUpperCase()
    if (!TECHNICAL_NAME.test(code)) codes.add(code)
  }
  for (const match of text.matchAll(HTTP_STATUS)) codes.add(`HTTP ${match[1] ?? match[2]}`)
  for (const [phrase, status] of REASON_PHRASES) if (phrase.test(text)) codes.add(`HTTP ${status}`)
  return [...codes]
}

function names(text: string, anywhere: boolean): Set<string> {
  const found = new Set<string>()
  for (const match of text.matchAll(anywhere ? ANY_CAPITALISED : NAME)) {
    const word = match[1]!
    if (word.length < 2 || GENERIC.has(word.toLowerCase()) || /^\d/.test(word)) continue
    found.add(word)
  }
  return found
}

/**
 * Names both sides used (one side naming it mid-sentence, the other at all), and the codes either side quoted:
 * a name only the analyst used is usually a screen or button of the product, not what the case is about.
 */
export function subjectsOf(customerText: string, analystText: string): string[] {
  const customerAny = names(customerText, true)
  const analystAny = names(analystText, true)
  const shared = [...names(customerText, false)].filter((name) => analystAny.has(name))
  shared.push(...[...names(analystText, false)].filter((name) => customerAny.has(name)))
  return [...new Set([...shared, ...errorCodesIn(customerText)])].slice(0, 30)
}

export function subjectsOfCase(messages: readonly Message[], subject: string): string[] {
  const text = (role: Message['authorRole']): string =>
    messages
      .filter((message) => message.authorRole === role)
      .map((message) => message.text)
      .join('\n')
  return subjectsOf(`${subject}\n${text('customer')}`, text('analyst'))
}

/** An entry's subjects: stored when learned, or read from its own text for entries stored before they were. */
export function subjectsOfEntry(entry: KnowledgeEntry): string[] {
  return (
    entry.subjects ??
    subjectsOf([entry.title, entry.problem, ...entry.symptoms].join('\n'), entry.resolution.join('\n'))
  )
}

const isCode = (subject: string): boolean => /\d/.test(subject) && !/[a-z]/.test(subject)

/**
 * Whether two cases are about different things: each names a product or vendor the other never mentions, or both
 * quote error codes and none is shared.
 */
export function differentSubjects(
  ours: readonly string[],
  oursText: string,
  theirs: readonly string[],
  theirsText: string
): boolean {
  const codesOurs = ours.filter(isCode)
  const codesTheirs = theirs.filter(isCode)
  if (
    codesOurs.length > 0 &&
    codesTheirs.length > 0 &&
    !codesOurs.some((code) => codesTheirs.includes(code))
  ) {
    return true
  }
  const mentions = (text: string, name: string): boolean =>
    new RegExp(
      `(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
      'iu'
    ).test(text)
  const onlyOurs = ours.filter((name) => !isCode(name) && !mentions(theirsText, name))
  const onlyTheirs = theirs.filter((name) => !isCode(name) && !mentions(oursText, name))
  return onlyOurs.length > 0 && onlyTheirs.length > 0
}
