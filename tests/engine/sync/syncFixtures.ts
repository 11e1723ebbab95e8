/** Two or more desktops with their own data dirs, each with a KnowledgeStore and a TeamSync for one team. */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { useTempDirs } from '../../helpers/tempDir'
import { makeEntry, recordingLogger } from '../knowledge/fixtures'

export interface Desktop {
  dataDir: string
  knowledge: KnowledgeStore
  sync: TeamSync
}

export const clock = { now: () => new Date('2026-12-02T12:00:00.000Z') }

export async function desktop(
  dataDir: string,
  entries: KnowledgeEntry[],
  team = 'cloud-support'
): Promise<Desktop> {
  const knowledge = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  for (const item of entries) await knowledge.put(item)
  return { dataDir, knowledge, sync: new TeamSync(dataDir, team, knowledge, clock) }
}

/**
 * The desktops of one test file, each in a fresh temporary data folder: after each test every one is closed, then
 * its folder removed. Call once, at the top of the file.
 */
export function useDesktops(): {
  /** A desktop holding these entries for the team (default cloud-support). */
  make: (entries: KnowledgeEntry[], team?: string) => Promise<Desktop>
  /** Closes a desktop now (to hand its data folder to a command), instead of after the test. */
  close: (d: Desktop) => Promise<void>
  /** A fresh temporary folder (for bundles, clones), removed after the test. */
  tempDir: () => Promise<string>
} {
  const tempDir = useTempDirs()
  const open: Desktop[] = []
  // Registered after the folders' removal, so it runs before it (vitest runs after-hooks last registered first).
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.knowledge.close()))
  })
  const make = async (entries: KnowledgeEntry[], team?: string): Promise<Desktop> => {
    const d = await desktop(await tempDir(), entries, team)
    open.push(d)
    return d
  }
  const close = async (d: Desktop): Promise<void> => {
    open.splice(open.indexOf(d), 1)
    await d.knowledge.close()
  }
  return { make, close, tempDir }
}

/** Whether git is on PATH: a test that checks a result with git itself is skipped (saying so) without it. */
export function hasSystemGit(): boolean {
  try {
    execFileSync('git', ['--version'])
    return true
  } catch {
    return false
  }
}

/** `count` learned entries, `prefix-0` to `prefix-<count - 1>`. */
export const many = (prefix: string, count: number): KnowledgeEntry[] =>
  Array.from({ length: count }, (_, index) => learned(`${prefix}-${index}`))

export const learned = (id: string, overrides: Partial<KnowledgeEntry> = {}): KnowledgeEntry =>
  makeEntry({
    id,
    title: `Fix for ${id}`,
    provenance: [{ kind: 'learned', at: '2026-03-02T09:15:00.000Z', by: 'Ana' }],
    ...overrides
  })

/** Id -> "version title" of a desktop's entries, to compare replicas. */
export function contents(d: Desktop, team = 'cloud-support'): Record<string, string> {
  return Object.fromEntries(
    d.knowledge.entries(team).map((e) => [e.id, `${e.version} ${e.status} ${e.title}`])
  )
}
