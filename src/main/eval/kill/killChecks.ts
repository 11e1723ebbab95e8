/**
 * What the kill test checks, over the JSON lines its worker printed (see killWorker.ts): after each restart, every
 * acknowledged entry version and reaction is present and nothing is damaged; at the end, no logged resolution is
 * unlearned, and (checked apart, see compareFinal) the knowledge equals an uninterrupted run's.
 */

export interface WorkerState {
  /** `team/id` to every stored version of the entry (history and current). */
  versions: Record<string, number[]>
  /** `suggestionId/kind` of every stored reaction. */
  reactions: string[]
  warnings: string[]
  unlearned: number
}

export interface FinalKnowledge {
  entries: Array<{ team: string; id: string; sources: string[] }>
  unlearned: number
}

export type WorkerLine =
  | { type: 'ack-entry'; team: string; id: string; version: number }
  | { type: 'ack-reaction'; suggestionId: string; kind: string }
  | ({ type: 'state' } & WorkerState)
  | { type: 'replaying' }
  | ({ type: 'final' } & FinalKnowledge)

/** Complete JSON lines of a worker's output; a line cut by the kill is ignored (it was never acknowledged). */
export function parseWorkerLines(output: string): WorkerLine[] {
  const lines: WorkerLine[] = []
  for (const line of output.split('\n')) {
    if (!line.trim()) continue
    try {
      lines.push(JSON.parse(line) as WorkerLine)
    } catch {
      // The last line, cut by SIGKILL: nothing in it was acknowledged.
    }
  }
  return lines
}

/** Damage the engine reported on start: a file it could not read, a team that failed to load. */
const DAMAGE = /line \d+|invalid JSON|cannot be read|failed to load|read-only until/i

/** A last line the kill cut short, moved aside at start (storage/tornTail.ts): expected after a kill, never acknowledged. */
const TORN = /an unfinished last record \(\d+ bytes, a write cut short\) was moved to/

/** The problems in a restart's state given every acknowledgement printed before it. */
export function checkRestart(acks: readonly WorkerLine[], state: WorkerState): string[] {
  const problems: string[] = []
  for (const ack of acks) {
    if (ack.type === 'ack-entry') {
      const versions = state.versions[`${ack.team}/${ack.id}`]
      if (!versions?.includes(ack.version))
        problems.push(`lost entry version ${ack.team}/${ack.id} v${ack.version}`)
    } else if (ack.type === 'ack-reaction') {
      if (!state.reactions.includes(`${ack.suggestionId}/${ack.kind}`))
        problems.push(`lost reaction ${ack.kind} on ${ack.suggestionId}`)
    }
  }
  for (const warning of state.warnings)
    if (DAMAGE.test(warning) && !TORN.test(warning)) problems.push(`damaged: ${warning}`)
  return problems
}

/** `team/id <- sorted sources`, one string per entry, sorted: two runs' knowledge compared as text. */
export function knowledgeKey(final: FinalKnowledge): string[] {
  return final.entries
    .map((entry) => `${entry.team}/${entry.id} <- ${[...entry.sources].sort().join(',')}`)
    .sort()
}

/**
 * The differences between a run's final knowledge and the uninterrupted reference (same entries, same source
 * tickets), in words. Kept apart from the invariants above: a run killed and restarted may learn a case in another
 * order than the reference did, and the benchmark reports how often that changes what was learned.
 */
export function compareFinal(reference: FinalKnowledge, final: FinalKnowledge): string[] {
  const expected = new Set(knowledgeKey(reference))
  const actual = new Set(knowledgeKey(final))
  return [
    ...[...expected].filter((key) => !actual.has(key)).map((key) => `missing: ${key}`),
    ...[...actual].filter((key) => !expected.has(key)).map((key) => `unexpected: ${key}`)
  ]
}
