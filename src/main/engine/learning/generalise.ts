/**
 * Makes one customer's resolution read as the team's: the hostnames, resource names and figures that came from
 * that customer ("the CNAME for help.brightlane.example.net", "alias/backups-cmk", "your record has 3600 s") become
 * general ("your CNAME", "your key"), so the step applies to the next customer too.
 */

/**
 * Tokens that name a resource rather than say something: hosts, paths, ARNs, snake_case and mixed names, also with a
 * part the scrubber masked ("arn:aws:iam::[id]:role/NimbusStorageAccess").
 */
const IDENTIFIER =
  /(?<![\w./:-])(?=[\w./:[\]-]*[./:_])[A-Za-z][\w-]*(?:[./:]+(?:[\w-]+|\[[a-z]+\]))+\.?(?![\w/:[-])/g
const HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\.?$/i
const WORD = /^[a-z]{3,}$/i
const NOT_NOUNS = new Set(
  'the and for with from our your their this that was were are is has have had added created using use called named like on in at of to by as is'.split(
    ' '
  )
)

/** The registrable-ish parent of a host: "app.nimbus.example.com" -> "nimbus.example.com". */
const parentOf = (host: string): string => host.replace(/\.$/, '').split('.').slice(1).join('.').toLowerCase()

/** What the customer called it: the noun just before the identifier in their own words ("key alias/x" -> key). */
function kindOf(identifier: string, customerText: string): string {
  if (HOST.test(identifier)) return 'domain'
  const index = customerText.indexOf(identifier)
  const before = customerText
    .slice(Math.max(0, index - 40), index)
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .at(-1)
  if (before && WORD.test(before) && !NOT_NOUNS.has(before.toLowerCase()) && !/ed$/.test(before)) {
    return before.toLowerCase()
  }
  return identifier.startsWith('arn:') ? 'ARN' : 'resource'
}

/** The case's messages in order, customer and analyst only. */
export type CaseText = ReadonlyArray<{ role: 'customer' | 'analyst'; text: string }>

/**
 * Identifiers the customer brought into the case (named by the customer before any analyst did). A host that
 * shares its parent domain with a host the analysts named first (app.nimbus.example.com beside
 * domains.nimbus.example.com) is the provider's own, and stays.
 */
export function customerIdentifiers(messages: CaseText): Map<string, string> {
  const firstBy = new Map<string, 'customer' | 'analyst'>()
  for (const message of messages) {
    for (const match of message.text.matchAll(IDENTIFIER)) {
      const token = match[0].replace(/\.$/, '')
      if (!firstBy.has(token)) firstBy.set(token, message.role)
    }
  }
  const providerParents = new Set(
    [...firstBy]
      .filter(([token, role]) => role === 'analyst' && HOST.test(token))
      .map(([token]) => parentOf(token))
  )
  const customerText = messages
    .filter((message) => message.role === 'customer')
    .map((message) => message.text)
    .join('\n')
  const identifiers = new Map<string, string>()
  for (const [token, role] of firstBy) {
    if (role !== 'customer' || token.length < 6 || /^https?:/.test(token)) continue
    if (HOST.test(token) && providerParents.has(parentOf(token))) continue
    if (HOST.test(token) && !/[a-z]/i.test(token.split('.').at(-1) ?? '')) continue // a version, not a host
    identifiers.set(token, kindOf(token, customerText))
  }
  return identifiers
}

/** A count or size; never part of a time of day ("03:12", "from 03:00"), which says when, not how many. */
const FIGURE = /(?<![\w.:-])\d[\d,.]*k?(?![\w:-])/gi

/**
 * Figures (counts, sizes) the customer gave that are specific enough to be theirs: "40k", "25,112", "32". Round
 * numbers ("60") and status-like three-digit numbers ("429") are too common to say a step is about their case.
 */
export function customerFigures(customer: string): Set<string> {
  return new Set(
    [...customer.matchAll(FIGURE)].map((match) => match[0].toLowerCase()).filter(isSpecificFigure)
  )
}

function isSpecificFigure(figure: string): boolean {
  if (figure.endsWith('k')) return true
  const digits = figure.replace(/[,.]/g, '')
  if (digits.length < 2 || /0$/.test(digits)) return false
  return !/^[1-5]\d\d$/.test(digits)
}

/** A closing clause in which the analyst who wrote the step promises their own part: ", and I'll resend." */
const ANALYST_PROMISE = /,?\s+(?:and|then|and then) (?:I|we)(?:'ll|’ll| will) [^.;!?]*[.!]?$/i

/** A step with one customer's details replaced by general words; null when the step only restates their case. */
export function generaliseStep(
  step: string,
  identifiers: ReadonlyMap<string, string>,
  figures: ReadonlySet<string>
): string | null {
  let result = step
  for (const [identifier, kind] of identifiers) {
    const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    // "the CNAME for help.example.net" -> "your CNAME"; elsewhere the identifier becomes "your <kind>".
    result = result
      .replace(
        new RegExp(`\\bthe ([\\w-]+(?: [\\w-]+)?) (?:for|of|on) ${escaped}\\.?(?![\\w/-])`, 'g'),
        'your $1'
      )
      // Never the tail of a longer name: "example.com" is theirs, "notify.nimbus.example.com" is not.
      .replace(
        new RegExp(`(?:\\b(?:the|your|our) )?(?<![\\w.@/-])${escaped}\\.?(?![\\w/-])`, 'g'),
        `your ${kind}`
      )
  }
  result = generaliseTimeZones(generaliseDates(result))
  // "…, or simply delete them, and I'll resend." ends on that analyst's own promise, which no later reader can keep.
  result = result.replace(ANALYST_PROMISE, '.')
  // A parenthesis about their own record ("(your record has 3600 s)") says nothing to the next customer.
  result = result.replace(/\s*\((?=[^)]*\byours?\b)(?=[^)]*\d)[^)]*\)/g, '')
  const mentionsTheirFigures = [...result.matchAll(FIGURE)].some((match) =>
    figures.has(match[0].toLowerCase())
  )
  // "40k records becomes about 80 requests." is arithmetic on their numbers, not a step.
  if (mentionsTheirFigures) return null
  return result.trim()
}

