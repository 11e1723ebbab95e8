/**
 * Watches a model's verdicts against evidence that does not need a model: retrieval that would show a card on its
 * own, or an extractive resolution found in a solved case. A model that keeps contradicting that evidence ("no help
 * needed" on questions retrieval answers confidently, "not answerable" on strong matches, "nothing to learn" on
 * every solved case) is confused, however valid its JSON: it would mute Vigil. The monitor then reports it once, and
 * the engine falls back to retrieval-only with a visible warning.
 */

/** Which model verdict met the evidence. */
export type VerdictKind = 'scope' | 'answer' | 'extract'

/** What the pipeline and learning tell the monitor; see `ModelTrustMonitor.record`. */
export interface ModelWitness {
  /**
   * A model verdict where strong evidence was at hand: `contradicted` when the model said no (no help needed, not
   * answerable, nothing to learn) although the evidence says yes.
   */
  record(kind: VerdictKind, contradicted: boolean): void
}

export interface TrustMonitorOptions {
  /** Verdicts of one kind remembered, newest kept. Default 6. */
  window?: number
  /** Verdicts of one kind needed before judging. Default 5. */
  minEvidence?: number
  /** Share of contradicted verdicts among those remembered that makes the model confused. Default 0.8. */
  contradictionShare?: number
}

const describe: Record<VerdictKind, string> = {
  scope: 'said no help was needed on customer questions that the knowledge base answers confidently',
  answer: 'said no entry answers the case on strong knowledge matches',
  extract: 'found nothing to learn in solved cases whose resolution Vigil could extract'
}

export class ModelTrustMonitor implements ModelWitness {
  private readonly recent = new Map<VerdictKind, boolean[]>()
  private tripped = false
  private readonly window: number
  private readonly minEvidence: number
  private readonly share: number

  constructor(
    /** Told once, with a sentence saying what the model kept getting wrong. */
    private readonly onConfused: (reason: string) => void,
    options: TrustMonitorOptions = {}
  ) {
    this.window = options.window ?? 6
    this.minEvidence = Math.min(options.minEvidence ?? 5, this.window)
    this.share = options.contradictionShare ?? 0.8
  }

  record(kind: VerdictKind, contradicted: boolean): void {
    if (this.tripped) return
    const verdicts = this.recent.get(kind) ?? []
    verdicts.push(contradicted)
    if (verdicts.length > this.window) verdicts.shift()
    this.recent.set(kind, verdicts)
    if (verdicts.length < this.minEvidence) return
    const against = verdicts.filter(Boolean).length
    if (against / verdicts.length < this.share) return
    this.tripped = true
    this.onConfused(`The model ${describe[kind]} (${against} of the last ${verdicts.length} times).`)
  }

  /** A new model (or the same one reloaded) starts with a clean record. */
  reset(): void {
    this.recent.clear()
    this.tripped = false
  }
}
