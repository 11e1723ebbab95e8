/** What the tray menu shows, as data: the Electron tray only turns these items into a native menu. */
import type { SourceStatus } from '../../../shared/contract'

export type DemoAction = 'pause' | 'resume' | 'restart'

/** The one demo control that makes sense now, or null when there is no demo source. */
export function demoAction(source: SourceStatus | null): DemoAction | null {
  if (!source || source.kind !== 'demo') return null
  switch (source.state) {
    case 'running':
      return 'pause'
    case 'idle':
    case 'paused':
      return 'resume'
    case 'finished':
    case 'error':
      return 'restart'
  }
}

export type TrayCommand =
  | { kind: 'toggle-overlay' }
  | { kind: 'open-workbench' }
  | { kind: 'demo'; action: DemoAction }
  | { kind: 'quit' }

export type TrayItem = { type: 'command'; label: string; command: TrayCommand } | { type: 'separator' }

export interface TrayState {
  overlayVisible: boolean
  /** The engine's source as last reported; null before the first status arrives. */
  source: SourceStatus | null
}

const demoLabels: Record<DemoAction, string> = {
  pause: 'Pause demo',
  resume: 'Resume demo',
  restart: 'Restart demo'
}

export function trayMenuItems(state: TrayState): TrayItem[] {
  const items: TrayItem[] = [
    {
      type: 'command',
      label: state.overlayVisible ? 'Hide overlay' : 'Show overlay',
      command: { kind: 'toggle-overlay' }
    },
    { type: 'command', label: 'Open workbench', command: { kind: 'open-workbench' } }
  ]
  const action = demoAction(state.source)
  if (action) items.push({ type: 'command', label: demoLabels[action], command: { kind: 'demo', action } })
  items.push({ type: 'separator' }, { type: 'command', label: 'Quit Vigil', command: { kind: 'quit' } })
  return items
}

/**
 * A small tray icon drawn in code (a filled ring), as raw BGRA pixels for `nativeImage.createFromBitmap`, so the
 * tray works before the app ships an icon file.
 */
export function trayIconBitmap(size = 16): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const centre = (size - 1) / 2
  const outer = size / 2 - 0.5
  const inner = outer * 0.45
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre)
      if (distance > outer) continue
      const offset = (y * size + x) * 4
      const isCore = distance <= inner
      pixels[offset] = isCore ? 0xff : 0xe0 // blue
      pixels[offset + 1] = isCore ? 0xff : 0x9a // green
      pixels[offset + 2] = isCore ? 0xff : 0x3b // red
      pixels[offset + 3] = 0xff // alpha
    }
  }
  return pixels
}
