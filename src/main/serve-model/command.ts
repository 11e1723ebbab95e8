/**
 * `vigil serve-model`: loads a local GGUF model and serves it as an OpenAI-compatible API until Ctrl+C, so one
 * machine (ideally with a GPU) can serve a team. Teammates set it as their remote server in Vigil's settings.
 */
import type { CommandIo } from '../cli/io'
import type { LlmBackend } from '../engine/llm/llmRuntime'
import { LlamaProvider } from '../engine/llm/local/llamaProvider'
import { loadLocalBackend } from '../engine/llm/local/loadLocalBackend'
import { isLoopbackHost, startModelServer, type ModelServer } from './modelServer'
import { parseServeModelArgs, serveModelUsage } from './serveModelArgs'

export { serveModelUsage }

/** A loaded model and how to unload it. */
export interface OpenedBackend {
  backend: LlmBackend
  close(): Promise<void>
}

/** Seams for tests; production uses the defaults. */
export interface ServeModelDependencies {
  /** Loads the model file. Default: the local node-llama-cpp backend on its own llama runtime. */
  openBackend: (modelPath: string, io: CommandIo) => Promise<OpenedBackend>
  /** Resolves when the server should stop. Default: on SIGINT or SIGTERM. */
  untilStopped: (server: ModelServer) => Promise<void>
}

/** Runs the command; resolves with the exit code. Bad options throw a BAD_INPUT VigilError (the CLI prints it). */
export async function runServeModel(
  argv: string[],
  io: CommandIo,
  dependencies: Partial<ServeModelDependencies> = {}
): Promise<number> {
  if (argv.includes('--help')) return (void io.stdout.write(serveModelUsage), 0)
  const args = parseServeModelArgs(argv)
  const opened = await (dependencies.openBackend ?? openLocalBackend)(args.modelPath, io)
  try {
    let server: ModelServer
    try {
      server = await startModelServer({
        backend: opened.backend,
        port: args.port,
        ...(args.host === undefined ? {} : { host: args.host, allowNonLoopback: true }),
        ...(args.token === undefined ? {} : { token: args.token }),
        log: (line) => void io.stderr.write(`${line}\n`)
      })
    } catch (error) {
      io.stderr.write(`vigil serve-model: ${(error as Error).message}\n`)
      return 1
    }
    if (!isLoopbackHost(server.host)) {
      io.stderr.write(
        `Warning: listening on ${server.host}, reachable from the network. Anyone who can reach this machine and ` +
          'has the token can use the model, and plain HTTP is not encrypted: the token and every conversation can ' +
          'be read on the way. Prefer a VPN or a TLS reverse proxy.\n'
      )
    }
    io.stdout.write(
      `Serving ${opened.backend.info.model} ${isLoopbackHost(server.host) ? 'to this machine only' : 'to the network'}.\n` +
        `  Base URL: ${server.url}\n  Model:    ${opened.backend.info.model}\n  Token:    ${server.token}\n` +
        'In Vigil, set these as the remote server URL, model and API key. Anyone with the token can use the model.\n' +
        'Press Ctrl+C to stop.\n'
    )
    await (dependencies.untilStopped ?? untilSignal)(server)
    io.stdout.write('Stopping...\n')
    await server.close()
    return 0
  } finally {
    await opened.close()
  }
}

async function openLocalBackend(modelPath: string, io: CommandIo): Promise<OpenedBackend> {
  const provider = new LlamaProvider({
    logger: (level, message) => void io.stderr.write(`llama.cpp ${level}: ${message}\n`)
  })
  io.stdout.write(`Loading ${modelPath}...\n`)
  const started = Date.now()
  try {
    const backend = await loadLocalBackend(provider, { modelPath })
    io.stdout.write(`Loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`)
    return { backend, close: () => backend.dispose().finally(() => provider.dispose()) }
  } catch (error) {
    await provider.dispose()
    throw error
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
