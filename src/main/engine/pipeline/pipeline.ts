/**
 * The proactive pipeline: wake gate → cooldown → scope → query → retrieve → answerability → dedupe → suggestion.
 * Each stage can stop the chain with a reason, so every silence is explainable too. Without a model it runs
 * retrieval-only; with one, scope, query rewriting, answerability (a grounded, cited reply), next steps and
 * embedding-based dedupe use it, and any model failure falls back to retrieval-only for that message.
 */
import type { Message, Suggestion } from '../../../shared/domain'
import type { Settings } from '../../../shared/settings'
import type { Retriever, RetrievedEntry } from '../retrieval/retriever'
import { cosine, denseCosine, normalize, type SparseVector } from '../text/similarity'
import { termFrequencies, tokenize } from '../text/tokenize'
import type { ConversationState } from '../watcher/conversationState'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { errorCodesIn } from '../learning/subjects'
import type { ModelWitness } from '../trust/modelTrustMonitor'
import { answerability, IMPLAUSIBLE, likelierEntry, vendorStandIn, wordsFavour } from './answerability'
import { composeSuggestion, confidenceOf } from './composer'
import { errorNamesIn } from './errorNames'
import { looserThanShown, notRaisedBy } from './furtherCard'
import { addsToChosen, leadEntry } from './precedence'
import { forTheTicketsVendor, vendorNote } from './vendorNote'
import { judgeAnswer } from './llm/answerStage'
import { suggestNextSteps } from './llm/caseNotes'
import { rewriteQueries } from './llm/rewriteStage'
import { judgeScope } from './llm/scopeStage'
import { buildQuery, conversationWords, queryFromText, type ConversationQuery } from './queryBuilder'
import { wakeGate } from './wakeGate'

/** Importers of the pipeline find answerability here, where it used to be written. */
export { answerability } from './answerability'

export type StageName = 'wake' | 'cooldown' | 'scope' | 'query' | 'retrieve' | 'answerability' | 'dedupe'

export type PipelineDecision =
  | { outcome: 'suggest'; suggestion: Suggestion; chosen: RetrievedEntry | null }
  | { outcome: 'silent'; stage: StageName; reason: string }

export interface PipelineRun {
  state: ConversationState
  /** The message that arrived, or null for a periodic check (stalled cases). */
  trigger: Message | null
  now: Date
  settings: Settings['pipeline']
  /** The language model, when one is configured and loaded; null runs retrieval only. */
  llm?: LlmRuntime | null
  signal?: AbortSignal
}

/** Told when a model stage fails; the run then goes on retrieval-only. */
export type ModelProblem = (stage: string, error: LlmError) => void

export class ProactivePipeline {
  constructor(
    private readonly retriever: Retriever,
    private readonly onModelProblem: ModelProblem = () => {},
    /** Told when a model verdict meets strong retrieval evidence, to catch a model that keeps contradicting it. */
    private readonly witness: ModelWitness | null = null
  ) {}

