/**
 * Mends the slips of chat prose that read as broken once a sentence stands alone on a card: a subordinate clause
 * followed by a second conjunction ("Since the rotation Okta signs with a new key, so every login is rejected",
 * "Although it says sent, but nothing arrives"). Applied when an entry is learned or distilled, never at display.
 */

/**
 * "Since the rotation Okta signs ...", "Since the March release each report ...": "since" about a point in time (an
 * event: a release, a rotation, an update), run into the subject of the sentence without the comma it needs.
 */
const TIME_PHRASE =
  /^(Since (?:the|this|that|last|our|your|its|their|(?:yesterday|last week)'s) (?:[A-Z][\p{L}\d-]* )*(?:release|rotation|renewal|update|upgrade|migration|change|outage|incident|restore|reset|deploy(?:ment)?|launch|switch|move|weekend|expiry))\b,? (?=\S)/u

/** A clause opened by a subordinating word, then joined to the main clause with "so" or "but" as well. */
const DOUBLE_CONJUNCTION =
  /^((?:since|because|as|although|though|while|even though)\b[^,;]{3,}),\s+(?:so|but|then)\s+(?=\S)/i

/**
 * A menu path standing where the sentence's verb should be, then the instruction ("Admin > General > Workspace time
 * zone, select your time zone."): chat shorthand under a "1." that reads as a fragment once it stands alone.
 */
const PATH_FIRST =
  /^((?!(?:Open|Go|In|On|At|From|Under|Navigate|Head|Click|Select|Choose|Visit|Back)\b)\p{L}[\p{L}\d&'’ -]*?(?:\s>\s[^,>]+)+),\s+(?:and\s+)?((?:select|choose|pick|set|click|tap|turn|switch|toggle|enable|disable|enter|paste|type|upload|download|copy|save|add|remove|change|check|uncheck|open)\b)/u

/**
 * The sentence mended: a "since" that is about time gets the comma it lacked and keeps its "so" ("Since the
 * rotation, Okta signs ..., so every login is rejected"); a causal or concessive opener followed by a second
 * conjunction loses that one ("Because the key expired, every login is rejected"); a menu path in front of the
 * instruction is where to go ("Go to Admin > General > Workspace time zone and select your time zone").
 */
export function repairSentence(sentence: string): string {
  if (PATH_FIRST.test(sentence)) return sentence.replace(PATH_FIRST, 'Go to $1 and $2')
  if (TIME_PHRASE.test(sentence)) return sentence.replace(TIME_PHRASE, '$1, ')
  return sentence.replace(DOUBLE_CONJUNCTION, '$1, ')
}
