/**
 * The conversational wrapping of an instruction that reads as chit-chat on a card: "If you ever want to automate it,
 * the same thing is available through the API: ..." and a closing aside ("...; old links expire after 60 minutes
 * anyway."). The instruction stays; the wrapping goes. Applied when an entry is learned and when it is distilled.
 */

/** "If you ever want to automate it, " -> "To automate it, ": an offer in chat, a purpose on a card. */
const OPTIONAL_WISH =
  /^(?:and )?if you (?:ever |ever do |really |still )?(?:want|wish|would like|['’]d like|need|prefer) to ([^,;:]{3,60}),\s+(?=\S)/i

/** A closing clause that only shrugs: "; old links expire after 60 minutes anyway." */
const SHRUGGING_TAIL = /[;,]\s+[^;,]*\banyway\s*([.!]?)$/i
/** "anyway" as the sentence's last word: "Request a new link anyway." */
const TRAILING_ANYWAY = /,?\s+anyway\s*([.!]?)$/i

export function withoutChatter(step: string): string {
  let result = step.replace(OPTIONAL_WISH, (_wish, purpose: string) => `To ${purpose.trim()}, `)
  const tail = SHRUGGING_TAIL.exec(result)
  // The aside goes only when what is left still says something ("Afterwards, request a new reset link.").
  if (tail && result.slice(0, tail.index).split(/\s+/).length >= 4) {
    result = `${result.slice(0, tail.index)}${tail[1] || '.'}`
  } else {
    result = result.replace(TRAILING_ANYWAY, (_match, end: string) => end || '.')
  }
  return result
}
