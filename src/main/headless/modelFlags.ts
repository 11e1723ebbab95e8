/**
 * The model flags shared by `vigil serve`, `vigil replay` and `vigil eval safety`: `--model FILE` (a local GGUF) or
 * `--remote URL` (an OpenAI-compatible server; `--model-id` may be left out when the server lists one model),
 * `--api-key-env VAR` naming the environment variable that holds the server's key. They apply to this run only:
 * the data folder's saved settings keep the model they had.
 */
import { resolve } from 'node:path'
import { ErrorCode, VigilError } from '../../shared/errors'
import { remoteApiKeySecret, Settings } from '../../shared/settings'
import type { EngineHost, SecretStore, SettingsBackend } from '../engine/host'
import { serverOnlyModel } from '../engine/llm/remote/serverOnlyModel'

export const modelFlagOptions = {
  model: { type: 'string' },
  remote: { type: 'string' },
  'model-id': { type: 'string' },
  'api-key-env': { type: 'string' },
  'use-model-anyway': { type: 'boolean' }
} as const

export const modelFlagsUsage =
  '  --model        use a local GGUF model file for the model stages (default: retrieval only)\n' +
  '  --remote       use an OpenAI-compatible server at URL instead, e.g. http://127.0.0.1:8080/v1\n' +
  '  --model-id     the remote model id (optional when the server lists exactly one)\n' +
  '  --api-key-env  the environment variable holding the server key (default VIGIL_SECRET_LLM_REMOTEAPIKEY)\n' +
  "  --use-model-anyway  use the model even when it fails Vigil's self-check (default: retrieval only then)\n"

export type ModelFlags = (
  | { mode: 'local'; modelPath: string }
  | { mode: 'remote'; remoteUrl: string; remoteModel: string | null; apiKeyEnv: string | null }
) & {
  /** Use the model even when its self-check fails (the `llm.useUnreliableModel` setting, for this run). */
  useAnyway?: boolean
}

export interface ModelFlagValues {
  model?: string
  remote?: string
  'model-id'?: string
  'api-key-env'?: string
  'use-model-anyway'?: boolean
}

/** The flags as given, checked; null when no model was asked for. */
export function parseModelFlags(values: ModelFlagValues, usage: string): ModelFlags | null {
  if (values.model && values.remote)
    throw new VigilError(ErrorCode.badInput, `give --model or --remote, not both\n${usage}`)
  if (!values.remote && (values['model-id'] || values['api-key-env']))
    throw new VigilError(ErrorCode.badInput, `--model-id and --api-key-env go with --remote\n${usage}`)
  if (!values.model && !values.remote && values['use-model-anyway'])
    throw new VigilError(ErrorCode.badInput, `--use-model-anyway goes with --model or --remote\n${usage}`)
  const useAnyway = values['use-model-anyway'] === true ? { useAnyway: true } : {}
  if (values.model) return { mode: 'local', modelPath: resolve(values.model), ...useAnyway }
  if (!values.remote) return null
  try {
    const url = new URL(values.remote)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http')
  } catch {
    throw new VigilError(
      ErrorCode.badInput,
      `--remote must be an http:// or https:// URL, not "${values.remote}"`
    )
  }
  return {
    mode: 'remote',
    remoteUrl: values.remote.replace(/\/+$/, ''),
    remoteModel: values['model-id'] ?? null,
    apiKeyEnv: values['api-key-env'] ?? null,
    ...useAnyway
  }
}

/**
 * Applies the flags to `host` for this run: the model settings are overlaid on what is stored (never written back),
 * the key comes from the named variable, and a missing remote model id is asked of the server.
 */
export async function applyModelFlags(
  host: EngineHost,
  flags: ModelFlags | null,
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch
): Promise<EngineHost> {
  if (!flags) return host
  let apiKey: string | undefined
  if (flags.mode === 'remote' && flags.apiKeyEnv) {
    apiKey = env[flags.apiKeyEnv]
    if (!apiKey)
      throw new VigilError(ErrorCode.badInput, `--api-key-env ${flags.apiKeyEnv}: that variable is not set`)
  }
  const useUnreliableModel = flags.useAnyway === true
  const llm =
    flags.mode === 'local'
      ? { mode: 'local' as const, modelPath: flags.modelPath, useUnreliableModel }
      : {
          mode: 'remote' as const,
          remoteUrl: flags.remoteUrl,
          remoteModel:
            flags.remoteModel ??
            (await serverOnlyModel({ baseUrl: flags.remoteUrl, apiKey, fetch: fetchImpl, setIn: 'flag' })),
          useUnreliableModel
        }
  return {
    ...host,
    settings: overlaySettings(host.settings, llm),
    secrets: apiKey === undefined ? host.secrets : keyOverlay(host.secrets, apiKey)
  }
}

/**
 * Settings with the run's model on top. A write keeps the stored model as it was, unless a person changed the
 * model itself (in `vigil serve`'s settings screen): that choice is theirs and is saved.
 */
function overlaySettings(stored: SettingsBackend, llm: Partial<Settings['llm']>): SettingsBackend {
  let override: Partial<Settings['llm']> | null = llm
  const storedLlm = (): unknown => (stored.read() as { llm?: unknown } | undefined)?.llm
  return {
    location: stored.location,
    problem: () => stored.problem?.() ?? null,
    read() {
      const raw = (stored.read() ?? {}) as Record<string, unknown>
      if (!override) return raw
      return { ...raw, llm: { ...((raw.llm as object | undefined) ?? {}), ...override } }
    },
    write(next) {
      const ours =
        override && Object.entries(override).every(([k, v]) => next.llm[k as keyof Settings['llm']] === v)
      if (!ours) {
        override = null
        return stored.write(next)
      }
      const keep = Settings.shape.llm.safeParse(storedLlm() ?? {})
      stored.write({ ...next, llm: keep.success ? keep.data : Settings.shape.llm.parse({}) })
    }
  }
}

function keyOverlay(secrets: SecretStore, apiKey: string): SecretStore {
  return {
    get: async (key) => (key === remoteApiKeySecret ? apiKey : secrets.get(key)),
    set: (key, value) => secrets.set(key, value),
    delete: (key) => secrets.delete(key)
  }
}
