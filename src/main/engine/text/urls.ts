/** URLs compared by what they point to, not by how they were archived or tracked (support-article links). */

const URL_PATTERN = /https?:\/\/[^\s"'<>)\]]+/gi

/**
 * `https://web.archive.org/web/2020.../https://support.google.com/youtube/answer/185111?hl=en` →
 * `support.google.com/youtube/answer/185111`.
 */
export function normalizeUrl(url: string): string {
  let rest = url.trim().replace(/[.,;:!?*]+$/, '')
  const archived = /^https?:\/\/web\.archive\.org\/web\/[^/]+\/(.+)$/i.exec(rest)
  if (archived) rest = archived[1]!
  return rest
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase()
}

/** Every URL in a text, normalized. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => normalizeUrl(match[0]))
}
