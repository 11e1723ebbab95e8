/**
 * Ask without a model: retrieval on the question, with the ticket as context. The question decides which entries
 * qualify (an entry must match the question's own words, nearly as well as the best match does); the ticket then
 * orders the qualifying ones ("signature check failed" means SAML on an SSO ticket, webhooks on a webhook ticket).
 * When nothing qualifies, Vigil says so instead of offering an unrelated entry.
 */
import { observationsOf } from '../../../shared/domain'
import { isKnowledgeCard, type Citation, type KnowledgeEntry } from '../../../shared/domain'
import { cardText } from '../pipeline/composer'
import { textUnder, vendorNote } from '../pipeline/vendorNote'
import { buildQuery, queryFromText } from '../pipeline/queryBuilder'
import { rankingFactor } from '../retrieval/ranking'
import type { Retriever, RetrievedEntry } from '../retrieval/retriever'
import { tokenize } from '../text/tokenize'
import type { ConversationState } from '../watcher/conversationState'
import { distinctiveTerms } from '../pipeline/distinctiveWords'
import { riskOfText } from '../learning/safeguards'
import { directAnswer } from './directAnswer'
import { addressesAnAssistant } from './sentences'
import type { CheckedQuestion } from './question'

/**
 * An entry answers a question when its similarity to the question alone reaches this (tuned on the demo), or when
 * it holds every word of the question the team's knowledge knows (see `holdsTheQuestion`).
 */
export const QUESTION_MATCH = 0.15
/** A question about "this ticket" is answered from the ticket's problem at the proactive answer threshold. */
export const TICKET_MATCH = 0.2
/** Entries qualify only when they match the question at least this share of the best match to it. */
const QUESTION_SHARE = 0.5
/**
 * Weight of the ticket's conversation in a qualifying entry's score, against the question's fit (see questionFit):
 * the question's words decide, the ticket breaks ties ("signature check failed" means SAML on an SSO ticket, webhooks
 * on a webhook ticket) and never carries its own entry past one that holds more of the question (the Okta entry's
 * "Request ID" against the rate-limit entry's "600 requests per minute" for "How many requests per minute are
 * allowed?" on a OneLogin ticket).
 */
const TICKET_WEIGHT = 0.5
/** Weight of the entry's similarity to the question in its fit. */
const SIMILARITY_WEIGHT = 0.5
/** What holding every word of the question adds to an entry's fit (its share of the words counts pro rata). */
const HELD_WEIGHT = 0.3
/**
 * What a sentence of the fix that gives the figure or time asked for adds ("limited to 600 requests per minute"),
 * pro rata of the question's words that sentence holds.
 */
const ANSWERS_WEIGHT = 0.3
/**
 * Other entries are cited only when they score at least this share of the best one (most qualifying entries hold
 * some of the question's words, so a lower share cites the webhook entry beside the SSO ones for "signature check
 * failed").
 */
const RUNNER_UP_SHARE = 0.7

export interface AskMatch {
  entry: KnowledgeEntry
  /** Similarity to the question (or, for a question about the ticket, to the ticket), 0..1. */
  similarity: number
  score: number
  /** The question's words that the entry contains, as the analyst wrote them. */
  sharedWords: string[]
  /** A card shown on the ticket cites it (a question about the ticket is answered as its cards were). */
  onCard?: boolean
}

export interface KnowledgeAnswer {
  text: string
  citations: Citation[]
  /** The matched entries, best first (what a model may ground its answer in). */
  matches: AskMatch[]
}

