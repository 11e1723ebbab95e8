/** The backends the app uses: node-llama-cpp for a local GGUF file (one shared runtime), HTTP for a remote server. */
import type { Logger } from '../host'
import { LlamaProvider } from './local/llamaProvider'
import { loadLocalBackend } from './local/loadLocalBackend'
import type { BackendFactories } from './modelManager'
import { createRemoteBackend } from './remote/remoteBackend'
import { serverContextSize } from './remote/serverContextSize'
import { serverOnlyModel } from './remote/serverOnlyModel'

export function defaultBackendFactories(logger: Logger): BackendFactories {
  // Created on the first local load only: node-llama-cpp's native runtime is not started for retrieval-only use.
  let provider: LlamaProvider | null = null
  return {
    local: (options) => {
      provider ??= new LlamaProvider({
        gpu: options.gpu,
        logger: (level, message) => (level === 'error' ? logger.error(message) : logger.warn(message))
      })
      return loadLocalBackend(provider, options)
    },
    // Without a model id or a context size in the settings, the server's model list may say them.
    remote: async (options) => {
      const model = options.model || (await serverOnlyModel(options))
      return createRemoteBackend({
        ...options,
        model,
        contextSize: options.contextSize ?? (await serverContextSize({ ...options, model }))
      })
    },
    dispose: async () => {
      await provider?.dispose()
      provider = null
    }
  }
}
