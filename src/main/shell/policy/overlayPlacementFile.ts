/**
 * The overlay's remembered positions on disk (`overlay-placement.json` in the app's data folder). Positions are a
 * convenience: an unreadable file is moved aside and the overlay starts in its corner; a failed write is reported and
 * the overlay keeps working.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { parseSavedPlacements, type SavedPlacements } from './overlayPlacement'
import { quarantineFile } from './quarantineFile'

export interface PlacementFile {
  /** The stored placements (none when absent or unreadable; `problem` then says why). */
  load(): { saved: SavedPlacements; problem: string | null }
  /** Writes the placements whole (a temporary file renamed over the old one); throws what the disk refused. */
  save(saved: SavedPlacements): void
}

export function createPlacementFile(path: string, clock: () => Date = () => new Date()): PlacementFile {
  return {
    load() {
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { saved: {}, problem: null }
        return { saved: {}, problem: `${path} could not be read (${(error as Error).message})` }
      }
      let raw: unknown
      try {
        raw = JSON.parse(text)
      } catch {
        raw = Symbol('not JSON')
      }
      const parsed = parseSavedPlacements(raw)
      if (parsed.problem) {
        const movedTo = quarantineFile(path, clock())
        return { saved: {}, problem: `${path}: ${parsed.problem} (kept as ${movedTo})` }
      }
      return parsed
    },
    save(saved) {
      const temporary = `${path}.tmp`
      writeFileSync(temporary, `${JSON.stringify(saved, null, 2)}\n`)
      renameSync(temporary, path)
    }
  }
}
