/** Writes the suggestion card: what to say, which knowledge it rests on, and why Vigil spoke up. */
import { observationsOf } from '../../../shared/domain'
import type { Citation, KnowledgeEntry, Suggestion, SuggestionKind } from '../../../shared/domain'
import { distill, MAX_CHARS, shorterCause } from '../learning/distill'
import type { RetrievedEntry } from '../retrieval/retriever'
import type { ConversationState } from '../watcher/conversationState'
import { earlierCaseOf, relevanceOf } from './relevance'
import { textUnder, vendorNote } from './vendorNote'

export interface ComposeInput {
  state: ConversationState
  chosen: RetrievedEntry
  /** Further matching entries to cite besides the chosen one. */
  alsoRelevant: RetrievedEntry[]
  wakeReason: string
  /** Which answerability rule let it through (see pipeline). */
  matchReason: string
  /** Error codes the customer quoted, to say when an entry matches one. */
  codes: readonly string[]
  /** Words the conversation says are not the problem ("NTP is fine"): never named as the symptom. Default: none. */
  ruledOut?: ReadonlySet<string>
  triggerMessageId: string | null
  now: Date
  maxCitations: number
  /** A reply the model wrote from the cited entries, used instead of the entry's resolution text. */
  generated?: { text: string; confidence: number }
}

/** An entry confirmed on several tickets (or written by a person) is knowledge; a single case is a precedent. */
export function kindFor(entry: KnowledgeEntry): SuggestionKind {
  return entry.author === 'human' || observationsOf(entry) >= 2 ? 'answer' : 'similar_case'
}

/**
 * What the card says: the entry's distilled resolution, stored when it was learned, merged or edited. Entries
 * stored before distillation existed are distilled here until their next version; the full steps stay on the
 * entry, one click away through the citation.
 */
export function cardText(entry: KnowledgeEntry): string {
  return entry.summary ?? distill(entry.resolution)
}

const MORE = '(More steps in the full entry.)'
const NUMBERED = /^\d+\.\s/

/**
 * A vendor note above the card's text, the whole within the card's length (MAX_CHARS): the last steps give way to
 * the note, and the card says so (the full entry is one click away).
 */
export function withNote(note: string, text: string): string {
  const lines = text.split('\n')
  const fits = (kept: string[], more: boolean) =>
    [note, ...kept, ...(more ? [MORE] : [])].join('\n').length <= MAX_CHARS
  if (fits(lines, false)) return [note, ...lines].join('\n')
  // The actions come before the explanation: a cause line above numbered steps is said shorter first.
  const [first, ...steps] = lines
  if (first !== undefined && !NUMBERED.test(first) && steps.some((line) => NUMBERED.test(line))) {
    const room = MAX_CHARS - [note, ...steps].join('\n').length - 1
    const cause = shorterCause(first, room)
    if (cause) return [note, cause, ...steps].join('\n')
  }
  const kept = [...lines]
  while (kept.length > 1 && !fits(kept, true)) kept.pop()
  const body = [note, ...kept, MORE].join('\n')
  return body.length <= MAX_CHARS ? body : `${body.slice(0, MAX_CHARS - 1).trimEnd()}…`
}

function citation(
  result: RetrievedEntry,
  matchReason: string | null,
  codes: readonly string[],
  ruledOut: ReadonlySet<string>,
  ticketId: string
): Citation {
  return {
    entryId: result.entry.id,
    title: result.entry.title,
    sourceTicketIds: result.entry.sourceTicketIds.slice(-10),
    score: Math.round(result.similarity * 1000) / 1000,
    relevance: relevanceOf(result, matchReason, codes, ruledOut, ticketId),
    steps: result.entry.resolution
  }
}

/**
 * The probability that the entry answers the conversation, from the team's cases: the complement posterior (see
 * CaseEvidence), or the naive Bayes one where a posterior has no complement.
 */
export const answerProbability = (posterior: NonNullable<RetrievedEntry['posterior']>): number =>
  posterior.complement ?? posterior.probability

/**
 * The card's confidence: the answer probability (learned from the team's cases) when the entry has cases behind it,
 * its similarity otherwise (an entry written by the team, not yet used).
 */
export function confidenceOf(result: RetrievedEntry): number {
  return result.posterior ? answerProbability(result.posterior) : result.similarity
}

export function composeSuggestion(input: ComposeInput): Suggestion {
  const { chosen, state } = input
  const entry = chosen.entry
  // Steps written for another vendor's screens are at most a precedent, with the difference said.
  const note = vendorNote(entry, state)
  const kind = note?.otherVendor ? 'similar_case' : kindFor(entry)
  const sources = entry.sourceTicketIds
  const ruledOut = input.ruledOut ?? new Set<string>()
  const relevance = relevanceOf(chosen, input.matchReason, input.codes, ruledOut, state.ticket.id)
  const ordinal = state.suggestions.length + 1
  const base = {
    id: `${state.ticket.id}:s${ordinal}`,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind,
    confidence: Math.round(Math.min(1, confidenceOf(chosen)) * 1000) / 1000,
    reason: `${capitalise(input.wakeReason)}; "${entry.title}" ${relevance}.`,
    triggerMessageId: input.triggerMessageId,
    createdAt: input.now.toISOString(),
    citations: [
      citation(chosen, input.matchReason, input.codes, ruledOut, state.ticket.id),
      ...input.alsoRelevant.map((result) => citation(result, null, input.codes, ruledOut, state.ticket.id))
    ].slice(0, input.maxCitations),
    feedback: []
  }
  if (input.generated) {
    return {
      ...base,
      kind: 'answer',
      title: entry.title,
      text: input.generated.text,
      confidence: Math.round(input.generated.confidence * 1000) / 1000,
      generated: true
    }
  }
  const card = note ? noteApart(note.text, textUnder(note, cardText(entry))) : { text: cardText(entry) }
  if (kind === 'answer') return { ...base, title: entry.title, ...card }
  // The ticket on screen is never its own "past case": an entry only it taught (resolved before, perhaps on a
  // teammate's desktop) is its earlier resolution.
  const precedent = earlierCaseOf(entry, state.ticket.id)
  if (precedent === undefined && sources.includes(state.ticket.id)) {
    return { ...base, title: `Earlier resolution of this ticket: ${entry.title}`, ...card }
  }
  return { ...base, title: `Similar past case ${precedent ?? 'an earlier ticket'}: ${entry.title}`, ...card }
}

/**
 * The card laid out with its note (withNote: the whole within the card's length), split into what the analyst may
 * send (the text: the cause and the steps) and what is for the analyst alone (the note, and that the full entry has
 * more steps): Adopt copies the text only.
 */
export function noteApart(note: string, text: string): { note: string; text: string } {
  const [, ...lines] = withNote(note, text).split('\n')
  const more = lines.at(-1) === MORE
  return {
    note: more ? `${note} ${MORE}` : note,
    text: (more ? lines.slice(0, -1) : lines).join('\n')
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
