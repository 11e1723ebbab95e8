/**
 * The ceilings: how many cases could be answered at all from earlier cases. Warm cases count as earlier than
 * every scored case (they were replayed and learned first).
 */
import { round } from './metrics'
import type { CdpCase } from './twitterCdp'

const key = (item: CdpCase): string => `${item.company}\u0000${item.docId}`

/** Share of cases whose article occurred in an earlier case (by start time, or warm) of the same company. */
export function oracleRate(cases: readonly CdpCase[], warm: readonly CdpCase[] = []): number {
  const seen = new Set<string>(warm.map(key))
  let answerable = 0
  const inStartOrder = [...cases].sort(
    (a, b) => Date.parse(a.turns[0]!.time) - Date.parse(b.turns[0]!.time) || a.index - b.index
  )
  for (const item of inStartOrder) {
    if (seen.has(key(item))) answerable++
    seen.add(key(item))
  }
  return round(answerable / Math.max(1, cases.length))
}

/** Stricter: the earlier case (or a warm one) had also been resolved before this case's last turn. */
export function reachableRate(cases: readonly CdpCase[], warm: readonly CdpCase[] = []): number {
  const warmKeys = new Set(warm.map(key))
  const resolutions = new Map<string, Array<{ index: number; time: number }>>()
  for (const item of cases) {
    const list = resolutions.get(key(item)) ?? []
    list.push({ index: item.index, time: Date.parse(item.resolution.time) })
    resolutions.set(key(item), list)
  }
  const reachable = cases.filter((item) => {
    if (warmKeys.has(key(item))) return true
    const lastTurn = Date.parse(item.turns.at(-1)!.time)
    return resolutions.get(key(item))!.some((other) => other.index !== item.index && other.time <= lastTurn)
  })
  return round(reachable.length / Math.max(1, cases.length))
}
