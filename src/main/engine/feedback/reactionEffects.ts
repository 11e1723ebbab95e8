/**
 * The effects of a card shown and of each reaction to it, applied exactly once even when a kill cuts them short.
 *
 * The record in `suggestions.jsonl` (the card, or its feedback line) is the commit: once it is there the event
 * happened. Its effects follow, each stored together with the effect's key: the primary cited entry's counter (the
 * key in the entry's `counters.applied`, in the same knowledge record) and, for a card's first reaction, the team's
 * adaptation (the key in `adaptive.json`). Then the key goes to the effects journal (`reacted.jsonl`). At start
 * (`redo`), every logged card and reaction whose key the journal lacks has its effects applied again; the keys stored
 * with them make that a no-op wherever an effect took before the kill, so nothing counts twice or not at all.
 */
import type { EntryCounters, Feedback, Suggestion } from '../../../shared/domain'
import { VigilError } from '../../../shared/errors'
import type { AdaptiveIntervention } from '../learning/adaptiveIntervention'
import type { KnowledgeSource } from '../retrieval/knowledgeSource'
import type { LearningJournal } from '../storage/learningJournal'

interface Effect {
  key: string
  counter: keyof EntryCounters & string
  /** Whether the team's adaptation takes it as accepted or rejected; absent: it does not count there. */
  adaptation?: { accepted: boolean }
}

/** The effects of a card: shown, then one per reaction in the order they were logged. */
export function effectsOf(suggestion: Suggestion): Effect[] {
  const effects: Effect[] = [{ key: `${suggestion.id}/shown`, counter: 'shown' }]
  suggestion.feedback.forEach((feedback, index) => effects.push(reactionEffect(suggestion, feedback, index)))
  return effects
}

/** Every effect key of the cards: what a fresh journal counts as done (a data folder from before the journal). */
export function effectKeys(suggestions: readonly Suggestion[]): string[] {
  return suggestions.flatMap((suggestion) => effectsOf(suggestion).map((effect) => effect.key))
}

/**
 * A reaction's effect. The counter: the button's (`liked`) or the sent reply's (`editedSent`); a card has each at
 * most once (the same button twice counts once, a sent reuse is recorded once), so the counter names the reaction.
 * The adaptation counts the card's first reaction that is not `ignored`, and only for a card citing knowledge.
 */
function reactionEffect(suggestion: Suggestion, feedback: Feedback, index: number): Effect {
  const counter = (feedback.via === 'sent' ? `${feedback.kind}Sent` : feedback.kind) as keyof EntryCounters &
    string
  const first =
    feedback.kind !== 'ignored' &&
    !suggestion.feedback.slice(0, index).some((earlier) => earlier.kind !== 'ignored')
  return {
    key: `${suggestion.id}/${counter}`,
    counter,
    ...(first && suggestion.citations.length > 0
      ? { adaptation: { accepted: ['adopted', 'liked', 'edited'].includes(feedback.kind) } }
      : {})
  }
}

export class ReactionEffects {
  constructor(
    private readonly journal: LearningJournal,
    private readonly knowledge: KnowledgeSource,
    private readonly adaptive: AdaptiveIntervention,
    /** Told when a counter cannot be stored (the team's knowledge is read-only after a failed load). */
    private readonly warn: (message: string) => void,
    /** Told when the team's adaptation moved. */
    private readonly adapted: () => void
  ) {}

  /** The card was logged: its entry's `shown` counter. */
  shown(suggestion: Suggestion): Promise<void> {
    return this.apply(suggestion, effectsOf(suggestion)[0]!)
  }

  /** The reaction `feedback` (already on the card and logged): its counter and the adaptation. */
  reacted(suggestion: Suggestion, feedback: Feedback): Promise<void> {
    const index = suggestion.feedback.indexOf(feedback)
    if (index < 0) throw new Error(`feedback of ${suggestion.id} is not on the card`)
    return this.apply(suggestion, reactionEffect(suggestion, feedback, index))
  }

  /** At start: applies the effects of every logged card and reaction that the journal does not list as done. */
  async redo(suggestions: readonly Suggestion[]): Promise<number> {
    let redone = 0
    for (const suggestion of suggestions)
      for (const effect of effectsOf(suggestion)) {
        if (this.journal.has(effect.key)) continue
        await this.apply(suggestion, effect)
        redone++
      }
    return redone
  }

  /** Cards logged again (brought back from the archive with their ticket): their effects took long ago. */
  async alreadyApplied(suggestion: Suggestion): Promise<void> {
    for (const effect of effectsOf(suggestion)) await this.journal.learnedFrom(effect.key)
  }

  /** Keeps the journal to the cards still in the suggestion log (after it was compacted). */
  keepOnly(live: readonly Suggestion[]): void {
    this.journal.keepOnly(new Set(effectKeys(live)))
  }

  private async apply(suggestion: Suggestion, effect: Effect): Promise<void> {
    const primary = suggestion.citations[0]
    if (primary && this.knowledge.get(suggestion.team, primary.entryId)) {
      try {
        await this.knowledge.bumpCounters(
          suggestion.team,
          primary.entryId,
          { [effect.counter]: 1 },
          effect.key
        )
      } catch (error) {
        if (!(error instanceof VigilError)) throw error
        this.warn(`${effect.counter} not counted for ${primary.entryId}: ${error.message}`)
      }
    }
    if (effect.adaptation) {
      await this.adaptive.record(suggestion.team, effect.adaptation.accepted, effect.key)
      this.adapted()
    }
    await this.journal.learnedFrom(effect.key)
  }
}
