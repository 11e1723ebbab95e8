/**
 * `vigil doctor`: checks that a language model works here, end to end: it loads the model (or reaches the server),
 * runs one schema-constrained generation through the same runtime the pipeline uses, and one embedding, and prints
 * what it measured.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { createLlmRuntime } from '../../engine/llm/createLlmRuntime'
import { LlmError } from '../../engine/llm/llmError'
import type { LlmBackend } from '../../engine/llm/llmRuntime'
import { LlamaProvider } from '../../engine/llm/local/llamaProvider'
import { loadLocalBackend } from '../../engine/llm/local/loadLocalBackend'
import { createRemoteBackend } from '../../engine/llm/remote/remoteBackend'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const doctorUsage = `Usage: vigil doctor --model FILE [--gpu auto|off] [--threads N] [--json]
       vigil doctor --remote URL [--model-id ID] [--embedding-model ID] [--api-key-env VAR] [--json]
  --model            a GGUF model file: load it, run one schema-constrained generation and one embedding
  --gpu              auto: use CUDA, Vulkan or Metal when present, else the CPU (default); off: CPU only
  --threads          CPU threads, 0 for one per core (default 0)
  --remote           an OpenAI-compatible server's base URL (e.g. http://127.0.0.1:11434/v1): the same checks there
  --model-id         the chat model on that server (default "default", for servers with a single model)
  --embedding-model  the embedding model on that server (default: the chat model)
  --api-key-env      the environment variable holding the server's API key (never printed)
  --json             print one JSON object: { backend, model, loadMs, runtimeStartMs, tokensPerSecond,
                     jsonValid, embeddingDimensions, gpu, threads, tokensEstimated }
`

/** Fully enforceable by a grammar, so a failure here is a real failure of the model path. */
const DoctorCheck = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  summary: z.string().min(1).max(60),
  priority: z.number().int().min(1).max(5),
  tags: z.array(z.string().min(1).max(16)).max(2)
})

const checkMessages = [
  { role: 'system' as const, content: 'You triage support tickets. Reply with JSON only.' },
  {
    role: 'user' as const,
    content: 'Ticket: "The login page loads slowly for some users since this morning."'
  }
]

interface Target {
  backend: LlmBackend
  /** Loading the model file into a ready backend. */
  loadMs: number | null
  /** Starting llama.cpp (loading its binary, finding a GPU): once per process, before the first model. */
  runtimeStartMs: number | null
  gpu: string | false | null
  threads: number | null
  countTokens: ((text: string) => number) | null
  release: () => Promise<void>
}

export async function runDoctor(argv: string[], io: CommandIo, env = process.env): Promise<number> {
  const args = parseDoctorArgs(argv)
  const target = args.remote ? openRemote(args, env) : await openLocal(args)
  try {
    let generated = ''
    let generationMs = 0
    const runtime = createLlmRuntime(
      measured(target.backend, (raw, ms) => ((generated += raw), (generationMs += ms)))
    )
    const jsonValid = await runtime
      .structured(checkMessages, { name: 'doctor.v1', schema: DoctorCheck }, { maxTokens: 160 })
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof LlmError && error.llmCode === 'LLM_INVALID_OUTPUT') return false
          throw error
        }
      )
    const tokens = target.countTokens ? target.countTokens(generated) : Math.ceil(generated.length / 4)
    const [vector] = await runtime.embed(['The login page loads slowly for some users.'])
    const report = {
      backend: target.backend.info.backend,
      model: target.backend.info.model,
      loadMs: target.loadMs,
      runtimeStartMs: target.runtimeStartMs,
      tokensPerSecond: generationMs > 0 ? round(tokens / (generationMs / 1000)) : null,
      jsonValid,
      embeddingDimensions: vector?.length ?? 0,
      gpu: target.gpu,
      threads: target.threads,
      tokensEstimated: target.countTokens === null
    }
    io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : describe(report, tokens, generationMs))
    return report.jsonValid && report.embeddingDimensions > 0 ? 0 : 1
  } finally {
    await target.release()
  }
}

async function openLocal(args: DoctorArgs): Promise<Target> {
  const provider = new LlamaProvider({ gpu: args.gpu })
  try {
    let started = performance.now()
    await provider.getLlama()
    const runtimeStartMs = Math.round(performance.now() - started)
    started = performance.now()
    const backend = await loadLocalBackend(provider, {
      modelPath: args.model!,
      gpu: args.gpu,
      threads: args.threads
    })
    return {
      backend,
      loadMs: Math.round(performance.now() - started),
      runtimeStartMs,
      gpu: backend.hardware.gpu,
      threads: backend.hardware.threads,
      countTokens: (text) => backend.countTokens(text),
      release: async () => {
        await backend.dispose()
        await provider.dispose()
      }
    }
  } catch (error) {
    await provider.dispose()
    throw error
  }
}

