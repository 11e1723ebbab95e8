/**
 * Vigil's settings: one schema with defaults. Stored by electron-store in the app and as a JSON file headless.
 * Invalid values never block start-up: each falls back to its default and produces a warning naming the field.
 */
import { fieldIssues, plainIssue } from './settingsIssues'
import { z } from 'zod'
import { ErrorCode, VigilError } from './errors'
import { OverlayShortcuts } from './overlayShortcuts'
import { escalationRuleIssues } from './escalationRuleChecks'
import { patternProblem } from './patternSafety'

export const PipelineSettings = z.object({
  /** Similarity (0..1) at which any entry, even a single precedent, is worth showing. Default 0.2. */
  answerThreshold: z.number().min(0).max(1).default(0.2),
  /** Similarity at which an entry confirmed on two or more tickets is worth showing. Default 0.12. */
  confirmedThreshold: z.number().min(0).max(1).default(0.12),
  /**
   * An entry confirmed on two or more tickets that answered at least this share of the team's resolved tickets is
   * the team's common answer: shown whenever the conversation matches it at all. Default 0.14; 1 turns it off.
   */
  dominantShare: z.number().min(0).max(1).default(0.14),
  /**
   * Probability (0..1, learned from the team's resolved cases) at which an entry the conversation's words favour is
   * shown as the likely answer. Default 0.3; 1 turns the rule off.
   */
  likelyAnswer: z.number().min(0).max(1).default(0.3),
  /** Quiet period after a suggestion on the same ticket, in seconds of conversation time. Default 120. */
  cooldownSeconds: z.number().int().min(0).max(86_400).default(120),
  /** A suggestion whose text is this similar (0..1) to one already shown on the ticket is suppressed. Default 0.8. */
  duplicateSimilarity: z.number().min(0).max(1).default(0.8),
  /** A customer message left unanswered this long makes the case "stalled" and wakes Vigil. Default 15. */
  stalledAfterMinutes: z.number().int().min(1).max(10_080).default(15),
  /** Citations per suggestion. Default 3 (the maximum). */
  maxCitations: z.number().int().min(1).max(3).default(3),
  /**
   * Time budget of one message's model stages, in seconds: past it, the unfinished stages are abandoned and the
   * message gets the retrieval-only result. Default 20.
   */
  messageBudgetSeconds: z.number().int().min(1).max(600).default(20)
})

export const LearningSettings = z.object({
  /** Learn knowledge entries from resolved tickets. Default true. */
  enabled: z.boolean().default(true),
  /** Similarity (0..1) above which a newly learned entry merges into an existing one. Default 0.2. */
  mergeThreshold: z.number().min(0).max(1).default(0.2),
  /**
   * When learned entries go live: `immediately`, `after-observations` (once `minObservations` cases agree), or
   * `after-approval` (a person approves each in the review queue). Default immediately.
   */
  publish: z.enum(['immediately', 'after-observations', 'after-approval']).default('immediately'),
  /** Cases needed before a learned entry goes live under `after-observations`. Default 2. */
  minObservations: z.number().int().min(1).max(100).default(2),
  /** An entry refuted this many times (and no longer trusted) is retired. Default 3. */
  retireAfterFailures: z.number().int().min(1).max(100).default(3),
  /** Tune how readily Vigil interrupts from the reactions it gets. Default true. */
  adaptive: z.boolean().default(true),
  /** The share of shown suggestions that should be adopted or liked; adaptation aims for it. Default 0.8. */
  targetAcceptance: z.number().min(0.1).max(1).default(0.8)
})

export const DemoSettings = z.object({
  /**
   * Replay speed of the demo: a multiple of the built-in demo's designed pace (`resources/demo/schedule.json`; a
   * cases file of one's own: of real time). Default 1.
   */
  speed: z.number().positive().max(100_000).default(1)
})

export const OverlaySettings = z.object({
  /** Corner of the screen the overlay sits in. Default bottom-right. */
  corner: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']).default('bottom-right'),
  /** Window opacity 0.3..1. Default 0.96. */
  opacity: z.number().min(0.3).max(1).default(0.96),
  /** Clicks pass through the overlay to the window below (the keyboard shortcuts still work). Default false. */
  clickThrough: z.boolean().default(false),
  /** Global keyboard shortcuts of the desktop app (see shared/overlayShortcuts). */
  shortcuts: OverlayShortcuts.prefault({})
})

