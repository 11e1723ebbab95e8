import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileLogger, formatLogLine } from '../../src/main/shell/policy/fileLogger'

const clock = { now: () => new Date('2026-03-02T09:15:00.000Z') }

function captureConsole() {
  const lines: string[] = []
  const push = (line: string): void => {
    lines.push(line)
  }
  return { lines, console: { info: push, warn: push, error: push } }
}

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-logs-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('formatLogLine', () => {
  it('writes time, level, message and data on one line', () => {
    expect(formatLogLine(clock.now(), 'warn', 'Refused an IPC call', { route: 'x' })).toBe(
      '2026-03-02T09:15:00.000Z WARN Refused an IPC call {"route":"x"}'
    )
  })

  it('survives data that cannot be serialised', () => {
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    expect(formatLogLine(clock.now(), 'info', 'm', circular)).toContain('could not be serialised')
  })
})

describe('createFileLogger', () => {
  it('writes each entry to the console and appends it to the log file, creating its folder', () => {
    const out = captureConsole()
    const filePath = join(dir, 'logs', 'vigil.log')
    const logger = createFileLogger({ filePath, clock, console: out.console })
    logger.info('started')
    logger.error('failed', { code: 'X' })
    expect(out.lines).toHaveLength(2)
    expect(readFileSync(filePath, 'utf8').trim().split('\n')).toEqual(out.lines)
  })

  it('moves an oversized log aside at start-up', () => {
    const filePath = join(dir, 'vigil.log')
    writeFileSync(filePath, 'x'.repeat(100))
    createFileLogger({ filePath, clock, console: captureConsole().console, maxBytes: 10 }).info('fresh')
    expect(readFileSync(`${filePath}.1`, 'utf8')).toBe('x'.repeat(100))
    expect(readFileSync(filePath, 'utf8')).toContain('fresh')
  })

  it('keeps logging to the console when the file cannot be written', () => {
    const out = captureConsole()
    const blocked = join(dir, 'blocked')
    mkdirSync(join(blocked, 'vigil.log'), { recursive: true }) // a folder where the file should be
    const logger = createFileLogger({ filePath: join(blocked, 'vigil.log'), clock, console: out.console })
    expect(() => logger.info('one')).not.toThrow()
    logger.info('two')
    expect(out.lines.filter((line) => line.includes('INFO'))).toHaveLength(2)
    expect(out.lines.filter((line) => line.includes('cannot write the log file'))).toHaveLength(1)
    expect(existsSync(join(blocked, 'vigil.log'))).toBe(true)
  })
})
