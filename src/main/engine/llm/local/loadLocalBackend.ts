/**
 * Loads a GGUF model the user picked into a ready `LocalLlmBackend`: checks the file, loads it on the shared llama
 * (GPU when allowed and working, else CPU), creates its context, and turns every failure into an LlmError that names
 * the file and says what to do.
 */
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { Llama, LlamaModel } from 'node-llama-cpp'
import { LlmError } from '../llmError'
import { checkGgufFile } from './ggufFile'
import type { LlamaProvider } from './llamaProvider'
import { LocalLlmBackend } from './localBackend'

export interface LocalBackendOptions {
  /** The GGUF file the user picked. Required; nothing is ever downloaded. */
  modelPath: string
  /**
   * `'auto'` offloads layers to the GPU the shared llama found (CUDA, Vulkan, Metal) and retries on the CPU if that
   * load fails; `'off'` keeps every layer on the CPU. Default `'auto'`.
   */
  gpu?: 'auto' | 'off'
  /** CPU threads per evaluation; 0 means one per core less one (see `resolveThreads`). Default 0. */
  threads?: number
  /** Context window in tokens, capped at the model's training context. Default 4096. */
  contextSize?: number
  /** Context of the embedding context in tokens; longer texts are truncated. Default 512. */
  embeddingContextSize?: number
  /** Load progress, from 0 to 1; reaches 1 when the backend is ready. */
  onProgress?: (progress: number) => void
  /** Cancels the load: the promise rejects with an `LLM_ABORTED` LlmError and nothing stays in memory. */
  signal?: AbortSignal
}

/**
 * Threads for generation: the given count, or one per core of this machine less one. llama.cpp's threads wait for
 * each other at every step, so one busy core (the app's own work) slows all of them: measured on 2 cores, 1 thread
 * gave 600-1030 tokens/s where 2 gave 12-40 under load.
 */
export function resolveThreads(threads: number | undefined): number {
  return threads !== undefined && threads > 0 ? threads : defaultThreads()
}

export const defaultThreads = (): number => Math.max(1, availableParallelism() - 1)

export async function loadLocalBackend(
  provider: LlamaProvider,
  options: LocalBackendOptions
): Promise<LocalLlmBackend> {
  // An empty path stays empty (resolve would turn it into the working directory) so the check can say so.
  const modelPath = options.modelPath.trim() === '' ? '' : resolve(options.modelPath)
  const { signal } = options
  const cancelled = (): LlmError =>
    new LlmError('LLM_ABORTED', `Loading ${modelPath} was cancelled.`, { cause: signal?.reason })
  if (signal?.aborted) throw cancelled()
  await checkGgufFile(modelPath)
  const llama = await provider.getLlama()
  provider.takeRecentErrors()

  let reported = 0
  const report = (progress: number): void => {
    // Progress only moves forward, even when a GPU load is retried on the CPU.
    if (progress <= reported) return
    reported = Math.min(progress, 1)
    options.onProgress?.(reported)
  }
  const threads = resolveThreads(options.threads)
  let model: LlamaModel | undefined
  try {
    model = await loadModel(llama, modelPath, options.gpu ?? 'auto', (p) => report(p * 0.95), signal)
    const contextSize = Math.min(options.contextSize ?? 4096, model.trainContextSize)
    const context = await model.createContext({ contextSize, threads, createSignal: signal })
    if (signal?.aborted) throw signal.reason
    const backend = await LocalLlmBackend.create({
      llama,
      model,
      context,
      modelPath,
      threads,
      embeddingContextSize: Math.min(options.embeddingContextSize ?? 512, model.trainContextSize)
    })
    report(1)
    return backend
  } catch (error) {
    await model?.dispose().catch(() => undefined)
    if (signal?.aborted) throw cancelled()
    throw await describeLoadFailure(error, modelPath, provider.takeRecentErrors())
  }
}

async function loadModel(
  llama: Llama,
  modelPath: string,
  gpu: 'auto' | 'off',
  onLoadProgress: (progress: number) => void,
  loadSignal: AbortSignal | undefined
): Promise<LlamaModel> {
  const load = (gpuLayers: 'auto' | 0): Promise<LlamaModel> =>
    llama.loadModel({ modelPath, gpuLayers, onLoadProgress, loadSignal })
  if (gpu === 'off' || llama.gpu === false) return load(0)
  try {
    return await load('auto')
  } catch (gpuError) {
    if (loadSignal?.aborted) throw gpuError
    return load(0)
  }
}

/** An LlmError naming the file, from whatever node-llama-cpp or llama.cpp reported. */
export async function describeLoadFailure(
  error: unknown,
  modelPath: string,
  llamaErrors: string[] = []
): Promise<LlmError> {
  if (error instanceof LlmError) return error
  const { InsufficientMemoryError } = await import('node-llama-cpp')
  const reason = (error as Error)?.message ?? String(error)
  const details = { modelPath }
  if (
    error instanceof InsufficientMemoryError ||
    /insufficient memory|out of memory|not enough (?:v?ram|memory)|failed to allocate/i.test(reason)
  ) {
    return new LlmError(
      'LLM_MODEL_INVALID',
      `${modelPath} is too large for this machine's memory (${reason}). ` +
        'Pick a smaller or more quantized model, or lower the context size.',
      { cause: error, details }
    )
  }
  // llama.cpp's own line says what is wrong ("data is not within the file bounds...") better than its exception.
  const explanation = llamaErrors.find((line) => /error loading model/i.test(line)) ?? llamaErrors.at(-1)
  const said = explanation ? explanation.replace(/^.*error loading model:\s*/i, '') : reason
  return new LlmError(
    'LLM_MODEL_INVALID',
    `${modelPath} could not be loaded as a model; it may be truncated, corrupted or of an unsupported ` +
      `architecture (${said}).`,
    { cause: error, details }
  )
}
