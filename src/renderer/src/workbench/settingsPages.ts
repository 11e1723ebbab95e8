/** The settings screen's pages, which page holds each field, and each field's name as the screen shows it. */
import { overlayShortcutLabels } from '../../../shared/overlayShortcuts'
import { numberFields } from './settingsFields'

export const settingsPages = [
  { id: 'general', label: 'General' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'model', label: 'Model' },
  { id: 'escalation', label: 'Escalation' },
  { id: 'learning', label: 'Learning' }
] as const
export type SettingsPageId = (typeof settingsPages)[number]['id']

const pageOfSection: Record<string, SettingsPageId> = {
  pipeline: 'pipeline',
  llm: 'model',
  escalation: 'escalation',
  learning: 'learning'
}

/** The page a field ("pipeline.answerThreshold", "escalation.rules.0.name") is on; General for the rest. */
export const pageOfField = (path: string): SettingsPageId => pageOfSection[path.split('.')[0]!] ?? 'general'

const otherLabels: Record<string, string> = {
  analystName: 'Analyst name',
  team: 'Team',
  'overlay.corner': 'Overlay corner',
  'overlay.clickThrough': 'Click-through',
  'llm.modelPath': 'Model file',
  'llm.remoteUrl': 'Server URL',
  'llm.remoteModel': 'Chat model',
  'llm.remoteEmbeddingModel': 'Embedding model id',
  'learning.publish': 'Publish learned entries'
}
const ruleParts: Record<string, string> = {
  name: 'name',
  patterns: 'patterns',
  description: 'description',
  positiveExamples: 'examples that should match',
  negativeExamples: 'examples that should not match',
  id: 'id'
}

/**
 * A field's name in words: "Answer threshold", "Escalation rule VIP customer: patterns" (by the rule's name when
 * `ruleNames` gives one; "Escalation rule 2 name" otherwise); the path itself when unknown.
 */
export function fieldLabel(path: string, ruleNames: readonly string[] = []): string {
  const number = numberFields.find((field) => `${field.section}.${field.key}` === path)
  if (number) return number.label
  const rule = /^escalation\.rules\.(\d+)\.(\w+)(?:\.(\d+))?/.exec(path)
  if (rule) {
    const part = `${ruleParts[rule[2]!] ?? rule[2]}${rule[3] ? `, line ${Number(rule[3]) + 1}` : ''}`
    const name = ruleNames[Number(rule[1])]?.trim()
    return name ? `Escalation rule "${name}" ${part}` : `Escalation rule ${Number(rule[1]) + 1} ${part}`
  }
  const shortcut = /^overlay\.shortcuts\.(\w+)$/.exec(path)
  if (shortcut && shortcut[1]! in overlayShortcutLabels) {
    return `Shortcut: ${overlayShortcutLabels[shortcut[1] as keyof typeof overlayShortcutLabels]}`
  }
  return otherLabels[path] ?? path
}

/** How many invalid fields each page has. */
export function problemsPerPage(fieldErrors: Record<string, string>): Record<SettingsPageId, number> {
  const counts = Object.fromEntries(settingsPages.map((page) => [page.id, 0])) as Record<
    SettingsPageId,
    number
  >
  for (const path of Object.keys(fieldErrors)) counts[pageOfField(path)]++
  return counts
}

/** "Pipeline › Answer threshold: must be 1 or less", one per invalid field, in page order. */
export function problemList(
  fieldErrors: Record<string, string>,
  ruleNames: readonly string[] = []
): string[] {
  const order = settingsPages.map((page) => page.id)
  return Object.entries(fieldErrors)
    .sort(([a], [b]) => order.indexOf(pageOfField(a)) - order.indexOf(pageOfField(b)))
    .map(([path, problem]) => {
      const page = settingsPages.find((p) => p.id === pageOfField(path))!
      return `${page.label} › ${fieldLabel(path, ruleNames)}: ${problem}`
    })
}
