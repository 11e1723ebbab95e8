/**
 * Tokenisation for matching conversations against knowledge: lower-cased words, stop words removed, a light
 * suffix-stripping stemmer so "failing", "failed" and "fails" meet. Deliberately simple and deterministic.
 */

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours out over own same she should so some such than that the their theirs them then there these they ' +
    'this those through to too under until up very was we were what when where which while who whom why will with ' +
    'would you your yours yourself hi hello hey thanks thank please pls thx ok okay yes yeah sure hope help also ' +
    'get got im ive id dont cant wont isnt doesnt didnt still again just really one us let know see need want ' +
    'would like could may might must shall team support'
  ).split(/\s+/)
)

/** Words that carry meaning for support problems even though they look like stop words. */
const KEEP = new Set(['not', 'no', 'cannot'])

const SUFFIXES = [
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

/**
 * Words ending in "s" that are not plurals: the "s" stays ("news" is not "new", "alias" not "alia"). Words ending in
 * "ss", "us" and (from five letters) "is" are never taken for plurals either ("access", "status", "analysis").
 */
const NOT_PLURAL = new Set([
  'this',
  'does',
  'goes',
  'news',
  'lens',
  'bias',
  'alas',
  'axis',
  'iris',
  'alias',
  'atlas',
  'canvas',
  'series',
  'species',
  'chaos',
  'kudos',
  'lotus',
  'mathematics',
  'physics'
])

/**
 * The stem of one lower-cased word. Inflections of one word meet: "charged", "charges", "charging" and "charge" all
 * stem to "charg"; "released" and "release" to "releas"; "statuses" and "status" to "status"; "replies" and "reply"
 * to "reply"; plurals meet their singular, short ones too: "cases" and "case", "files" and "file", "logs" and "log",
 * "boxes" and "box"; "cased", "casing" and "case" meet as well ("case"). Words with a digit are kept as they are.
 */
export function stem(word: string): string {
  if (/\d/.test(word)) return word
  if (word.length <= 4) return withoutShortPlural(word)
  return withoutFinalE(withoutSuffix(word))
}

/**
 * Bumped whenever `stem` or `tokenize` gives other terms: data derived from terms is derived again (summaries) or
 * carried over (saved wordings, see stemMigration.ts). 3: plurals meet their singular ("cases" and "case").
 */
export const TOKENIZER_VERSION = 3

/** "logs" -> "log", "apis" -> "api"; "this", "plus", "less", "news" stay. */
function withoutShortPlural(word: string): string {
  if (word.length !== 4 || !word.endsWith('s') || /(?:ss|us)$/.test(word) || NOT_PLURAL.has(word)) return word
  return word.slice(0, -1)
}

/** Suffixes after which a three-letter base that reads consonant-vowel-consonant lost its "e": "cod(e)ed". */
const VERB_ENDINGS = new Set(['ing', 'ings', 'ed', 'edly', 'ingly'])

function withoutSuffix(word: string): string {
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue
    // "reply", "apply": the "ly" is not an adverb's ending.
    if (suffix === 'ly' && word.endsWith('ply')) continue
    // Only after a hissing sound is "es" the plural's own ending ("boxes", "matches", "crashes", "classes"); elsewhere
    // the "e" is the word's ("cases", "files", "notes"), and only the "s" goes (the next suffix).
    if (suffix === 'es') {
      if (/(?:x|ch|sh|ss|zz)es$/.test(word)) return word.slice(0, -2)
      continue
    }
    // "status", "access", "analysis": not plurals.
    if (suffix === 's' && (/(?:ss|us|is)$/.test(word) || NOT_PLURAL.has(word))) continue
    let base = word.slice(0, -suffix.length)
    if (suffix === 'ies' || suffix === 'ied') return `${base}y`
    // "stopped" -> "stop", "running" -> "run"
    if (base.length > 3 && base.at(-1) === base.at(-2) && !/[aeiouls]/.test(base.at(-1) ?? '')) {
      return base.slice(0, -1)
    }
    // "coded", "filing", "saved": the word was "code", "file", "save".
    if (VERB_ENDINGS.has(suffix) && /^[^aeiouy][aeiouy][^aeiouwxy]$/.test(base)) base = `${base}e`
    return base
  }
  return word
}

/** A final silent "e" goes, so that "charge" meets "charged" ("charg"); never below four letters ("file", "case"). */
const withoutFinalE = (base: string): string =>
  base.length >= 5 && base.endsWith('e') ? base.slice(0, -1) : base

/** Placeholders left by scrubText carry no meaning for matching. */
const PLACEHOLDER = /\[(?:email|id|ip|time|date|number|phone|token|user|name)\]/g

/** Splits text into normalised, stemmed tokens without stop words. */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  const words = text
    .replace(PLACEHOLDER, ' ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/n't\b/g, ' not')
    .replace(/['’]/g, '')
    // A version ("4.1.86", "v3.4.0") is one term: its parts alone ("4", "1") would match any other number.
    .replace(/\bv?(\d+(?:\.\d+)+)\b/g, (_match, version: string) => version.replace(/\./g, '_'))
    .split(/[^\p{L}\p{N}_]+/u)
  for (const word of words) {
    if (word.length < 2 && !/\d/.test(word)) continue
    if (word.length > 40) continue
    if (STOP_WORDS.has(word) && !KEEP.has(word)) continue
    tokens.push(stem(word))
  }
  return tokens
}

/** Term frequencies of a token list. */
export function termFrequencies(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
  return counts
}
