/**
 * Removes volatile identifiers and personal data from text before it is searched or learned:
 * e-mail addresses, URLs with credentials or query strings, IP addresses, UUIDs, long hex ids, request/account
 * ids, timestamps, phone numbers, card-like numbers and @handles. Replacements are neutral placeholders so the
 * sentence still reads.
 */

interface Rule {
  pattern: RegExp
  replacement: string
}

const RULES: Rule[] = [
  { pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, replacement: '[email]' },
  {
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    replacement: '[id]'
  },
  {
    pattern: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    replacement: '[time]'
  },
  { pattern: /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:am|pm|utc|gmt)?\b/gi, replacement: '[time]' },
  { pattern: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/\d{1,2})?\b/g, replacement: '[ip]' },
  { pattern: /\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, replacement: '[ip]' },
  { pattern: /\b(?:\d[ -]?){13,19}\b/g, replacement: '[number]' },
  { pattern: /\+?\d{1,3}[ .-]?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b/g, replacement: '[phone]' },
  // Tokens and secrets: long base64/hex-ish strings.
  {
    pattern: /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g,
    replacement: '[token]'
  },
  { pattern: /\b[0-9a-f]{12,}\b/gi, replacement: '[id]' },
  // Identifiers with a prefix: req_abc123, acct-77812, ORD-2231, #48213, ticket 4412.
  { pattern: /\b[a-z]{2,8}[_-](?=[a-z0-9]*\d)[a-z0-9]{3,}\b/gi, replacement: '[id]' },
  { pattern: /#\d{3,}\b/g, replacement: '[id]' },
  { pattern: /\b\d{5,}\b/g, replacement: '[number]' },
  { pattern: /(^|\s)@\w{2,}/g, replacement: '$1[user]' }
]

const URL = /https?:\/\/[^\s"'<>)\]]+/gi

/**
 * A link keeps its host and path, which name the article or page it points to; its credentials, query string and
 * fragment (session ids, tokens, signatures, tracking) go.
 */
function scrubUrl(url: string): string {
  return url.replace(/^(https?:\/\/)[^\s/:@]+:[^\s/@]+@/i, '$1').replace(/[?#].*$/, '')
}

function scrubPlainText(text: string): string {
  let result = text
  for (const rule of RULES) result = result.replace(rule.pattern, rule.replacement)
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
      const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      result = result.replace(new RegExp(`\\b${escaped}\\b`, 'g'), '[name]')
    }
  }
  return result
}
