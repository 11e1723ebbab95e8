/**
 * The known cases of the model self-check. Each is a small support conversation whose right verdict any model fit
 * for Vigil gets: plain English, one obvious problem, one obvious answer. They are built with the same types the
 * pipeline uses, so the check runs the real stage prompts.
 */
import type { KnowledgeEntry, Message } from '../../../shared/domain'
import { emptyCounters } from '../../../shared/domain'
import type { RetrievedEntry } from '../retrieval/retriever'
import { ConversationState } from '../watcher/conversationState'

const at = (minute: number): string => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString()

function conversation(id: string, subject: string, turns: Array<[Message['authorRole'], string]>) {
  const state = new ConversationState({
    id,
    subject,
    status: 'open',
    assignee: 'Dana Analyst',
    team: 'self-check',
    createdAt: at(0),
    updatedAt: at(0)
  })
  turns.forEach(([role, text], index) =>
    state.addMessage({
      id: `${id}-m${index + 1}`,
      ticketId: id,
      authorRole: role,
      authorName: role === 'customer' ? 'Sam Customer' : 'Dana Analyst',
      text,
      time: at(index + 1)
    })
  )
  return state
}

const syncProblem =
  "Since yesterday's update the mobile app shows 'Sync failed (E-1042)' every time I open it, and my notes " +
  'from the laptop no longer appear on the phone. How can I fix this?'

/** A customer asks a clear question: help is needed. */
export const questionCase = () => conversation('CHECK-1', 'Mobile sync fails', [['customer', syncProblem]])

/** The customer only thanks the analyst after the answer: chatter, nothing to help with. */
export const chatterCase = () =>
  conversation('CHECK-2', 'Mobile sync fails', [
    ['customer', syncProblem],
    ['analyst', 'Please sign out of the app, clear its cache under Settings > Storage, then sign in again.'],
    ['customer', 'Thank you so much, have a nice day!']
  ])

/** A resolved case whose analyst gave a reusable resolution: something to learn. */
export const resolvedCase = () =>
  conversation('CHECK-3', 'Mobile sync fails', [
    ['customer', syncProblem],
    [
      'analyst',
      'This happens when the app keeps an old sign-in after the update. Please sign out of the app, clear the ' +
        'app cache under Settings > Storage, and sign in again.'
    ],
    ['customer', 'That worked, my notes are back. Thanks!'],
    ['analyst', 'Glad it works again. Closing this ticket.']
  ])

/** Words a right extraction of the resolved case names. */
export const resolutionWords = ['cache', 'sign out', 'sign in', 'log out', 'log in']

function entry(id: string, title: string, problem: string, resolution: string[]): KnowledgeEntry {
  return {
    id,
    team: 'self-check',
    title,
    problem,
    symptoms: [problem],
    resolution,
    sourceTicketIds: [],
    author: 'human',
    status: 'active',
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    counters: emptyCounters()
  }
}

export const answeringEntryId = 'kb-mobile-sync'

/** Two candidates for the question case: the one that answers it, and an unrelated one. */
export const candidates = (): RetrievedEntry[] =>
  [
    entry(
      answeringEntryId,
      'Mobile app: "Sync failed (E-1042)" after an update',
      'After an app update, the mobile app shows Sync failed (E-1042) and notes stop syncing.',
      ['Sign out of the mobile app.', 'Clear the app cache under Settings > Storage.', 'Sign in again.']
    ),
    entry(
      'kb-billing-address',
      'Change the billing address on invoices',
      'The customer wants a different billing address printed on future invoices.',
      ['Open Billing > Company details.', 'Edit the address and save.']
    )
  ].map((item, index) => ({
    entry: item,
    similarity: 0.6 - index * 0.3,
    rank: 0.6 - index * 0.3,
    share: 0,
    teamCases: 0,
    problemTerms: []
  }))
