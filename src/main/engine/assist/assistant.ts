/**
 * Vigil on demand: answers a question the analyst asks about a ticket (streamed, grounded in the team's knowledge and
 * the conversation, with citations) and summarizes a ticket. With no model it answers from knowledge verbatim and
 * summarizes extractively, so both work offline without one.
 */
import { observationsOf } from '../../../shared/domain'
import type { Citation, Suggestion } from '../../../shared/domain'
import type { PushEventPayload } from '../../../shared/contract'
import { LlmError } from '../llm/llmError'
import { checkAnswer } from '../safety/answerCheck'
import type { LlmRuntime } from '../llm/llmRuntime'
import { resolutionText } from '../pipeline/composer'
import { formatSummary, summarizeCase } from '../pipeline/llm/caseNotes'
import { conversationBlock, DATA_NOT_INSTRUCTIONS, knowledgeBlock } from '../pipeline/llm/prompts'
import { buildQuery, queryFromText } from '../pipeline/queryBuilder'
import type { Retriever, RetrievedEntry } from '../retrieval/retriever'
import { scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'

type AskChunk = PushEventPayload<'assist.chunk'>

export interface AssistantDeps {
  retriever: Retriever
  model: () => LlmRuntime | null
  emit: (chunk: AskChunk) => void
  onModelProblem: (stage: string, error: LlmError) => void
}

const ASK_SYSTEM =
  "You assist a support analyst with the ticket below. Answer the analyst's question briefly, using the " +
  'conversation and the knowledge entries; say which entry ids you used in square brackets, e.g. [kb-1]. If the ' +
  'knowledge does not cover it, say so. Never invent steps.'

const citationOf = (result: RetrievedEntry): Citation => ({
  entryId: result.entry.id,
  title: result.entry.title,
  sourceTicketIds: result.entry.sourceTicketIds.slice(-10),
  score: Math.round(result.similarity * 1000) / 1000
})

export class Assistant {
  private asked = 0

  constructor(private readonly deps: AssistantDeps) {}

  /** Starts answering and returns the request id at once; a failure ends the stream with its message. */
  askInBackground(state: ConversationState, question: string, warn: (message: string) => void): string {
    const requestId = `ask-${++this.asked}`
    this.ask(state, question, requestId).catch((error: unknown) => {
      warn(`Answering the question failed: ${(error as Error).message}`)
      const base = { requestId, ticketId: state.ticket.id }
      this.deps.emit({ ...base, text: '', done: true, citations: [], error: (error as Error).message })
    })
    return requestId
  }

  /** Streams the answer as `assist.chunk` events; the last one has `done: true` and the citations. */
  async ask(
    state: ConversationState,
    question: string,
    requestId: string,
    signal?: AbortSignal
  ): Promise<void> {
    const base = { requestId, ticketId: state.ticket.id }
    const queries = [queryFromText(question), buildQuery(state, null)]
    const found = new Map<string, RetrievedEntry>()
    for (const query of queries) {
      if (query.tokens.length === 0) continue
      for (const result of await this.deps.retriever.retrieve({ team: state.ticket.team, ...query })) {
        if (!found.has(result.entry.id) || found.get(result.entry.id)!.rank < result.rank)
          found.set(result.entry.id, result)
      }
    }
    const top = [...found.values()].sort((a, b) => b.rank - a.rank).slice(0, 3)
    const citations = top.map(citationOf)
    const model = this.deps.model()
    if (model) {
      try {
        const user =
          `${conversationBlock(state)}\n${knowledgeBlock(top.map((result) => result.entry))}\n` +
          `The analyst asks: ${JSON.stringify(scrubText(question))}`
        // The whole answer is checked before any of it is shown: risk checks and citations of given entries only.
        let answer = ''
        for await (const text of model.chat(
          [
            { role: 'system', content: `${ASK_SYSTEM}\n${DATA_NOT_INSTRUCTIONS}` },
            { role: 'user', content: user }
          ],
          { maxTokens: 400, signal }
        ))
          answer += text
        const checked = checkAnswer(
          answer,
          top.map((result) => result.entry.id)
        )
        if (checked.ok) {
          const risk = checked.risk ? { risk: checked.risk } : {}
          this.deps.emit({ ...base, text: answer.trim(), done: true, citations, error: null, ...risk })
          return
        }
        this.deps.emit({
          ...base,
          text: '',
          done: false,
          citations: [],
          error: `The model's answer was dropped: ${checked.problem}. Answering from knowledge instead.`
        })
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        this.deps.onModelProblem('ask', error)
        this.deps.emit({
          ...base,
          text: '',
          done: false,
          citations: [],
          error: `${error.message} Answering from knowledge instead.`
        })
      }
    }
    const best = top[0]
    const text = best
      ? `From "${best.entry.title}" (${observationsOf(best.entry)} resolved ticket(s)):\n${resolutionText(best.entry)}`
      : "Nothing in the team's knowledge matches this question yet."
    this.deps.emit({ ...base, text, done: true, citations: best ? citations : [], error: null })
  }

  /** A summary card for the ticket: what is known, tried and pending. */
  async summarize(state: ConversationState, now: Date, signal?: AbortSignal): Promise<Suggestion> {
    const model = this.deps.model()
    let text: string | null = null
    if (model) {
      try {
        text = formatSummary(await summarizeCase(model, state, signal))
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        this.deps.onModelProblem('summary', error)
      }
    }
    return {
      id: `${state.ticket.id}:s${state.suggestions.length + 1}`,
      ticketId: state.ticket.id,
      team: state.ticket.team,
      kind: 'summary',
      title: `Where ${state.ticket.id} stands`,
      text: text ?? extractiveSummary(state),
      citations: [],
      confidence: text ? 0.7 : 0.5,
      reason: 'The analyst asked for a summary of this ticket.',
      triggerMessageId: null,
      createdAt: now.toISOString(),
      feedback: [],
      ...(text ? { generated: true } : {})
    }
  }
}

/** Without a model: the customer's problem, the analyst's latest reply and what the customer said last. */
function extractiveSummary(state: ConversationState): string {
  const clip = (text: string | undefined): string =>
    text ? scrubText(text).replace(/\s+/g, ' ').slice(0, 240) : 'nothing yet'
  const customer = state.customerMessages()
  return [
    `Known: ${clip(customer[0]?.text)}`,
    `Tried: ${clip(state.lastMessage('analyst')?.text)}`,
    `Pending: ${customer.length > 1 ? clip(customer.at(-1)?.text) : 'an answer to the customer'}`
  ].join('\n')
}