export const LlmSettings = z.object({
  /** 'off': retrieval only; 'local': a GGUF model file on this machine; 'remote': an OpenAI-compatible server. */
  mode: z.enum(['off', 'local', 'remote']).default('off'),
  /** The GGUF file for local mode, picked by the user (nothing is ever downloaded). Default none. */
  modelPath: z.string().max(4096).default(''),
  /** 'auto' uses CUDA, Vulkan or Metal when present and falls back to the CPU; 'off' always uses the CPU. */
  gpu: z.enum(['auto', 'off']).default('auto'),
  /** CPU threads for local generation; 0 means one per core of this machine, less one. Default 0. */
  threads: z.number().int().min(0).max(256).default(0),
  /** Context window of the local model, in tokens. Default 4096. */
  contextSize: z.number().int().min(256).max(131_072).default(4096),
  /** Base URL of the remote server, e.g. `http://127.0.0.1:11434/v1`. Its API key lives in the secret store. */
  remoteUrl: z
    .string()
    .max(2000)
    .refine((url) => url === '' || isHttpUrl(url), {
      message: 'must be an http:// or https:// address, like http://127.0.0.1:11434/v1'
    })
    // A password in the address would be stored in the settings file in plain text and shown in messages.
    .refine((url) => !hasCredentials(url), {
      message: "must not hold a user name or password: put the server's key in the API key field"
    })
    .default(''),
  /** Chat model id on the remote server. */
  remoteModel: z.string().max(200).default(''),
  /** Embedding model id on the remote server; empty uses the chat model. */
  remoteEmbeddingModel: z.string().max(200).default(''),
  /**
   * Context window of the remote model, in tokens: prompts are built to fit it. 0 reads it from the server's model
   * list, or assumes 4096 when the server does not say. Default 0.
   */
  remoteContextSize: z.number().int().min(0).max(1_048_576).default(0),
  /** Time budget of one model call, in milliseconds. Default 60 000. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Model calls running at once, across all tickets, Ask and learning; the rest wait their turn. Default 2. */
  maxConcurrentCalls: z.number().int().min(1).max(64).default(2),
  /**
   * Use the model even when it fails Vigil's self-check, or when its verdicts keep contradicting strong retrieval
   * evidence (the warnings are still shown). Default false: such a model is set aside and Vigil runs retrieval-only.
   */
  useUnreliableModel: z.boolean().default(false),
  /**
   * Time budget of one Ask answer or one Summarize, in seconds, for all its model calls (retries and the wait for
   * a free call slot included): past it, the analyst gets the retrieval-only answer or summary. Default 60.
   */
  assistBudgetSeconds: z.number().int().min(1).max(600).default(60),
  /**
   * Time budget of the model calls that learn from one resolved case, in seconds: past it, the case is learned the
   * extractive way (the analysts' own words). Default 120.
   */
  learningBudgetSeconds: z.number().int().min(1).max(1800).default(120)
})

