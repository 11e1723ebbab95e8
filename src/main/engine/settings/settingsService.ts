/** The engine's view of settings: loaded leniently (bad values → defaults + warnings), updated strictly. */
import {
  applySettingsPatch,
  parseSettings,
  type Settings,
  type SettingsPatch
} from '../../../shared/settings'
import type { SettingsBackend } from '../host'

export class SettingsService {
  private current: Settings
  private warnings: string[]
  private readonly listeners = new Set<(settings: Settings) => void>()

  constructor(private readonly backend: SettingsBackend) {
    let raw: unknown
    const readWarnings: string[] = []
    try {
      raw = backend.read()
    } catch (error) {
      readWarnings.push(`${backend.location}: ${(error as Error).message}; using defaults`)
    }
    const problem = backend.problem?.()
    if (problem) readWarnings.push(problem)
    const parsed = parseSettings(raw, backend.location)
    this.current = parsed.settings
    this.warnings = [...readWarnings, ...parsed.warnings]
  }

  get(): Settings {
    return this.current
  }

  getWarnings(): string[] {
    return [...this.warnings]
  }

  /** Validates and stores a patch; throws InvalidSettingsError naming the fields, leaving settings unchanged. */
  update(patch: SettingsPatch): Settings {
    const next = applySettingsPatch(this.current, patch)
    this.backend.write(next)
    this.current = next
    this.warnings = []
    for (const listener of this.listeners) listener(next)
    return next
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
