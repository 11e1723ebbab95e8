/**
 * When each line of one raw log file was written. Lines carry only `[HH:MM]`; the date comes from the file's name.
 * The corpus puts about 1,000 lines of context (often from the day before) ahead of the annotated part, which
 * starts at line 1000, so the file's date belongs to the first timestamped line at or after line 1000 (or to the
 * first timestamped line of a shorter file). Whenever `[HH:MM]` goes backwards the clock has wrapped: by 12 hours
 * where that is enough (some early logs use a 12-hour clock), otherwise by a day. Times never go backwards, so
 * lines written in the same minute keep their order. System lines (`===`) take the time of the line before them.
 */
import type { IrcLine } from './ircLines'

/** Where the corpus's annotated part begins (its README: no link has both ends below 1,000). */
export const ANNOTATED_FROM = 1000

const MINUTE = 60_000
const HALF_DAY_MINUTES = 12 * 60

/** Epoch milliseconds for every line, same indexes as `lines`. `dateMs` is midnight UTC of the file's date. */
export function lineTimes(lines: readonly IrcLine[], dateMs: number): number[] {
  const clock: Array<number | null> = []
  let wrap = 0
  let previous: number | null = null
  for (const line of lines) {
    if (line.kind === 'system') {
      clock.push(null)
      continue
    }
    let minute = line.minuteOfDay + wrap
    while (previous !== null && minute < previous) {
      wrap += HALF_DAY_MINUTES
      minute += HALF_DAY_MINUTES
    }
    clock.push(minute)
    previous = minute
  }
  const timed = clock.flatMap((minute, index) => (minute === null ? [] : [index]))
  const anchor = timed.find((index) => index >= ANNOTATED_FROM) ?? timed[0]
  if (anchor === undefined) return lines.map(() => dateMs)
  const anchorLine = lines[anchor] as Extract<IrcLine, { minuteOfDay: number }>
  const shift = anchorLine.minuteOfDay - clock[anchor]!
  let carried = clock[timed[0]!]!
  return clock.map((minute) => {
    if (minute !== null) carried = minute
    return dateMs + (carried + shift) * MINUTE
  })
}
