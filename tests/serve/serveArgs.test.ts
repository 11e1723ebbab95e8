import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { parseServeArgs } from '../../src/main/serve/serveArgs'

describe('parseServeArgs', () => {
  it('reads every option', () => {
    expect(
      parseServeArgs(['--port', '4312', '--data-dir', 'data', '--demo', '--speed', '60', '--open'])
    ).toEqual({
      port: 4312,
      dataDir: resolve('data'),
      demo: true,
      speed: 60,
      open: true
    })
  })

  it('defaults to no demo and accepts speed "max"', () => {
    expect(parseServeArgs([])).toEqual({ demo: false, open: false })
    expect(parseServeArgs(['--demo', '--speed', 'max']).speed).toBe('max')
  })

  it.each([
    [['--port', 'http'], /--port/],
    [['--port', '70000'], /--port/],
    [['--speed', '0'], /--speed/],
    [['--speed', 'fast'], /--speed/],
    [['--colour'], /Usage: vigil serve/]
  ])('refuses %j with a BAD_INPUT error naming the option', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message)
    try {
      parseServeArgs(argv)
    } catch (error) {
      expect((error as { code?: string }).code).toBe('BAD_INPUT')
    }
  })
})