/** The entries that answer the question, best first (at most 3, none when nothing qualifies). */
export async function matchQuestion(
  retriever: Retriever,
  state: ConversationState,
  question: CheckedQuestion
): Promise<AskMatch[]> {
  const team = state.ticket.team
  const wordsOf = entryWordsOnce()
  if (question.subjectTokens.length === 0) return ticketMatches(retriever, state)
  const ticket = await retriever.retrieve({ team, ...buildQuery(state, null) })
  const asked = await retriever.retrieve({
    team,
    text: queryFromText(question.text).text,
    tokens: question.subjectTokens
  })
  const context = new Map(ticket.map((result) => [result.entry.id, result.similarity]))
  const floor = Math.max(QUESTION_MATCH, QUESTION_SHARE * Math.max(0, ...asked.map((r) => r.similarity)))
  // An entry qualifies by its match to the question, or, when it is what this ticket is about, by containing every
  // word the question is about: a long entry dilutes a short question's similarity ("requests per minute" on the
  // rate-limit ticket matches its 600-requests-per-minute entry at 0.12, a CSV export entry's "minute" at 0.16).
  // So does the ticket's own entry when it is also the question's best match and holds one of the question's
  // distinctive words: "How long until the DNS change is picked up?" on a custom-domain ticket ("change" and "pick"
  // are everyday words other entries happen to use).
  const bestAsked = asked.reduce<RetrievedEntry | null>(
    (a, b) => (a && a.similarity >= b.similarity ? a : b),
    null
  )
  const distinctive = distinctiveTerms([...new Set(question.subjectTokens)])
  const aboutThisTicket = (result: RetrievedEntry): boolean => {
    if ((context.get(result.entry.id) ?? 0) < TICKET_MATCH) return false
    const inEntry = wordsOf(result.entry)
    if (question.subjectTokens.every((token) => inEntry.has(token))) return true
    return result === bestAsked && result.similarity > 0 && distinctive.some((term) => inEntry.has(term))
  }
  const holds = holdsTheQuestion(retriever.knownTerms(team, question.subjectTokens), distinctive, wordsOf)
  return best(
    asked
      .filter((result) => result.similarity >= floor || aboutThisTicket(result) || holds(result.entry))
      .map((result) => {
        const score = questionFit(question, result) + TICKET_WEIGHT * (context.get(result.entry.id) ?? 0)
        // Feedback and evidence order entries the question matches about equally, never outvote the question.
        const ranked = score * Math.sqrt(Math.sqrt(rankingFactor(result.entry)))
        return toMatch(result, ranked, question, wordsOf(result.entry))
      })
  )
}

/**
 * A question about the ticket itself ("What fixed this last time?") is answered as the ticket's cards were: the
 * entries they cite come first, newest card first, so Ask never contradicts a card on screen (while the ticket is
 * open, or once its resolution confirmed the entry), unless the analyst dismissed or disliked it. Then the entries the
 * conversation matches, searched the way each card was (from the message that woke Vigil), from the customer's first
 * message, and as the conversation stands now: a closing "all good, thanks!" is not what the ticket is about.
 */
async function ticketMatches(retriever: Retriever, state: ConversationState): Promise<AskMatch[]> {
  const team = state.ticket.team
  const cards = state.suggestions
    .filter((card) => isKnowledgeCard(card) && !card.feedback.some((f) => REJECTED.has(f.kind)))
    .reverse()
  const waking = [...cards.map((card) => card.triggerMessageId), state.customerMessages()[0]?.id]
  const triggers = state.messages.filter((message) => waking.includes(message.id))
  const found = new Map<string, RetrievedEntry>()
  for (const query of [buildQuery(state, null), ...triggers.map((trigger) => buildQuery(state, trigger))])
    for (const result of await retriever.retrieve({ team, ...query }))
      if ((found.get(result.entry.id)?.similarity ?? -1) < result.similarity)
        found.set(result.entry.id, result)
  const matches = new Map<string, AskMatch>()
  for (const [index, card] of cards.entries()) {
    const cited = card.citations[0]!
    const entry = found.get(cited.entryId)?.entry ?? retriever.activeEntry(team, cited.entryId)
    if (!entry || matches.has(entry.id)) continue
    if (state.isResolved && !entry.sourceTicketIds.includes(state.ticket.id)) continue
    const similarity = found.get(entry.id)?.similarity ?? cited.score
    matches.set(entry.id, {
      entry,
      similarity,
      score: ON_A_CARD - index / 100,
      sharedWords: [],
      onCard: true
    })
  }
  for (const result of found.values())
    if (result.similarity >= TICKET_MATCH && !matches.has(result.entry.id))
      matches.set(result.entry.id, { ...toMatch(result, result.rank, null, new Set()), score: result.rank })
  return best([...matches.values()])
}

