/**
 * What changed between two versions of an entry, for the history's diff: the title and problem word by word, the
 * resolution step by step (a step reworded shows as the old step removed and the new one added).
 */
import type { KnowledgeEntry, ProvenanceEvent } from '../../../../shared/domain'

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string }

export interface EntryDiff {
  title: DiffPart[]
  problem: DiffPart[]
  resolution: DiffPart[]
  status: { from: string; to: string } | null
  /** Whether anything at all differs. */
  changed: boolean
}

/** Longest-common-subsequence diff of two token lists; equal neighbours are joined into one part. */
export function diffTokens(before: readonly string[], after: readonly string[], joiner = ''): DiffPart[] {
  const rows = before.length
  const cols = after.length
  // lengths[i][j]: the longest common subsequence of before[i..] and after[j..].
  const lengths = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0))
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      lengths[i]![j] =
        before[i] === after[j]
          ? lengths[i + 1]![j + 1]! + 1
          : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const parts: DiffPart[] = []
  const push = (kind: DiffPart['kind'], text: string): void => {
    const last = parts.at(-1)
    if (last && last.kind === kind) last.text += joiner + text
    else parts.push({ kind, text })
  }
  let i = 0
  let j = 0
  while (i < rows || j < cols) {
    if (i < rows && j < cols && before[i] === after[j]) {
      push('same', before[i]!)
      i++
      j++
    } else if (j < cols && (i === rows || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      push('added', after[j]!)
      j++
    } else {
      push('removed', before[i]!)
      i++
    }
  }
  return parts
}

/** Words with the spaces that follow them, so joined parts read as the original text. */
const words = (text: string): string[] => text.match(/\S+\s*/g) ?? []

export function diffEntries(before: KnowledgeEntry, after: KnowledgeEntry): EntryDiff {
  const title = diffTokens(words(before.title), words(after.title))
  const problem = diffTokens(words(before.problem), words(after.problem))
  const resolution = stepsApart(before.resolution, after.resolution)
  const status = before.status === after.status ? null : { from: before.status, to: after.status }
  const changed =
    status !== null ||
    [title, problem, resolution].some((parts) => parts.some((part) => part.kind !== 'same'))
  return { title, problem, resolution, status, changed }
}

/** The resolution's diff with every step its own part (equal neighbours are not joined). */
function stepsApart(before: readonly string[], after: readonly string[]): DiffPart[] {
  const joined = diffTokens(before, after, '\u0000')
  return joined.flatMap((part) => part.text.split('\u0000').map((text) => ({ kind: part.kind, text })))
}

/** Who made a version and how, from the last event of its provenance ("Edited by Dana Reyes"). */
export function versionAuthor(entry: KnowledgeEntry): ProvenanceEvent | null {
  return entry.provenance?.at(-1) ?? null
}