function hasCredentials(text: string): boolean {
  try {
    const url = new URL(text)
    return url.username !== '' || url.password !== ''
  } catch {
    return false
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

function refusePatternProblem(pattern: string, context: z.RefinementCtx): void {
  const problem = patternProblem(pattern)
  if (problem) context.addIssue({ code: 'custom', message: `pattern ${pattern} is refused: ${problem}` })
}

export const EscalationRule = z.object({
  id: z.string().min(1).max(60),
  name: z.string().min(1).max(120),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  /**
   * Case-insensitive regular expressions; any match flags the conversation, with or without a model. A pattern that
   * does not compile or can backtrack catastrophically is refused when saved (and dropped, with a warning, on load).
   */
  patterns: z.array(z.string().max(500).superRefine(refusePatternProblem)).max(30),
  /** What the rule means, for the model to judge messages the patterns miss (when a model is configured). */
  description: z.string().max(1_000),
  positiveExamples: z.array(z.string().max(500)).max(10),
  negativeExamples: z.array(z.string().max(500)).max(10),
  enabled: z.boolean()
})
export type EscalationRule = z.infer<typeof EscalationRule>

const defaultEscalationRules: EscalationRule[] = [
  {
    id: 'widespread',
    name: 'Many customers or regions affected',
    severity: 'critical',
    // Evidence of several customers or regions, never one customer's own people ("nobody on our team", "all our
    // users", "about 140 users") or own clients ("other customers we load data for": theirs, not ours), and never a
    // question ("Is there an outage?", "Are other customers affected?").
    patterns: [
      '(?<!\\b(?:our|my) )\\b(?:other|several|many|multiple|most|all|two|three|\\d+) (?:other )?(?:of (?:your|the) )?(?:(?!our\\b|my\\b)[a-z]+ )?(?:customers|clients|tenants|companies|organi[sz]ations|workspaces)\\b(?! (?:that |who |whom )?(?:we|i)\\b| of (?:ours|mine)\\b)(?![^.!?\\n]*\\?)',
      '\\b(?:customers|clients|users) (?:in|across|from) (?:several|multiple|many|all|different|both|two|three) (?:regions|countries|data ?cent(?:er|re)s)\\b',
      '\\b(?:several|multiple|many|all|different) (?:regions|countries|data ?cent(?:er|re)s|availability zones)\\b(?![^.!?\\n]*\\?)',
      '\\b(?:EU|US|UK|APAC|EMEA) and (?:EU|US|UK|APAC|EMEA) (?:customers|clients|users|regions)\\b',
      '\\b(?:widespread|global|platform[- ]wide|region(?:al|-wide)|major) (?:outage|incident|failure)\\b(?![^.!?\\n]*\\?)'
    ],
    description:
      'The problem affects several customers, or several regions or data centres, at once: not only one ' +
      "customer's own users or team.",
    positiveExamples: [
      'EU and US customers both get errors',
      'Other Nimbus customers in our region see the same errors'
    ],
    negativeExamples: [
      'I cannot log in on my laptop',
      'Nobody on our team can log in since the certificate rotation',
      'Is there an outage? All our users get an error',
      'Other customers we load data for see the same'
    ],
    enabled: true
  },
  {
    id: 'business-impact',
    name: 'Business impact',
    severity: 'high',
    patterns: [
      '\\b(?:losing (?:money|revenue|sales|customers)|revenue|production (?:is )?down|sla|penalt(?:y|ies))\\b',
      '\\b(?:cancel|terminate|end) (?:our|the) (?:contract|subscription|account)\\b'
    ],
    description: 'The customer loses money, production is down, or the contract is at risk.',
    positiveExamples: [
      'Our checkout has been down for an hour, we are losing sales',
      'We will cancel our contract'
    ],
    negativeExamples: ['How do I change my billing address?'],
    enabled: true
  },
  {
    id: 'angry',
    name: 'Angry or threatening customer',
    severity: 'high',
    patterns: [
      '\\b(?:lawyer|legal action|sue you|lawsuit|unacceptable|ridiculous|furious|worst (?:service|support))\\b',
      '\\b(?:report you|go public|twitter|social media)\\b'
    ],
    description: 'The customer is angry, threatens legal action, or threatens to go public.',
    positiveExamples: [
      'This is unacceptable, I am calling my lawyer',
      'Third time I write, worst support ever'
    ],
    negativeExamples: ['Thanks, that fixed it!', 'Could you check again please?'],
    enabled: true
  },
  {
    id: 'security',
    name: 'Security incident',
    severity: 'critical',
    patterns: [
      '\\b(?:breach|hacked|compromised|leak(?:ed)?|phishing|ransomware|malware|unauthori[sz]ed (?:access|login|charges?))\\b',
      '\\b(?:someone (?:else )?(?:logged|signed) in|stolen (?:password|credentials|account))\\b'
    ],
    description: 'An account, data or system may be compromised, or data may have leaked.',
    positiveExamples: [
      'There are logins from a country we have never been to',
      'Our API key was posted publicly'
    ],
    negativeExamples: ['How do I enable two-factor authentication?'],
    enabled: true
  },
  {
    id: 'vip',
    name: 'VIP customer',
    severity: 'medium',
    patterns: [],
    description: 'The customer is on the team’s VIP list (add their names or domains as patterns).',
    positiveExamples: [],
    negativeExamples: [],
    // Off until the team adds its VIPs: with no patterns it would only ever fire on a model's guess.
    enabled: false
  }
]

export const EscalationSettings = z.object({
  /** Watch conversations for these rules. Default true. */
  enabled: z.boolean().default(true),
  /** The same rule does not alert again on the same ticket within this many minutes. Default 60. */
  suppressMinutes: z.number().int().min(0).max(10_080).default(60),
  /** Show a desktop notification for alerts of this severity and above. Default high. */
  notifyFrom: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
  rules: z.array(EscalationRule).max(50).default(defaultEscalationRules)
})

/** Secret-store key of the remote server's API key. */
export const remoteApiKeySecret = 'llm.remoteApiKey'

export const Settings = z.object({
  /** Display name of the analyst using this desktop. */
  analystName: z.string().min(1).max(100).default('Analyst'),
  /** The analyst's team: the knowledge base used for their tickets. */
  team: z.string().min(1).max(100).default('cloud-support'),
  pipeline: PipelineSettings.prefault({}),
  learning: LearningSettings.prefault({}),
  demo: DemoSettings.prefault({}),
  overlay: OverlaySettings.prefault({}),
  llm: LlmSettings.prefault({}),
  escalation: EscalationSettings.prefault({}),
  /**
   * Days a resolved (and learned) ticket stays in memory and in events.jsonl, read at every start: past that (within
   * a tenth more) its events and suggestions move to the archives, and it reloads when it gets another event or the
   * workbench opens it. Default 30.
   */
  resolvedRetentionDays: z.number().int().min(1).max(3650).default(30)
})
export type Settings = z.infer<typeof Settings>
export type SettingsInput = z.input<typeof Settings>

export const defaultSettings = (): Settings => Settings.parse({})

export interface SettingsParseResult {
  settings: Settings
  /** One line per field that was invalid and replaced by its default. */
  warnings: string[]
}

/**
 * Parses stored settings leniently: every invalid field is replaced by its default and reported,
 * so one bad value never loses the rest of the user's settings.
 */
export function parseSettings(raw: unknown, source = 'settings'): SettingsParseResult {
  const warnings: string[] = []
  if (raw === undefined || raw === null) return { settings: defaultSettings(), warnings }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push(`${source}: expected an object, using all defaults`)
    return { settings: defaultSettings(), warnings }
  }
  let candidate: unknown = structuredClone(raw)
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = Settings.safeParse(candidate)
    if (result.success) return { settings: result.data, warnings }
    for (const issue of result.error.issues) {
      const path = issue.path.map(String)
      warnings.push(`${source}: ${path.join('.') || '(root)'} ${plainIssue(issue)}; using the default`)
      candidate = withoutPath(candidate, path)
    }
  }
  warnings.push(`${source}: could not be repaired, using all defaults`)
  return { settings: defaultSettings(), warnings }
}

