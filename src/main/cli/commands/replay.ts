/**
 * `vigil replay`: runs the engine headless over recorded cases and prints what it suggested and learned,
 * one JSON object per line with --json.
 */
import { count } from '../../../shared/plural'
import { ensureUsableDataDir } from '../../headless/dataDir'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { createEngine } from '../../engine/createEngine'
import type { EngineActivity } from '../../engine/types'
import { notLearnedYet } from '../../engine/learning/pendingLearning'
import { createJsonLogger } from '../../headless/jsonLogger'
import { createNodeHost, defaultResourcesDir } from '../../headless/nodeHost'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'
import {
  applyModelFlags,
  modelFlagOptions,
  modelFlagsUsage,
  parseModelFlags,
  type ModelFlags
} from '../../headless/modelFlags'

export const replayUsage = `Usage: vigil replay --demo [--file FILE] [--speed N|max] [--json] [--data-dir DIR]
                    [--model FILE | --remote URL [--model-id ID] [--api-key-env VAR]]
  --demo         replay the built-in demo cases (resources/demo/cases.json)
  --file         replay another file in the demo format instead
  --speed        a multiple of the demo's designed pace (of real time with --file), or "max" (default: max)
  --json         print one JSON object per line
  --data-dir     keep the engine's data (knowledge, logs) in DIR; default: a temporary folder, removed afterwards
${modelFlagsUsage}  The model flags apply to this replay only; the data folder's saved settings keep their model.
`

interface ReplayArgs {
  llm: ModelFlags | null
  file: string | undefined
  speed: number | 'max'
  json: boolean
  dataDir: string | undefined
}

function parseReplayArgs(argv: string[]): ReplayArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        demo: { type: 'boolean', default: false },
        file: { type: 'string' },
        speed: { type: 'string', default: 'max' },
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        ...modelFlagOptions
      }
    }))
  } catch (error) {
    throw argumentError(error, replayUsage)
  }
  if (!values.demo && !values.file)
    throw new VigilError(ErrorCode.badInput, `nothing to replay: give --demo or --file FILE\n${replayUsage}`)
  const speed = values.speed === 'max' ? 'max' : Number(values.speed)
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) {
    throw new VigilError(
      ErrorCode.badInput,
      `--speed must be a positive number or "max", not "${values.speed}"`
    )
  }
  const llm = parseModelFlags(values, replayUsage)
  return {
    llm,
    file: values.file ? resolve(values.file) : undefined,
    speed,
    json: values.json,
    dataDir: values['data-dir'] ? resolve(values['data-dir']) : undefined
  }
}

