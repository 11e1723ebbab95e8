/**
 * Redacts personal data from text that leaves this machine for a remote model: e-mail addresses, phone and card
 * numbers, IP addresses, secrets (long tokens, credentials in URLs, query strings) and @handles. Unlike `scrubText`,
 * it keeps what the customer quoted to describe the problem (error codes, request and order ids, UUIDs, timestamps,
 * hex codes): the model needs those to judge the case, and they identify a fault, not a person.
 */

const RULES: Array<[RegExp, string]> = [
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '[email]'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/\d{1,2})?\b/g, '[ip]'],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, '[ip]'],
  // Card-like numbers: 13 to 19 digits, in groups or not.
  [/\b(?:\d[ -]?){12,18}\d\b/g, '[number]'],
  [/\+?\d{1,3}[ .-]?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b/g, '[phone]'],
  // Secrets: long mixed letter-and-digit strings (API keys, session tokens; not UUIDs, which name requests and
  // records), and key=value credentials.
  [
    /\b(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g,
    '[secret]'
  ],
  [/\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[:=]\s*)\S+/gi, '$1$2[secret]'],
  [/(^|\s)@\w{2,}/g, '$1[user]']
]

const URL = /https?:\/\/[^\s"'<>)\]]+/gi

/** Keeps a link's host and path; drops credentials, query string and fragment (tokens, session ids). */
const redactUrl = (url: string): string =>
  url.replace(/^(https?:\/\/)[^\s/:@]+:[^\s/@]+@/i, '$1').replace(/[?#].*$/, '')

function redactPlain(text: string, names: readonly string[]): string {
  let result = text
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement)
  for (const name of names) {
    for (const part of name.split(/\s+/)) {
      if (part.length < 3) continue
      const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      result = result.replace(new RegExp(`\\b${escaped}\\b`, 'g'), '[name]')
    }
  }
  return result
}

/** The text with personal data replaced by placeholders; `names` are the people in the case. */
export function redactPersonalData(text: string, names: readonly string[] = []): string {
  let result = ''
  let last = 0
  for (const match of text.matchAll(URL)) {
    result += redactPlain(text.slice(last, match.index), names) + redactUrl(match[0])
    last = match.index + match[0].length
  }
  return result + redactPlain(text.slice(last), names)
}
