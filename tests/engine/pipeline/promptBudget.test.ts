import { describe, expect, it } from 'vitest'
import {
  estimateTokens,
  fitTurns,
  promptFit,
  quotedCodes,
  trimMiddle,
  type Turn
} from '../../../src/main/engine/pipeline/llm/promptBudget'
import { scriptedModel } from '../../helpers/scriptedModel'

const count = (text: string): number => Math.ceil(text.length / 4)
const lineTokens = (lines: unknown[]): number =>
  lines.reduce<number>((sum, line) => sum + count(JSON.stringify(line)) + 1, 0)

describe('promptFit', () => {
  it("sets aside the answer, the template and the fixed texts from the model's context", () => {
    const model = scriptedModel()
    model.backend.info.contextSize = 2048
    const fit = promptFit(model.runtime, ['x'.repeat(300)], 400)
    expect(fit.maxTokens).toBe(400)
    expect(fit.tokens).toBe(Math.floor((2048 - 400 - 64) * 0.9 - 100))
    expect(fit.remote).toBe(true)
  })

  it('caps the answer in a small context and assumes 4096 tokens when the model does not say', () => {
    const small = scriptedModel()
    small.backend.info.contextSize = 512
    expect(promptFit(small.runtime, [], 400).maxTokens).toBe(204)
    expect(promptFit(scriptedModel().runtime, [], 100).tokens).toBe(Math.floor((4096 - 100 - 64) * 0.9))
  })
})

describe('trimMiddle', () => {
  it('keeps the start and the end and names the codes quoted in the cut part', () => {
    const text = `Start of the problem. ${'filler words here '.repeat(50)}Saw ERR-5521 and 0x8007001F. ${'more filler '.repeat(50)}The end.`
    const trimmed = trimMiddle(text, 60, count)
    expect(count(trimmed)).toBeLessThanOrEqual(60)
    expect(trimmed.startsWith('Start of the problem.')).toBe(true)
    expect(trimmed.endsWith('The end.')).toBe(true)
    expect(trimmed).toMatch(/characters left out; it quoted ERR-5521, 0x8007001F/)
  })

  it('leaves text that fits alone', () => {
    expect(trimMiddle('short', 10, count)).toBe('short')
  })
})

describe('quotedCodes', () => {
  it('finds error codes, hex codes, constant names and exception names', () => {
    expect(
      quotedCodes('Got E-1042, ERR_SSL_PROTOCOL_ERROR, 0x80070005, NullPointerException and AUTH401.')
    ).toEqual(['E-1042', 'ERR_SSL_PROTOCOL_ERROR', '0x80070005', 'NullPointerException', 'AUTH401'])
  })
})

describe('fitTurns', () => {
  const long = (role: string, index: number, extra = ''): Turn => ({
    role,
    text: `turn ${index} ${'words '.repeat(40)}${extra}`
  })

  it('returns a conversation that fits as it is', () => {
    const turns: Turn[] = [{ role: 'customer', text: 'hello' }]
    expect(fitTurns(turns, 100, count)).toEqual(turns)
  })

  it('keeps the opening and the latest turns, drops the middle with a marker, and stays in budget', () => {
    const turns = Array.from({ length: 100 }, (_, index) =>
      long(index % 2 ? 'analyst' : 'customer', index, index === 40 ? 'code CFG-991' : '')
    )
    turns[0] = { role: 'customer', text: 'OPENING: the export fails with EXP-12.' }
    turns[99] = { role: 'customer', text: 'LATEST: still failing.', latest: true }
    const lines = fitTurns(turns, 600, count)
    expect(lineTokens(lines)).toBeLessThanOrEqual(600)
    expect(lines[0]).toEqual(turns[0])
    expect(lines.at(-1)).toEqual(turns[99])
    expect(lines[1]).toMatchObject({ omitted: expect.any(Number), quoted: ['CFG-991'] })
    // The kept turns after the marker are the newest, without holes.
    const kept = lines.slice(2).map((line) => Number((line as Turn).text.split(' ')[1]))
    expect(kept.slice(0, -1)).toEqual(kept.slice(0, -1).map((_, index) => kept[0]! + index))
    expect((lines[1] as { omitted: number }).omitted + lines.length - 1).toBe(100)
  })

  it('cuts an overlong opening in its middle rather than dropping it', () => {
    const turns: Turn[] = [
      { role: 'customer', text: `BEGIN ${'detail '.repeat(2_000)} END` },
      { role: 'analyst', text: 'Looking.' },
      { role: 'customer', text: 'Any news?', latest: true }
    ]
    const lines = fitTurns(turns, 300, count) as Turn[]
    expect(lineTokens(lines)).toBeLessThanOrEqual(300)
    expect(lines[0]!.text).toMatch(/^BEGIN .* END$/s)
    expect(lines.at(-1)!.text).toBe('Any news?')
  })

  it('estimates high rather than low', () => {
    expect(estimateTokens('abcdef')).toBe(2)
    expect(estimateTokens('日本語')).toBe(3)
  })
})
