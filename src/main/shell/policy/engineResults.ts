/**
 * The few engine results the shell itself follows: the overlay's corner and opacity, and the demo source's state
 * (for the tray). Results are checked against the contract's schemas, so a bad value is ignored, never applied.
 */
import { EngineStatus, SettingsView, SourceStatus } from '../../../shared/contract'
import type { Result } from '../../../shared/errors'
import type { Settings } from '../../../shared/settings'

/** The overlay settings returned by a successful `settings.get` or `settings.update`, else null. */
export function overlaySettingsFrom(route: unknown, result: Result<unknown>): Settings['overlay'] | null {
  if ((route !== 'settings.get' && route !== 'settings.update') || !result.ok) return null
  const view = SettingsView.safeParse(result.value)
  return view.success ? view.data.settings.overlay : null
}

/** The source status returned by a successful `engine.status` or `demo.control`, else null. */
export function sourceStatusFrom(route: unknown, result: Result<unknown>): SourceStatus | null {
  if (!result.ok) return null
  if (route === 'engine.status') {
    const status = EngineStatus.safeParse(result.value)
    return status.success ? status.data.source : null
  }
  if (route === 'demo.control') {
    const source = SourceStatus.safeParse(result.value)
    return source.success ? source.data : null
  }
  return null
}
