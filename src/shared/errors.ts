/** Coded errors. They cross IPC/HTTP as data ({ code, message }), never as thrown exceptions. */

export const ErrorCode = {
  badInput: 'BAD_INPUT',
  unknownRoute: 'UNKNOWN_ROUTE',
  notFound: 'NOT_FOUND',
  settingsInvalid: 'SETTINGS_INVALID',
  knowledgeCorrupt: 'KNOWLEDGE_CORRUPT',
  knowledgeUnavailable: 'KNOWLEDGE_UNAVAILABLE',
  demoInvalid: 'DEMO_INVALID',
  connectorData: 'CONNECTOR_DATA',
  storageFailed: 'STORAGE_FAILED',
  forbidden: 'FORBIDDEN',
  internal: 'INTERNAL',
  llmModelInvalid: 'LLM_MODEL_INVALID',
  llmUnavailable: 'LLM_UNAVAILABLE',
  llmInvalidOutput: 'LLM_INVALID_OUTPUT',
  llmTimeout: 'LLM_TIMEOUT',
  llmAborted: 'LLM_ABORTED',
  llmRemoteError: 'LLM_REMOTE_ERROR',
  syncFailed: 'SYNC_FAILED',
  /** Another process (or sync) is syncing the same team repository right now. */
  syncBusy: 'SYNC_BUSY'
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export interface ErrorPayload {
  code: ErrorCode
  message: string
}

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'VigilError'
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message }
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }
