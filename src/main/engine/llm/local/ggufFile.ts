/**
 * A cheap check of the file the user picked, before llama.cpp sees it: it must exist, be a file and start with the
 * GGUF signature. A truncated or corrupted GGUF file passes here and is caught (and explained) by the loader.
 */
import { open } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { LlmError } from '../llmError'

const ggufMagic = 'GGUF'

/** `totalMemory` is the machine's memory in bytes (a parameter so tests can pretend a small machine). */
export async function checkGgufFile(modelPath: string, totalMemory = totalmem()): Promise<void> {
  if (modelPath.trim() === '') {
    throw new LlmError('LLM_MODEL_INVALID', 'No model file is set. Pick a GGUF model file in the settings.')
  }
  let file
  try {
    file = await open(modelPath, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : `cannot be opened (${(error as Error).message})`
    throw invalid(modelPath, `The model file ${modelPath} ${reason}.`, error)
  }
  try {
    const stats = await file.stat()
    if (!stats.isFile()) throw invalid(modelPath, `${modelPath} is not a file. Pick a GGUF model file.`)
    // Weights larger than all of the machine's memory cannot load; refusing now beats swapping for minutes.
    if (stats.size > totalMemory) {
      const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GB`
      throw invalid(
        modelPath,
        `${modelPath} is too large for this machine's memory (${gb(stats.size)} of weights, ${gb(totalMemory)} of memory). ` +
          'Pick a smaller or more strongly quantized model.'
      )
    }
    const header = Buffer.alloc(4)
    const { bytesRead } = await file.read(header, 0, 4, 0)
    if (bytesRead < 4 || header.toString('latin1') !== ggufMagic) {
      throw invalid(
        modelPath,
        `${modelPath} is not a GGUF model file (it does not start with the GGUF signature). ` +
          'Pick a .gguf file made for llama.cpp.'
      )
    }
  } finally {
    await file.close()
  }
}

function invalid(modelPath: string, message: string, cause?: unknown): LlmError {
  return new LlmError('LLM_MODEL_INVALID', message, { cause, details: { modelPath } })
}
