import type { StatsReport } from '../../src/shared/stats'
/** Small valid domain values for renderer tests; each field can be overridden. */
import type { EngineStatus, TicketSummary } from '../../src/shared/contract'
import type { KnowledgeEntry, Message, Suggestion } from '../../src/shared/domain'

export const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString()

export function makeTicket(overrides: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id: 'T-100',
    subject: 'VPN drops every hour',
    status: 'open',
    assignee: 'Dana',
    team: 'cloud-support',
    createdAt: at(0),
    updatedAt: at(1),
    messageCount: 1,
    suggestionCount: 0,
    lastMessageAt: at(1),
    phase: 'waiting on analyst',
    ...overrides
  }
}

export function makeSuggestion(overrides: Partial<Suggestion> = {}): Suggestion {
  return {
    id: 'S-1',
    ticketId: 'T-100',
    team: 'cloud-support',
    kind: 'answer',
    title: 'Renew the VPN lease',
    text: 'Please reconnect after running `vpn renew`.',
    citations: [{ entryId: 'K-7', title: 'VPN lease expiry', sourceTicketIds: ['T-42', 'T-57'], score: 0.8 }],
    confidence: 0.734,
    reason: 'The customer describes hourly disconnects, like T-42.',
    triggerMessageId: 'M-1',
    createdAt: at(2),
    feedback: [],
    ...overrides
  }
}

export function makeMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 'M-1',
    ticketId: 'T-100',
    authorRole: 'customer',
    authorName: 'Chris',
    text: 'My VPN drops every hour.',
    time: at(1),
    ...overrides
  }
}

export function makeEntry(overrides: Partial<KnowledgeEntry> = {}): KnowledgeEntry {
  return {
    id: 'K-7',
    team: 'cloud-support',
    title: 'VPN lease expiry',
    problem: 'VPN disconnects hourly',
    symptoms: ['drops every hour'],
    resolution: ['Run vpn renew', 'Reconnect'],
    sourceTicketIds: ['T-42'],
    author: 'learned',
    status: 'active',
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    counters: { shown: 3, adopted: 1, liked: 1, disliked: 0, dismissed: 0 },
    ...overrides
  }
}

export function makeStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    team: 'cloud-support',
    source: { kind: 'demo', state: 'running', delivered: 4, total: 40, speed: 30, error: null },
    tickets: 1,
    suggestions: 0,
    knowledgeEntries: 1,
    warnings: [],
    ...overrides
  }
}

/** A team's figures with nothing recorded yet; tests fill in what they show. */
export function emptyStats(team = 'cloud-support'): StatsReport {
  const kinds = { answer: 0, similar_case: 0, next_step: 0, summary: 0, escalation: 0 }
  return {
    team,
    from: '1970-01-01T00:00:00.000Z',
    to: '2026-03-02T23:59:59.999Z',
    suggestions: { total: 0, byKind: { ...kinds }, perDay: [] },
    reactions: {
      adopted: 0,
      edited: 0,
      liked: 0,
      disliked: 0,
      dismissed: 0,
      ignored: 0,
      sent: { adopted: 0, edited: 0, ignored: 0 }
    },
    outcomes: { sendable: 0, adopted: 0, edited: 0, dismissed: 0 },
    rates: { adoption: null, edit: null, dismiss: null },
    precisionByKind: {},
    timeToUsefulCard: { tickets: 0, medianSeconds: null, p90Seconds: null },
    knowledge: { entries: 0, drafts: 0, learned: 0, merged: 0, corrected: 0, retired: 0, perDay: [] },
    topEntries: [],
    gaps: { open: 0, closed: 0, top: [] },
    modelCallsAvoided: { messages: 0, woken: 0, avoided: 0 },
    timeSaved: { minutes: 0, formula: 'adopted (0) × 3 min + edited (0) × 1.5 min' }
  }
}
