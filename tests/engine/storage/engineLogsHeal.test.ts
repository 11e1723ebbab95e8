/** A crash that cut the last line of events.jsonl or suggestions.jsonl no longer stops the engine from starting. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EngineStatus } from '../../../src/shared/contract'
import { buildEngine, call, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

function cutLastLine(file: string): void {
  const text = readFileSync(file, 'utf8')
  const lastStart = text.lastIndexOf('\n', text.length - 2) + 1
  writeFileSync(file, text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2)))
}

describe('engine start with torn logs', () => {
  it('starts, reports each torn record once in the status, and keeps the fragments aside', async () => {
    const dataDir = await tempDir()
    const first = await runToEnd(dataDir)
    const before = await call<EngineStatus>(first.engine, 'engine.status')
    await first.engine.stop()
    cutLastLine(join(dataDir, 'events.jsonl'))
    cutLastLine(join(dataDir, 'suggestions.jsonl'))

    const second = buildEngine(dataDir, { kind: 'none' })
    await second.engine.start()
    const status = await call<EngineStatus>(second.engine, 'engine.status')
    await second.engine.stop()
    const torn = status.warnings.filter((warning) => warning.includes('an unfinished last record'))
    expect(torn).toHaveLength(2)
    expect(torn.join('\n')).toContain('events.jsonl line')
    expect(torn.join('\n')).toContain('suggestions.jsonl line')
    expect(status.tickets).toBe(before.tickets)
    expect(readdirSync(dataDir).filter((name) => name.includes('.torn-'))).toHaveLength(2)

    const third = buildEngine(dataDir, { kind: 'none' })
    await third.engine.start()
    const again = await call<EngineStatus>(third.engine, 'engine.status')
    await third.engine.stop()
    expect(again.warnings.filter((warning) => warning.includes('unfinished'))).toEqual([])
  }, 60_000)
})
