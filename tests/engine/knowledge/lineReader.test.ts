import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLines, type FileLine } from '../../../src/main/engine/knowledge/lineReader'
import { makeTempDir } from './fixtures'

async function linesOf(content: Buffer | string): Promise<FileLine[]> {
  const temp = await makeTempDir()
  try {
    const file = join(temp.root, 'lines.jsonl')
    await writeFile(file, content)
    const lines: FileLine[] = []
    for await (const line of readLines(file)) lines.push(line)
    return lines
  } finally {
    await temp.remove()
  }
}

describe('readLines', () => {
  it('numbers lines, gives byte offsets and marks an unterminated last line', async () => {
    const lines = await linesOf('{"a":1}\nü\nlast')
    expect(
      lines.map(({ number, text, start, end, terminated }) => ({ number, text, start, end, terminated }))
    ).toEqual([
      { number: 1, text: '{"a":1}', start: 0, end: 8, terminated: true },
      { number: 2, text: 'ü', start: 8, end: 11, terminated: true },
      { number: 3, text: 'last', start: 11, end: 15, terminated: false }
    ])
  })

  it('reads lines that span the 1 MiB read chunks intact', async () => {
    const long = 'x'.repeat(1_500_000)
    const lines = await linesOf(`short\n${long}\n${long}\nend\n`)
    expect(lines.map((line) => line.text.length)).toEqual([5, 1_500_000, 1_500_000, 3])
    expect(lines[3]?.start).toBe(6 + 2 * 1_500_001)
  })

  it('flags bytes that are not UTF-8', async () => {
    const lines = await linesOf(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]))
    expect(lines[0]?.validUtf8).toBe(false)
  })
})
