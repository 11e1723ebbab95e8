/**
 * Prompts fit the model. Every prompt is built to a token budget taken from the model's context size (the loaded
 * context locally, the setting or the server's model info remotely): what the answer needs is set aside first, then
 * the fixed parts (system prompt, question, knowledge), and the conversation gets what is left. When a ticket is too
 * long, its opening problem statement and its latest turns always stay; turns in the middle go first (a marker says
 * how many, and keeps the error codes and ids the customer quoted in them), and an overlong turn is cut in its
 * middle, never at its end. Tokens are counted with the model's own tokenizer where the backend has one, otherwise
 * estimated on the high side so that a remote server never truncates silently either.
 */
import type { LlmRuntime } from '../../llm/llmRuntime'

/** Context assumed when the backend does not say. */
export const DEFAULT_CONTEXT_TOKENS = 4096
/** Chat-template tokens around the messages (role markers, BOS), and a margin for estimate error. */
const TEMPLATE_TOKENS = 64
const ESTIMATE_MARGIN = 0.9
/** The answer never takes more than this share of the context, so that a small model still sees the case. */
const MAX_OUTPUT_SHARE = 0.4
/** The least the conversation gets, even in a tiny context: the opening and the latest turn, cut short. */
const MIN_CONVERSATION_TOKENS = 96

export type TokenCounter = (text: string) => number

/** About 3 characters a token for ASCII text in common vocabularies, one token per other character: errs high. */
export function estimateTokens(text: string): number {
  let ascii = 0
  let other = 0
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) < 128) ascii++
    else other++
  }
  return Math.ceil(ascii / 3 + other)
}

/** What one prompt may spend, in tokens. */
export interface PromptFit {
  /** Tokens left for the conversation (and whatever else the caller still adds). */
  tokens: number
  /** Tokens the answer may use: the caller's request, capped to leave room for the prompt. */
  maxTokens: number
  count: TokenCounter
  /** The model is remote: personal data is redacted before the text leaves this machine. */
  remote: boolean
}

/**
 * The budget of one prompt: the model's context, less the answer, the template and the `fixed` texts (system prompt,
 * question) that go into the prompt whole. With no model, a default fit for a 4096-token context (and redaction).
 */
export function promptFit(llm: LlmRuntime | null, fixed: readonly string[], maxTokens: number): PromptFit {
  const context = llm?.info.contextSize ?? DEFAULT_CONTEXT_TOKENS
  const exact = llm?.countTokens ? llm.countTokens.bind(llm) : null
  const count: TokenCounter = exact ?? estimateTokens
  const output = Math.min(maxTokens, Math.floor(context * MAX_OUTPUT_SHARE))
  const room = (context - output - TEMPLATE_TOKENS) * (exact ? 1 : ESTIMATE_MARGIN)
  const used = fixed.reduce((sum, text) => sum + count(text), 0)
  return {
    tokens: Math.max(MIN_CONVERSATION_TOKENS, Math.floor(room - used)),
    maxTokens: output,
    count,
    remote: llm?.info.backend !== 'local'
  }
}

/** The same fit with `text` (a block already placed in the prompt) taken out of its budget. */
export function spend(fit: PromptFit, text: string): PromptFit {
  return { ...fit, tokens: Math.max(MIN_CONVERSATION_TOKENS, fit.tokens - fit.count(text) - 1) }
}

