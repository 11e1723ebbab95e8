/**
 * What people do to knowledge in the workbench: approve, edit or reject entries in the review queue, write, edit,
 * retire and restore entries by hand, and roll an entry back to an earlier version. Each change is a new version
 * with provenance naming who made it.
 */
import type { z } from 'zod'
import type { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { EntryFields, EntryFieldsEdit } from '../../../shared/knowledgeFields'
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
    if (review.action !== 'edit' && entry.review !== 'pending') {
      // A rejected (or already decided) entry goes back through the queue (restore), never straight into use.
      throw new VigilError(
        ErrorCode.badInput,
        `${entry.id} is not waiting for review, so it cannot be ${review.action === 'approve' ? 'approved' : 'rejected'}`
      )
    }
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

  /**
   * A new entry written by a person: author `human`, version 1, active at once, unless its steps are risky (then
   * it waits for review, flagged, like a learned one). BAD_INPUT naming the field for an empty or overlong field,
   * or a title an active entry of the team already has.
   */
  async create(team: string, fields: EntryFields, by: string, now: Date): Promise<KnowledgeEntry> {
    const valid = checked(EntryFields, fields)
    this.refuseDuplicateTitle(team, valid.title, null)
    const at = now.toISOString()
    const risk = riskOf(valid.resolution)
    return this.save({
      id: this.newId(team, valid.title),
      team,
      ...valid,
      symptoms: [],
      summary: distill(valid.resolution),
      sourceTicketIds: [],
      author: 'human',
      status: risk ? 'draft' : 'active',
      version: 1,
      createdAt: at,
      updatedAt: at,
      counters: { shown: 0, adopted: 0, liked: 0, disliked: 0, dismissed: 0 },
      observations: 0,
      confidence: 0.6,
      provenance: [{ kind: 'written', at, by }],
      ...(risk ? { risk, review: 'pending' as const } : { review: 'none' as const })
    })
  }

  /**
   * A person's change to an entry that is not waiting for review (that one is edited in the review queue), as a
   * new version. Risky steps send it to review: the version published before stays in the history, and rejecting
   * the change brings it back.
   */
  async edit(
    team: string,
    id: string,
    fields: EntryFieldsEdit,
    by: string,
    now: Date
  ): Promise<KnowledgeEntry> {
    const entry = this.require(team, id)
    if (entry.review === 'pending') {
      throw new VigilError(ErrorCode.badInput, `${entry.title} waits for review: edit it in the review queue`)
    }
    const edit = definedFields(checked(EntryFieldsEdit, fields))
    if (edit.title) this.refuseDuplicateTitle(team, edit.title, id)
    const edited = { ...entry, ...edit }
    if (edit.resolution) edited.summary = distill(edited.resolution)
    const risk = riskOf(edited.resolution)
    const at = now.toISOString()
    return this.save({
      ...edited,
      ...(risk ? { risk, status: 'draft' as const, review: 'pending' as const } : { risk: undefined }),
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, { kind: 'edited', at, by })
    })
  }

  /**
   * Takes an active entry out of use, or puts a retired one back, as a new version naming who did it and why. A
   * rejected draft, or an entry whose steps are risky, goes back to the review queue (draft, pending) rather than
   * straight into use: restoring never skips the review a person already refused or one the steps call for.
   */
  async setStatus(
    team: string,
    id: string,
    change: { action: 'retire' | 'restore'; note?: string },
    by: string,
    now: Date
  ): Promise<KnowledgeEntry> {
    const entry = this.require(team, id)
    const wanted = change.action === 'retire' ? 'active' : 'retired'
    if (entry.status !== wanted || entry.review === 'pending') {
      const state = entry.review === 'pending' ? 'waits for review' : `is ${entry.status}`
      throw new VigilError(
        ErrorCode.badInput,
        `${entry.title} ${state}: only ${wanted} entries can be ${change.action === 'retire' ? 'retired' : 'restored'}`
      )
    }
    const risk = change.action === 'restore' ? riskOf(entry.resolution) : null
    const toReview = change.action === 'restore' && (entry.review === 'rejected' || risk !== null)
    if (change.action === 'restore' && !toReview) this.refuseDuplicateTitle(team, entry.title, id)
    const at = now.toISOString()
    const note = [change.note?.trim(), toReview ? 'back in the review queue' : ''].filter(Boolean).join('; ')
    return this.save({
      ...entry,
      status: change.action === 'retire' ? 'retired' : toReview ? 'draft' : 'active',
      ...(toReview ? { review: 'pending' as const, ...(risk ? { risk } : {}) } : {}),
      version: entry.version + 1,
      updatedAt: at,
      provenance: appendProvenance(entry, {
        kind: change.action === 'retire' ? 'retired' : 'restored',
        at,
        by,
        ...(note ? { note } : {})
      })
    })
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

  /** Two active entries with one title read as one in every list: the second is refused, naming the first. */
  private refuseDuplicateTitle(team: string, title: string, except: string | null): void {
    // The store's title catalogue: reading every active entry here cost seconds per save at 100k entries.
    const same = this.knowledge.withTitle(team, title, ['active']).find((entry) => entry.id !== except)
    if (same) {
      throw new VigilError(
        ErrorCode.badInput,
        `Title: an active entry already has this title (${same.id}); edit that one, or name this one apart`
      )
    }
  }

  /** `kb-written-<words of the title>`, numbered when taken. */
  private newId(team: string, title: string): string {
    const words = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '')
    const base = `kb-written-${words || 'entry'}`
    let id = base
    for (let n = 2; this.knowledge.get(team, id); n++) id = `${base}-${n}`
    return id
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

/** The fields parsed by `schema` (trimmed), or BAD_INPUT with the first problem in words naming the field. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new VigilError(ErrorCode.badInput, parsed.error.issues[0]!.message)
  return parsed.data
}

function definedFields(edit: EntryEdit): EntryEdit {
  return Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined)) as EntryEdit
}
