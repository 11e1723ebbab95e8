/**
 * When a retrieved entry is good enough to show on its own (answerability), and the checks the pipeline makes
 * beside it: a likelier entry of the team's, a stand-in for another vendor's steps, error codes the customer quoted.
 */
import { observationsOf } from '../../../shared/domain'
import { subjectsOfEntry } from '../learning/subjects'
import type { RetrievedEntry } from '../retrieval/retriever'
import { answerProbability } from './composer'
import { distinctiveTerms } from './distinctiveWords'
import { namesAnotherError, VAGUE_CODES } from './errorNames'
import type { PipelineRun } from './pipeline'

/**
 * Why an entry is good enough to show, or null: it matches closely; or the team's resolved cases make it the
 * likely answer (its posterior, see CaseEvidence) and the conversation's words favour it; or it is confirmed on
 * several tickets and matches reasonably; or it is the team's common answer (a large share of its resolved tickets) and the
 * conversation describes its problem: it shares at least two words with the entry's problem side (title,
 * problem, symptoms), not one word with any part of it.
 * An entry about other error codes than the customer quoted is never shown, however close the wording.
 */
export function answerability(
  result: RetrievedEntry,
  settings: PipelineRun['settings'],
  /** Error codes the customer quoted (see errorCodesIn), and the error names they quoted (see errorNamesIn). */
  codes: readonly string[] = []
): string | null {
  if (aboutOtherCodes(result, codes) || namesAnotherError(result.entry, codesOf(result), codes)) return null
  const confirmed = result.entry.author === 'human' || observationsOf(result.entry) >= 2
  const aboutItsProblem = result.problemTerms.length >= MIN_PROBLEM_TERMS
  // One earlier case (a similar-case card) is shown only when the conversation is about its problem: it shares two
  // or more words of the entry's problem side, never one word that happens to match, and one of them at least says
  // something of the problem (not only "tickets", "day", or the product's name that most entries use).
  if (!confirmed && !(aboutItsProblem && tellsItsProblem(result))) return null
  if (result.similarity >= settings.answerThreshold) return 'close match'
  // The customer quoted an error code the entry is about (HTTP 429, SSO-403), the conversation shares words of its
  // problem and favours it over the team's other cases: the same failure in other words.
  if (aboutItsProblem && sharesCode(result, codes) && wordsFavour(result)) return 'same error code'
  // Probable given the team's cases, and this conversation's own words favour it over the team's other problems.
  const posterior = result.posterior
  const favoured = wordsFavour(result)
  if (posterior && answerProbability(posterior) >= settings.likelyAnswer && favoured) return 'likely answer'
  // The looser rules below never show an entry the team's cases make implausible here: the conversation's words
  // argue against it and its posterior is tiny (vetoing every entry the words argue against lost most common-answer
  // hits on CDP dev; this veto cost none).
  if (!favoured && posterior!.probability < IMPLAUSIBLE) return null
  // A confirmed entry at a middling similarity must share a word of its problem that says something ("cname",
  // "authenticator"), not only everyday ones ("created", "workspace", "not"). Requiring two cost CDP dev hits.
  const saysItsProblem = distinctiveTerms(result.problemTerms).length > 0
  if (confirmed && saysItsProblem && result.similarity >= settings.confirmedThreshold)
    return 'confirmed match'
  // The team's common answer, when the conversation is about its problem: it names the problem's words, and the
  // team's cases do not make it much less likely here than it is in general, nor improbable here (under
  // COMMON_LIKELY: such cards were more often wrong than right).
  const notArguedAgainst =
    !posterior ||
    (answerProbability(posterior) >= result.share / 2 && answerProbability(posterior) >= COMMON_LIKELY)
  if (confirmed && aboutItsProblem && notArguedAgainst && result.share >= settings.dominantShare)
    return 'common answer'
  return null
}

/**
 * Another retrieved entry the team's cases make likelier for this conversation than the chosen one, when the chosen
 * one is improbable (posterior under UNLIKELY): its words and the team's history point elsewhere. Entries the
 * `eligible` test refuses (another vendor's steps) do not count. None when the chosen entry has no cases behind it.
 */
export function likelierEntry(
  chosen: RetrievedEntry,
  results: readonly RetrievedEntry[],
  eligible: (result: RetrievedEntry) => boolean
): RetrievedEntry | undefined {
  // The naive Bayes posterior, not the complement one: for a generic wording the complement leans toward entries
  // with many cases and would silence close matches seen once (7 of the demo's 18 cards).
  const probability = chosen.posterior?.probability
  if (probability === undefined || probability >= UNLIKELY) return undefined
  return results.find(
    (result) => result !== chosen && eligible(result) && (result.posterior?.probability ?? 0) > probability
  )
}

/**
 * An entry for the vendor the ticket names may stand in for another vendor's answerable one when it matches fairly
 * (the confirmed-match similarity), the conversation's words favour it and it shares a telling word of its problem.
 */
export function vendorStandIn(
  result: RetrievedEntry,
  settings: PipelineRun['settings'],
  codes: readonly string[]
): boolean {
  return (
    !aboutOtherCodes(result, codes) &&
    result.similarity >= settings.confirmedThreshold &&
    wordsFavour(result) &&
    distinctiveTerms(result.problemTerms).length > 0
  )
}

const codesOf = (result: RetrievedEntry): string[] =>
  subjectsOfEntry(result.entry).filter((subject) => /\d/.test(subject) && !/[a-z]/.test(subject))

/** The entry is about error codes and none of them is one the customer quoted. */
function aboutOtherCodes(result: RetrievedEntry, codes: readonly string[]): boolean {
  const entryCodes = codesOf(result)
  return codes.length > 0 && entryCodes.length > 0 && !entryCodes.some((code) => codes.includes(code))
}

/** The entry is about an error code the customer quoted, one that names a particular failure. */
const sharesCode = (result: RetrievedEntry, codes: readonly string[]): boolean =>
  codesOf(result).some((code) => codes.includes(code) && !VAGUE_CODES.has(code))

/** A shared word of the entry's problem side that is neither everyday vocabulary nor in most of the team's entries. */
function tellsItsProblem(result: RetrievedEntry): boolean {
  const everywhere = new Set(result.everywhereTerms ?? [])
  return distinctiveTerms(result.problemTerms).some((term) => !everywhere.has(term))
}

/** The conversation's words favour the entry over the team's cases as a whole (true when it has no cases yet). */
export const wordsFavour = (result: RetrievedEntry): boolean =>
  (result.posterior?.logLikelihoodRatio ?? 1) > 0

/** Posterior under which an entry the conversation's words argue against is never shown by the looser rules. */
export const IMPLAUSIBLE = 0.01

/**
 * Posterior under which a chosen entry gives way to silence when another of the team's entries is likelier (CDP dev: none
 * of the 8 cases it silenced got a right card, while 0.2 silenced right ones too; the demo's close matches at
 * 0.01–0.06 are the likeliest for their tickets, or the likelier entry is another vendor's).
 */
const UNLIKELY = 0.1

/**
 * Posterior the team's common answer needs to be shown on its share and problem words alone (CDP dev: its cards under
 * 0.2 were right on 4 of 14 cases, from 0.2 to 0.3 on 12 of 21, by the naive Bayes posterior; by the complement one it
 * is now judged on, 0.5 here and for the likely-answer rule cost 27 hits for +0.025 precision).
 */
const COMMON_LIKELY = 0.2

/** Words of an entry's problem side a conversation must share for the common-answer rule and a single case. */
const MIN_PROBLEM_TERMS = 2
