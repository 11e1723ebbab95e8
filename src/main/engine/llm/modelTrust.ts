/** The trust status a person sees for a loaded model: what the self-check found and whether Vigil uses the model. */
import type { ModelCheck, ModelTrust } from '../../../shared/contract'

/** What is known about the loaded model's trustworthiness. */
export interface TrustFacts {
  model: string
  /** The self-check's cases; null while it runs. */
  checks: ModelCheck[] | null
  /** Why the run-time monitor found the model confused; null while it has not. */
  confusedReason: string | null
  /** The setting `llm.useUnreliableModel`. */
  useAnyway: boolean
}

const overrideHint =
  'to use it regardless, turn on "Use the model anyway" in the settings (llm.useUnreliableModel) or pass ' +
  '--use-model-anyway on the command line'

/**
 * The model's health for the status line: the circuit breaker's words ("working", "paused after ...") only for a
 * model Vigil trusts; a model it does not trust is never "working", whatever its server answers.
 */
export function healthInWords(breaker: string, trust: ModelTrust | null | undefined): string {
  if (!trust || trust.verdict === 'reliable') return breaker
  const why =
    trust.verdict === 'checking'
      ? 'being checked (retrieval-only meanwhile)'
      : trust.verdict === 'unreliable'
        ? "not trusted: it failed Vigil's self-check"
        : 'not trusted: its verdicts kept contradicting the knowledge base'
  if (trust.verdict === 'checking' || !trust.inUse)
    return trust.verdict === 'checking' ? why : `${why}; Vigil runs retrieval-only`
  return `${why}; in use anyway, as the settings ask (${breaker})`
}

export function trustOf({ model, checks, confusedReason, useAnyway }: TrustFacts): ModelTrust {
  if (checks === null) {
    return {
      verdict: 'checking',
      inUse: false,
      overridden: false,
      checks: [],
      message: `Checking whether ${model} is reliable for Vigil on a few known cases; retrieval-only meanwhile.`
    }
  }
  const failed = checks.filter((check) => !check.passed).length
  const problem =
    failed > 0
      ? `Not reliable for Vigil: it failed ${failed} of ${checks.length} self-check cases.`
      : confusedReason
  if (problem === null) {
    return {
      verdict: 'reliable',
      inUse: true,
      overridden: false,
      checks,
      message: `Passed Vigil's self-check (${checks.length} of ${checks.length} cases).`
    }
  }
  const fallback =
    failed > 0
      ? `Vigil stays retrieval-only; ${overrideHint}.`
      : `Vigil fell back to retrieval-only; reload the model to try it again, or ${overrideHint}.`
  return {
    verdict: failed > 0 ? 'unreliable' : 'confused',
    inUse: useAnyway,
    overridden: useAnyway,
    checks,
    message: `${problem} ${useAnyway ? 'In use anyway, as the settings ask.' : fallback}`
  }
}