/** Reactions after which a card no longer speaks for the ticket. */
const REJECTED = new Set(['dismissed', 'disliked'])
/** A card's entry scores above any match by words (a rank is at most about 1), so it comes first. */
const ON_A_CARD = 2

/**
 * How well an entry meets the question's own words: its similarity to the question, the share of the question's
 * words it holds (a long entry dilutes a short question's similarity, so holding "requests" and "minute" counts for
 * more than one boilerplate "Request ID"), and how much of the question a sentence of its fix that gives the figure
 * or time asked holds.
 */
function questionFit(question: CheckedQuestion, result: RetrievedEntry): number {
  const asked = [...new Set(question.subjectTokens)]
  const share = (text: string): number => {
    const tokens = new Set(tokenize(text))
    return asked.filter((token) => tokens.has(token)).length / Math.max(1, asked.length)
  }
  const answers = Math.max(0, ...directAnswer(question, result.entry).says.map(share))
  return (
    SIMILARITY_WEIGHT * result.similarity +
    HELD_WEIGHT * share(entryText(result.entry)) +
    ANSWERS_WEIGHT * answers
  )
}

/**
 * Whether an entry holds the question: it uses every distinctive word of the question that the team's knowledge
 * knows, and those are at least half of the question's distinctive words. A short question against a long entry has
 * a low similarity however well it matches ("When will the hold be released?" and the "Charged twice" entry: 0.07),
 * while a word no entry uses ("batch" in "the maximum batch size for bulk") can match none, so it does not count
 * against the entry that has the rest. A question mostly of words the team never wrote ("Who won the football match
 * yesterday?": "football", "won") is about something else, even when one word ("match") appears somewhere.
 */
function holdsTheQuestion(
  known: readonly string[],
  /** The question's distinctive words (distinctiveTerms of its subject tokens, each once). */
  distinctive: readonly string[],
  wordsOf: (entry: KnowledgeEntry) => ReadonlySet<string>
): (entry: KnowledgeEntry) => boolean {
  const asked = new Set(distinctive)
  const knownAsked = [...new Set(known)].filter((term) => asked.has(term))
  if (knownAsked.length === 0 || 2 * knownAsked.length < asked.size) return () => false
  return (entry) => {
    const inEntry = wordsOf(entry)
    return knownAsked.every((term) => inEntry.has(term))
  }
}

/** The answer an analyst reads when no model is loaded. */
export function answerText(
  question: CheckedQuestion,
  matches: readonly AskMatch[],
  /** The ticket asked about: an entry written for another vendor's screens says so. */
  state?: ConversationState
): string {
  const [first, ...others] = matches
  if (!first) {
    // The analyst's own question, as they typed it: nothing in it is stored or shared.
    const about = question.subjectTokens.length === 0 ? 'this ticket' : `"${clip(question.text)}"`
    const nothing =
      `The team's knowledge has nothing on ${about} yet: no entry ` +
      `${question.subjectTokens.length === 0 ? 'matches the problem in this conversation' : 'is about what it asks'}. ` +
      'When a ticket like this is resolved, Vigil learns how it was solved.'
    // A question that addresses an assistant ("ignore previous instructions and ...") is not quoted back: Vigil's
    // own answer would then read as an instruction and be flagged.
    if (!addressesAnAssistant(question.text) && !riskOfText(nothing)) return nothing
    return (
      "The team's knowledge has nothing on that question: no entry is about what it asks. " +
      "Vigil answers questions about this ticket from the team's knowledge only."
    )
  }
  const cases = observationsOf(first.entry)
  const answer = answerLines(question, first.entry)
  // A vendor note is about the entry's steps: above a figure or a "does not say", it speaks of something not shown.
  const note = state && answer.steps ? vendorNote(first.entry, state) : null
  const why =
    first.sharedWords.length > 0
      ? `it matches your question on ${first.sharedWords.map((word) => `"${word}"`).join(', ')}`
      : first.onCard
        ? "Vigil's card on this ticket cites it"
        : 'it matches the problem in this conversation'
  const lines = [
    `From "${first.entry.title}" (${why}; from ${cases} resolved ticket${cases === 1 ? '' : 's'}):`,
    ...(note ? [note.text] : []),
    ...answer.lines.map((line) => textUnder(note, line))
  ]
  if (others.length > 0)
    lines.push(`Also related: ${others.map((match) => `"${match.entry.title}"`).join(', ')}.`)
  return lines.join('\n')
}

