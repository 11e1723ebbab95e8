/**
 * Vigil on demand: answers a question the analyst asks about a ticket (streamed, grounded in the team's knowledge and
 * the conversation, with citations) and summarizes a ticket. With no model it answers from knowledge verbatim and
 * summarizes extractively, so both work offline without one.
 */
import type { Suggestion } from '../../../shared/domain'
import type { PushEventPayload } from '../../../shared/contract'
import { LlmError } from '../llm/llmError'
import { checkAnswer } from '../safety/answerCheck'
import type { LlmRuntime } from '../llm/llmRuntime'
import { formatSummary, summarizeCase } from '../pipeline/llm/caseNotes'
import { promptFit, spend } from '../pipeline/llm/promptBudget'
import { conversationBlock, DATA_NOT_INSTRUCTIONS, knowledgeBlock } from '../pipeline/llm/prompts'
import type { Retriever } from '../retrieval/retriever'
import type { ModelBudget } from '../scheduling/modelBudget'
import { scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'
import { extractiveSummary } from './caseSummary'
import { answerText, citationOf, matchQuestion } from './knowledgeAnswer'
import { checkQuestion } from './question'

type AskChunk = PushEventPayload<'assist.chunk'>

export interface AssistantDeps {
  retriever: Retriever
  /** The model, when one is loaded; its calls are cancelled when `budget` aborts. */
  model: (budget?: AbortSignal) => LlmRuntime | null
  emit: (chunk: AskChunk) => void
  onModelProblem: (stage: string, error: LlmError) => void
  /** A fresh time budget for one answer or summary; none: only each call's own timeout bounds it. */
  budget?: () => ModelBudget
  /** Told when an answer or summary ran out of its budget and came from knowledge alone. */
  onBudgetExpired?: (what: string, seconds: number) => void
}

const ASK_SYSTEM =
  "You assist a support analyst with the ticket below. Answer the analyst's question briefly, using the " +
  'conversation and the knowledge entries; say which entry ids you used in square brackets, e.g. [kb-1]. If the ' +
  'knowledge does not cover it, say so. Never invent steps.'

export class Assistant {
  private asked = 0

  constructor(private readonly deps: AssistantDeps) {}

  /** Starts answering and returns the request id at once; a failure ends the stream with its message. */
  askInBackground(state: ConversationState, question: string, warn: (message: string) => void): string {
    checkQuestion(question) // An empty or symbols-only question is refused before a request starts.
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
    const checked = checkQuestion(question)
    const matches = await matchQuestion(this.deps.retriever, state, checked)
    const top = matches.map((match) => ({ entry: match.entry }))
    const citations = matches.map(citationOf)
    const budget = this.deps.budget?.()
    const model = this.deps.model(budget?.signal)
    if (model) {
      try {
        const asks = `The analyst asks: ${JSON.stringify(scrubText(question))}`
        const fit = promptFit(model, [`${ASK_SYSTEM}\n${DATA_NOT_INSTRUCTIONS}`, asks], 400)
        const knowledge = knowledgeBlock(
          top.map((result) => result.entry),
          { ...fit, tokens: Math.floor(fit.tokens / 2) }
        )
        const user = `${conversationBlock(state, null, spend(fit, knowledge))}\n${knowledge}\n${asks}`
        // The whole answer is checked before any of it is shown: risk checks and citations of given entries only.
        let answer = ''
        for await (const text of model.chat(
          [
            { role: 'system', content: `${ASK_SYSTEM}\n${DATA_NOT_INSTRUCTIONS}` },
            { role: 'user', content: user }
          ],
          { maxTokens: fit.maxTokens, signal }
        ))
          answer += text
        const verdict = checkAnswer(
          answer,
          top.map((result) => result.entry.id)
        )
        if (verdict.ok) {
          const risk = verdict.risk ? { risk: verdict.risk } : {}
          this.deps.emit({ ...base, text: answer.trim(), done: true, citations, error: null, ...risk })
          return
        }
        this.deps.emit({
          ...base,
          text: '',
          done: false,
          citations: [],
          error: `The model's answer was dropped: ${verdict.problem}. Answering from knowledge instead.`
        })
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        const late = this.late('An Ask answer', budget)
        if (!late) this.deps.onModelProblem('ask', error)
        this.deps.emit({
          ...base,
          text: '',
          done: false,
          citations: [],
          error: `${late ?? error.message} Answering from knowledge instead.`
        })
      }
    }
    this.deps.emit({ ...base, text: answerText(checked, matches, state), done: true, citations, error: null })
  }

  /** When `budget` ran out: says so (and tells the engine); null when the failure was something else. */
  private late(what: string, budget: ModelBudget | undefined): string | null {
    if (!budget?.expired()) return null
    this.deps.onBudgetExpired?.(what, budget.seconds)
    return `The model took longer than its ${budget.seconds} s budget.`
  }

  /** A summary card for the ticket: what is known, tried and pending. */
  async summarize(state: ConversationState, now: Date, signal?: AbortSignal): Promise<Suggestion> {
    const budget = this.deps.budget?.()
    const model = this.deps.model(budget?.signal)
    let text: string | null = null
    if (model) {
      try {
        text = formatSummary(await summarizeCase(model, state, signal))
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        // Past its budget the summary is the extractive one, as with any model failure.
        if (!this.late('A summary', budget)) this.deps.onModelProblem('summary', error)
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
