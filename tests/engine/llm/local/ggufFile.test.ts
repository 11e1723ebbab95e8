import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkGgufFile } from '../../../../src/main/engine/llm/local/ggufFile'
import { useTempDirs } from '../../../helpers/tempDir'

const tempDir = useTempDirs()

describe('checkGgufFile', () => {
  it('refuses a file that is not a GGUF model, saying so', async () => {
    const file = join(await tempDir(), 'notes.gguf')
    await writeFile(file, 'hello, not a model')
    await expect(checkGgufFile(file)).rejects.toMatchObject({
      code: 'LLM_MODEL_INVALID',
      message: expect.stringContaining('is not a GGUF model file')
    })
  })

  it('refuses weights larger than the machine memory before loading them', async () => {
    const file = join(await tempDir(), 'big.gguf')
    await writeFile(file, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(4096)]))
    await expect(checkGgufFile(file, 1024)).rejects.toMatchObject({
      code: 'LLM_MODEL_INVALID',
      message: expect.stringMatching(/too large for this machine's memory/)
    })
    await expect(checkGgufFile(file, 1024 ** 3)).resolves.toBeUndefined()
  })
})
