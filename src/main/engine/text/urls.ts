/** URLs compared by what they point to, not by how they were archived or tracked (support-article links). */

const URL_PATTERN = /https?:\/\/[^\s"'<>)\]]+/gi

/**
 * `https://web.archive.org/web/2020.../https://support.google.com/youtube/answer/185111?hl=en` →
 * `support.google.com/youtube/answer/185111`.
 */
export function normalizeUrl(url: string): string {
  let rest = withoutClosingPunctuation(url.trim())
  const archived = /^https?:\/\/web\.archive\.org\/web\/[^/]+\/(.+)$/i.exec(rest)
  if (archived) rest = archived[1]!
  return rest
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase()
}

/** A sentence's closing punctuation after a link is not part of it. */
const withoutClosingPunctuation = (url: string): string => url.replace(/[.,;:!?*]+$/, '')

/** Every URL in a text as written (closing punctuation left out), not normalized. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => withoutClosingPunctuation(match[0]))
}

/** Every URL in a text, normalized. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => normalizeUrl(match[0]))
}

/** Path segments that say how a site is laid out, not what the page is about. */
const LAYOUT_WORDS = new Set(['html', 'htm', 'php', 'asp', 'aspx', 'hc', 'en', 'us', 'gb', 'kb', 's', 'www'])

/**
 * The words a link's path spells (`.../listen-offline-troubleshooting` -> "listen offline troubleshooting"), from
 * its normalized form: no host, query string or fragment. Numbers and record-like ids (`185111`, `SLN2051`) name
 * nothing a customer would write, so they are left out; short mixed words such as "ps4" stay.
 */
export function linkPathWords(url: string): string[] {
  const path = normalizeUrl(url).replace(/^[^/]*/, '')
  return path
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !/^\d+$/.test(word))
    .filter((word) => !(/\d/.test(word) && /\p{L}/u.test(word) && word.length >= 5))
    .filter((word) => !LAYOUT_WORDS.has(word.toLowerCase()))
}
