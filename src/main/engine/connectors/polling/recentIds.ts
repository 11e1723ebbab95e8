/** A bounded set of recently seen ids: remembers the newest `capacity`, forgets the oldest first. */
export class RecentIds {
  private readonly ids = new Set<string>()

  constructor(private readonly capacity = 20_000) {}

  /** True when `id` was already seen; otherwise remembers it. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true
    this.ids.add(id)
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!)
    return false
  }
}
