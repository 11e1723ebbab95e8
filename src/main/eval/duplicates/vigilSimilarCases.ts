/**
 * Vigil's similar-case retrieval over Jira issues, through the code the app runs: one knowledge entry per issue in
 * a real KnowledgeStore (in a temporary folder), the EntryMatcher's TF-IDF statistics over all of them, the
 * pipeline's query builder on a ticket whose subject is the summary and whose customer message is the description,
 * and Retriever.retrieve.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emptyCounters, type KnowledgeEntry } from '../../../shared/domain'
import { silentLogger } from '../../engine/host'
import { KnowledgeStore } from '../../engine/knowledge/knowledgeStore'
import { buildQuery } from '../../engine/pipeline/queryBuilder'
import { EntryMatcher } from '../../engine/retrieval/entryMatcher'
import { Retriever } from '../../engine/retrieval/retriever'
import { scrubText } from '../../engine/text/scrub'
import { ConversationState } from '../../engine/watcher/conversationState'
import type { HadoopIssue } from './hadoopIssues'

const TEAM = 'hadoop'
/** Issues carry no timestamps that matter for ranking; a fixed one keeps runs identical. */
const AT = '2020-01-01T00:00:00.000Z'
/**
 * The entry schema needs a resolution step, and the export has no fix text, only a status word ("Duplicate",
 * "Fixed") that would leak the answer into matching. An em dash yields no token for Vigil's tokenizer or Orama's,
 * so it adds nothing to full-text scores, TF-IDF statistics or entry vectors.
 */
export const TOKENLESS_TEXT = '\u2014'

export interface VigilSimilarCasesOptions {
  /** Full-text candidates re-scored per query (RetrievalQuery.candidates). Default: the Retriever's own (25). */
  candidates?: number
}

export interface VigilSimilarCases {
  /** Ids of the issues most similar to `issue`, best first, never the issue itself. */
  similar(issue: HadoopIssue): Promise<string[]>
  /** Closes the store and removes its temporary folder. */
  dispose(): Promise<void>
}

/** The knowledge entry of an issue, scrubbed as learning scrubs what it stores, cut to the schema's limits. */
export function issueEntry(issue: HadoopIssue): KnowledgeEntry {
  const summary = scrubText(issue.summary).slice(0, 300) || TOKENLESS_TEXT
  return {
    id: issue.id,
    team: TEAM,
    title: summary,
    problem: (scrubText(issue.description) || summary).slice(0, 20_000),
    symptoms: [],
    resolution: [TOKENLESS_TEXT],
    sourceTicketIds: [issue.id],
    author: 'human',
    status: 'active',
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    counters: emptyCounters()
  }
}

/** Builds the store and the matcher over all issues. */
export async function openVigilSimilarCases(
  issues: readonly HadoopIssue[],
  options: VigilSimilarCasesOptions = {}
): Promise<VigilSimilarCases> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-duplicates-'))
  const store = await KnowledgeStore.open({ dir, logger: silentLogger, compactEvery: 1_000_000 })
  const dispose = async (): Promise<void> => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
  const matcher = new EntryMatcher()
  try {
    const entries = issues.map(issueEntry)
    // Queued together, the puts share one append and one fsync (the store's group commit).
    await Promise.all(entries.map((entry) => store.put(entry)))
    for (const entry of entries) matcher.index(entry)
    // Vectors computed now, under the statistics of all issues, so no result depends on the order of queries.
    for (const entry of entries) matcher.entryVector(entry)
  } catch (error) {
    await dispose()
    throw error
  }
  const retriever = new Retriever(store, matcher)
  /** Puts an entry in the store and the matcher, as learning does. */
  const replace = async (entry: KnowledgeEntry): Promise<void> => {
    await store.put(entry)
    matcher.index(entry)
  }
  return {
    async similar(issue) {
      const query = buildQuery(conversationOf(issue), null)
      // A new ticket is not yet in the knowledge: its own entry is withdrawn while it is the query, so that its
      // words count neither in full-text term selection nor in the statistics (only the document count keeps it).
      const own = store.get(TEAM, issue.id)
      if (own) {
        await replace({ ...own, status: 'retired', title: TOKENLESS_TEXT, problem: TOKENLESS_TEXT })
      }
      try {
        const results = await retriever.retrieve({ team: TEAM, ...query, candidates: options.candidates })
        return results.map((result) => result.entry.id).filter((id) => id !== issue.id)
      } finally {
        if (own) await replace(own)
      }
    },
    dispose
  }
}

/** A ticket as the watcher holds it: the summary as subject, the description as the customer's message. */
function conversationOf(issue: HadoopIssue): ConversationState {
  const state = new ConversationState({
    id: issue.id,
    subject: issue.summary.slice(0, 500),
    status: 'open',
    assignee: null,
    team: TEAM,
    createdAt: AT,
    updatedAt: AT
  })
  if (issue.description !== '') {
    state.addMessage({
      id: `${issue.id}-description`,
      ticketId: issue.id,
      authorRole: 'customer',
      authorName: 'reporter',
      text: issue.description,
      time: AT
    })
  }
  return state
}