/** Error codes, ids and exception names as customers quote them: they must reach the model. */
const QUOTED_CODE =
  /\b(?:[A-Za-z]{1,10}[-_]?\d{2,}[A-Za-z0-9-]*|0x[0-9a-fA-F]{4,}|[A-Z]{2,}(?:_[A-Z0-9]+)+|[A-Za-z]+(?:Error|Exception)|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g

export function quotedCodes(text: string): string[] {
  return [...new Set(text.match(QUOTED_CODE) ?? [])]
}

/**
 * The text cut to `maxTokens` by removing its middle: the start (the problem as stated) and the end (the latest
 * detail) stay; codes quoted only in the removed part are named in the marker.
 */
export function trimMiddle(text: string, maxTokens: number, count: TokenCounter = estimateTokens): string {
  const tokens = count(text)
  if (tokens <= maxTokens) return text
  const codes = quotedCodes(text)
  let keep = Math.floor(maxTokens * (text.length / tokens))
  for (let attempt = 0; attempt < 8; attempt++) {
    const head = text.slice(0, Math.floor(keep * 0.6))
    const tail = text.slice(text.length - Math.floor(keep * 0.4))
    const kept = head + tail
    const lost = codes.filter((code) => !kept.includes(code)).slice(0, 8)
    const said = lost.length ? `; it quoted ${lost.join(', ')}` : ''
    const trimmed = `${head} […${text.length - kept.length} characters left out${said}…] ${tail}`
    if (count(trimmed) <= maxTokens || keep < 16) return trimmed
    keep = Math.floor(keep * 0.8)
  }
  return text.slice(0, Math.max(0, keep))
}

export interface Turn {
  role: string
  text: string
  latest?: true
}

/** A run of turns left out to fit, with the codes the customer quoted in them. */
export interface Omitted {
  omitted: number
  quoted?: string[]
}

/**
 * The turns that fit in `budget` tokens, in order, with markers where turns were left out. Always kept: the opening
 * customer turn and the last turns (the latest one flagged or the newest, and the two before it); then the newest
 * of the others, as many as fit.
 */
export function fitTurns(turns: readonly Turn[], budget: number, count: TokenCounter): Array<Turn | Omitted> {
  const cost = (turn: Turn | Omitted): number => count(JSON.stringify(turn)) + 1
  if (turns.reduce((sum, turn) => sum + cost(turn), 0) <= budget) return [...turns]

  const opening = Math.max(
    0,
    turns.findIndex((turn) => turn.role === 'customer')
  )
  const latestFlag = turns.findIndex((turn) => turn.latest)
  const latest = latestFlag >= 0 ? latestFlag : turns.length - 1
  const recent = [latest - 2, latest - 1, latest + 1].filter((index) => index >= 0 && index < turns.length)
  const chosen = new Map<number, Turn>()
  const take = (index: number, share: number): void => {
    const turn = turns[index]!
    const cap = Math.max(24, Math.floor(budget * share))
    chosen.set(index, { ...turn, text: trimMiddle(turn.text, cap, count) })
  }
  take(opening, 0.3)
  take(latest, 0.3)
  const markerCost = 40
  let left = budget - markerCost * 2 - [...chosen.values()].reduce((sum, turn) => sum + cost(turn), 0)
  // Recent context next, then older turns newest first, each turn short, until the budget is spent.
  const others = [...recent, ...turns.map((_, index) => index).reverse()].filter(
    (index, at, all) => !chosen.has(index) && all.indexOf(index) === at
  )
  for (const index of others) {
    const turn = turns[index]!
    const fitted = { ...turn, text: trimMiddle(turn.text, Math.max(24, Math.floor(budget * 0.15)), count) }
    const price = cost(fitted)
    if (price > left) {
      if (index < latest - 2) break // Older turns stay contiguous with the recent ones: no holes in the story.
      continue
    }
    chosen.set(index, fitted)
    left -= price
  }
  const lines: Array<Turn | Omitted> = []
  let gap: Turn[] = []
  const closeGap = (): void => {
    if (gap.length === 0) return
    const quoted = quotedCodes(
      gap
        .filter((turn) => turn.role === 'customer')
        .map((turn) => turn.text)
        .join('\n')
    )
    lines.push({ omitted: gap.length, ...(quoted.length ? { quoted: quoted.slice(0, 12) } : {}) })
    gap = []
  }
  turns.forEach((turn, index) => {
    const kept = chosen.get(index)
    if (!kept) return void gap.push(turn)
    closeGap()
    lines.push(kept)
  })
  closeGap()
  return lines
}
