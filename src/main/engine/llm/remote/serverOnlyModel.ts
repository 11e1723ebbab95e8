/**
 * The model id to use when the settings leave it empty: the one model the server lists at `GET /models`. A server
 * that lists none or several (or cannot be asked) gives an error that says what to enter.
 */
export async function serverOnlyModel(options: {
  baseUrl: string
  apiKey?: string
  /** Default 10 000 ms. */
  timeoutMs?: number
  fetch?: typeof fetch
}): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
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
    throw new Error(
      `No chat model id is set and ${baseUrl} did not list its models (${(error as Error).message}): enter the model id in Settings › Model.`
    )
  }
  if (ids.length === 1) return ids[0]!
  throw new Error(
    ids.length === 0
      ? `No chat model id is set and ${baseUrl} lists no models: enter the model id in Settings › Model.`
      : `No chat model id is set and ${baseUrl} lists ${ids.length} models (${ids.slice(0, 5).join(', ')}): enter one in Settings › Model.`
  )
}