/**
 * A day named relative to that case ("ended this morning", "failed deliveries since yesterday"): to the next
 * customer it would name another day. Not at the start of a sentence, where it carries the sentence.
 */
const RELATIVE_DAY =
  /(?<=\S)(?<!\b(?:since|from|until|by|on|after|before|of|for|as|than|and|or|between|in|at|to|till))\s+(?:(?:since|from|until)\s+)?(?:this (?:morning|afternoon|evening)|yesterday(?: (?:morning|afternoon|evening))?|last night|earlier today|today)\b(?!['’])/gi

/**
 * Calendar dates were the customer's (scrubbed to "[date]"): "set the date range to [date] to [date]" reads as
 * "set the date range to the period you need", a single "[date]" as "the date you need"; days named relative to
 * the case ("this morning", "since yesterday") are left out.
 */
export function generaliseDates(step: string): string {
  return step
    .replace(RELATIVE_DAY, '')
    .replace(
      /(?:\b(?:from|between)\s+)?\[date\]\s*(?:to|and|until|through|-|–)\s*\[date\]/gi,
      'the period you need'
    )
    .replace(/\[date\]/g, 'the date you need')
}

/** An IANA zone ("America/Vancouver"), with the offset an admin screen shows before it ("(UTC-08:00) "). */
const ZONE =
  /(?:\(UTC\s*[+\-−]\s*\d{1,2}(?::\d\d)?\)\s*)?\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Z][A-Za-z_-]+(?:\/[A-Z][A-Za-z_-]+)?/g
/** A clock time: "16:00", "4pm", "4:30 pm". */
const CLOCK = String.raw`\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?`
/**
 * A place's or zone's time: "Vancouver time", "New York time", "PST" (UTC and GMT are everyone's and stay). Not at
 * the start of a sentence ("Raw time ...") nor a setting's label ("Workspace time zone").
 */
const PLACE_TIME_SPELLING = String.raw`(?<=\S\s)[A-Z][a-z]+(?: [A-Z][a-z]+)? time\b(?! zone)`
/** Zone abbreviations, only after a clock time ("after 4pm PST"): alone, "EST" or "IST" may mean something else. */
const ZONE_ABBREVIATION = String.raw`\b(?:[PMCE][SD]T|AK[SD]T|HST|AE[SD]T|ACST|AWST|NZ[SD]T|CES?T|EES?T|WET|BST|IST|JST|KST)\b`
const LOCAL_TIME = `(?:${PLACE_TIME_SPELLING}|${ZONE_ABBREVIATION})`
const CLOCK_IN_PLACE = new RegExp(
  String.raw`\b(after|past|from|before|until|by)\s+${CLOCK}(?:\s*(?:or|and|to|-|–)\s*${CLOCK})?\s+${LOCAL_TIME}`,
  'gi'
)
const PLACE_TIME = new RegExp(PLACE_TIME_SPELLING, 'g')

/**
 * Time zones were the customer's: "select (UTC-08:00) America/Vancouver" reads as "select your time zone", "after
 * 16:00 or 17:00 Vancouver time" as "late in the day in your time zone", "Vancouver time" as "your local time".
 * The next customer is somewhere else; UTC stays, it is the same for everyone.
 */
export function generaliseTimeZones(step: string): string {
  return step
    .replace(ZONE, 'your time zone')
    .replace(CLOCK_IN_PLACE, (_match, preposition: string) =>
      /^(?:before|until|by)$/i.test(preposition) ? 'early in your local day' : 'late in your local day'
    )
    .replace(PLACE_TIME, 'your local time')
}
