/**
 * The model self-check: before Vigil lets a model change what analysts see or what is learned, the model answers a
 * few known cases through the real stage prompts (is this a question for support, is this just thanks, does this
 * entry answer the case, what is the resolution to learn). A model that gets any wrong is not reliable for Vigil:
 * the bundled 260K-parameter story model, for one, says "no help needed" to a plain question and learns nothing.
 */
import type { ModelCheck } from '../../../shared/contract'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { extractWithModel } from '../learning/modelLearning'
import { judgeAnswer } from '../pipeline/llm/answerStage'
import { judgeScope } from '../pipeline/llm/scopeStage'
import {
  answeringEntryId,
  candidates,
  chatterCase,
  questionCase,
  resolutionWords,
  resolvedCase
} from './selfCheckCases'

export interface SelfCheckResult {
  passed: boolean
  checks: ModelCheck[]
}

export interface SelfCheckOptions {
  /** Cancels the check (e.g. the model is replaced meanwhile). */
  signal?: AbortSignal
}

type Check = (llm: LlmRuntime, signal?: AbortSignal) => Promise<{ passed: boolean; detail: string }>

const checks: Array<[string, Check]> = [
  [
    'A customer question needs help',
    async (llm, signal) => {
      const state = questionCase()
      const verdict = await judgeScope(llm, state, state.lastMessage() ?? null, signal)
      return {
        passed: verdict.needsHelp && !verdict.analystHandling,
        detail: `needsHelp ${verdict.needsHelp}, analystHandling ${verdict.analystHandling}: "${verdict.reason}"`
      }
    }
  ],
  [
    'Thanks alone needs no help',
    async (llm, signal) => {
      const state = chatterCase()
      const verdict = await judgeScope(llm, state, state.lastMessage() ?? null, signal)
      return { passed: !verdict.needsHelp, detail: `needsHelp ${verdict.needsHelp} (${verdict.kind})` }
    }
  ],
  [
    'The matching entry answers the case',
    async (llm, signal) => {
      const state = questionCase()
      const answer = await judgeAnswer(llm, state, state.lastMessage() ?? null, candidates(), signal)
      if (!answer) return { passed: false, detail: 'said no entry answers the case' }
      const cited = answer.cited.map((result) => result.entry.id)
      return {
        passed: cited[0] === answeringEntryId,
        detail: `cited ${cited.join(', ')}: "${answer.answer.slice(0, 120)}"`
      }
    }
  ],
  [
    'The resolution of a solved case is extracted',
    async (llm) => {
      const extracted = await extractWithModel(llm, resolvedCase())
      if (!extracted) return { passed: false, detail: 'said the case holds nothing to learn' }
      const steps = extracted.resolution.join(' ').toLowerCase()
      const named = resolutionWords.filter((word) => steps.includes(word))
      return {
        passed: named.length > 0,
        detail: `resolution: "${extracted.resolution.join(' / ').slice(0, 160)}"`
      }
    }
  ]
]

/** Runs every case; a model failure fails that case (with the error), never the whole check. */
export async function runSelfCheck(
  llm: LlmRuntime,
  options: SelfCheckOptions = {}
): Promise<SelfCheckResult> {
  const results: ModelCheck[] = []
  for (const [name, check] of checks) {
    options.signal?.throwIfAborted()
    try {
      results.push({ name, ...(await check(llm, options.signal)) })
    } catch (error) {
      if (!(error instanceof LlmError)) throw error
      results.push({ name, passed: false, detail: `${error.code}: ${error.message}` })
    }
  }
  return { passed: results.every((result) => result.passed), checks: results }
}
