/**
 * The language model settings group (`llm` in `Settings`): off, a local GGUF file or an OpenAI-compatible server,
 * with its limits and time budgets. The server's API key is never a setting: it lives in the secret store.
 */
import { z } from 'zod'

export const LlmSettings = z.object({
  /** 'off': retrieval only; 'local': a GGUF model file on this machine; 'remote': an OpenAI-compatible server. */
  mode: z.enum(['off', 'local', 'remote']).default('off'),
  /** The GGUF file for local mode, picked by the user (nothing is ever downloaded). Default none. */
  modelPath: z.string().max(4096).default(''),
  /** 'auto' uses CUDA, Vulkan or Metal when present and falls back to the CPU; 'off' always uses the CPU. */
  gpu: z.enum(['auto', 'off']).default('auto'),
  /** CPU threads for local generation; 0 means one per core of this machine, less one. Default 0. */
  threads: z.number().int().min(0).max(256).default(0),
  /** Context window of the local model, in tokens. Default 4096. */
  contextSize: z.number().int().min(256).max(131_072).default(4096),
  /** Base URL of the remote server, e.g. `http://127.0.0.1:11434/v1`. Its API key lives in the secret store. */
  remoteUrl: z
    .string()
    .max(2000)
    .refine((url) => url === '' || isHttpUrl(url), {
      message: 'must be an http:// or https:// address, like http://127.0.0.1:11434/v1'
    })
    // A password in the address would be stored in the settings file in plain text and shown in messages.
    .refine((url) => !hasCredentials(url), {
      message: "must not hold a user name or password: put the server's key in the API key field"
    })
    .default(''),
  /** Chat model id on the remote server. */
  remoteModel: z.string().max(200).default(''),
  /** Embedding model id on the remote server; empty uses the chat model. */
  remoteEmbeddingModel: z.string().max(200).default(''),
  /**
   * Context window of the remote model, in tokens: prompts are built to fit it. 0 reads it from the server's model
   * list, or assumes 4096 when the server does not say. Default 0.
   */
  remoteContextSize: z.number().int().min(0).max(1_048_576).default(0),
  /** Time budget of one model call, in milliseconds. Default 60 000. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Model calls running at once, across all tickets, Ask and learning; the rest wait their turn. Default 2. */
  maxConcurrentCalls: z.number().int().min(1).max(64).default(2),
  /**
   * Use the model even when it fails Vigil's self-check, or when its verdicts keep contradicting strong retrieval
   * evidence (the warnings are still shown). Default false: such a model is set aside and Vigil runs retrieval-only.
   */
  useUnreliableModel: z.boolean().default(false),
  /**
   * Time budget of one Ask answer or one Summarize, in seconds, for all its model calls (retries and the wait for
   * a free call slot included): past it, the analyst gets the retrieval-only answer or summary. Default 60.
   */
  assistBudgetSeconds: z.number().int().min(1).max(600).default(60),
  /**
   * Time budget of the model calls that learn from one resolved case, in seconds: past it, the case is learned the
   * extractive way (the analysts' own words). Default 120.
   */
  learningBudgetSeconds: z.number().int().min(1).max(1800).default(120)
})

function hasCredentials(text: string): boolean {
  try {
    const url = new URL(text)
    return url.username !== '' || url.password !== ''
  } catch {
    return false
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** Secret-store key of the remote server's API key. */
export const remoteApiKeySecret = 'llm.remoteApiKey'
