/** Replaces the item with the same id, or adds it; returns a new array so watchers see the change. */
export function upsertById<T extends { id: string }>(items: readonly T[], item: T): T[] {
  const index = items.findIndex((existing) => existing.id === item.id)
  if (index === -1) return [...items, item]
  const copy = [...items]
  copy[index] = item
  return copy
}
