import { describe, expect, it } from 'vitest'
import { IrcFormatError, parseClusterLine, parseRawLine } from '../../../src/main/eval/irc/ircLines'
import { percentile } from '../../../src/main/eval/irc/latency'

function formatError(parse: () => unknown): IrcFormatError {
  try {
    parse()
  } catch (error) {
    if (error instanceof IrcFormatError) return error
    throw error
  }
  throw new Error('expected an IrcFormatError')
}

describe('parseRawLine', () => {
  it('reads a message: minute of the day, nick and text', () => {
    expect(parseRawLine('[03:10] <yohannes> can anyone recommend an app for *.rar files?')).toEqual({
      kind: 'message',
      minuteOfDay: 190,
      nick: 'yohannes',
      text: 'can anyone recommend an app for *.rar files?'
    })
  })

  it('reads actions and both notice forms as messages from their nick', () => {
    expect(parseRawLine('[07:35]  * SinPro waves')).toMatchObject({ nick: 'SinPro', text: '* SinPro waves' })
    expect(parseRawLine('[05:12] -alice:#ubuntu- hello')).toMatchObject({ nick: 'alice', text: 'hello' })
    expect(parseRawLine('[01:09] (soundray/#ubuntu) see the wiki')).toMatchObject({
      nick: 'soundray',
      text: 'see the wiki'
    })
  })

  it('reads "===" lines as system lines without a timestamp', () => {
    expect(parseRawLine('=== tuxx [~tuxx@host]  has joined #ubuntu')).toEqual({
      kind: 'system',
      text: 'tuxx [~tuxx@host]  has joined #ubuntu'
    })
  })

  it('marks a message without text as partial, keeping its time', () => {
    expect(parseRawLine('[12:15] <opteron>')).toMatchObject({ kind: 'partial', minuteOfDay: 735 })
  })

  it('names the field of a malformed line', () => {
    expect(formatError(() => parseRawLine('12:15 <opteron> hi')).field).toBe('timestamp')
    expect(formatError(() => parseRawLine('[25:15] <opteron> hi'))).toMatchObject({
      field: 'timestamp',
      message: 'hour must be 00-23'
    })
    expect(formatError(() => parseRawLine('[12:15] <> hi')).field).toBe('nick')
    expect(formatError(() => parseRawLine('[12:15] opteron: hi')).field).toBe('speaker')
  })
})

describe('parseClusterLine', () => {
  it('reads the file key and the line numbers of one thread', () => {
    expect(parseClusterLine('2004-11-15_03:1018 1021 1023')).toEqual({
      file: '2004-11-15_03',
      lines: [1018, 1021, 1023]
    })
  })

  it('returns a record without lines as partial, and rejects what is not a line number', () => {
    expect(parseClusterLine('2004-11-15_03:')).toEqual({ file: '2004-11-15_03', lines: [] })
    expect(formatError(() => parseClusterLine('2004-11-15_03:10 x1')).field).toBe('lines')
    expect(formatError(() => parseClusterLine('1018 1021')).field).toBe('file')
    expect(formatError(() => parseClusterLine(':1018')).field).toBe('file')
  })
})

describe('percentile', () => {
  it('takes the nearest rank, never interpolating', () => {
    const samples = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10]
    expect(percentile(samples, 50)).toBe(5)
    expect(percentile(samples, 95)).toBe(10)
    expect(percentile([], 95)).toBe(0)
  })
})
