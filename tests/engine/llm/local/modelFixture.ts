/** The real GGUF model the local-backend tests load, and how they skip where it is absent. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..')

/** `../shared/models/stories260K.gguf` from the repository root: a 1.2 MB Llama model that writes toy stories. */
export const modelPath = join(repoRoot, '..', 'shared', 'models', 'stories260K.gguf')

export const modelMissing = !existsSync(modelPath)

if (modelMissing) {
  console.warn(`Skipping the tests that need a real model: ${modelPath} is absent.`)
}
