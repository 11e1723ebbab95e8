/**
 * Owns the language model the engine uses: builds the backend the settings ask for (a local GGUF file or a remote
 * server), loads it in the background with progress, swaps it when the settings change, and disposes what it
 * replaces. Any failure leaves Vigil retrieval-only with a message a person can act on; it never throws.
 */
import type { ModelStatus } from '../../../shared/contract'
import { remoteApiKeySecret, type Settings } from '../../../shared/settings'
import type { Logger, SecretStore } from '../host'
import { createLlmRuntime } from './createLlmRuntime'
import { withCircuitBreaker, type BreakerOptions, type GuardedRuntime } from './circuitBreaker'
import type { LlmBackend, LlmRuntime } from './llmRuntime'

type LlmSettings = Settings['llm']

export interface BackendFactories {
  local(options: {
    modelPath: string
    gpu: 'auto' | 'off'
    threads: number
    contextSize: number
    onProgress: (progress: number) => void
    signal: AbortSignal
  }): Promise<LlmBackend>
  remote(options: {
    baseUrl: string
    model: string
    embeddingModel?: string
    apiKey?: string
    timeoutMs: number
  }): LlmBackend
  /** Releases what the factories share (the local runtime). */
  dispose?(): Promise<void>
}

export class ModelManager {
  private current: {
    key: string
    runtime: GuardedRuntime | null
    loading: AbortController | null
  } | null = null
  private state: ModelStatus = { mode: 'off', state: 'off', progress: null, model: null, error: null }

  constructor(
    private readonly deps: {
      factories: BackendFactories
      secrets: SecretStore
      logger: Logger
      onStatus: (status: ModelStatus) => void
      /** How a failing server is paused (tests shorten it). Default: see `withCircuitBreaker`. */
      breaker?: Omit<BreakerOptions, 'onChange'>
    }
  ) {}

  status(): ModelStatus {
    const health = this.current?.runtime?.health()
    return { ...this.state, ...(health ? { health } : {}) }
  }

  /** The ready runtime, or null (off, loading or failed): the pipeline then runs retrieval-only. */
  runtime(): LlmRuntime | null {
    return this.current?.runtime ?? null
  }

  /** Model calls made by every runtime this manager created. */
  get calls(): number {
    return this.retiredCalls + (this.current?.runtime?.calls ?? 0)
  }

  private retiredCalls = 0

  /** Applies the settings: loads, swaps or unloads the model as needed. Resolves once that is settled. */
  async configure(settings: LlmSettings, options: { force?: boolean } = {}): Promise<void> {
    const key = JSON.stringify({ ...settings, timeoutMs: undefined })
    if (this.current?.key === key && !options.force) return
    await this.unload()
    if (settings.mode === 'off')
      return this.update({ mode: 'off', state: 'off', progress: null, model: null, error: null })
    const loading = new AbortController()
    this.current = { key, runtime: null, loading }
    const model =
      settings.mode === 'local' ? settings.modelPath : `${settings.remoteModel} at ${settings.remoteUrl}`
    this.update({ mode: settings.mode, state: 'loading', progress: 0, model, error: null })
    try {
      const backend = await this.build(settings, loading.signal)
      if (this.current?.loading !== loading) return void (await backend.dispose())
      this.current = {
        key,
        runtime: withCircuitBreaker(createLlmRuntime(backend, { timeoutMs: settings.timeoutMs }), {
          ...this.deps.breaker,
          onChange: () => this.deps.onStatus(this.status())
        }),
        loading: null
      }
      this.update({ ...this.state, state: 'ready', progress: 1 })
    } catch (error) {
      if (this.current?.loading !== loading) return
      this.current = { key, runtime: null, loading: null }
      const message = `${(error as Error).message} Vigil works without a model (retrieval only) until this is fixed.`
      this.deps.logger.warn(`model unavailable: ${message}`)
      this.update({ ...this.state, state: 'error', progress: null, error: message })
    }
  }

  async dispose(): Promise<void> {
    await this.unload()
    await this.deps.factories.dispose?.()
  }

  private async build(settings: LlmSettings, signal: AbortSignal): Promise<LlmBackend> {
    if (settings.mode === 'local') {
      if (!settings.modelPath) throw new Error('No model file is chosen: pick a GGUF file in the settings.')
      return this.deps.factories.local({
        modelPath: settings.modelPath,
        gpu: settings.gpu,
        threads: settings.threads,
        contextSize: settings.contextSize,
        signal,
        onProgress: (progress) => this.update({ ...this.state, progress })
      })
    }
    if (!settings.remoteUrl || !settings.remoteModel) {
      throw new Error('The remote server needs a URL and a model id in the settings.')
    }
    const apiKey = (await this.deps.secrets.get(remoteApiKeySecret)) ?? undefined
    return this.deps.factories.remote({
      baseUrl: settings.remoteUrl,
      model: settings.remoteModel,
      embeddingModel: settings.remoteEmbeddingModel || undefined,
      apiKey,
      timeoutMs: settings.timeoutMs
    })
  }

  private async unload(): Promise<void> {
    const previous = this.current
    this.current = null
    previous?.loading?.abort()
    if (previous?.runtime) {
      this.retiredCalls += previous.runtime.calls
      await previous.runtime.dispose().catch(() => undefined)
    }
  }

  private update(status: ModelStatus): void {
    this.state = status
    this.deps.onStatus(this.status())
  }
}