/** Text for one activity, or null when it is not reported. */
function describe(activity: EngineActivity, json: boolean): string | null {
  if (activity.type === 'suggestion') {
    const { suggestion } = activity
    if (!json) {
      // What the analyst reads (the card's text), then where it comes from and why Vigil spoke.
      const cited = suggestion.citations.map((c) => `${c.entryId} (from ${c.sourceTicketIds.join(', ')})`)
      return [
        `${suggestion.ticketId}  ${suggestion.kind}: ${suggestion.title}`,
        ...(suggestion.note ? [`    note: ${suggestion.note}`] : []),
        ...suggestion.text.split('\n').map((line) => `    | ${line}`),
        ...(cited.length ? [`    cites ${cited.join('; ')}`] : []),
        `    why: ${suggestion.reason}`
      ].join('\n')
    }
    return JSON.stringify({
      type: 'suggestion',
      ticketId: suggestion.ticketId,
      suggestionId: suggestion.id,
      kind: suggestion.kind,
      title: suggestion.title,
      text: suggestion.text,
      ...(suggestion.note ? { note: suggestion.note } : {}),
      confidence: suggestion.confidence,
      reason: suggestion.reason,
      triggerMessageId: suggestion.triggerMessageId,
      citations: suggestion.citations.map((c) => ({
        entryId: c.entryId,
        sourceTicketIds: c.sourceTicketIds
      })),
      ...(suggestion.generated ? { generated: true } : {}),
      ...(suggestion.risk ? { risk: suggestion.risk, text: suggestion.text.slice(0, 300) } : {})
    })
  }
  if (activity.type === 'reuse') {
    const { suggestion, kind } = activity
    return json
      ? JSON.stringify({ type: 'reuse', ticketId: suggestion.ticketId, suggestionId: suggestion.id, kind })
      : null
  }
  if (activity.type === 'silent' || activity.type === 'skipped-event') {
    return activity.type === 'skipped-event' && json
      ? JSON.stringify({ type: 'skipped', eventId: activity.eventId, reason: activity.reason })
      : null
  }
  if (activity.type === 'not-learned') {
    const { ticketId, eventId, reason } = activity
    return json
      ? JSON.stringify({ type: 'not-learned', ticketId, eventId, reason })
      : `${ticketId}  NOT LEARNED: ${reason}`
  }
  const { entry } = activity
  if (!json) {
    return `${activity.ticketId}  ${activity.type} ${entry.id} "${entry.title}" (v${entry.version}, ${entry.status}, sources ${entry.sourceTicketIds.join(', ')})`
  }
  return JSON.stringify({
    type: activity.type,
    entryId: entry.id,
    ticketId: activity.ticketId,
    title: entry.title,
    version: entry.version,
    status: entry.status,
    confidence: entry.confidence ?? 0.5,
    sourceTicketIds: entry.sourceTicketIds
  })
}

