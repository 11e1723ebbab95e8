/**
 * Replies written for chat and social media ("@Customer Thanks for the tag – if you believe ... ^JK"): what a step
 * keeps of a sentence (no mention in front, no agent's initials behind, no pleasantry before what it says), and the
 * sentences about the conversation itself ("DM us your order number") that are no step of a fix.
 */

/** One mention as written or as scrubbing left it: "@AcmeHelp", "@[id]", "[user]". */
export const MENTION = String.raw`(?:@(?:\w+|\[[a-z]+\])|\[user\])`

/**
 * Who a chat or social-media message is addressed to ("@AcmeHelp", scrubbed to "[user]" or "@[id]"), where it
 * opens: no part of what it says.
 */
const MENTIONS = new RegExp(String.raw`^(?:${MENTION}[\s,:;.-]*)+`, 'i')
/** An agent signing a social-media reply ("... ^JK", "... -AB", "... ^Jen", "... ~Candace"): no part of the step. */
const SIGNATURE = /\s+(?:[\^~] ?[A-Z][A-Za-z]{0,11}|[-–—/] ?[A-Z]{1,3})\s*$/
/** The mention a reply ends on ("Here to help, @Customer."): no part of what it says. */
const TRAILING_MENTION = new RegExp(String.raw`,?\s*${MENTION}\s*([.!?]?)$`, 'i')
/**
 * A pleasantry in front of what the sentence says ("Thanks for the tag – if you believe ...", "Sorry to hear that,
 * please reset ..."): left out when enough is said after it.
 */
const LEADING_PLEASANTRY =
  /^(?:(?:hi|hello|hey)(?: there)?|thanks?(?: you)?(?: (?:so much|for [^,–—!.:;]{1,40}))?|(?:(?:we|i)(?:'re|’re| are| am|'m|’m) )?(?:so |very |really )?sorry(?: (?:to hear|about|for) (?:that|this|the [^,–—!.:;]{1,30}))?|apologies(?: for [^,–—!.:;]{1,40})?)\s*[,–—!:;.-]+\s*(?=\S+(?:\s+\S+){3})/i
const ABOUT_THE_CHANNEL =
  /\b(?:dm|direct message|private message|this tweet|your tweet|this post|your post|follow us|follow and dm)\b/i
/** Asking for the customer's own details ("please share your channel's URL"): diagnosis, not a step of the fix. */
const DETAILS_REQUEST =
  /\b(?:share|send|provide|give|tell|confirm|reply with)\b[^.!?]{0,40}\b(?:your|the)\b[^.!?]{0,30}\b(?:url|link|details|e-?mail(?: address)?|(?:phone|order|account|case|tracking|serial|confirmation|reference) number|username|user ?name|handle|screenshot|zip ?code|postal code|full name)\b/i

/** A sentence as a step reads it: no mention in front, no agent's initials behind, no pleasantry before it. */
export function bare(sentence: string): string {
  let text = sentence.replace(MENTIONS, '').replace(SIGNATURE, '').replace(TRAILING_MENTION, '$1').trim()
  for (let previous = ''; previous !== text; ) {
    previous = text
    text = text.replace(MENTIONS, '').replace(LEADING_PLEASANTRY, '').trim()
  }
  return text
}

/**
 * A reply about the conversation itself ("DM us your order number", "please delete this tweet", "please share your
 * channel's URL"): not a step of the fix.
 */
export const aboutTheChannel = (sentence: string): boolean =>
  ABOUT_THE_CHANNEL.test(sentence) || DETAILS_REQUEST.test(sentence)
