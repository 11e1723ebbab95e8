import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { PushEventPayload } from '../../../shared/contract'
import type { Citation, Suggestion } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import { useSuggestionsStore } from './suggestions'

/** One question and its answer as it streams in. */
export interface AskAnswer {
  ticketId: string
  question: string
  /** Null until the engine accepted the question. */
  requestId: string | null
  text: string
  citations: Citation[]
  /** What went wrong, in the engine's words; the answer may still follow (e.g. from knowledge instead). */
  error: string | null
  done: boolean
  /** Why the answer is flagged as risky, when it is. */
  risk?: string
}

type Chunk = PushEventPayload<'assist.chunk'>

/** Chunks of questions asked elsewhere (the other window) are kept this long at most, then dropped. */
const maxBufferedRequests = 20

export const useAssistStore = defineStore('assist', () => {
  const client = useVigilClient()
  const suggestions = useSuggestionsStore()
  /** The latest question asked on each ticket, by ticket id. */
  const latest = ref<Record<string, AskAnswer>>({})
  // Chunks can arrive before the call that started them has answered with its request id: keep them until then.
  const early = new Map<string, Chunk[]>()

  const answerFor = (ticketId: string): AskAnswer | null => latest.value[ticketId] ?? null

  async function ask(ticketId: string, question: string): Promise<void> {
    const fresh: AskAnswer = {
      ticketId,
      question,
      requestId: null,
      text: '',
      citations: [],
      error: null,
      done: false
    }
    // A blank question is answered here, in the words the engine uses for one of symbols only: nothing to send.
    if (!question.trim()) {
      fresh.error = 'The question is empty: type what you want to know about this ticket.'
      fresh.done = true
    }
    latest.value = { ...latest.value, [ticketId]: fresh }
    if (fresh.done) return
    const answer = latest.value[ticketId]!
    // A newer question on the same ticket replaces this one; this call's outcome is then dropped.
    const stillAsked = () => latest.value[ticketId] === answer
    try {
      const { requestId } = await client.call('assist.ask', { ticketId, question })
      if (!stillAsked()) return
      answer.requestId = requestId
      early.get(requestId)?.forEach((chunk) => apply(answer, chunk))
      early.delete(requestId)
    } catch (caught) {
      if (stillAsked()) Object.assign(answer, { error: errorText(caught), done: true })
    }
  }

  function onChunk(chunk: Chunk): void {
    const answer = latest.value[chunk.ticketId]
    if (answer?.requestId === chunk.requestId) return apply(answer, chunk)
    if (answer && answer.requestId === null) {
      early.set(chunk.requestId, [...(early.get(chunk.requestId) ?? []), chunk])
      while (early.size > maxBufferedRequests) early.delete(early.keys().next().value!)
    }
  }

  /** Summarizes a ticket; the summary card joins the ticket's suggestions. Throws what the engine refused. */
  async function summarize(ticketId: string): Promise<Suggestion> {
    const summary = await client.call('assist.summarize', { ticketId })
    suggestions.upsert(summary)
    return summary
  }

  function clear(ticketId: string): void {
    const { [ticketId]: _dropped, ...rest } = latest.value
    latest.value = rest
  }

  onScopeDispose(client.on('assist.chunk', onChunk))

  return { latest, answerFor, ask, summarize, clear }
})

function apply(answer: AskAnswer, chunk: Chunk): void {
  // An error mid-stream means the engine dropped the model's partial answer and starts again from knowledge.
  if (chunk.error) Object.assign(answer, { error: chunk.error, text: '' })
  answer.text += chunk.text
  if (chunk.citations.length) answer.citations = chunk.citations
  if (chunk.risk) answer.risk = chunk.risk
  if (chunk.done) answer.done = true
}
