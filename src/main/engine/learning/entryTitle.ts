/**
 * An entry's title names its problem so the next analyst recognises it on any ticket: "Webhook signature invalid",
 * not "Webhook signature invalid since yesterday"; "Invalid signature on SAML Response", not "Is Microsoft SSO down?
 * "Invalid signature on SAML Response""; "Charged twice for the plan upgrade", not "... for our plan upgrade". It is
 * made from the ticket's subject when an entry is learned (and again when one is merged), like the card's text.
 */
import { MENTION } from './chatReplies'

/** Days and times named relative to the case: to the next customer they would name another day. */
const WHEN = [
  String.raw`(?:since|from|as of|starting|until)\s+(?:this|last|yesterday|today|lunch(?:time)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the weekend|earlier|(?:a|an|one|two|three|few|several|\d+)\s+(?:minutes?|hours?|days?|weeks?)\s+ago)(?:\s+(?:morning|afternoon|evening|night|week|month|weekend))?`,
  String.raw`(?:for|in|over)\s+(?:the\s+(?:last|past)\s+)?(?:a|an|one|two|three|four|five|a few|several|many|\d+)\s+(?:minutes?|hours?|days?|weeks?|months?)(?:\s+(?:now|already))?`,
  String.raw`(?:this|last)\s+(?:morning|afternoon|evening|night|week|weekend|month)`,
  String.raw`(?:earlier\s+)?today|tonight|yesterday(?:\s+(?:morning|afternoon|evening))?`,
  String.raw`on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day`,
  String.raw`all of a sudden|suddenly|right now|any ?more|again`
]
const WHEN_PATTERN = new RegExp(String.raw`[\s,]*\b(?:${WHEN.join('|')})\b`, 'gi')

/** What a subject line opens with that says nothing of the problem. */
const OPENER =
  /^(?:(?:re|fwd?|aw|wg)\s*:\s*|(?:urgent|asap|help|please help|hi|hello|hey)\b[\s!:,-]*|\[[^\]]*\]\s*)+/i

