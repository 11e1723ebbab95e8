/**
 * No resolution goes unlearned: when knowledge cannot be written (here a damaged team, which is read-only), each
 * resolution stays pending, is a problem in the status, makes `vigil replay` exit 1, and is learned at the next
 * start once the cause is fixed. Also the retry loop itself (learning/pendingLearning.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/main/cli/index'
import { isFixableLearningFailure, PendingLearning } from '../../../src/main/engine/learning/pendingLearning'
import { ErrorCode, VigilError } from '../../../src/shared/errors'
import type { EngineStatus } from '../../../src/shared/contract'
import { buildEngine, call, demoCases } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'
import { captureIo } from '../../helpers/captureIo'

const tempDir = useTempDirs()

describe('pending learning', () => {
  it('keeps every resolution of a damaged team pending, fails the replay, and learns them once it is fixed', async () => {
    const dataDir = await tempDir()
    const folder = join(dataDir, 'knowledge', 'cloud-support')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'team.json'), JSON.stringify({ format: 1, team: 'cloud-support' }))
    writeFileSync(join(folder, 'snapshot.jsonl'), 'not json\n')

    const replay = captureIo()
    expect(await main(['replay', '--demo', '--json', '--data-dir', dataDir], replay.io)).toBe(1)
    const lines = replay
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const summary = lines.at(-1)!
    expect(summary).toMatchObject({ type: 'summary', learned: 0, notLearned: demoCases().length })
    expect(lines.filter((line) => line.type === 'not-learned').length).toBeGreaterThanOrEqual(
      demoCases().length
    )
    expect(replay.stderr()).toContain(`${demoCases().length} resolved tickets were not learned from`)
    expect(replay.stderr()).toContain('read-only until this is fixed')

    // Still damaged: the next start is told again, and still learns nothing.
    const still = buildEngine(dataDir, { kind: 'none' })
    await still.engine.start()
    await still.engine.whenSourceIdle()
    const stillStatus = await call<EngineStatus>(still.engine, 'engine.status')
    await still.engine.stop()
    expect(stillStatus.warnings.join('\n')).toContain(
      `${demoCases().length} resolved tickets are not learned yet`
    )

    writeFileSync(join(folder, 'snapshot.jsonl'), '')
    const fixed = buildEngine(dataDir, { kind: 'none' })
    await fixed.engine.start()
    await fixed.engine.whenSourceIdle()
    const status = await call<EngineStatus>(fixed.engine, 'engine.status')
    await fixed.engine.stop()
    expect(status.knowledgeEntries).toBeGreaterThan(5)
    expect(status.warnings.filter((w) => w.includes('not learned yet'))).toEqual([])
    expect(fixed.activity.filter((a) => a.type === 'learned').length).toBeGreaterThan(5)
  }, 120_000)

  it('retries on a timer until learned, then stops retrying', () => {
    vi.useFakeTimers()
    try {
      const retried: string[] = []
      const pending = new PendingLearning((r) => retried.push(r.eventId), 1000)
      pending.failed({ eventId: 'e1', ticketId: 't1', at: new Date(), reason: 'disk full' })
      expect(pending.problems()).toEqual([expect.stringContaining('1 resolved ticket is not learned yet')])
      vi.advanceTimersByTime(2500)
      expect(retried).toEqual(['e1', 'e1'])
      pending.learned('e1')
      vi.advanceTimersByTime(5000)
      expect(retried).toHaveLength(2)
      expect(pending.problems()).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })

  it('holds only failures a person can fix', () => {
    expect(isFixableLearningFailure(new VigilError(ErrorCode.storageFailed, 'x'))).toBe(true)
    expect(isFixableLearningFailure(new VigilError(ErrorCode.knowledgeUnavailable, 'x'))).toBe(true)
    expect(isFixableLearningFailure(Object.assign(new Error('EACCES'), { code: 'EACCES' }))).toBe(true)
    expect(isFixableLearningFailure(new VigilError(ErrorCode.badInput, 'x'))).toBe(false)
  })
})
