/**
 * Vigil's settings: one schema with defaults. Stored by electron-store in the app and as a JSON file headless.
 * Invalid values never block start-up: each falls back to its default and produces a warning naming the field.
 * The larger groups have their own files (pipelineSettings, llmSettings, escalationRules); this one assembles them,
 * and reads, patches and checks the whole.
 */
import { fieldIssues, plainIssue } from './settingsIssues'
import { z } from 'zod'
import { ErrorCode, VigilError } from './errors'
import { OverlayShortcuts } from './overlayShortcuts'
import { escalationRuleIssues, ruleFieldsOf } from './escalationRuleChecks'
import { EscalationSettings } from './escalationRules'
import { LlmSettings } from './llmSettings'
import { LearningSettings, PipelineSettings } from './pipelineSettings'
import { unknownSettingNames } from './unknownSettings'

export { EscalationRule, EscalationSettings } from './escalationRules'
export { LlmSettings, remoteApiKeySecret } from './llmSettings'
export { LearningSettings, PipelineSettings } from './pipelineSettings'

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
    if (result.success)
      return {
        settings: result.data,
        warnings: [...warnings, ...unknownSettingNames(raw, result.data, source)]
      }
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
  if (result.success) return requiredTogether(result.data)
  // The rules' own checks too, for the fields the schema did not refuse: every problem is said at once.
  const issues = fieldIssues(result.error.issues)
  const rules = escalationRuleIssues(ruleFieldsOf(candidate), issues)
  if (Object.keys(rules).length === 0) return issues
  // In the order of the fields, a rule's lines in their order.
  return Object.fromEntries(
    Object.entries({ ...rules, ...issues }).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
  )
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
  const issues = settingsFieldIssues(merged)
  if (Object.keys(issues).length > 0) {
    throw new InvalidSettingsError(Object.entries(issues).map(([field, problem]) => `${field} ${problem}`))
  }
  return result.data!
}
