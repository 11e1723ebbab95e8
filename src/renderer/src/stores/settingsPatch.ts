import type { Settings, SettingsPatch } from '../../../shared/settings'

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
