/**
 * The one llama.cpp runtime of the process. Whoever composes the engine creates one `LlamaProvider` and passes it to
 * every local backend it loads; models come and go, the runtime (its native binary, GPU detection and memory
 * accounting) stays until `dispose()` or process exit.
 */
import type { Llama, LlamaLogLevel } from 'node-llama-cpp'
import { LlmError } from '../llmError'

export interface LlamaProviderOptions {
  /**
   * `'auto'` loads the best prebuilt binary that works here (CUDA, Vulkan or Metal) and falls back to the CPU one;
   * `'off'` loads the CPU binary only. Default `'auto'`.
   */
  gpu?: 'auto' | 'off'
  /** Receives llama.cpp's warnings and errors. Default: none (failures still reach callers as LlmErrors). */
  logger?: (level: 'warn' | 'error', message: string) => void
}

/** How long `dispose()` waits for llama.cpp to release its runtime. */
const DISPOSE_GRACE_MS = 5_000

export class LlamaProvider {
  private llama: Promise<Llama> | undefined
  private disposed = false
  private readonly recentErrors: string[] = []

  constructor(private readonly options: LlamaProviderOptions = {}) {}

  /** The shared runtime, started on first use; a failed start is retried on the next call. */
  getLlama(): Promise<Llama> {
    if (this.disposed) {
      return Promise.reject(new LlmError('LLM_UNAVAILABLE', 'The local model runtime was shut down.'))
    }
    this.llama ??= this.start().catch((error: unknown) => {
      this.llama = undefined
      throw error
    })
    return this.llama
  }

  /** llama.cpp's error lines since the last call (they explain a failed model load better than its exception). */
  takeRecentErrors(): string[] {
    return this.recentErrors.splice(0)
  }

  /** Releases the runtime. Backends should be disposed first. A second call does nothing. */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    const llama = await this.llama?.catch(() => undefined)
    if (!llama) return
    // llama.cpp's release has been seen to hang on a loaded machine; quitting must not wait on it forever (the
    // process ending frees the memory anyway).
    let timer: NodeJS.Timeout | undefined
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISPOSE_GRACE_MS)))
    await Promise.race([llama.dispose(), giveUp])
    clearTimeout(timer)
  }

  private async start(): Promise<Llama> {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
    const common = {
      // Never compile or download at run time: the prebuilt binaries ship with the app.
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      // No cap here: each context sets its own thread count (see LocalBackendOptions.threads).
      maxThreads: 0,
      logLevel: LlamaLogLevel.warn,
      logger: (level: LlamaLogLevel, message: string) => this.log(level, message)
    } as const
    try {
      return await getLlama({ ...common, gpu: this.options.gpu === 'off' ? false : 'auto' })
    } catch (gpuError) {
      if (this.options.gpu === 'off') throw unavailable(gpuError)
      try {
        return await getLlama({ ...common, gpu: false })
      } catch (cpuError) {
        throw unavailable(cpuError)
      }
    }
  }

  private log(level: `${LlamaLogLevel}`, message: string): void {
    const text = message.trim()
    if (level === 'error' || level === 'fatal') {
      this.recentErrors.push(text)
      if (this.recentErrors.length > 5) this.recentErrors.shift()
      this.options.logger?.('error', text)
    } else if (level === 'warn') {
      this.options.logger?.('warn', text)
    }
  }
}

function unavailable(cause: unknown): LlmError {
  return new LlmError(
    'LLM_UNAVAILABLE',
    `The local model runtime (llama.cpp) could not start on this machine: ${(cause as Error).message}`,
    { cause }
  )
}
