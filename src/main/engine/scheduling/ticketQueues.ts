/**
 * How the engine orders its work — the one place to read it:
 *
 * 1. Events arrive from each source in stream order. The engine validates each one, applies it to the ticket's
 *    state and appends it to the event log right away, in that order; only then does the source store its cursor.
 *    So a restart neither loses nor repeats an event, whatever is still queued.
 * 2. The slow part — escalation rules, the suggestion pipeline, learning from a resolution — goes on the ticket's
 *    own queue (`TicketQueues.schedule`). One ticket's work runs strictly in arrival order; different tickets run
 *    concurrently, so a ticket waiting 30 s on the model never holds up another ticket's card. Work sees its
 *    ticket as it is when the work runs: a message whose turn comes after the case was answered or resolved stays
 *    silent (its card would be stale).
 * 3. Model calls from all tickets share a bounded number of slots (`ModelGate`), and each message has a time budget
 *    (`pipeline.messageBudgetSeconds`): past it, unfinished model stages are abandoned and the message gets the
 *    retrieval-only result. Ask and Summarize (`llm.assistBudgetSeconds`) and learning from one case
 *    (`llm.learningBudgetSeconds`) have budgets of their own (`modelBudget.ts`).
 * 4. The source waits for the work an event scheduled (`handOff`) while it stays quick: fully when no model is in
 *    use (nothing slow to overlap, and the stream's order stays exact, so replays are deterministic) or when the
 *    engine was built with `waitForWork`, and with a model for at most `HAND_OFF_MS` — a ticket whose queue is
 *    already busy is not waited for at all.
 * 5. Learning is durable: a resolution is in the event log before its learning is queued, and the learning journal
 *    (`storage/learningJournal.ts`) records each one learned; at start, logged resolutions missing from it are
 *    queued again, before any new event.
 * 6. `whenIdle()` resolves once every queue has drained, so "source idle" means every card and every learned entry
 *    is in (replays and evaluations read results only after that).
 */

/** How long the source waits for one event's work, with a model in use, before moving on to the next event. */
export const HAND_OFF_MS = 200

export interface Scheduled {
  /** Settles when the task has run; never rejects (a failure is in `error`). */
  readonly done: Promise<void>
  /** The task's failure, once it has failed. */
  readonly error: unknown
  /** Whether the ticket's queue was already busy with earlier work when this was scheduled. */
  readonly queued: boolean
  /** Takes over reporting the task's failure from the queue (the caller rethrows it). */
  claim(): void
}

export class TicketQueues {
  private readonly tails = new Map<string, Promise<void>>()
  private readonly drained = new Set<() => void>()

  constructor(
    /** Told of a task that failed when nobody claimed its failure (the queue goes on with the next task). */
    private readonly onUnclaimedError: (key: string, error: unknown) => void
  ) {}

  /** Runs `task` after every task scheduled before it on `key`, concurrently with other keys' tasks. */
  schedule(key: string, task: () => Promise<void>): Scheduled {
    const previous = this.tails.get(key)
    let claimed = false
    const scheduled = {
      queued: previous !== undefined,
      error: undefined as unknown,
      claim: () => void (claimed = true),
      done: (previous ?? Promise.resolve()).then(task).then(
        () => undefined,
        (error: unknown) => {
          scheduled.error = error ?? new Error('task failed')
          // A waiter that sees the failure claims it before the next macrotask; only then is it known unclaimed.
          setImmediate(() => {
            if (!claimed) this.onUnclaimedError(key, error)
          })
        }
      )
    }
    const tail = scheduled.done
    this.tails.set(key, tail)
    void tail.then(() => this.settled(key, tail))
    return scheduled
  }

  /** Tickets with work queued or running. */
  get busy(): number {
    return this.tails.size
  }

  /** Whether `key` has work queued or running. */
  isBusy(key: string): boolean {
    return this.tails.has(key)
  }

  /** Resolves when no ticket has work queued or running. */
  whenIdle(): Promise<void> {
    if (this.tails.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.drained.add(resolve))
  }

  private settled(key: string, tail: Promise<void>): void {
    if (this.tails.get(key) !== tail) return
    this.tails.delete(key)
    if (this.tails.size > 0) return
    const waiting = [...this.drained]
    this.drained.clear()
    for (const resolve of waiting) resolve()
  }
}

/**
 * What the source waits for after handing over an event's work: every task it scheduled, fully or for at most
 * `limitMs`. A task on a ticket that was already busy is not waited for (the ticket is behind anyway; its order is
 * kept by its queue). Throws a task's error when the task failed within the wait (the source then stops, as it
 * would have when the work ran inline); later failures are the queue's to report.
 */
export async function handOff(tasks: Scheduled[], limitMs: number): Promise<void> {
  const fresh = tasks.filter((task) => !task.queued)
  if (fresh.length === 0) return
  let timer: NodeJS.Timeout | undefined
  let expired = false
  const all = Promise.all(
    fresh.map((task) =>
      task.done.then(() => {
        if (task.error !== undefined && !expired) task.claim()
      })
    )
  )
  const limit = Number.isFinite(limitMs)
    ? new Promise<void>((resolve) => (timer = setTimeout(() => ((expired = true), resolve()), limitMs)))
    : new Promise<void>(() => undefined)
  try {
    await Promise.race([all, limit])
  } finally {
    clearTimeout(timer)
  }
  const failed = fresh.find((task) => task.error !== undefined && !expired)
  if (failed) throw failed.error
}
