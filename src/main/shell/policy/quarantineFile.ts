/** Moves an unreadable file aside instead of deleting it, so a person (or support) can still recover it. */
import { existsSync, renameSync } from 'node:fs'

/** Renames `path` to `<path>.corrupt-<time>`; returns the new path, or null when there was nothing to move. */
export function quarantineFile(path: string, now: Date): string | null {
  if (!existsSync(path)) return null
  const target = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
  renameSync(path, target)
  return target
}