  async run(run: PipelineRun): Promise<PipelineDecision> {
    const { state, trigger, now, settings, signal } = run
    const phase = state.phase(now, settings.stalledAfterMinutes)
    const wake = wakeGate(state, trigger, phase)
    if (!wake.wake) return silent('wake', wake.reason)

    const last = state.lastSuggestion((s) => s.kind !== 'escalation')
    if (last) {
      const elapsedSeconds = (now.getTime() - Date.parse(last.createdAt)) / 1000
      if (elapsedSeconds < settings.cooldownSeconds) {
        return silent('cooldown', `last suggestion on this ticket was ${Math.round(elapsedSeconds)} s ago`)
      }
    }

    let llm = run.llm ?? null
    const guarded = async <T>(stage: string, task: (model: LlmRuntime) => Promise<T>): Promise<T | null> => {
      // Past the message's time budget (the signal), model stages are abandoned: retrieval-only from here on.
      if (signal?.aborted) llm = null
      if (!llm) return null
      try {
        return await task(llm)
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        if (signal?.aborted) {
          llm = null // The budget ran out, not the model: the caller tells that apart from a failure.
          return null
        }
        this.onModelProblem(stage, error)
        llm = null // The rest of this run goes retrieval-only.
        return null
      }
    }

    const scope = await guarded('scope', (model) => judgeScope(model, state, trigger, signal))
    if (scope && (!scope.needsHelp || scope.analystHandling)) {
      if (!scope.needsHelp && !scope.analystHandling) await this.witnessNoHelp(state, trigger, settings)
      return silent(
        'scope',
        scope.analystHandling ? 'the analyst is already answering' : scope.reason || scope.kind
      )
    }

    const base = buildQuery(state, trigger)
    const rewrite = await guarded('rewrite', (model) => rewriteQueries(model, state, trigger, signal))
    const queries = [base, ...(rewrite ? [rewrite.query, ...rewrite.subQueries] : []).map(queryFromText)]
    if (queries.every((query) => query.tokens.length === 0)) {
      return silent('query', 'nothing searchable after removing identifiers')
    }

    const shown = state.shownEntryIds()
    const retrieved = await this.retrieveAll(state.ticket.team, queries)
    const results = retrieved.filter((r) => !shown.has(r.entry.id))
    if (results.length === 0) {
      const steps = await guarded('next-steps', (model) =>
        this.nextSteps(model, state, trigger, now, wake.reason, signal)
      )
      if (steps) return steps
      return silent('retrieve', 'no knowledge matches that was not already shown')
    }

    // Up to three best-ranked entries are cited, when at least one of them is answerable.
    const cited = results.slice(0, settings.maxCitations)
    const strong = cited.some((result) => answerability(result, settings) !== null)
    if (scope && strong) this.witness?.record('scope', false)
    const grounded = await guarded('answer', (model) => judgeAnswer(model, state, trigger, cited, signal))
    if (llm && strong) this.witness?.record('answer', grounded === null)
    if (llm && !grounded) {
      const steps = await guarded('next-steps', (model) =>
        this.nextSteps(model, state, trigger, now, wake.reason, signal)
      )
      if (steps) return steps
      return silent('answerability', 'the model found no entry that answers this case')
    }
    // A single unconfirmed answer never goes before an answerable entry confirmed across cases.
    const customerText = state
      .customerMessages()
      .map((message) => message.text)
      .join('\n')
    const codes = [...errorCodesIn(customerText), ...errorNamesIn(customerText)]
    const answerable = cited.filter((result) => answerability(result, settings, codes) !== null)

    // This ticket's own earlier resolution leads; an established entry goes before a closer one seen once only when
    // the conversation says something for it of its own (see precedence).
    const ranked = grounded?.cited[0] ?? leadEntry(answerable, state.ticket.id, settings)
    // Another vendor's steps (Okta on an Entra ticket) give way to an answerable entry for this ticket's vendor,
    // or else to a fair match among the cited ones whose steps are for the vendor the ticket names.
    const forThisVendor = (result: RetrievedEntry): boolean => !vendorNote(result.entry, state)?.otherVendor
    const standIn =
      ranked && !grounded && !forThisVendor(ranked)
        ? (answerable.find(forThisVendor) ??
          cited.find(
            (result) =>
              forTheTicketsVendor(result.entry, ranked.entry, state) && vendorStandIn(result, settings, codes)
          ))
        : undefined
    const chosen = standIn ?? ranked
    if (!chosen) {
      const best = Math.max(...cited.map((result) => result.similarity))
      return silent('answerability', `best match ${best.toFixed(2)} is not enough to answer`)
    }
    // The team's cases make this entry improbable here and another one, for this ticket's vendor, likelier: a card
    // whose first citation the conversation's own evidence ranks below another entry's is more often wrong than right.
    const likelier = grounded ? undefined : likelierEntry(chosen, results, forThisVendor)
    if (likelier) {
      return silent(
        'answerability',
        `"${chosen.entry.title}" is improbable here (${confidenceOf(chosen).toFixed(3)}); "${likelier.entry.title}" is likelier`
      )
    }
    // After a card on this ticket, another one is worth the analyst's attention only when the team's cases make it
    // plausible here: not a near-impossible runner-up (another vendor's case at a posterior of 0.000).
    if (!grounded && last && confidenceOf(chosen) < IMPLAUSIBLE) {
      return silent(
        'answerability',
        `a further card at ${confidenceOf(chosen).toFixed(3)} adds nothing to the one shown`
      )
    }
    // After a card on this ticket, another one only for a problem the waking message raises (see furtherCard).
    const unraised = grounded ? null : notRaisedBy(state, trigger, chosen)
    if (unraised) return silent('answerability', unraised)
    // After the card for the vendor the ticket names, another vendor's case is no further help (the demo's second
    // pass: Google steps on the Okta ticket once the Okta card was shown).
    const forTheVendorShown = retrieved.find(
      (result) => shown.has(result.entry.id) && forTheTicketsVendor(result.entry, chosen.entry, state)
    )
    if (!grounded && last && forTheVendorShown) {
      return silent(
        'answerability',
        `"${chosen.entry.title}" is another vendor's case; "${forTheVendorShown.entry.title}", for this ticket's, was shown`
      )
    }
    // A loose match beside a card shown here that the conversation still matches more closely (see furtherCard).
    const looser =
      grounded || !last
        ? null
        : looserThanShown(retrieved, shown, chosen, answerability(chosen, settings, codes))
    if (looser) return silent('answerability', looser)
    // Only entries that would be shown on their own are cited beside it, no padding with weaker matches, and only
    // those the conversation's words favour: a second citation the analyst reads must be about this problem too.
    const alsoRelevant = grounded
      ? grounded.cited.slice(1)
      : answerable
          .filter(
            (result) => result !== chosen && wordsFavour(result) && addsToChosen(result, chosen, settings)
          )
          // Beside an entry for this ticket's vendor, another vendor's case is no further help.
          .filter((result) => forThisVendor(result) || !forThisVendor(chosen))
          .slice(0, settings.maxCitations - 1)

    // The reason names what the whole conversation shares with each cited entry's distilled problem.
    const words = conversationWords(state)
    const described = (result: RetrievedEntry): RetrievedEntry =>
      this.retriever.withDistilledTerms(result, state.ticket.team, words.tokens)
    const suggestion = composeSuggestion({
      state,
      chosen: described(chosen),
      alsoRelevant: alsoRelevant.map(described),
      ruledOut: words.ruledOut,
      wakeReason: wake.reason,
      matchReason: grounded
        ? 'model judged it answers the case'
        : (answerability(chosen, settings, codes) ?? 'for the vendor the ticket names'),
      codes,
      triggerMessageId: trigger?.id ?? null,
      now,
      maxCitations: settings.maxCitations,
      ...(grounded ? { generated: { text: grounded.answer, confidence: grounded.confidence } } : {})
    })
    const duplicate = await this.mostSimilarShown(
      state,
      suggestion.text,
      signal?.aborted ? null : llm,
      signal
    )
    if (duplicate >= settings.duplicateSimilarity) {
      return silent('dedupe', `${Math.round(duplicate * 100)}% similar to a suggestion already shown`)
    }
    // Steps the analyst already sent on this ticket (the fix for another vendor after theirs worked) are no help.
    const card = unitTf(suggestion.text)
    const alreadySaid = Math.max(0, ...state.analystMessages().map((m) => cosine(card, unitTf(m.text))))
    if (alreadySaid >= ALREADY_SAID) {
      return silent('dedupe', `${Math.round(alreadySaid * 100)}% similar to what the analyst already wrote`)
    }
    return { outcome: 'suggest', suggestion, chosen }
  }

