/** Writes the suggestion card: what to say, which knowledge it rests on, and why Vigil spoke up. */
import { observationsOf } from '../../../shared/domain'
import type { Citation, KnowledgeEntry, Suggestion, SuggestionKind } from '../../../shared/domain'
import type { RetrievedEntry } from '../retrieval/retriever'
import type { ConversationState } from '../watcher/conversationState'

export interface ComposeInput {
  state: ConversationState
  chosen: RetrievedEntry
  /** Further matching entries to cite besides the chosen one. */
  alsoRelevant: RetrievedEntry[]
  wakeReason: string
  /** Which answerability rule let it through (see pipeline). */
  matchReason: string
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

export function resolutionText(entry: KnowledgeEntry): string {
  if (entry.resolution.length === 1) return entry.resolution[0]!
  return entry.resolution.map((step, index) => `${index + 1}. ${step}`).join('\n')
}

const percent = (value: number): string => `${Math.round(value * 100)}%`

function citation(result: RetrievedEntry): Citation {
  return {
    entryId: result.entry.id,
    title: result.entry.title,
    sourceTicketIds: result.entry.sourceTicketIds.slice(-10),
    score: Math.round(result.similarity * 1000) / 1000
  }
}

export function composeSuggestion(input: ComposeInput): Suggestion {
  const { chosen, state } = input
  const entry = chosen.entry
  const kind = kindFor(entry)
  const sources = entry.sourceTicketIds
  const match =
    input.matchReason === 'common answer'
      ? `"${entry.title}" answered ${percent(chosen.share)} of this team's resolved tickets and matches (${percent(chosen.similarity)} similar)`
      : `it matches "${entry.title}" (${percent(chosen.similarity)} similar)`
  const evidence =
    entry.author === 'human'
      ? 'written by your team'
      : `learned from ${sources.length} resolved ticket${sources.length === 1 ? '' : 's'}`
  const ordinal = state.suggestions.length + 1
  const base = {
    id: `${state.ticket.id}:s${ordinal}`,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind,
    confidence: Math.round(Math.min(1, chosen.similarity) * 1000) / 1000,
    reason: `${capitalise(input.wakeReason)}; ${match}, ${evidence}.`,
    triggerMessageId: input.triggerMessageId,
    createdAt: input.now.toISOString(),
    citations: [chosen, ...input.alsoRelevant].slice(0, input.maxCitations).map(citation),
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
  if (kind === 'answer') return { ...base, title: entry.title, text: resolutionText(entry) }
  const precedent = sources.at(-1) ?? 'an earlier ticket'
  return {
    ...base,
    title: `Similar past case ${precedent}: ${entry.title}`,
    text: `${precedent} had the same problem. It was resolved by:\n${resolutionText(entry)}`
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
