/**
 * A scripted model that answers like a competent one, from what its prompts show: it asks for help on questions and
 * problems but not on thanks, cites the knowledge entry that shares the most words with the conversation, and
 * learns the analysts' steps. Heuristics, not intelligence, but it reads the prompts the stages really send.
 */
import type { ScriptedRequest } from '../../src/main/engine/llm/scriptedBackend'
import { json, scriptedModel, type StageScript } from './scriptedModel'

interface Turn {
  role: string
  text: string
  latest?: boolean
}

/** The conversation turns a prompt carries (JSON lines with a role and a text). */
export function turnsOf(request: ScriptedRequest): Turn[] {
  const user = request.messages.find((message) => message.role === 'user')?.content ?? ''
  return user.split('\n').flatMap((line) => {
    try {
      const value = JSON.parse(line) as Turn
      return typeof value.role === 'string' && typeof value.text === 'string' ? [value] : []
    } catch {
      return []
    }
  })
}

function knowledgeOf(
  request: ScriptedRequest
): Array<{ id: string; title: string; problem: string; resolution: string[] }> {
  const user = request.messages.find((message) => message.role === 'user')?.content ?? ''
  return user.split('\n').flatMap((line) => {
    try {
      const value = JSON.parse(line)
      return typeof value.id === 'string' && Array.isArray(value.resolution) ? [value] : []
    } catch {
      return []
    }
  })
}

const words = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .filter((word) => word.length > 3)
  )

const latestCustomer = (turns: Turn[]): string =>
  (turns.find((turn) => turn.latest) ?? turns.findLast((turn) => turn.role === 'customer'))?.text ?? ''

export const competentScript: StageScript = {
  scope: (request) => {
    const text = latestCustomer(turnsOf(request))
    const thanksOnly = /^\s*(thanks|thank you|great|perfect|ok|bye)\b/i.test(text) && !text.includes('?')
    return json({
      needsHelp: !thanksOnly,
      kind: thanksOnly ? 'chatter' : 'problem',
      analystHandling: false,
      reason: thanksOnly ? 'thanks' : 'a problem to solve'
    })
  },
  answer: (request) => {
    const conversation = words(
      turnsOf(request)
        .map((turn) => turn.text)
        .join(' ')
    )
    const scored = knowledgeOf(request)
      .map((entry) => ({
        entry,
        overlap: [...words(`${entry.title} ${entry.problem}`)].filter((word) => conversation.has(word)).length
      }))
      .sort((a, b) => b.overlap - a.overlap)
    const best = scored[0]
    if (!best || best.overlap < 2)
      return json({ answerable: false, citedEntryIds: [], answer: '', confidence: 0, reason: 'no match' })
    return json({
      answerable: true,
      citedEntryIds: [best.entry.id],
      answer: best.entry.resolution.join(' ').slice(0, 1_000),
      confidence: 0.8,
      reason: `${best.overlap} shared words`
    })
  },
  extract: (request) => {
    const turns = turnsOf(request)
    const problem = turns.find((turn) => turn.role === 'customer')?.text ?? ''
    const steps = turns
      .filter((turn) => turn.role === 'analyst')
      .flatMap((turn) => turn.text.split(/(?<=[.!?])\s+/))
      .filter((step) => step.length > 12)
      .slice(0, 8)
      .map((step) => step.slice(0, 600))
    return json({
      learnable: steps.length > 0,
      title: problem.slice(0, 80),
      problem: problem.slice(0, 1_500),
      resolution: steps
    })
  }
}

export const competentModel = (script: StageScript = {}) => scriptedModel({ ...competentScript, ...script })