export async function runReplay(argv: string[], io: CommandIo): Promise<number> {
  const args = parseReplayArgs(argv)
  const dataDir = args.dataDir ?? (await mkdtemp(join(tmpdir(), 'vigil-replay-')))
  if (args.dataDir) await ensureUsableDataDir(dataDir)
  const host = await applyModelFlags(
    {
      ...createNodeHost({
        dataDir,
        resourcesDir: defaultResourcesDir(),
        logger: createJsonLogger({ quiet: args.json })
      }),
      // The replay prints every card, alerts included; a notification log line would say it again as raw JSON.
      notifier: { notify: () => {} }
    },
    args.llm
  ).catch(async (error: unknown) => {
    if (!args.dataDir) await rm(dataDir, { recursive: true, force: true })
    throw error
  })
  const engine = createEngine(host, {
    source: { kind: 'demo', speed: args.speed, file: args.file },
    awaitModel: true
  })
  const counts = {
    suggestions: 0,
    flagged: 0,
    learned: 0,
    merged: 0,
    confirmed: 0,
    corrected: 0,
    refuted: 0,
    retired: 0
  }
  // Reuse read from sent replies, kept apart from button reactions (which a replay has none of).
  const sent = { adopted: 0, edited: 0, ignored: 0 }
  /** Resolutions whose learning failed (each once, however often retried). */
  const notLearned = new Set<string>()
  engine.onActivity((activity) => {
    if (activity.type === 'suggestion') {
      counts.suggestions++
      if (activity.suggestion.risk) counts.flagged++
    } else if (activity.type === 'reuse') sent[activity.kind]++
    else if (activity.type === 'not-learned') notLearned.add(activity.eventId)
    else if (activity.type in counts) counts[activity.type as keyof typeof counts]++
    const line = describe(activity, args.json)
    if (line) io.stdout.write(`${line}\n`)
  })
  try {
    await engine.start()
    await engine.whenSourceIdle()
    const status = await engine.call('engine.status', {})
    const tickets = await engine.call('tickets.list', {})
    if (!status.ok || !tickets.ok) throw new Error('the engine did not report its status')
    const list = tickets.value as Array<{ messageCount: number }>
    const engineStatus = status.value as {
      knowledgeEntries: number
      source: { error: string | null }
      messages?: number
      llmCalls?: number
      model?: {
        state: string
        error: string | null
        health?: string
        trust?: { inUse: boolean; message: string } | null
      }
      warnings?: string[]
    }
    if (engineStatus.source.error) throw new VigilError(ErrorCode.demoInvalid, engineStatus.source.error)
    if (args.llm && engineStatus.model?.state === 'error')
      io.stderr.write(`vigil replay: ${engineStatus.model.error}\n`)
    // A model not trusted (or trusted only by override) is said out loud: its absence changes every result.
    const trust = args.llm ? engineStatus.model?.trust : null
    if (trust && (!trust.inUse || trust.message.includes('anyway')))
      io.stderr.write(`vigil replay: ${trust.message}\n`)
    // The data folder's replay cursor already stood at the end of this source: nothing ran, and that is said.
    const alreadyProcessed = Boolean(args.dataDir) && list.length > 0 && (engineStatus.messages ?? 0) === 0
    const summary = {
      type: 'summary',
      tickets: list.length,
      messages: list.reduce((sum, ticket) => sum + ticket.messageCount, 0),
      suggestions: counts.suggestions,
      flagged: counts.flagged,
      // Each learning count is the number of lines of that type: `learned` new entries, `merged` cases merged
      // into an entry already known, and so on; `learningEvents` is all of them together.
      learned: counts.learned,
      merged: counts.merged,
      confirmed: counts.confirmed,
      corrected: counts.corrected,
      refuted: counts.refuted,
      retired: counts.retired,
      learningEvents:
        counts.learned +
        counts.merged +
        counts.confirmed +
        counts.corrected +
        counts.refuted +
        counts.retired,
      notLearned: notLearned.size,
      knowledgeEntries: engineStatus.knowledgeEntries,
      adoptedSent: sent.adopted,
      editedSent: sent.edited,
      ignoredSent: sent.ignored,
      // Cost control: how many model calls the messages caused (0 without a model).
      llmCalls: engineStatus.llmCalls ?? 0,
      ...(args.llm
        ? {
            model: {
              state: engineStatus.model?.state ?? 'off',
              health: engineStatus.model?.health ?? null,
              error: engineStatus.model?.error ?? null,
              problems: (engineStatus.warnings ?? []).filter((w) => /model/i.test(w)).slice(0, 10)
            }
          }
        : {}),
      ...(alreadyProcessed ? { alreadyProcessed: true } : {})
    }
    io.stdout.write(
      args.json
        ? `${JSON.stringify(summary)}\n`
        : `\n${count(summary.tickets, 'ticket')}, ${count(summary.messages, 'message')}, ` +
            `${count(summary.suggestions, 'suggestion')}, ` +
            `${count(summary.learningEvents, 'learning event')} (${count(summary.learned, 'new entry', 'new entries')}, ` +
            `${summary.merged} merged, ${summary.confirmed} confirmed, ${summary.corrected} corrected, ` +
            `${summary.refuted} refuted, ${summary.retired} retired), ` +
            `${count(summary.knowledgeEntries, 'entry', 'entries')} in the knowledge base\n`
    )
    if (alreadyProcessed) {
      io.stderr.write(
        `vigil replay: nothing was replayed: every event of this source was already processed in the data folder ` +
          `${dataDir} (the tickets, messages and entries above are what it already holds). To replay again, give a new --data-dir, or leave ` +
          `--data-dir out for a temporary folder.\n`
      )
    }
    // A replay that could not learn did not do its job: said on stderr and in the exit status.
    if (notLearned.size === 0) return 0
    const problem = (engineStatus.warnings ?? []).find((w) => w.includes(notLearnedYet))
    io.stderr.write(
      `vigil replay: ${notLearned.size} resolved tickets were not learned from${problem ? `: ${problem}` : ''}\n`
    )
    return 1
  } finally {
    await engine.stop()
    if (!args.dataDir) await rm(dataDir, { recursive: true, force: true })
  }
}
