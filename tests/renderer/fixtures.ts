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
