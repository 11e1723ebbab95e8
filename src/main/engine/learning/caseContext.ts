/**
 * Sentences of a resolution that lean on what was said before them in their case, made to stand alone on a card
 * the next customer's analyst reads at that customer's first message: "Since the rotation, ..." (which rotation?),
 * "Anything late in your local day is already the next day in UTC." (only because that workspace was set to UTC).
 * Applied when an entry is learned; `withoutEventOpener` also when an entry stored before is distilled.
 */

/** Events an analyst refers back to with "the": "since the rotation", "after the migration". */
const EVENTS =
  'release|rotation|renewal|update|upgrade|migration|change|outage|incident|restore|reset|deploy(?:ment)?|launch|switch|move|expiry'

/**
 * "Since the rotation, Okta signs ...": an event named by "the" alone, told earlier in the case. A named one ("Since
 * the March release, ...") says which by itself and stays.
 */
const EVENT_OPENER = new RegExp(String.raw`^(?:Since|After) the (${EVENTS}),\s+(?=\S)`, 'i')

/** Words that cannot say which event it was. */
const NOT_QUALIFIERS = new Set(
  'a an the this that any some our your their its his her my recent last next new old first same every no'.split(
    ' '
  )
)

/**
 * The opener made general, using the case: "Since the rotation, ..." -> "After a certificate rotation, ..." when the
 * case named the kind of event ("a certificate rotation"), and otherwise without the opener ("Okta signs ...").
 */
export function selfContainedOpener(sentence: string, caseText: string): string {
  const found = EVENT_OPENER.exec(sentence)
  if (!found) return sentence
  const event = found[1]!.toLowerCase()
  const kinds = [...caseText.matchAll(new RegExp(String.raw`\b([a-z][a-z-]{2,}) ${event}\b`, 'gi'))]
    .map((match) => match[1]!.toLowerCase())
    .filter((word) => !NOT_QUALIFIERS.has(word))
  const rest = sentence.slice(found[0].length)
  if (kinds.length === 0) return withoutEventOpener(sentence)
  const kind = kinds[0]!
  return `After ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} ${event}, ${lowerFirst(rest)}`
}

/** "Since the rotation, Okta signs ..." -> "Okta signs ...": with nothing to say which event, the opener goes. */
export function withoutEventOpener(sentence: string): string {
  const found = EVENT_OPENER.exec(sentence)
  if (!found) return sentence
  const rest = sentence.slice(found[0].length)
  return rest.split(/\s+/).length >= 4 ? upperFirst(rest) : sentence
}

/** A menu path: "Admin > General > Workspace time zone". Its last part names the setting. */
const PATH =
  /(?:[\p{L}\d][\p{L}\d&'’ -]*?\s>\s)+(\p{Lu}[\p{L}\d&'’ -]*?)(?=[?.,;:!)]|\s+(?:in|for|on|and|or|to)\b|$)/u
/** A value as a settings screen shows it: "UTC", "GMT", "EU", "SAML2" (capitals, the customer's reading). */
const VALUE = /(?<![\p{L}\d])\p{Lu}[\p{Lu}\d]{1,7}(?![\p{L}\d])/gu

/** A case's messages in order, customer and analyst only. */
export type CaseMessages = ReadonlyArray<{ role: 'customer' | 'analyst'; text: string }>

/**
 * Values the customer read off a setting the analyst asked about ("Which time zone is set under Admin > General >
 * Workspace time zone?" - "It says (UTC) ..."): value -> the setting's name. Only values nobody wrote before.
 */
export function settingValues(messages: CaseMessages): Map<string, string> {
  const values = new Map<string, string>()
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'analyst') continue
    const asked = message.text
      .split(/(?<=[.!?])\s+/)
      .filter((sentence) => sentence.trim().endsWith('?'))
      .map((sentence) => PATH.exec(sentence)?.[1]?.trim())
      .find((setting): setting is string => setting !== undefined && setting.length > 2)
    if (!asked) continue
    const reply = messages.slice(index + 1).find((item) => item.role === 'customer')
    if (!reply) continue
    const before = messages
      .slice(0, messages.indexOf(reply))
      .map((item) => item.text)
      .join('\n')
    for (const [value] of reply.text.matchAll(VALUE)) {
      if (!new RegExp(String.raw`(?<![\p{L}\d])${value}(?![\p{L}\d])`, 'u').test(before)) {
        values.set(value, asked)
      }
    }
  }
  return values
}

/**
 * An explanation that holds only because of a setting's value the customer gave: "Anything late in your local day is
 * already the next day in UTC." -> "With the workspace time zone set to UTC, anything late ...". One that names the
 * setting itself stays as it is.
 */
export function withSettingValue(sentence: string, values: ReadonlyMap<string, string>): string {
  for (const [value, setting] of values) {
    const mentions = new RegExp(String.raw`(?<![\p{L}\d])${value}(?![\p{L}\d])`, 'u').test(sentence)
    if (!mentions || sentence.toLowerCase().includes(setting.toLowerCase())) continue
    return `With the ${setting.toLowerCase()} set to ${value}, ${lowerFirst(sentence)}`
  }
  return sentence
}

/** "Anything" -> "anything"; "Okta", "UTC" and "iPhone" stay as written. */
function lowerFirst(text: string): string {
  const first = /^\S+/.exec(text)?.[0] ?? ''
  const common = /^\p{Lu}\p{Ll}+$/u.test(first) && COMMON_OPENERS.test(first)
  return common ? text.charAt(0).toLowerCase() + text.slice(1) : text
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** Sentence openers that are ordinary words, not names (a capital that is only the sentence's). */
const COMMON_OPENERS =
  /^(?:anything|everything|nothing|every|each|all|any|some|the|a|an|this|that|these|those|it|its|there|your|our|their|reports?|requests?|logins?|signatures?|messages?|mail|emails?|codes?|tickets?|users?|nobody|no)$/i
