/**
 * Escalation watch: rules that flag a conversation needing attention. Patterns always run (no model needed); when
 * a model is configured, it also judges each described rule against its positive and negative examples. The same
 * rule alerts at most once per suppression window on a ticket.
 */
import { sentenceAround } from './sentenceAround'
import { z } from 'zod'
import type { Message, Severity, Suggestion } from '../../../shared/domain'
import type { EscalationRule, Settings } from '../../../shared/settings'
import { patternProblem } from '../../../shared/patternSafety'
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'
import { boundedMatch, firstMatches } from './boundedMatch'
import { promptFit } from '../pipeline/llm/promptBudget'
import { conversationBlock, prompt, systemText } from '../pipeline/llm/prompts'
import type { ConversationState } from '../watcher/conversationState'

/** Time one pattern may take on one message before it is retried with a longer bound, in milliseconds. */
const FIRST_BOUND_MS = 50

export interface EscalationFinding {
  rule: EscalationRule
  evidence: string
  judgedBy: 'pattern' | 'model'
}

const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical']
export const severityAtLeast = (severity: Severity, floor: Severity): boolean =>
  SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(floor)

export class EscalationWatch {
  private readonly compiled = new Map<string, RegExp | null>()

  constructor(
    private readonly warn: (message: string) => void,
    /** Told when the model's judgement fails; the patterns' findings still count. */
    private readonly onModelProblem: (stage: string, error: LlmError) => void = () => {}
  ) {}

  /** Rules newly triggered by `message` (suppression applied), as alert suggestions. */
  async check(
    state: ConversationState,
    message: Message,
    now: Date,
    settings: Settings['escalation'],
    llm: LlmRuntime | null
  ): Promise<Suggestion[]> {
    if (!settings.enabled || message.authorRole !== 'customer') return []
    const rules = settings.rules.filter(
      (rule) => rule.enabled && !this.suppressed(state, rule, now, settings)
    )
    const findings = new Map<string, EscalationFinding>()
    const evidences = this.matchRules(rules, message.text)
    rules.forEach((rule, index) => {
      const evidence = evidences[index]
      if (evidence)
        findings.set(rule.id, { rule, evidence: sentenceAround(message.text, evidence), judgedBy: 'pattern' })
    })
    const judged = rules.filter((rule) => !findings.has(rule.id) && rule.description.trim() !== '')
    if (llm && judged.length > 0) {
      try {
        for (const finding of await judgeWithModel(llm, state, message, judged))
          findings.set(finding.rule.id, finding)
      } catch (error) {
        // A failing model never stops the watch: the patterns' findings stand on their own.
        if (!(error instanceof LlmError)) throw error
        this.onModelProblem('escalation', error)
      }
    }
    return [...findings.values()].map((finding, index) => alert(state, message, finding, now, index))
  }

  /**
   * Each rule's first pattern match in `text` (null: none). All rules run in one bounded call (one watchdog per
   * message instead of one per pattern); when that call runs past the first bound, the rule it was on is matched
   * pattern by pattern as before (so only a pattern that overruns both bounds on its own is switched off) and the
   * rules after it run in one call again.
   */
  private matchRules(rules: readonly EscalationRule[], text: string): (string | null)[] {
    let lists = rules.map((rule) => this.compiledPatterns(rule))
    const evidences: (string | null)[] = []
    let from = 0
    while (from < rules.length) {
      const { found, stoppedAt } = firstMatches(lists, text, FIRST_BOUND_MS, from)
      const done = stoppedAt ?? rules.length
      for (let index = from; index < done; index++) evidences[index] = found[index] ?? null
      if (stoppedAt === null) break
      evidences[stoppedAt] = this.matchPatterns(rules[stoppedAt]!, text)
      // A pattern switched off there is off for the later rules too.
      lists = rules.map((rule) => this.compiledPatterns(rule))
      from = stoppedAt + 1
    }
    return evidences
  }

  /** The rule's usable patterns, compiled once (a pattern that cannot be used is warned about once). */
  private compiledPatterns(rule: EscalationRule): RegExp[] {
    const patterns: RegExp[] = []
    for (const source of rule.patterns) {
      const pattern = this.compile(rule, source)
      if (pattern) patterns.push(pattern)
    }
    return patterns
  }

