/** Small real helpers for the knowledge tests: temp folders, entries, a logger that remembers. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emptyCounters, type KnowledgeEntry } from '../../../src/shared/domain'
import type { Logger } from '../../../src/main/engine/host'
import { KnowledgeStore, type KnowledgeStoreOptions } from '../../../src/main/engine/knowledge/knowledgeStore'

export async function makeTempDir(): Promise<{ root: string; dir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-knowledge-'))
  return { root, dir: join(root, 'knowledge'), remove: () => rm(root, { recursive: true, force: true }) }
}

export function makeEntry(overrides: Partial<KnowledgeEntry> & Pick<KnowledgeEntry, 'id'>): KnowledgeEntry {
  return {
    team: 'cloud-support',
    title: `Entry ${overrides.id}`,
    problem: 'Something does not work',
    symptoms: [],
    resolution: ['Restart it'],
    sourceTicketIds: ['T-1'],
    author: 'learned',
    status: 'active',
    version: 1,
    createdAt: '2026-03-02T09:15:00.000Z',
    updatedAt: '2026-03-02T09:15:00.000Z',
    counters: emptyCounters(),
    ...overrides
  }
}

export interface RecordingLogger extends Logger {
  lines: Array<{ level: string; message: string; data?: Record<string, unknown> }>
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  return {
    lines,
    info: (message, data) => lines.push({ level: 'info', message, data }),
    warn: (message, data) => lines.push({ level: 'warn', message, data }),
    error: (message, data) => lines.push({ level: 'error', message, data })
  }
}

export function openStore(
  dir: string,
  options: Partial<KnowledgeStoreOptions> = {}
): Promise<KnowledgeStore> {
  return KnowledgeStore.open({ dir, logger: recordingLogger(), ...options })
}

/** Exact cosine of two dense vectors: the reference the quantised and hybrid searches are checked against. */
export function denseCosine(a: number[], b: number[]): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return dot / Math.sqrt(na * nb)
}
