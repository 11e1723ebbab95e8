/**
 * Turns a resolved case into a draft knowledge entry without a model: the problem from the customer's side,
 * the resolution from what the analysts said, identifiers and names scrubbed and the customer's own details
 * generalised. Diagnostic questions, pleasantries, lead-ins ("I'd change three things:") and arithmetic on the
 * customer's figures are left out of the resolution.
 */
import type { Message } from '../../../shared/domain'
import { providerAddresses, scrubKeeping } from '../text/providerAddresses'
import { scrubNames, scrubText } from '../text/scrub'
import { linksIn, normalizeUrl, urlsIn } from '../text/urls'
import type { ConversationState } from '../watcher/conversationState'
import { chatTitle, problemTitle, withoutIdentifiers } from './entryTitle'
import { customerFigures, customerIdentifiers, generaliseStep } from './generalise'
import { repairSentence } from './sentenceRepair'
import { isAction } from './distill'
import { tokenize } from '../text/tokenize'
import { isChitChat, sentencesOf } from '../assist/sentences'
import { selfContainedOpener, settingValues, withSettingValue, type CaseMessages } from './caseContext'
import { withoutChatter } from './stepChatter'
import { aboutTheChannel, bare } from './chatReplies'

export interface ExtractedCase {
  ticketId: string
  team: string
  title: string
  problem: string
  symptom: string
  resolution: string[]
  /** The analyst messages the resolution was taken from. */
  messageIds: string[]
}