/** "How do I ...?", "How can we ...?", "Can I ...?": the problem is how to do it. */
const HOW_TO = /^(?:how (?:do|can|could|should|would) (?:i|we|you)|how to|can (?:i|we)|could (?:i|we)) /i
/** "Is ... down?", "Why does ...?": the words after the question's opening say what is wrong. */
const QUESTION_OPENING =
  /^(?:is (?:there|it)|are there|why (?:is|are|does|do|did|would|can't|won't|isn't|doesn't)|why|is|are|does|do|did|has|have|can|will|what's wrong with|anyone (?:else )?(?:seeing|having|getting))\s+/i

/** One customer's side of it: "our plan" is "the plan", "(we use Cloudflare)" is "(Cloudflare)". */
function neutralPeople(text: string): string {
  return text
    .replace(/\((?:we(?:'re| are)? (?:use|using|on)|using|on) /gi, '(')
    .replace(/^(?:we|i)\s+(?=can(?:not|'t|’t)?\b|could(?:n't|’t)?\b|are unable\b|am unable\b)/i, '')
    .replace(/^(?:our|my)\s+/i, '')
    .replace(/\b(?:our|my)\s+(?:own\s+)?/gi, 'the ')
    .replace(/\bthe (?:whole|entire) (?:team|company|org(?:ani[sz]ation)?)\b/gi, 'a whole team')
}

/** Keeps the statement of a subject that mixes a question with one ("Is X down? "Invalid signature""). */
function statementOf(text: string): string {
  const parts = text
    .split(/(?<=\?)\s+/)
    .map((part) => part.trim())
    .filter(Boolean)
  const statements = parts.filter((part) => !part.endsWith('?'))
  if (statements.length > 0 && statements.length < parts.length) return statements.join(' ')
  if (statements.length > 0) return text
  const question = parts.join(' ').replace(/\?+$/, '').trim()
  if (HOW_TO.test(question)) return `How to ${question.replace(HOW_TO, '')}`
  return question.replace(QUESTION_OPENING, '')
}

const unquoted = (text: string): string => {
  const match = /^["“'](.+)["”']$/.exec(text)
  return match && !/["“”]/.test(match[1]!) ? match[1]! : text
}

const capitalise = (text: string): string =>
  /^[a-z]+\b/.test(text) && !/^[a-z]+[A-Z_]/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text

/**
 * One customer's hosts and resource names (see customerIdentifiers) become what they are: "Custom domain
 * help.acme.example.net stuck" -> "Custom domain stuck", "Export to acme-backups fails" -> "Export to the bucket fails".
 */
export function withoutIdentifiers(title: string, identifiers: ReadonlyMap<string, string>): string {
  let result = title
  for (const [identifier, kind] of identifiers) {
    const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    result = result.replace(
      new RegExp(`(?:\\b(${kind})\\s+)?(?<![\\w.@/-])${escaped}\\.?(?![\\w/-])`, 'gi'),
      (_match, named: string | undefined) => named ?? `the ${kind}`
    )
  }
  return result.replace(/\b(?:the|a|an)\s+the\b/gi, 'the')
}

/** Where a title is cut: whole words, at most this many characters. */
const MAX_TITLE = 120

/**
 * The title for an entry about this subject: no greeting or "Re:", no question form, no day or time relative to
 * the case, no "our"/"my"; `fallback` (the problem's opening) when nothing is left.
 */
export function problemTitle(subject: string, fallback = ''): string {
  const text = unquoted(
    neutralPeople(
      statementOf(subject.replace(/\s+/g, ' ').trim().replace(OPENER, '')).replace(WHEN_PATTERN, '').trim()
    )
  )
    .replace(/\s+([,.:;!?)])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .replace(/[\s,.:;–-]+$/, '')
    .replace(/\s+(?:since|for|from|after|at|with)$/i, '')
    .replace(/\s{2,}/g, ' ')
    .trim()
  const title = capitalise(text)
  if (title.replace(/[^\p{L}\p{N}]/gu, '').length < 4) {
    return fallback ? problemTitle(fallback.split(/(?<=[.!?])\s|\n/)[0]!.slice(0, MAX_TITLE)) : subject.trim()
  }
  if (title.length <= MAX_TITLE) return title
  const cut = title.slice(0, MAX_TITLE - 1)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_TITLE / 2))}…`
}

/** Who a chat or social-media message is addressed to ("@AcmeHelp", scrubbed to "[user]"), anywhere in it. */
const MENTIONS = new RegExp(String.raw`(?<!\S)${MENTION}(?=[\s,:;.!?]|$)`, 'gi')
/** Emoticons and emoji: the customer's mood, not the problem. */
const EMOTICON = /(?<!\S)(?:[:;=]['-]?[()DPp/\\|[\]]+|<3)(?!\S)|[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu
/** A greeting, however it is addressed ("hello dear team", "hi there all", "good morning support"). */
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening))\b(?:\s+(?:there|dear|all|team|guys|folks|support|everyone|y'?all))*[\s,!:.-]*)+/i
/** A plea for attention that says nothing of the problem ("please help", "pls fix this asap"). */
const PLEA =
  /\b(?:please|pls|plz)\s+(?:help(?: me| us)?|fix (?:this|it)|look into (?:this|it)|respond|reply|advise|assist)\b(?:\s+(?:asap|urgently|now))?[!.?]*/gi
/** Where a chat title is cut: a customer's first sentence says the problem long before its end. */
const MAX_CHAT_TITLE = 80

/**
 * The title for an entry learned from a conversation without a subject (a chat, a tweet): the problem its first
 * message states, generalised like a subject (see problemTitle), with no mention, greeting, emoticon, trailing tag or
 * plea for help, cut at a clause or word within MAX_CHAT_TITLE characters: "[user] hello dear team my channel got
 * suspended for no reason, i emailed twice :(" -> "Channel got suspended for no reason, i emailed twice".
 */
export function chatTitle(problem: string): string {
  // The first line that still says something once its mentions, smileys, tags, pleas and greeting are gone (a
  // chat's first line can be only ":)"); the problem as written when none does, so an entry always has a title.
  const first = problem
    .split('\n')
    .map(statement)
    .find((line) => /[\p{L}\p{N}]/u.test(line))
  if (first === undefined) return clipAtClause(problem.replace(/\s+/g, ' ').trim())
  // The whole first message, generalised as a subject is: a question beside a statement goes, a question alone is
  // said as a statement. (Its first sentence alone cost 4 of 165 hits on CDP dev: titles weigh in matching.)
  return clipAtClause(problemTitle(first.replace(/[.!]+$/, ''), first).replace(/…$/, ''))
}

/** A chat line without mentions, emoticons, trailing tags, pleas or greeting. */
const statement = (line: string): string =>
  line
    .replace(MENTIONS, ' ')
    .replace(EMOTICON, ' ')
    // Tags after the problem label it; a tag inside a sentence is one of its words.
    .replace(/(?:\s+#\w+)+\s*$/, '')
    .replace(/(?<!\S)#(\w+)/g, '$1')
    .replace(PLEA, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(GREETING, '')

/** At most MAX_CHAT_TITLE characters: cut where a clause ends when one ends far enough in, else between words. */
function clipAtClause(text: string): string {
  if (text.length <= MAX_CHAT_TITLE) return text
  const head = text.slice(0, MAX_CHAT_TITLE)
  const clause = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(' - '))
  if (clause >= MAX_CHAT_TITLE / 2) return head.slice(0, clause)
  const word = head.lastIndexOf(' ')
  return `${head.slice(0, word > MAX_CHAT_TITLE / 2 ? word : head.length).replace(/[\s,;:–-]+$/, '')}…`
}
