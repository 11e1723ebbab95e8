/**
 * Adaptive intervention: per team, Vigil learns how readily to interrupt from the reactions it gets. Accepted
 * suggestions (adopted, liked, or confirmed by how the case was resolved) and rejected ones (disliked, dismissed,
 * or ignored while the humans solved it differently) feed a decaying acceptance rate; when it falls short of the
 * target, Vigil asks for closer matches before speaking, and when it exceeds it, Vigil speaks up more readily —
 * within bounds, and only once there is enough evidence.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { Settings } from '../../../shared/settings'
import { writeJsonAtomic } from '../storage/jsonLines'

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const TeamState = z.object({
  accepted: z.number().nonnegative(),
  rejected: z.number().nonnegative(),
  reactions: z.number().int().nonnegative(),
  /** The keys of the last reactions counted (a reaction redone after a kill is counted once). */
  applied: z.array(z.string()).optional()
})
type TeamState = z.infer<typeof TeamState>
const StateFile = z.record(z.string(), TeamState)

/** Older reactions weigh less: each new one multiplies the past by this. */
const DECAY = 0.97
/** Reactions needed before Vigil changes how readily it speaks. */
const MIN_REACTIONS = 5
const MIN_SCALE = 0.8
const MAX_SCALE = 1.5
/** Keys of counted reactions kept per team: more than are ever in flight at a kill. */
const APPLIED_KEPT = 64

export interface Adaptation {
  team: string
  /** Multiplier on the answerability thresholds: above 1 Vigil is more reserved, below 1 more forthcoming. */
  scale: number
  /** Decayed share of accepted suggestions, or null before any reaction. */
  acceptance: number | null
  reactions: number
  explanation: string
}

export class AdaptiveIntervention {
  private state: Record<string, TeamState> = {}
  /** Why adaptive.json could not be used; while set, reactions adapt in memory only and the file is left alone. */
  problem: string | null = null
  private writing: Promise<void> = Promise.resolve()

  private constructor(private readonly file: string) {}

  /**
   * Missing: start neutral. Unreadable or not what this version writes: start neutral too, but report it (`warn`),
   * keep a copy beside it, and never overwrite it, so a person can repair it (then restart) or remove it.
   */
  static async open(
    file: string,
    warn: (message: string) => void = () => undefined
  ): Promise<AdaptiveIntervention> {
    const adaptive = new AdaptiveIntervention(file)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return adaptive
      adaptive.problem = `${file}: cannot be read (${(error as Error).message})`
      warn(`${adaptive.problem}; Vigil adapts from neutral and leaves the file alone until it is fixed`)
      return adaptive
    }
    const parsed = StateFile.safeParse(parseJson(text))
    if (parsed.success) {
      adaptive.state = parsed.data
      return adaptive
    }
    const copy = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`
    await writeFile(copy, text, { flag: 'wx' }).catch(() => undefined)
    adaptive.problem = `${file}: not valid adaptation state`
    warn(
      `${adaptive.problem}; Vigil adapts from neutral and leaves the file alone (a copy is at ${copy}); fix or remove it, then restart`
    )
    return adaptive
  }

  /**
   * Records one reaction (explicit or implied by the resolution) and persists the team's state. With `key` (the
   * reaction's name), a reaction the team's state already counted under that key is not counted again.
   */
  async record(team: string, accepted: boolean, key?: string): Promise<void> {
    const current = this.state[team] ?? { accepted: 0, rejected: 0, reactions: 0 }
    if (key !== undefined && current.applied?.includes(key)) return
    this.state[team] = {
      accepted: current.accepted * DECAY + (accepted ? 1 : 0),
      rejected: current.rejected * DECAY + (accepted ? 0 : 1),
      reactions: current.reactions + 1,
      ...(key !== undefined
        ? { applied: [...(current.applied ?? []), key].slice(-APPLIED_KEPT) }
        : current.applied
          ? { applied: current.applied }
          : {})
    }
    if (!this.problem) await this.save()
  }

  /**
   * Writes the state as it is when the write starts, one write at a time: two reactions at once never write the
   * file together (same temporary name within a millisecond), nor leave the older state last.
   */
  private save(): Promise<void> {
    const write = this.writing.catch(() => undefined).then(() => writeJsonAtomic(this.file, this.state))
    this.writing = write
    return write
  }

  adaptation(team: string, settings: Settings['learning']): Adaptation {
    const current = this.state[team]
    const total = current ? current.accepted + current.rejected : 0
    const acceptance = total > 0 ? current!.accepted / total : null
    const reactions = current?.reactions ?? 0
    if (!settings.adaptive) {
      return {
        team,
        scale: 1,
        acceptance,
        reactions,
        explanation: 'Adaptation is switched off: the thresholds are used as set.'
      }
    }
    if (acceptance === null || reactions < MIN_REACTIONS) {
      return {
        team,
        scale: 1,
        acceptance,
        reactions,
        explanation: `Waiting for ${MIN_REACTIONS - reactions} more reactions before adapting; the thresholds are used as set.`
      }
    }
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, 1 + (settings.targetAcceptance - acceptance)))
    const percent = (value: number): string => `${Math.round(value * 100)}%`
    const direction =
      scale > 1.005
        ? `needs ${scale.toFixed(2)}× the usual match before speaking`
        : scale < 0.995
          ? `speaks up at ${scale.toFixed(2)}× the usual match`
          : 'uses the thresholds as set'
    return {
      team,
      scale: Math.round(scale * 1000) / 1000,
      acceptance: Math.round(acceptance * 1000) / 1000,
      reactions,
      explanation: `${percent(acceptance)} of ${reactions} reactions and case outcomes (the latest weighing most) were a use, a like or a confirmation of the cited entry (target ${percent(settings.targetAcceptance)}), so Vigil ${direction}.`
    }
  }
}

/** The pipeline settings with the team's adaptation applied. */
export function adaptedPipeline(settings: Settings['pipeline'], scale: number): Settings['pipeline'] {
  return {
    ...settings,
    answerThreshold: Math.min(1, settings.answerThreshold * scale),
    confirmedThreshold: Math.min(1, settings.confirmedThreshold * scale),
    dominantShare: Math.min(1, settings.dominantShare * scale),
    likelyAnswer: Math.min(1, settings.likelyAnswer * scale)
  }
}
