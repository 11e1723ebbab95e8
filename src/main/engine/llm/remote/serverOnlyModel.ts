/**
 * The model id to use when none is given: the one model the server lists at `GET /models`. A server that lists
 * none or several (or cannot be asked) gives an error that says what to enter, where the model id is set: the
 * settings screen (the app, `vigil serve`) or the `--model-id` flag (`vigil replay`, `vigil eval`).
 */
import { ErrorCode, VigilError } from '../../../../shared/errors'

/** Where the analyst gives the model id, and the words for it. */
const remedies = {
  settings: {
    prefix: 'No chat model id is set and ',
    enter: 'enter the model id in Settings › Model.',
    choose: 'enter one in Settings › Model.'
  },
  flag: { prefix: '', enter: 'give --model-id', choose: 'choose one with --model-id' }
} as const

export async function serverOnlyModel(options: {
  baseUrl: string
  apiKey?: string
  /** Default 10 000 ms. */
  timeoutMs?: number
  fetch?: typeof fetch
  /** Where the model id is given, for the error's advice. Default `settings`. */
  setIn?: keyof typeof remedies
}): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const remedy = remedies[options.setIn ?? 'settings']
  let ids: string[]
  try {
    const response = await doFetch(`${baseUrl}/models`, {
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const body = (await response.json()) as { data?: Array<{ id?: unknown }> }
    ids = (body.data ?? []).flatMap((model) => (typeof model.id === 'string' ? [model.id] : []))
  } catch (error) {
    throw new VigilError(
      ErrorCode.badInput,
      `${remedy.prefix}${baseUrl} did not list its models (${(error as Error).message}): ${remedy.enter}`
    )
  }
  if (ids.length === 1) return ids[0]!
  throw new VigilError(
    ErrorCode.badInput,
    ids.length === 0
      ? `${remedy.prefix}${baseUrl} lists no models: ${remedy.enter}`
      : `${remedy.prefix}${baseUrl} lists ${ids.length} models (${ids.slice(0, 5).join(', ')}): ${remedy.choose}`
  )
}
