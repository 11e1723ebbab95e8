import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../shared/errors'

export const serveModelUsage = `Usage: vigil serve-model --model FILE [--port P] [--host ADDRESS] [--token T]
  Serves a local GGUF model to teammates as an OpenAI-compatible API (chat completions with streaming,
  structured output, embeddings). Clients use the printed base URL and token as their server URL and API key.
  --model   the GGUF model file (required; nothing is downloaded)
  --port    TCP port (default: a free one)
  --host    address to listen on (default: 127.0.0.1, this machine only); any other address makes the model
            reachable from the network, over plain HTTP
  --token   the bearer token clients must send, at least 16 characters (default: a random one, printed at start)
`

export interface ServeModelArgs {
  modelPath: string
  port: number
  /** Undefined unless given: the server then binds to loopback. */
  host?: string
  token?: string
}

/** Parses `vigil serve-model` options; throws a BAD_INPUT VigilError with a usable message on a bad value. */
export function parseServeModelArgs(argv: string[]): ServeModelArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' }
      }
    }))
  } catch (error) {
    throw badInput(`${(error as Error).message}\n${serveModelUsage}`)
  }
  if (!values.model) throw badInput(`--model is required: the GGUF file to serve.\n${serveModelUsage}`)
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw badInput(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  }
  if (values.host !== undefined && !/^[\w.:-]+$/.test(values.host)) {
    throw badInput(
      `--host must be an address or host name, such as 127.0.0.1 or 0.0.0.0, not "${values.host}".`
    )
  }
  // A short token on a server that may face the network could be guessed.
  if (values.token !== undefined && !/^[\x21-\x7e]{16,512}$/.test(values.token)) {
    throw badInput('--token must be 16 to 512 printable characters without spaces.')
  }
  return {
    modelPath: resolve(values.model),
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.token === undefined ? {} : { token: values.token })
  }
}

function badInput(message: string): VigilError {
  return new VigilError(ErrorCode.badInput, message)
}
