/** @module Durations as people read them: Helios' "3 minutes" and kubectl's "3m" ages. */

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`

/** Helios' `humanDuration`: the largest whole unit, e.g. "45 seconds", "3 minutes", "2 days". */
export function humanDuration(ms: number): string {
  const abs = Math.max(0, ms)
  if (abs < MINUTE) return plural(Math.floor(abs / SECOND), 'second')
  if (abs < HOUR) return plural(Math.floor(abs / MINUTE), 'minute')
  if (abs < DAY) return plural(Math.floor(abs / HOUR), 'hour')
  return plural(Math.floor(abs / DAY), 'day')
}

/** kubectl's AGE column: "45s", "12m", "5h", "3d"; "<unknown>" without a timestamp. */
export function age(since: string | undefined, now: number): string {
  const start = since ? Date.parse(since) : Number.NaN
  if (Number.isNaN(start)) return '<unknown>'
  const ms = Math.max(0, now - start)
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`
  return `${Math.floor(ms / DAY)}d`
}

/** Milliseconds since an ISO time, or undefined if absent or unparsable. */
export function elapsedMs(since: string | undefined, now: number): number | undefined {
  const start = since ? Date.parse(since) : Number.NaN
  return Number.isNaN(start) ? undefined : now - start
}
