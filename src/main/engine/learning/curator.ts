/**
 * What people do to knowledge in the workbench: approve, edit or reject entries in the review queue, and roll an
 * entry back to an earlier version. Each change is a new version with provenance naming who made it.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { distill } from './distill'
import { appendProvenance } from './entryHistory'
import { riskOf } from './safeguards'

export interface EntryEdit {
  title?: string
  problem?: string
  resolution?: string[]
}

export type ReviewAction =
  | { action: 'approve' }
  | { action: 'reject'; note?: string }
  | { action: 'edit'; edit: EntryEdit }

export class Curator {
  constructor(
    private readonly knowledge: KnowledgeStore,
    private readonly matcher: EntryMatcher
  ) {}

  async review(
    team: string,
    id: string,
    review: ReviewAction,
    by: string,
    now: Date
  ): Promise<KnowledgeEntry> {
    const entry = this.require(team, id)
    const at = now.toISOString()
    let next: KnowledgeEntry
    if (review.action === 'approve') {
      next = {
        ...entry,
        status: 'active',
        review: 'approved',
        provenance: appendProvenance(entry, { kind: 'approved', at, by })
      }
    } else if (review.action === 'reject') {
      const published = await this.lastPublished(team, entry)
      if (published) return this.keepPublished(entry, published, review.note, by, at)
      next = {
        ...entry,
        status: 'retired',
        review: 'rejected',
        provenance: appendProvenance(entry, {
          kind: 'rejected',
          at,
          by,
          ...(review.note ? { note: review.note } : {})
        })
      }
    } else {
      const edited = { ...entry, ...definedFields(review.edit) }
      // A person's edit of the steps is distilled again for the card.
      if (review.edit.resolution) edited.summary = distill(edited.resolution)
      const risk = riskOf(edited.resolution)
      next = {
        ...edited,
        ...(risk ? { risk } : { risk: undefined }),
        provenance: appendProvenance(entry, { kind: 'edited', at, by })
      }
    }
    return this.save({ ...next, version: entry.version + 1, updatedAt: at })
  }

  /** Restores the content of an earlier version, as a new version (history is never rewritten). */
  async rollback(team: string, id: string, version: number, by: string, now: Date): Promise<KnowledgeEntry> {
    const entry = this.require(team, id)
    const earlier = (await this.knowledge.history(team, id)).find((item) => item.version === version)
    if (!earlier) throw new VigilError(ErrorCode.notFound, `Entry ${id} has no version ${version}`)
    const at = now.toISOString()
    return this.save({
      ...earlier,
      counters: entry.counters,
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, { kind: 'rolled-back', at, by, note: `to version ${version}` })
    })
  }

  /**
   * The version people last saw live, when the entry waiting for review is an update of it (a case merged into or
   * correcting a published entry): rejecting the update must leave that version published, not retire the entry.
   */
  private async lastPublished(team: string, entry: KnowledgeEntry): Promise<KnowledgeEntry | null> {
    if (entry.status === 'active') return null
    const history = await this.knowledge.history(team, entry.id)
    return history.filter((item) => item.status === 'active').sort((a, b) => b.version - a.version)[0] ?? null
  }

  private keepPublished(
    entry: KnowledgeEntry,
    published: KnowledgeEntry,
    note: string | undefined,
    by: string,
    at: string
  ): Promise<KnowledgeEntry> {
    const why =
      `the update was rejected; version ${published.version} stays published${note ? `: ${note}` : ''}`.slice(
        0,
        500
      )
    return this.save({
      ...published,
      counters: entry.counters,
      review: 'none',
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, { kind: 'rejected', at, by, note: why })
    })
  }

  private require(team: string, id: string): KnowledgeEntry {
    const entry = this.knowledge.get(team, id)
    if (!entry) throw new VigilError(ErrorCode.notFound, `No knowledge entry ${id} in team "${team}"`)
    return entry
  }

  private async save(entry: KnowledgeEntry): Promise<KnowledgeEntry> {
    await this.knowledge.put(entry)
    this.matcher.index(entry)
    return entry
  }
}

function definedFields(edit: EntryEdit): EntryEdit {
  return Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined)) as EntryEdit
}
