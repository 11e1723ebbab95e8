/**
 * Which matched words are worth naming in a card's reason. "matches the symptom ("6", "ago", "address")" tells an
 * analyst nothing; "("authenticator", "saml", "accessdenied")" does: product terms, error names and rare words
 * stay, bare numbers and everyday or support-desk vocabulary go. Terms are compared as stems, like retrieval's.
 */
import { stem } from '../text/tokenize'

/** Everyday words and the words of every support conversation: true of nearly any ticket. */
const EVERYDAY = (
  'ago anymore again already always ever never still since today yesterday tomorrow morning evening afternoon ' +
  'night week weeks day days hour hours minute minutes month year time times now soon later recently suddenly ' +
  'tried try trying get got getting make made use used using see seen show shows showing shown say says said ' +
  'tell told ask asks asked asking want need needs know think look looks looked come came go going goes went ' +
  'thing things way ways put puts sees whose ' +
  'new old first last next every everyone everything nothing anything something someone anyone nobody none ' +
  'many much more most lot lots few several some other others same different whole all each both ' +
  'people person ref reference address number count call calls called return returns returned ' +
  'error errors issue issues problem problems help helps work works working worked fail fails failed failing ' +
  'wrong right fine good bad great ok okay please thanks thank hello hi hey ' +
  'ticket tickets team teams user users account accounts customer customers company page button click ' +
  'message messages sign signed log logged start started stop stopped keep kept happen happens happened ' +
  'able unable can cannot could would should will wont dont doesnt didnt isnt cant not nor wasnt arent ' +
  'like just also even really actually maybe probably anyway sure yes no one two three four five ten ' +
  'set setting settings change changed check checked open opened run running able seems seem appear appears ' +
  'create created creates add added remove removed workspace ' +
  // Filler that carries no problem: "not in junk either", "a few thousand of those", "our annual rotation".
  'either neither whether though although however instead rather quite almost about around roughly approximately ' +
  'exactly basically simply literally usually sometimes often whole entire configured ' +
  'six seven eight nine eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands million ' +
  'millions billion dozen dozens half couple ' +
  'hourly daily nightly weekly monthly yearly annual annually quarterly ' +
  // Pieces of addresses and links ("api.nimbus.example.com"): no more about the problem than "the".
  'com net org www http https example'
)
  .split(/\s+/)
  .filter(Boolean)

const EVERYDAY_STEMS = new Set(EVERYDAY.map((word) => stem(word)))

/**
 * The matched terms worth saying, in the given order (rarest in the team's knowledge first): no bare numbers, no
 * words under three letters, nothing from everyday or support-desk vocabulary.
 */
export function distinctiveTerms(terms: readonly string[]): string[] {
  return terms.filter((term) => term.length >= 3 && !/^\d+$/.test(term) && !EVERYDAY_STEMS.has(term))
}

/**
 * Everyday words that still describe a symptom when the conversation shares them with an entry's problem ("tickets
 * land on the wrong day"): named in a reason after the distinctive ones, when those are few, so a reason does not
 * read as a match on one word when more of the problem matched. Not times of day: "this morning" says when it
 * happened, not what.
 */
const SYMPTOM_WORDS = new Set('day days week weeks weekend month wrong'.split(' ').map((word) => stem(word)))

/**
 * A time of day the problem is about ("tickets created on Monday evening show up in Tuesday's numbers"), not when it
 * happened ("since this morning", "last night", "in the evening"): the stems of those the text uses that way.
 */
export function timeOfDaySymptoms(problem: string): Set<string> {
  const found = new Set<string>()
  for (const match of problem.matchAll(TIME_OF_DAY)) found.add(stem(match[1]!.toLowerCase()))
  return found
}

const TIME_OF_DAY =
  /(?<!\b(?:good|this|since|yesterday|last|tomorrow|every|the|one|that|in)\s)\b(morning|afternoon|evening|night|midnight)s?\b/gi

/**
 * The matched terms a reason names: the distinctive ones, then (when fewer than two) the symptom's everyday words
 * and the times of day the entry's problem is about (`symptomTimes`, see timeOfDaySymptoms).
 */
export function namedTerms(
  terms: readonly string[],
  symptomTimes: ReadonlySet<string> = new Set()
): string[] {
  const distinctive = distinctiveTerms(terms)
  if (distinctive.length >= 2) return distinctive
  return [...distinctive, ...terms.filter((term) => SYMPTOM_WORDS.has(term) || symptomTimes.has(term))]
}
