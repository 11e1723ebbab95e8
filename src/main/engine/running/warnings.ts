/** The problems a person should see in the status line, logged once each. */
import type { Logger } from '../host'

const KEPT = 100

export class EngineWarnings {
  private readonly kept: string[] = []

  constructor(private readonly logger: Logger) {}

  /**
   * Logged once, and kept (the latest 100) for the status line a person sees. `repeatable` problems (a failing
   * model, a bad pattern) are kept once, not once per message.
   */
  warn(message: string, repeatable = false): void {
    if (repeatable && this.kept.includes(message)) return
    this.logger.warn(message)
    this.keep(message)
  }

  /** Kept for the status line without logging (problems already logged where they were found). */
  keep(message: string): void {
    this.kept.push(message)
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT)
  }

  list(): string[] {
    return [...this.kept]
  }
}