function openRemote(args: DoctorArgs, env: NodeJS.ProcessEnv): Target {
  let apiKey: string | undefined
  if (args.apiKeyEnv) {
    apiKey = env[args.apiKeyEnv]
    if (!apiKey)
      throw new VigilError(ErrorCode.badInput, `the environment variable ${args.apiKeyEnv} is not set`)
  }
  const backend = createRemoteBackend({
    baseUrl: args.remote!,
    model: args.modelId,
    embeddingModel: args.embeddingModel,
    apiKey
  })
  return {
    backend,
    loadMs: null,
    runtimeStartMs: null,
    gpu: null,
    threads: null,
    countTokens: null,
    release: () => backend.dispose()
  }
}

/** The backend, with the raw text and duration of each structured answer recorded for the tokens-per-second figure. */
function measured(backend: LlmBackend, record: (raw: string, ms: number) => void): LlmBackend {
  return {
    info: backend.info,
    streamChat: (messages, options) => backend.streamChat(messages, options),
    async completeJson(messages, jsonSchema, options) {
      const started = performance.now()
      const raw = await backend.completeJson(messages, jsonSchema, options)
      record(raw, performance.now() - started)
      return raw
    },
    embed: (texts, options) => backend.embed(texts, options),
    dispose: () => backend.dispose()
  }
}

function describe(
  report: {
    backend: string
    model: string
    loadMs: number | null
    runtimeStartMs: number | null
    tokensPerSecond: number | null
    jsonValid: boolean
    embeddingDimensions: number
    gpu: string | false | null
    threads: number | null
  },
  tokens: number,
  generationMs: number
): string {
  const where =
    report.gpu === null
      ? 'remote server'
      : `${report.gpu === false ? 'CPU' : `GPU (${report.gpu})`}, ${report.threads} thread${report.threads === 1 ? '' : 's'}`
  const approx = report.backend === 'remote' ? '~' : ''
  return [
    `model       ${report.model} (${report.backend})`,
    `load        ${report.loadMs === null ? 'n/a' : `${report.loadMs} ms (llama.cpp started in ${report.runtimeStartMs} ms)`}`,
    `runs on     ${where}`,
    `json        ${report.jsonValid ? 'valid' : 'INVALID after one repair'} (schema-constrained generation)`,
    `speed       ${approx}${report.tokensPerSecond ?? 'n/a'} tokens/s (${approx}${tokens} tokens in ${round(generationMs / 1000)} s, prompt included)`,
    `embedding   ${report.embeddingDimensions} dimensions`,
    ''
  ].join('\n')
}

interface DoctorArgs {
  model: string | undefined
  remote: string | undefined
  modelId: string
  embeddingModel: string | undefined
  apiKeyEnv: string | undefined
  gpu: 'auto' | 'off'
  threads: number
  json: boolean
}

function parseDoctorArgs(argv: string[]): DoctorArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        remote: { type: 'string' },
        'model-id': { type: 'string', default: 'default' },
        'embedding-model': { type: 'string' },
        'api-key-env': { type: 'string' },
        gpu: { type: 'string', default: 'auto' },
        threads: { type: 'string', default: '0' },
        json: { type: 'boolean', default: false }
      }
    }))
  } catch (error) {
    throw argumentError(error, doctorUsage)
  }
  if (Boolean(values.model) === Boolean(values.remote))
    throw new VigilError(ErrorCode.badInput, `give either --model FILE or --remote URL\n${doctorUsage}`)
  if (values.gpu !== 'auto' && values.gpu !== 'off')
    throw new VigilError(ErrorCode.badInput, `--gpu must be "auto" or "off", not "${values.gpu}"`)
  const threads = Number(values.threads)
  if (!Number.isInteger(threads) || threads < 0 || threads > 256)
    throw new VigilError(
      ErrorCode.badInput,
      `--threads must be a whole number from 0 to 256, not "${values.threads}"`
    )
  return {
    model: values.model,
    remote: values.remote,
    modelId: values['model-id'],
    embeddingModel: values['embedding-model'],
    apiKeyEnv: values['api-key-env'],
    gpu: values.gpu,
    threads,
    json: values.json
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
