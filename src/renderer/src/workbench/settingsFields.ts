/** The numeric settings the form shows, with the same bounds as the settings schema (the engine still decides). */
import type { Settings, SettingsPatch } from '../../../shared/settings'

export type SettingsSection = 'pipeline' | 'learning' | 'demo' | 'overlay'

export interface NumberField {
  section: SettingsSection
  key: string
  label: string
  hint: string
  min: number
  max: number
  step: number
}

export const numberFields: NumberField[] = [
  {
    section: 'pipeline',
    key: 'answerThreshold',
    label: 'Answer threshold',
    hint: 'Minimum similarity (0–1) before Vigil speaks',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'pipeline',
    key: 'cooldownSeconds',
    label: 'Cooldown (seconds)',
    hint: 'Quiet period after a suggestion on the same ticket',
    min: 0,
    max: 86_400,
    step: 10
  },
  {
    section: 'pipeline',
    key: 'duplicateSimilarity',
    label: 'Duplicate similarity',
    hint: 'Suppress a suggestion this similar (0–1) to one already shown',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'pipeline',
    key: 'stalledAfterMinutes',
    label: 'Stalled after (minutes)',
    hint: 'An unanswered customer message this old wakes Vigil',
    min: 1,
    max: 10_080,
    step: 1
  },
  {
    section: 'pipeline',
    key: 'maxCitations',
    label: 'Citations per suggestion',
    hint: '1 to 3',
    min: 1,
    max: 3,
    step: 1
  },
  {
    section: 'learning',
    key: 'mergeThreshold',
    label: 'Merge threshold',
    hint: 'Similarity (0–1) above which a learned entry merges into an existing one',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'demo',
    key: 'speed',
    label: 'Demo speed',
    hint: 'Multiple of real time',
    min: 0.1,
    max: 100_000,
    step: 1
  },
  {
    section: 'overlay',
    key: 'opacity',
    label: 'Overlay opacity',
    hint: '0.3 to 1',
    min: 0.3,
    max: 1,
    step: 0.02
  }
]

/** Only what changed, so a save never rewrites fields the analyst did not touch. */
export function settingsPatch(saved: Settings, draft: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(draft) as (keyof Settings)[]) {
    const before = saved[key]
    const after = draft[key]
    if (typeof after !== 'object' || after === null) {
      if (after !== before) patch[key] = after
      continue
    }
    // Lists (e.g. escalation rules) are copies in the draft: compare their contents, not their identity.
    const changed = Object.entries(after).filter(
      ([field, value]) => JSON.stringify((before as Record<string, unknown>)[field]) !== JSON.stringify(value)
    )
    if (changed.length) patch[key] = Object.fromEntries(changed)
  }
  return patch as SettingsPatch
}
