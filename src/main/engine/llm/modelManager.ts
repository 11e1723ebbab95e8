/**
 * Owns the language model the engine uses: builds the backend the settings ask for (a local GGUF file or a remote
 * server), loads it in the background with progress, swaps it when the settings change, and disposes what it
 * replaces. A loaded model must then earn trust: it runs the self-check, and only a model that passes (or that the
 * user chose to use anyway) is handed out; a run-time monitor can later set a confused one aside. Any failure leaves
 * Vigil retrieval-only with a message a person can act on; it never throws.
 */
import type { ModelCheck, ModelStatus } from '../../../shared/contract'
import { remoteApiKeySecret, type Settings } from '../../../shared/settings'
import type { Logger, SecretStore } from '../host'
import { ModelTrustMonitor, type ModelWitness } from '../trust/modelTrustMonitor'
import { createLlmRuntime } from './createLlmRuntime'
import { withCircuitBreaker, type BreakerOptions, type GuardedRuntime } from './circuitBreaker'
import type { LlmBackend, LlmRuntime } from './llmRuntime'
import { healthInWords, trustOf } from './modelTrust'

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
    /** Empty: the one model the server lists. */
    model: string
    embeddingModel?: string
    apiKey?: string
    timeoutMs: number
    /** Tokens the model sees at once, from the settings; absent: the factory may ask the server. */
    contextSize?: number
  }): LlmBackend | Promise<LlmBackend>
  /** Releases what the factories share (the local runtime). */
  dispose?(): Promise<void>
}

/** Judges a freshly loaded model on known cases (see `trust/selfCheck`). */
export type SelfCheck = (
  runtime: LlmRuntime,
  options: { signal: AbortSignal }
) => Promise<{ checks: ModelCheck[] }>

interface Loaded {
  key: string
  runtime: GuardedRuntime | null
  /** Aborted when this model is replaced or unloaded: stops its load and its self-check. */
  life: AbortController
  checks: ModelCheck[] | null
  confusedReason: string | null
}

export class ModelManager {
  private current: Loaded | null = null
  private state: ModelStatus = { mode: 'off', state: 'off', progress: null, model: null, error: null }
  private useAnyway = false
  private retiredCalls = 0
  private readonly monitor = new ModelTrustMonitor((reason) => this.setAside(reason))

  constructor(
    private readonly deps: {
      factories: BackendFactories
      secrets: SecretStore
      logger: Logger
      onStatus: (status: ModelStatus) => void
      /** Default: none, every loaded model is used (tests of the loading alone). The engine passes the real one. */
      selfCheck?: SelfCheck
      /** A problem a person should see in the engine's warnings (a model found unreliable or confused). */
      onWarning?: (message: string) => void
      /** How a failing server is paused (tests shorten it). Default: see `withCircuitBreaker`. */
      breaker?: Omit<BreakerOptions, 'onChange'>
    }
  ) {}

  status(): ModelStatus {
    const health = this.current?.runtime?.health()
    return { ...this.state, ...(health ? { health: healthInWords(health, this.state.trust) } : {}) }
  }

  /**
   * The runtime to use, or null (off, loading, failed, being checked, or not trusted): the pipeline then runs
   * retrieval-only.
   */
  runtime(): LlmRuntime | null {
    return this.state.trust?.inUse ? (this.current?.runtime ?? null) : null
  }

  /** Where stages report model verdicts that met strong non-model evidence. */
  get witness(): ModelWitness {
    return this.monitor
  }

  /** Model calls made by every runtime this manager created (the self-checks included). */
  get calls(): number {
    return this.retiredCalls + (this.current?.runtime?.calls ?? 0)
  }