  /** The model said "no help needed": would retrieval alone have answered this customer message confidently? */
  private async witnessNoHelp(
    state: ConversationState,
    trigger: Message | null,
    settings: PipelineRun['settings']
  ): Promise<void> {
    if (!this.witness || trigger?.authorRole !== 'customer') return
    const shown = state.shownEntryIds()
    const results = await this.retrieveAll(state.ticket.team, [buildQuery(state, trigger)])
    const cited = results.filter((result) => !shown.has(result.entry.id)).slice(0, settings.maxCitations)
    if (cited.some((result) => answerability(result, settings) !== null)) this.witness.record('scope', true)
  }

  /** Every query searched; an entry found by several keeps its best similarity. */
  private async retrieveAll(team: string, queries: ConversationQuery[]): Promise<RetrievedEntry[]> {
    const best = new Map<string, RetrievedEntry>()
    for (const query of queries) {
      if (query.tokens.length === 0) continue
      for (const result of await this.retriever.retrieve({ team, ...query })) {
        const known = best.get(result.entry.id)
        if (!known || result.rank > known.rank) best.set(result.entry.id, result)
      }
    }
    return [...best.values()].sort((a, b) => b.rank - a.rank || a.entry.id.localeCompare(b.entry.id))
  }

  /** A next-step checklist, once per ticket, when knowledge has nothing for a problem. */
  private async nextSteps(
    model: LlmRuntime,
    state: ConversationState,
    trigger: Message | null,
    now: Date,
    wakeReason: string,
    signal?: AbortSignal
  ): Promise<PipelineDecision | null> {
    if (state.suggestions.some((suggestion) => suggestion.kind === 'next_step')) return null
    const steps = await suggestNextSteps(model, state, signal)
    const suggestion: Suggestion = {
      id: `${state.ticket.id}:s${state.suggestions.length + 1}`,
      ticketId: state.ticket.id,
      team: state.ticket.team,
      kind: 'next_step',
      title: 'Next diagnostic steps',
      text: steps.steps.map((step, index) => `${index + 1}. ${step}`).join('\n'),
      citations: [],
      confidence: 0.5,
      reason:
        `${wakeReason.charAt(0).toUpperCase()}${wakeReason.slice(1)}; no knowledge matches yet. ${steps.reason}`.trim(),
      triggerMessageId: trigger?.id ?? null,
      createdAt: now.toISOString(),
      feedback: [],
      generated: true
    }
    return { outcome: 'suggest', suggestion, chosen: null }
  }

