import type { Platform } from './accelerator'

/** What `hostPlatform` reads: Node's `process.platform`, or a browser's `navigator.userAgent`. */
export interface PlatformClues {
  process?: { platform?: string }
  navigator?: { userAgent?: string }
}

/**
 * Whether the code runs on a Mac: in Node (the engine, the desktop shell) from `process.platform`, in a page (the
 * renderer) from the browser's user agent. Shared code reads it for per-platform defaults (the global shortcuts).
 */
export function hostPlatform(clues: PlatformClues = globalThis as PlatformClues): Platform {
  const platform = clues.process?.platform
  if (platform) return platform === 'darwin' ? 'mac' : 'other'
  return /Mac|iPhone|iPad/.test(clues.navigator?.userAgent ?? '') ? 'mac' : 'other'
}