  private compile(rule: EscalationRule, source: string): RegExp | null {
    let pattern = this.compiled.get(source)
    if (pattern === undefined) {
      const problem = patternProblem(source)
      if (problem) this.warn(`Escalation rule "${rule.name}": pattern ${source} is not used: ${problem}`)
      pattern = problem ? null : new RegExp(source, 'i')
      this.compiled.set(source, pattern)
    }
    return pattern
  }

  /** The rule's first match, one pattern at a time with its own bounds (after a shared bound ran out). */
  private matchPatterns(rule: EscalationRule, text: string): string | null {
    for (const source of rule.patterns) {
      const pattern = this.compile(rule, source)
      if (!pattern) continue
      // A busy machine can stall even a harmless pattern past the first bound; a pattern is switched off only when
      // it also overruns a bound twenty times longer.
      let result = boundedMatch(pattern, text, FIRST_BOUND_MS)
      if ('timedOut' in result) result = boundedMatch(pattern, text, FIRST_BOUND_MS * 20)
      if ('timedOut' in result) {
        // Switched off for the rest of this run: one bad pattern never blocks the engine twice.
        this.warn(
          `Escalation rule "${rule.name}": pattern ${source} took too long on a message and is switched off; rewrite it.`
        )
        this.compiled.set(source, null)
        continue
      }
      if (result.match !== null) return result.match
    }
    return null
  }

  private suppressed(
    state: ConversationState,
    rule: EscalationRule,
    now: Date,
    settings: Settings['escalation']
  ): boolean {
    const last = state.suggestions.findLast((s) => s.kind === 'escalation' && s.title === rule.name)
    return (
      last !== undefined && now.getTime() - Date.parse(last.createdAt) < settings.suppressMinutes * 60_000
    )
  }
}

const ModelJudgement = z.object({
  matches: z.array(z.object({ ruleId: z.string(), evidence: z.string().max(300) })).max(10)
})

async function judgeWithModel(
  llm: LlmRuntime,
  state: ConversationState,
  message: Message,
  rules: EscalationRule[]
): Promise<EscalationFinding[]> {
  const described = rules.map((rule) => ({
    ruleId: rule.id,
    meaning: rule.description,
    matches: rule.positiveExamples,
    doesNotMatch: rule.negativeExamples
  }))
  const system =
    'You flag support conversations that need a supervisor. For each rule, decide whether the latest customer ' +
    'message matches its meaning; the examples show what does and does not match. Quote the words that match.'
  const rulesText = `Rules: ${JSON.stringify(described)}`
  const fit = promptFit(llm, [systemText(system), rulesText, 'Which rules match?'], 200)
  const user = `${rulesText}\n${conversationBlock(state, message, fit)}\nWhich rules match?`
  const verdict = await llm.structured(
    prompt(system, user),
    { name: 'escalation.v1', schema: ModelJudgement },
    { maxTokens: fit.maxTokens }
  )
  const byId = new Map(rules.map((rule) => [rule.id, rule]))
  return verdict.matches.flatMap((match) => {
    const rule = byId.get(match.ruleId)
    return rule ? [{ rule, evidence: match.evidence, judgedBy: 'model' as const }] : []
  })
}

function alert(
  state: ConversationState,
  message: Message,
  finding: EscalationFinding,
  now: Date,
  index: number
): Suggestion {
  const { rule } = finding
  return {
    id: `${state.ticket.id}:e${state.suggestions.length + index + 1}`,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind: 'escalation',
    title: rule.name,
    text: `Consider escalating: ${rule.name.toLowerCase()}. The customer wrote: "${finding.evidence}"`,
    citations: [],
    confidence: finding.judgedBy === 'pattern' ? 1 : 0.7,
    reason:
      finding.judgedBy === 'pattern'
        ? `The customer's message matches the "${rule.name}" rule.`
        : `The model judged the customer's message to match the "${rule.name}" rule.`,
    triggerMessageId: message.id,
    createdAt: now.toISOString(),
    feedback: [],
    severity: rule.severity
  }
}