const MAX_PROBLEM = 1_500
const MAX_STEPS = 8
const MIN_FOLLOW_UP_STEPS = 3
const PLEASANTRY =
  /^(?:hi|hello|hey|thanks|thank you|you're welcome|you’re welcome|happy to help|glad|great|no problem|sorry|let me know|let us know|have a (?:good|great|nice)|cheers|i'll|i will|one moment|give me a (?:moment|minute|sec)|bear with me|i'm (?:looking|checking|escalating)|let me (?:check|look|take a look)|closing|enjoy|brilliant|nice work|well done|avec plaisir|shout if|reply here|feel free|hope (?:this|that|it) helps|(?:we|i)(?:'re|’re| are| am|'m|’m) (?:so |very |really )?sorry|(?:we |i )?apologi[sz]e|apologies|(?:we|i)(?:'d|’d| would) (?:love|be happy|be glad) to help|(?:we(?:'re|’re| are) )?here (?:to help|for you)|gotcha|hmm+|hope to hear|we(?:'ll|’ll| will) see if|that(?:'s|’s| is) not the experience|we (?:totally |completely )?(?:understand|hear you|know how|can see how))\b/i

function sentences(text: string): string[] {
  return (
    text
      // A link ends a sentence too: "Here's how: <link> Also, please ..." is two of them.
      .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"'(@[])|(?<=https?:\/\/\S+)\s+(?=[A-Z])/)
      .map((sentence) => bare(sentence.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '').trim()))
      .map((sentence) => withoutChatter(repairSentence(capitalise(sentence.replace(LEAD_IN, '')))))
      .filter((sentence) => sentence.length > 0)
  )
}

/** "anything after ..." -> "Anything after ..."; "iPhone" and "s3:*" stay as written. */
const capitalise = (text: string): string =>
  /^[a-z]+\b/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text

/** "That explains it: anything after ..." — an acknowledgement in front of the actual statement. */
const LEAD_IN =
  /^(?:(?:yes|yep|right|ok|okay|great|perfect|thanks),?\s+)?(?:that(?:'s|’s| is| explains it| was)(?: (?:it|the cause|the culprit|where it fails|what i suspected))?|that's the (?:difference|problem|issue|reason|giveaway)|this explains it|found it|here(?:'s|’s| is) what happened|what happened (?:is|was))[:.,!]\s+/i

/**
 * A sentence that only makes sense after the one before it ("Then you won't be billed for it.", "So it expired."):
 * as the first step of a resolution it has lost what it refers to.
 */
export const DANGLING_OPENER =
  /^(?:then|so|and|but|also|thus|therefore|in that case|otherwise|that way)\b,?\s*/i

/** Conversational openers ("That's very likely it.", "Yes, exactly.") that carry no instruction. */
const ACKNOWLEDGEMENT =
  /^(?:that(?:'s|’s| is| explains| was)|this (?:is|explains)|yes|yep|yeah|no|ok|okay|right|perfect|great|excellent|awesome|good|got it|i see|understood|makes sense|exactly|correct|indeed)\b/i

/** A step tells someone what to do or what the cause was, rather than asking or chatting. */
export function isResolutionStep(sentence: string): boolean {
  if (sentence.endsWith('?')) return false
  // A lead-in ("Here's how to recover:", "Please pass this to IT:") announces steps; the steps say it.
  if (sentence.endsWith(':')) return false
  if (PLEASANTRY.test(sentence)) return false
  if (aboutTheChannel(sentence)) return false
  const words = sentence.split(/\s+/).length
  if (ACKNOWLEDGEMENT.test(sentence) && words < 8) return false
  return words >= 4
}

/**
 * A first instruction that refers back to what was found ("Ask IT to release the held messages"): without the
 * sentence that says where they are held, the entry has lost its cause.
 */
const REFERS_BACK = /\bthe (held|stuck|kept|[a-z]+ed) ([a-z]+)/i

/**
 * The word a first step refers back with ("held" in "release the held messages"), when nothing else in the step
 * says it ("Release the quarantined messages ... in the Defender quarantine" says where itself).
 */
function referredBack(step: string | undefined): { stem: string; noun: string } | undefined {
  const found = step !== undefined && isAction(step) ? REFERS_BACK.exec(step) : null
  if (!found) return undefined
  const [stemmed] = tokenize(found[1]!)
  return stemmed !== undefined && tokenize(step!).filter((token) => token === stemmed).length === 1
    ? { stem: stemmed, noun: found[2]!.toLowerCase() }
    : undefined
}

/** "All sitting in the held queue, ..." (a customer's reply, its subject understood) -> "The messages were all ...". */
const withSubject = (sentence: string, noun: string): string =>
  /^(?:all |still )?[a-z]+ing\b/i.test(sentence)
    ? `The ${noun} were ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`
    : sentence

/**
 * A message's steps. A link the analyst gave is part of the fix even in a sentence that is not a step ("Here's
 * how: <link>", "Sorry to hear that – can you follow these steps: <link>", "Would you mind checking this article
 * <link>?"): such a sentence is left out, its links kept as steps of their own ("See <link>"), so the entry still
 * points to the article (and cases answered with the same article are known as one solution).
 */
function messageSteps(text: string, generalise: Generalise): string[] {
  const steps: string[] = []
  for (const sentence of sentences(text)) {
    const step = isResolutionStep(sentence) ? generalise.step(sentence) : null
    if (step !== null && isResolutionStep(step)) {
      steps.push(step)
      continue
    }
    for (const link of linksIn(sentence)) {
      const kept = generalise.link(link)
      if (kept !== null) steps.push(kept)
    }
  }
  return steps
}

/**
 * A step generalised (null: arithmetic on the customer's figures), and a link as a step of its own (null: the
 * customer's own site or page, not an article).
 */
interface Generalise {
  step: (step: string) => string | null
  link: (link: string) => string | null
}

const linksAnArticle = (steps: readonly string[]): boolean => steps.some((step) => /https?:\/\//i.test(step))

function resolutionSteps(
  messages: Message[],
  scrub: (text: string) => string,
  generalise: Generalise,
  /** The customer's messages: where the problem was found is sometimes only said there ("all in the held queue"). */
  customer: readonly Message[] = []
): { steps: string[]; messageIds: string[] } {
  // The fix is the analysts' most instructive message (most steps; the later one on a tie), plus any later
  // message that adds several steps of its own or links an article (the answer given after the diagnosis).
  // Earlier messages are mostly diagnosis.
  const scored = messages.map((message, index) => ({
    index,
    id: message.id,
    steps: messageSteps(scrub(message.text), generalise)
  }))
  const best = scored.reduce((top, item) => (item.steps.length >= top.steps.length ? item : top), scored[0]!)
  const linking = scored.findLast((item) => linksAnArticle(item.steps))
  const chosen = scored.filter(
    (item) =>
      item === best ||
      (item.index > best.index && (item.steps.length >= MIN_FOLLOW_UP_STEPS || item === linking))
  )
  // "Then you won't be billed for it." answers what the analyst said before ("The first one is an authorization
  // hold, not a charge."): that statement comes first, so the entry still says the cause.
  const context = DANGLING_OPENER.test(best.steps[0] ?? '')
    ? scored
        .slice(0, best.index)
        .reverse()
        .find((item) => item.steps.length > 0)
    : undefined
  const referent = context ? undefined : referredBack(best.steps[0])
  const stated = referent
    ? statedBefore(
        referent,
        scored.slice(0, best.index),
        customer,
        messages[best.index]!.time,
        scrub,
        generalise.step
      )
    : undefined
  const cause = context ? context.steps.slice(-1) : stated ? [stated] : []
  const steps = [...cause, ...chosen.flatMap((item) => item.steps)].map((step, index) =>
    index === cause.length ? standalone(step) : step
  )
  return {
    steps: [...new Set(steps)].slice(0, MAX_STEPS),
    // A sentence said before the fix (`stated`) is not named: the first id marks where the fix began.
    messageIds: [...(context ? [context] : []), ...chosen]
      .filter((item) => item.steps.length > 0)
      .map((item) => item.id)
  }
}

/**
 * The latest sentence before the fix that says what its first step refers back to (`referent`: "held messages"): the
 * analysts' diagnosis first, else what the customer found ("All sitting in the Mimecast held queue, flagged as
 * bulk / unknown sender.").
 */
function statedBefore(
  referent: { stem: string; noun: string },
  earlier: ReadonlyArray<{ steps: string[] }>,
  customer: readonly Message[],
  before: string,
  scrub: (text: string) => string,
  generalise: (step: string) => string | null
): string | undefined {
  const says = (sentence: string | null): sentence is string =>
    sentence !== null && !isAction(sentence) && tokenize(sentence).includes(referent.stem)
  for (const item of [...earlier].reverse()) {
    const sentence = [...item.steps].reverse().find(says)
    if (sentence) return standalone(sentence)
  }
  for (const message of customer.filter((item) => item.time < before).reverse()) {
    const sentence = sentences(scrub(message.text))
      .filter((item) => isResolutionStep(item) && !isChitChat(item))
      .map(generalise)
      .reverse()
      .find(says)
    if (sentence) return withSubject(standalone(sentence), referent.noun)
  }
  return undefined
}

/** "Then you won't be billed for it." -> "You won't be billed for it." */
export function standalone(step: string): string {
  const rest = step.replace(DANGLING_OPENER, '')
  return rest.length >= 12 ? capitalise(rest) : step
}

/**
 * The customer's problem as the next analyst reads it: the sentences of their first messages that state it, without
 * greetings, acknowledgements or asides ("I'll ping them.", "Checking with IT...", "Oh."), one customer's hosts
 * generalised. A message left with nothing keeps its scrubbed text: a one-line tweet is the problem.
 */
function problemText(
  messages: Message[],
  scrub: (text: string) => string,
  generalise: (text: string) => string
): string {
  const parts: string[] = []
  let words = 0
  for (const message of messages) {
    const text = generalise(scrub(message.text))
    const stated = sentencesOf(text)
      .map((sentence) =>
        sentence
          .replace(OPENING_GREETING, (_greeting, first: string) => first.toUpperCase())
          .replace(ANSWER_WORD, (_answer, first: string) => first.toUpperCase())
      )
      // A sentence that closes a quote opened before it stays, or the quote would be left open.
      .filter(
        (sentence) => (!isChitChat(sentence) && !ASIDE.test(sentence)) || /^[^"]*"[^"]*$/.test(sentence)
      )
    if (stated.length > 0 || parts.length === 0) parts.push(stated.length > 0 ? stated.join(' ') : text)
    words += message.text.split(/\s+/).length
    if (words >= 40 || parts.length >= 3) break
  }
  return parts.join('\n').slice(0, MAX_PROBLEM)
}

/** "Bonjour, our daily report ..." -> "Our daily report ...": a greeting before the problem's first sentence. */
const OPENING_GREETING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|bonjour|hallo|hola|moin)(?: there| team| all)?\s*[,!.:]\s+(?=(?:\S+\s+){3})(\S)/i

/** "Yes, Denver wants ..." -> "Denver wants ...": the reply to an analyst's question the problem does not show. */
const ANSWER_WORD = /^(?:yes|yeah|yep|no|nope)\s*[,!.:–-]\s+(?=(?:\S+\s+){3})(\S)/i

/**
 * What the customer says they will do, a guess about their own setup ("I guess nobody changed it when we set up."),
 * or a bare interjection: no part of the problem.
 */
const ASIDE =
  /^(?:(?:ok(?:ay)?|sure|yes|right|oh|ah|hmm|well),?\s+)?(?:i['’]ll|i will|we['’]ll|we will|i['’]m going to|let me|checking|give me|one (?:sec|moment|minute)|brb|will (?:do|check|ask)|i (?:guess|suppose))\b|^(?:oh|ah|hmm|ok(?:ay)?|wow|ugh)\W*$/i

/**
 * One customer's hosts in their own words become "[domain]" (a link keeps its path: "https://[domain]/nimbus"), as
 * their steps say "your domain"; the provider's hosts, which the analysts named first, stay.
 */
function generaliseHosts(
  text: string,
  identifiers: ReadonlyMap<string, string>,
  /** The case's words outside links and hosts: a link's host named after one of them is the product's. */
  namedWords: ReadonlySet<string>
): string {
  let result = text
  for (const [identifier, kind] of identifiers) {
    if (kind === 'domain') result = result.split(identifier).join('[domain]')
  }
  // Links: customerIdentifiers leaves whole URLs out; a link's host is the customer's unless the case names one of
  // its names as a word ("api.nimbus.example.com" where the case says "into Nimbus"; "example" is the documentation
  // domain's, the last label a top-level domain's).
  return result.replace(
    /(https?:\/\/)([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi,
    (link, scheme: string, host: string) => {
      const names = host.toLowerCase().split('.').slice(0, -1)
      const product = names.some((name) => name.length >= 4 && name !== 'example' && namedWords.has(name))
      return product ? link : `${scheme}[domain]`
    }
  )
}

/** The words of a text outside its links, hosts and addresses, lower case. */
const wordsOutsideHosts = (text: string): Set<string> =>
  new Set(
    text
      .replace(/\S*[\w-]\.[a-z][\w.-]*\S*/gi, ' ')
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
  )

/**
 * The steps with what they owe their case said in them (see caseContext): an event named only as "the rotation" gets
 * its kind from the case, and the first explanation that holds because of a setting's value the customer read out
 * names that setting.
 */
function standingAlone(steps: readonly string[], messages: CaseMessages): string[] {
  const caseText = messages.map((message) => message.text).join('\n')
  const values = settingValues(messages)
  let explained = false
  return steps.map((step) => {
    const opened = selfContainedOpener(step, caseText)
    if (explained || isAction(opened)) return opened
    const told = withSettingValue(opened, values)
    explained = told !== opened
    return told
  })
}

/** Returns null when the case teaches nothing (no customer problem, or no analyst resolution). */
export function extractCase(state: ConversationState): ExtractedCase | null {
  // People's names are personal data; bots and system accounts are named after the product, which is not.
  const people = state.messages.filter((m) => m.authorRole === 'customer' || m.authorRole === 'analyst')
  const names = [...new Set(people.map((message) => message.authorName))]
  if (state.ticket.assignee) names.push(state.ticket.assignee)
  // The team's own sender and support addresses stay (steps name them); the customers' are scrubbed.
  const ownAddresses = providerAddresses(
    state.messages.map((message) => ({
      role: message.authorRole === 'customer' ? ('customer' as const) : ('analyst' as const),
      text: message.text
    }))
  )
  // Each message is scrubbed for several parts of the case (identifiers, figures, steps, problem): once is enough.
  const scrubbed = new Map<string, string>()
  const scrub = (text: string): string => {
    let clean = scrubbed.get(text)
    if (clean === undefined) {
      clean = scrubKeeping(text, ownAddresses, (hidden) => scrubNames(scrubText(hidden), names))
      scrubbed.set(text, clean)
    }
    return clean
  }
  const customer = state.customerMessages()
  const analyst = state.analystMessages()
  if (customer.length === 0 || analyst.length === 0) return null
  const spoken: CaseMessages = people.map((message) => ({
    role: message.authorRole === 'customer' ? ('customer' as const) : ('analyst' as const),
    text: scrub(message.text)
  }))
  const identifiers = customerIdentifiers(spoken)
  const figures = customerFigures(customer.map((message) => scrub(message.text)).join('\n'))
  // A link the customer gave is theirs (their site, their post): an analyst repeating it links no article.
  const theirLinks = new Set(customer.flatMap((message) => urlsIn(scrub(message.text))))
  const { steps, messageIds } = resolutionSteps(
    analyst,
    scrub,
    {
      step: (step) => generaliseStep(step, identifiers, figures),
      link: (link) => {
        if (theirLinks.has(normalizeUrl(link))) return null
        // The numbers in a link's path are no figures of the customer's; a link generalised away was theirs.
        const step = generaliseStep(`See ${link}`, identifiers, new Set())
        return step !== null && step.includes(link) ? step : null
      }
    },
    customer
  )
  const resolution = standingAlone(steps, spoken)
  const named = wordsOutsideHosts(people.map((message) => message.text).join('\n'))
  const problem = problemText(customer, scrub, (text) => generaliseHosts(text, identifiers, named))
  if (resolution.length === 0 || problem.trim().length === 0) return null
  return {
    ticketId: state.ticket.id,
    team: state.ticket.team,
    // A conversation without a subject (a chat, a tweet) is titled by the problem its first message states, without
    // mentions, greetings or pleas (see chatTitle).
    title: state.ticket.subject.trim()
      ? problemTitle(withoutIdentifiers(scrub(state.ticket.subject), identifiers), problem)
      : chatTitle(problem),
    problem,
    symptom: problem.slice(0, 300),
    resolution,
    messageIds
  }
}