function withoutPath(value: unknown, path: string[]): unknown {
  if (path.length === 0) return undefined
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  const [head, ...rest] = path as [string, ...string[]]
  if (rest.length === 0) delete copy[head]
  else copy[head] = withoutPath(copy[head], rest)
  return copy
}

/** A partial update from the settings screen: any subset of fields, one level deep. */
export type SettingsPatch = {
  [K in keyof Settings]?: Settings[K] extends Record<string, unknown> ? Partial<Settings[K]> : Settings[K]
}

const section = z.record(z.string(), z.unknown()).optional()
/** Shape check only; values are validated by {@link applySettingsPatch} against the full schema. */
export const SettingsPatch = z.strictObject({
  analystName: z.string().optional(),
  team: z.string().optional(),
  pipeline: section,
  learning: section,
  demo: section,
  overlay: section,
  llm: section,
  escalation: section,
  resolvedRetentionDays: z.number().optional()
}) as unknown as z.ZodType<SettingsPatch>

export class InvalidSettingsError extends VigilError {
  constructor(readonly fields: string[]) {
    super(ErrorCode.settingsInvalid, `Invalid settings: ${fields.join('; ')}`)
  }
}

/** What is wrong with each field of a candidate, in plain words; empty when the settings are valid. */
export function settingsFieldIssues(candidate: unknown): Record<string, string> {
  const result = Settings.safeParse(candidate)
  return result.success ? requiredTogether(result.data) : fieldIssues(result.error.issues)
}

/**
 * Fields another field's choice makes necessary (a remote model needs its server's address). Checked when settings
 * are edited, not when stored ones are read: a half-configured model must not reset the rest to defaults.
 */
function requiredTogether(settings: Settings): Record<string, string> {
  const issues = escalationRuleIssues(settings.escalation.rules)
  if (settings.llm.mode === 'remote' && settings.llm.remoteUrl === '')
    issues['llm.remoteUrl'] = "must be the server's address when the model is a server"
  return issues
}

/** Merges a patch into the current settings and validates strictly: a bad value is refused, not defaulted. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    const existing = merged[key]
    merged[key] =
      typeof value === 'object' && value !== null && typeof existing === 'object'
        ? { ...existing, ...value }
        : value
  }
  const result = Settings.safeParse(merged)
  const issues = result.success ? requiredTogether(result.data) : fieldIssues(result.error.issues)
  if (Object.keys(issues).length > 0) {
    throw new InvalidSettingsError(Object.entries(issues).map(([field, problem]) => `${field} ${problem}`))
  }
  return result.data!
}
