import type { KnowledgeEntry } from './domain'

/**
 * Why an entry waits in the review queue, in a sentence the reviewer can act on: its risky steps, a model's proposal
 * for a team-written entry, an update of an entry that was live, or the team's publishing policy.
 */
export function reviewReason(entry: KnowledgeEntry): string {
  const last = entry.provenance?.at(-1)
  if (last?.kind === 'proposed') return last.note ?? 'The model proposes a change to this team-written entry.'
  if (entry.risk) {
    return `Held because a step ${entry.risk}: nobody sees it until a person approves or edits it.`
  }
  const cases = entry.sourceTicketIds.length
  const from = cases === 1 ? `1 case (${entry.sourceTicketIds[0]})` : `${cases} cases`
  if (last?.kind === 'merged' || last?.kind === 'corrected') {
    const what = last.kind === 'merged' ? 'merged into it' : 'corrected it'
    return `A new case${last.ticketId ? ` (${last.ticketId})` : ''} ${what}, and your team publishes learned knowledge only after a person approves it.`
  }
  return `Learned from ${from}; your team publishes learned knowledge only after a person approves it (Settings, Learning).`
}