  /** Applies the settings: loads, swaps or unloads the model as needed. Resolves once that is settled. */
  async configure(settings: LlmSettings, options: { force?: boolean } = {}): Promise<void> {
    this.useAnyway = settings.useUnreliableModel
    // Neither the time budget, the concurrency limit nor the trust override needs a reload.
    const key = JSON.stringify({
      ...settings,
      timeoutMs: undefined,
      maxConcurrentCalls: undefined,
      useUnreliableModel: undefined
    })
    if (this.current?.key === key && !options.force) return this.refreshTrust()
    await this.unload()
    if (settings.mode === 'off')
      return this.update({ mode: 'off', state: 'off', progress: null, model: null, error: null, trust: null })
    const loaded: Loaded = {
      key,
      runtime: null,
      life: new AbortController(),
      checks: null,
      confusedReason: null
    }
    this.current = loaded
    const model =
      settings.mode === 'local'
        ? settings.modelPath
        : `${settings.remoteModel || "the server's model"} at ${settings.remoteUrl}`
    this.update({ mode: settings.mode, state: 'loading', progress: 0, model, error: null, trust: null })
    try {
      const backend = await this.build(settings, loaded.life.signal)
      if (this.current !== loaded) return void (await backend.dispose())
      loaded.runtime = withCircuitBreaker(createLlmRuntime(backend, { timeoutMs: settings.timeoutMs }), {
        ...this.deps.breaker,
        onChange: () => this.deps.onStatus(this.status())
      })
    } catch (error) {
      if (this.current !== loaded) return
      const message = `${(error as Error).message} Vigil works without a model (retrieval only) until this is fixed.`
      this.deps.logger.warn(`model unavailable: ${message}`)
      return this.update({ ...this.state, state: 'error', progress: null, error: message })
    }
    this.monitor.reset()
    this.update({ ...this.state, state: 'ready', progress: 1 })
    await this.selfCheck(loaded)
  }

  async dispose(): Promise<void> {
    await this.unload()
    await this.deps.factories.dispose?.()
  }

  private async selfCheck(loaded: Loaded): Promise<void> {
    if (!this.deps.selfCheck) {
      loaded.checks = []
      return this.refreshTrust()
    }
    this.refreshTrust()
    try {
      const result = await this.deps.selfCheck(loaded.runtime!, { signal: loaded.life.signal })
      loaded.checks = result.checks
    } catch (error) {
      if (this.current !== loaded) return
      loaded.checks = [{ name: 'Self-check', passed: false, detail: (error as Error).message }]
    }
    if (this.current !== loaded) return
    this.refreshTrust()
    if (!this.state.trust?.inUse || this.state.trust.overridden)
      this.deps.onWarning?.(this.state.trust!.message)
  }

  /** The run-time monitor found the model confused: retrieval-only from now on, unless the user keeps it. */
  private setAside(reason: string): void {
    const loaded = this.current
    if (!loaded?.runtime || loaded.checks === null) return
    loaded.confusedReason = reason
    this.refreshTrust()
    this.deps.logger.warn(`model set aside: ${this.state.trust!.message}`)
    this.deps.onWarning?.(this.state.trust!.message)
  }

  private refreshTrust(): void {
    const loaded = this.current
    if (!loaded?.runtime) return
    const trust = trustOf({
      model: this.state.model ?? 'the model',
      checks: loaded.checks,
      confusedReason: loaded.confusedReason,
      useAnyway: this.useAnyway
    })
    this.update({ ...this.state, trust })
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
    if (!settings.remoteUrl)
      throw new Error("No server URL is set: enter the server's address in Settings › Model.")
    const apiKey = (await this.deps.secrets.get(remoteApiKeySecret)) ?? undefined
    return this.deps.factories.remote({
      baseUrl: settings.remoteUrl,
      model: settings.remoteModel,
      embeddingModel: settings.remoteEmbeddingModel || undefined,
      apiKey,
      timeoutMs: settings.timeoutMs,
      ...(settings.remoteContextSize > 0 ? { contextSize: settings.remoteContextSize } : {})
    })
  }

  private async unload(): Promise<void> {
    const previous = this.current
    this.current = null
    previous?.life.abort()
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