/**
 * What the entry says to the question asked: the sentences that give the figure, time or fact asked for; when it
 * gives none, that plainly, with what it does say on the subject; for what to do (or a question about the ticket),
 * the entry's fix.
 */
function answerLines(
  question: CheckedQuestion,
  entry: KnowledgeEntry
): { lines: string[]; /** The lines are the entry's fix (its steps). */ steps: boolean } {
  const fix = { lines: [cardText(entry)], steps: true }
  if (question.subjectTokens.length === 0) return fix
  const direct = directAnswer(question, entry)
  if (direct.says.length > 0) return { lines: direct.says, steps: false }
  if (direct.kind === 'how-to' || direct.kind === 'fact') return fix
  return {
    lines: [
      `The entry does not say ${direct.missing}.`,
      ...(direct.related ? [`What it says about ${direct.topic ?? 'it'}: ${direct.related}`] : [])
    ],
    steps: false
  }
}

export function citationOf(match: AskMatch): Citation {
  return {
    entryId: match.entry.id,
    title: match.entry.title,
    sourceTicketIds: match.entry.sourceTicketIds.slice(-10),
    score: Math.round(Math.min(1, match.similarity) * 1000) / 1000
  }
}

function toMatch(
  result: RetrievedEntry,
  score: number,
  question: CheckedQuestion | null,
  /** The entry's words (see entryWordsOnce). */
  inEntry: ReadonlySet<string>
): AskMatch {
  const subject = new Set(question?.subjectTokens ?? [])
  // The analyst's own words (not their stems) that the entry shares, for the reason shown with the answer: words
  // that say something ("retries", not "many" or "new"), and none that most of the team's entries use.
  const everywhere = new Set(result.everywhereTerms ?? [])
  const shared = (question?.text.split(/[^\p{L}\p{N}_'-]+/u) ?? []).filter((word) => {
    const [token] = tokenize(word)
    return (
      token !== undefined &&
      subject.has(token) &&
      inEntry.has(token) &&
      distinctiveTerms([token]).length > 0 &&
      !everywhere.has(token)
    )
  })
  return {
    entry: result.entry,
    similarity: result.similarity,
    score,
    sharedWords: [...new Set(shared.map((word) => word.toLowerCase()))].slice(0, 4)
  }
}

function best(matches: AskMatch[]): AskMatch[] {
  const sorted = matches.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id))
  const top = sorted[0]
  return top ? sorted.filter((match) => match.score >= top.score * RUNNER_UP_SHARE).slice(0, 3) : []
}

const entryText = (entry: KnowledgeEntry): string =>
  [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n')

/**
 * The words of an entry (its title, problem, symptoms and steps, tokenised), computed once per entry for one
 * question: whether it is about the ticket, whether it holds the question and which words it shares all read them.
 */
function entryWordsOnce(): (entry: KnowledgeEntry) => ReadonlySet<string> {
  const words = new Map<KnowledgeEntry, ReadonlySet<string>>()
  return (entry) => {
    let found = words.get(entry)
    if (!found) words.set(entry, (found = new Set(tokenize(entryText(entry)))))
    return found
  }
}

const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 79)}…` : text)
