/**
 * Terms saved under an older tokenizer (TOKENIZER_VERSION) carried over to today's stems, so that what was learned
 * before an upgrade still matches. Saved wordings keep stems, not words, and a stem cannot be undone ("cas" came from
 * "cases", "cased" or "casing"), so each old term goes to every stem today's tokenizer gives the words the old one
 * turned into it: version 2's "cas" becomes "case" (and stays "cas", the word itself), its "logs" becomes "log".
 */
import { stem } from './tokenize'

/**
 * Version 2's stem, frozen: plurals of short words stemmed apart from their singular ("cases" -> "cas" while "case"
 * stayed "case"; "logs" stayed "logs").
 */
export function stemV2(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word
  return withoutFinalEV2(withoutSuffixV2(word))
}

const SUFFIXES_V2 = [
  'ations',
  'ation',
  'ingly',
  'ings',
  'ing',
  'edly',
  'ies',
  'ied',
  'ed',
  'es',
  's',
  'ly',
  'ment'
]

function withoutSuffixV2(word: string): string {
  for (const suffix of SUFFIXES_V2) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue
    if (suffix === 'ly' && word.endsWith('ply')) continue
    if (suffix === 's' && /(?:ss|us|is)$/.test(word)) continue
    let base = word.slice(0, -suffix.length)
    if (suffix === 'ies' || suffix === 'ied') return `${base}y`
    if (base.length > 3 && base.at(-1) === base.at(-2) && !/[aeiouls]/.test(base.at(-1) ?? '')) {
      base = base.slice(0, -1)
    }
    return base
  }
  return word
}

const withoutFinalEV2 = (base: string): string =>
  base.length >= 5 && base.endsWith('e') ? base.slice(0, -1) : base

/**
 * The words version 2 could have stemmed to `term` where today's stem differs: the term itself (a short word, kept
 * whole: "logs"), the term with "es", "ed" or "ing" ("cas" + "es", "sav" + "ed"), and the words today keeps whole
 * ("alias", whose "s" version 2 took off). Where nothing changed, these give the term back.
 */
const candidates = (term: string): string[] => [
  term,
  // Only a three-letter base ending as English words before a silent "e" do ("cas", "fil", "tre"; not "sso", "api").
  ...(term.length === 3 && /[^aiouy]$/.test(term) ? [`${term}es`, `${term}ed`, `${term}ing`] : []),
  ...['alias', 'atlas', 'canvas', 'series', 'species', 'chaos', 'kudos', 'lotus'].filter(
    (word) => stemV2(word) === term
  )
]

/** Today's stems for a term saved under `version` (the term alone when the version is today's or nothing changed). */
export function currentStems(term: string, version: number): string[] {
  if (version >= 3) return [term]
  const now = new Set<string>()
  for (const word of candidates(term)) if (stemV2(word) === term) now.add(stem(word))
  return now.size > 0 ? [...now] : [term]
}

/**
 * A saved term-weight map carried over from `version`: each old term's weight goes to each of its current stems
 * (summed where several old terms meet, as "case" and "cas" do).
 */
export function migrateTerms(terms: Iterable<[string, number]>, version: number): Map<string, number> {
  const result = new Map<string, number>()
  for (const [term, weight] of terms) {
    for (const current of currentStems(term, version))
      result.set(current, (result.get(current) ?? 0) + weight)
  }
  return result
}
