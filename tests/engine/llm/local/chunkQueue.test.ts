import { describe, expect, it } from 'vitest'
import { ChunkQueue } from '../../../../src/main/engine/llm/local/chunkQueue'

async function readAll(queue: ChunkQueue): Promise<string[]> {
  const chunks: string[] = []
  for await (const chunk of queue) chunks.push(chunk)
  return chunks
}

describe('ChunkQueue', () => {
  it('yields pushed chunks in order, waiting for late ones, and ends', async () => {
    const queue = new ChunkQueue()
    const reading = readAll(queue)
    queue.push('Once ')
    queue.push('')
    setTimeout(() => {
      queue.push('upon')
      queue.end()
      queue.push('ignored')
    }, 5)
    expect(await reading).toEqual(['Once ', 'upon'])
  })

  it('throws a failure at once, before chunks still waiting', async () => {
    const queue = new ChunkQueue()
    queue.push('a')
    queue.fail(new Error('aborted'))
    await expect(readAll(queue)).rejects.toThrow('aborted')
  })
})
