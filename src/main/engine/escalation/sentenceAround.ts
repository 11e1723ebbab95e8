/**
 * The sentence of `text` that holds `match`, clipped to `limit` characters around it: an alert quotes what the
 * customer said ("Is there an outage?"), not the one word a pattern caught ("outage").
 */
export function sentenceAround(text: string, match: string, limit = 200): string {
  const at = text.toLowerCase().indexOf(match.toLowerCase())
  if (at < 0) return match
  const before = text.slice(0, at)
  const start = Math.max(before.search(/[^.!?\n]*$/), 0)
  const endOffset = text.slice(at + match.length).search(/[.!?\n]|$/)
  const end = Math.min(text.length, at + match.length + endOffset + 1)
  const sentence = text.slice(start, end).trim()
  if (sentence.length <= limit) return sentence
  const from = Math.max(0, at - start - Math.floor((limit - match.length) / 2))
  return `…${sentence.slice(from, from + limit).trim()}…`
}
