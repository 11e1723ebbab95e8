/**
 * The conversational wrapping of an instruction that reads as chit-chat on a card: "If you ever want to automate it,
 * the same thing is available through the API: ..." and a closing shrug ("...; old links expire after 60 minutes
 * anyway."). The instruction and its facts stay ("old links expire after 60 minutes" answers "how long is a reset
 * link valid?"); the wrapping goes. Applied when an entry is learned and when it is distilled.
 */

/** "If you ever want to automate it, " -> "To automate it, ": an offer in chat, a purpose on a card. */
const OPTIONAL_WISH =
  /^(?:and )?if you (?:ever |ever do |really |still )?(?:want|wish|would like|['’]d like|need|prefer) to ([^,;:]{3,60}),\s+(?=\S)/i

/** "anyway" as the sentence's last word: "Request a new link anyway." */
const TRAILING_ANYWAY = /,?\s+anyway\s*([.!]?)$/i

export function withoutChatter(step: string): string {
  const result = step.replace(OPTIONAL_WISH, (_wish, purpose: string) => `To ${purpose.trim()}, `)
  return result.replace(TRAILING_ANYWAY, (_match, end: string) => end || '.')
}
