/**
 * The screens a resolution sends someone to, from its menu paths ("Admin > General > Workspace time zone"): the
 * words on either side of each ">". Two resolutions that both name menu paths but share none of these words send
 * the customer to different screens: different solutions, however many other words they share.
 */
import { stem } from '../text/tokenize'

const PATH_STEP = /([\p{L}\d][\p{L}\d'-]*)\s+>\s+([\p{L}\d][\p{L}\d'-]*)/gu

/** Stemmed words next to a ">" in a menu path. */
export function menuWords(text: string): Set<string> {
  const words = new Set<string>()
  for (const match of text.matchAll(PATH_STEP)) {
    words.add(stem(match[1]!.toLowerCase()))
    words.add(stem(match[2]!.toLowerCase()))
  }
  return words
}

/** Both name menu paths, and no screen is the same. */
export function differentScreens(ours: string, theirs: string): boolean {
  const a = menuWords(ours)
  const b = menuWords(theirs)
  return a.size > 0 && b.size > 0 && ![...a].some((word) => b.has(word))
}
