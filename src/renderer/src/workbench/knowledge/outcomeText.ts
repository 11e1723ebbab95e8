import type { KnowledgeEntry } from '../../../../shared/domain'

/**
 * What a person's action on an entry did, in one sentence for the Knowledge screen's status line: each action's
 * outcome replaces the one before, read from the entry as the engine stored it (a rejected update leaves the
 * published version active; risky steps send an edit or a restore to review).
 */
export type EntryOutcome =
  | 'created'
  | 'approved'
  | 'rejected'
  | 'review-edited'
  | 'edited'
  | 'retired'
  | 'restored'
  | 'rolled-back'

const held = (entry: KnowledgeEntry): string =>
  entry.risk ? ` because its steps look risky: ${entry.risk}` : ''

export function outcomeText(outcome: EntryOutcome, entry: KnowledgeEntry, fromVersion?: number): string {
  const title = `“${entry.title}”`
  const waits = entry.review === 'pending'
  switch (outcome) {
    case 'created':
      return waits || entry.status !== 'active'
        ? `Created ${title} as a draft, held for review${held(entry)}. It is not suggested until someone approves it in the Review queue.`
        : `Created ${title}: active now, written by you.`
    case 'approved':
      return `Approved ${title}: active now (version ${entry.version}).`
    case 'rejected':
      return entry.status === 'active'
        ? `Rejected the change to ${title}: the published version stays active (now version ${entry.version}).`
        : `Rejected ${title}: it is not suggested; Restore sends it back to the Review queue.`
    case 'review-edited':
      return waits
        ? `Saved your edit of ${title} (version ${entry.version}); it still waits for review.`
        : `Saved your edit of ${title} (version ${entry.version}).`
    case 'edited':
      return waits
        ? `Saved ${title} as version ${entry.version}, held for review${held(entry)}; it is not suggested until someone approves it.`
        : `Saved ${title} as version ${entry.version}.`
    case 'retired':
      return `Retired ${title}: no longer suggested; Restore brings it back.`
    case 'restored':
      return waits
        ? `Restored ${title} to the Review queue: it is not suggested until someone approves it.`
        : `Restored ${title}: active again (version ${entry.version}).`
    case 'rolled-back':
      return `Restored version ${fromVersion ?? '?'} of ${title} as version ${entry.version}${waits ? `, held for review${held(entry)}` : ''}.`
  }
}
