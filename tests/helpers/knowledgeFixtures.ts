import { emptyCounters, type KnowledgeEntry, type Message, type Ticket } from '../../src/shared/domain'
import { defaultSettings } from '../../src/shared/settings'
import { KnowledgeStore } from '../../src/main/engine/knowledge/knowledgeStore'
import { EntryMatcher } from '../../src/main/engine/retrieval/entryMatcher'
import { ConversationState } from '../../src/main/engine/watcher/conversationState'
import { recordingLogger } from './engineHarness'

export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString()

export function entry(overrides: Partial<KnowledgeEntry> & Pick<KnowledgeEntry, 'id'>): KnowledgeEntry {
  return {
    team: 'cloud-support',
    title: 'Title',
    problem: 'Problem',
    symptoms: [],
    resolution: ['Do the thing that fixes it.'],
    sourceTicketIds: ['OLD-1'],
    author: 'learned',
    status: 'active',
    version: 1,
    createdAt: at(-1000),
    updatedAt: at(-1000),
    counters: emptyCounters(),
    ...overrides
  }
}

export const samlEntry = (overrides: Partial<KnowledgeEntry> = {}): KnowledgeEntry =>
  entry({
    id: 'kb-saml',
    title: 'SSO login fails: SAML response signature invalid',
    problem: 'Users cannot sign in with SSO. The error says SAML response signature validation failed.',
    symptoms: ['SAML signature invalid after the identity provider rotated its certificate'],
    resolution: [
      'Download the new SAML signing certificate from the IdP.',
      'Upload it under Admin > Security > SSO.'
    ],
    sourceTicketIds: ['OLD-1', 'OLD-2'],
    ...overrides
  })

export const exportEntry = (overrides: Partial<KnowledgeEntry> = {}): KnowledgeEntry =>
  entry({
    id: 'kb-export',
    title: 'CSV export times out with 504 Gateway Timeout',
    problem: 'Downloading a large CSV export of activity records fails with 504 Gateway Timeout.',
    symptoms: ['Export CSV spins then shows gateway timeout'],
    resolution: ['Use the asynchronous export under Data > Exports.'],
    sourceTicketIds: ['OLD-3'],
    ...overrides
  })

export async function openKnowledge(dir: string, entries: KnowledgeEntry[]) {
  const knowledge = await KnowledgeStore.open({ dir, logger: recordingLogger() })
  const matcher = new EntryMatcher()
  for (const item of entries) {
    await knowledge.put(item)
    matcher.index(item)
  }
  return { knowledge, matcher }
}

export function ticket(id = 'NEW-1', team = 'cloud-support'): Ticket {
  return {
    id,
    subject: 'Help needed',
    status: 'open',
    assignee: 'Ana',
    team,
    createdAt: at(0),
    updatedAt: at(0)
  }
}

let counter = 0
export function message(
  state: ConversationState,
  authorRole: Message['authorRole'],
  text: string,
  minutes: number
): Message {
  const item: Message = {
    id: `${state.ticket.id}-m${++counter}`,
    ticketId: state.ticket.id,
    authorRole,
    authorName: authorRole === 'customer' ? 'Casey Customer' : 'Ana Analyst',
    text,
    time: at(minutes)
  }
  state.addMessage(item)
  return item
}

export const conversation = (id?: string): ConversationState => new ConversationState(ticket(id))

export const pipelineSettings = () => defaultSettings().pipeline
