/**
 * Names in a settings file that no setting has ("pipelin" for "pipeline"): the schema drops them without a word, so
 * a misspelled setting would silently keep its default. Each is reported with its place and, when one is close, the
 * name it was probably meant to be.
 */

type Plain = Record<string, unknown>
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Messages for each name in `raw` that `parsed` (what the schema kept) does not have, at any depth of objects. */
export function unknownSettingNames(raw: unknown, parsed: unknown, source: string): string[] {
  const found: string[] = []
  const walk = (given: unknown, kept: unknown, path: string[]): void => {
    if (!isPlain(given) || !isPlain(kept)) return
    for (const key of Object.keys(given)) {
      const at = [...path, key]
      if (!(key in kept)) {
        const meant = closest(
          key,
          Object.keys(kept).filter((name) => !(name in given))
        )
        found.push(
          `${source}: "${at.join('.')}" is not a setting Vigil knows, so it is ignored` +
            (meant ? ` (did you mean "${[...path, meant].join('.')}"?)` : '')
        )
      } else walk(given[key], kept[key], at)
    }
  }
  walk(raw, parsed, [])
  return found
}

/** The known name within two edits of `name` (the closest), or null. */
function closest(name: string, known: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance }
  }
  return best?.name ?? null
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    previous = current
  }
  return previous[b.length]!
}
