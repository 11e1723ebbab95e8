/**
 * What a conversation says is not the problem: "NTP is fine on all our hosts", "we ruled out DNS", "it's not the
 * firewall". A card's reason must not name such a word as the symptom it matched: the customer has just said it is
 * not their symptom. Only plain statements are read; "emails are not arriving" negates the verb, not "emails", and
 * rules nothing out.
 */
import { tokenize } from './tokenize'

const WORD = String.raw`[\p{L}\p{N}_][\p{L}\p{N}_.-]*`
/** One or two words: what a clause says is fine ("NTP", "the clock", "our DNS records"). */
const PHRASE = String.raw`((?:${WORD}\s+)?${WORD})`

/** "X is fine", "X looks correct", "X is in sync", "X is not the problem". */
const FINE = new RegExp(
  String.raw`${PHRASE}\s+(?:is|are|was|were|looks?|seems?)\s+(?:(?:all|totally|perfectly|definitely)\s+)?` +
    String.raw`(?:fine|ok|okay|correct|accurate|in sync|synced|not the (?:problem|issue|cause|culprit))\b`,
  'giu'
)
/** "ruled out X", "ruling out X", "rule out X". */
const RULED_OUT = new RegExp(String.raw`\brul(?:ed|ing|e)\s+out\s+${PHRASE}`, 'giu')
/** "it's not the X", "it isn't a X", "that's not X". */
const NOT_THE = new RegExp(
  String.raw`\b(?:it|that|this)(?:'s|’s| is|\s+isn't|\s+isn’t|\s+wasn't|\s+was)\s+(?:not\s+)?(?:the|a|an|our|your)\s+${PHRASE}`,
  'giu'
)

/** Clauses: a sentence, or the part of one after "but" ("We suspected clock skew, but NTP is fine"). */
const CLAUSE = /[.!?;:\n]+|,\s*|\s+(?:but|and|so|because|although|though|while)\s+/i

/** The stems of the words the text says are not the problem. */
export function ruledOutTerms(text: string): Set<string> {
  const found = new Set<string>()
  for (const clause of text.split(CLAUSE)) {
    for (const pattern of [FINE, RULED_OUT, NOT_THE]) {
      for (const match of clause.matchAll(pattern)) {
        for (const term of tokenize(match[1]!)) found.add(term)
      }
    }
  }
  return found
}
