/**
 * Wraps a backend into the runtime the pipeline uses: every structured answer is parsed and validated against its
 * schema, one repair attempt is made (the invalid output and the validation error are shown to the model), and then
 * the call fails clearly. Time budgets and cancellation apply to every call; calls are counted.
 */
import { z } from 'zod'
import { LlmError } from './llmError'
import type { ChatMessage, GenerationOptions, LlmBackend, LlmRuntime, StructuredSchema } from './llmRuntime'

export interface RuntimeOptions {
  /** Default time budget per call in milliseconds. Default 60 000. */
  timeoutMs?: number
}

export function createLlmRuntime(backend: LlmBackend, options: RuntimeOptions = {}): LlmRuntime {
  const defaultTimeout = options.timeoutMs ?? 60_000
  let calls = 0

  const withBudget = async <T>(
    generation: GenerationOptions | undefined,
    run: (options: GenerationOptions) => Promise<T>
  ): Promise<T> => {
    const { signal, cleanup, timedOut } = budget(generation?.signal, generation?.timeoutMs ?? defaultTimeout)
    try {
      return await run({ ...generation, signal })
    } catch (error) {
      throw asLlmError(error, timedOut(), generation?.signal?.aborted ?? false)
    } finally {
      cleanup()
    }
  }

  return {
    info: backend.info,
    get calls() {
      return calls + (backend.retriesSent ?? 0)
    },

    async *chat(messages, generation) {
      calls++
      const { signal, cleanup, timedOut } = budget(
        generation?.signal,
        generation?.timeoutMs ?? defaultTimeout
      )
      try {
        for await (const chunk of backend.streamChat(messages, { ...generation, signal })) yield chunk
      } catch (error) {
        throw asLlmError(error, timedOut(), generation?.signal?.aborted ?? false)
      } finally {
        cleanup()
      }
    },

    async structured<T>(
      messages: ChatMessage[],
      schema: StructuredSchema<T>,
      generation?: GenerationOptions
    ) {
      const jsonSchema = z.toJSONSchema(schema.schema) as Record<string, unknown>
      let conversation = messages
      let problem = ''
      for (let attempt = 1; attempt <= 2; attempt++) {
        calls++
        const raw = await withBudget(generation, (options) =>
          backend.completeJson(conversation, jsonSchema, options)
        )
        const result = parseAndValidate(raw, schema.schema)
        if (result.ok) return result.value
        problem = result.problem
        conversation = [
          ...messages,
          { role: 'assistant', content: raw },
          {
            role: 'user',
            content: `That output is invalid (${problem}). Reply again with only JSON matching the schema.`
          }
        ]
      }
      throw new LlmError(
        'LLM_INVALID_OUTPUT',
        `The model's ${schema.name} output was invalid twice: ${problem}`,
        {
          details: { schema: schema.name }
        }
      )
    },

    async embed(texts, embedOptions) {
      calls++
      return withBudget({ signal: embedOptions?.signal }, (options) =>
        backend.embed(texts, { signal: options.signal })
      )
    },

    ...(backend.countTokens ? { countTokens: (text: string) => backend.countTokens!(text) } : {}),

    dispose: () => backend.dispose()
  }
}

function parseAndValidate<T>(
  raw: string,
  schema: z.ZodType<T>
): { ok: true; value: T } | { ok: false; problem: string } {
  let json: unknown
  try {
    json = JSON.parse(extractJson(raw))
  } catch {
    return { ok: false, problem: 'not valid JSON' }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, problem: `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` }
}

/** Models without constrained output sometimes wrap JSON in prose or a code fence. */
function extractJson(raw: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(raw)
  if (fenced) return fenced[1]!.trim()
  const start = raw.search(/[{[]/)
  return start > 0 ? raw.slice(start).trim() : raw.trim()
}

/** A signal that fires on the caller's abort or when the time budget runs out. */
function budget(parent: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController()
  let expired = false
  const timer = setTimeout(() => {
    expired = true
    controller.abort()
  }, timeoutMs)
  const onAbort = (): void => controller.abort()
  if (parent?.aborted) controller.abort()
  parent?.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    timedOut: () => expired,
    cleanup: () => {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onAbort)
    }
  }
}

function asLlmError(error: unknown, timedOut: boolean, aborted: boolean): LlmError {
  if (error instanceof LlmError) return error
  if (timedOut)
    return new LlmError('LLM_TIMEOUT', 'The model did not answer within its time budget', { cause: error })
  if (aborted) return new LlmError('LLM_ABORTED', 'The generation was cancelled', { cause: error })
  return new LlmError('LLM_UNAVAILABLE', `The model failed: ${(error as Error).message}`, { cause: error })
}