  /** How close the new text is to one already shown here: embeddings when a model is loaded, words otherwise. */
  private async mostSimilarShown(
    state: ConversationState,
    text: string,
    llm: LlmRuntime | null,
    signal?: AbortSignal
  ): Promise<number> {
    const shown = state.suggestions.filter((suggestion) => suggestion.kind !== 'escalation')
    if (shown.length === 0) return 0
    if (llm) {
      try {
        const [candidate, ...others] = await llm.embed(
          [text, ...shown.map((suggestion) => suggestion.text)],
          { signal }
        )
        return Math.max(...others.map((other) => denseCosine(candidate!, other)))
      } catch (error) {
        if (!(error instanceof LlmError)) throw error
        if (!signal?.aborted) this.onModelProblem('dedupe', error)
      }
    }
    const vector = unitTf(text)
    return Math.max(...shown.map((suggestion) => cosine(vector, unitTf(suggestion.text))))
  }
}

/**
 * Word similarity to an analyst's message on the ticket at which a card would only repeat what the analyst already
 * wrote (the demo's OneLogin ticket: Entra steps after the analyst's OneLogin steps, 0.63; no other demo card is
 * above 0.3 to any earlier analyst message).
 */
const ALREADY_SAID = 0.5

const silent = (stage: StageName, reason: string): PipelineDecision => ({ outcome: 'silent', stage, reason })

const unitTf = (text: string): SparseVector => normalize(termFrequencies(tokenize(text)))
