/** @module Flag values: kubectl-style durations (`90s`, `5m`, `1h30m`, bare seconds) and positive integers. */
import { InvalidArgumentError } from 'commander'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Milliseconds in `text`; `0` means "no timeout". Bad input is commander's usage error (exit 2). */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new InvalidArgumentError('expected a duration such as 90s, 5m or 1h30m')
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * (UNIT_MS[unit ?? 's'] ?? 0), 0)
}

/** A whole number ≥ 1. */
export function parsePositiveInt(text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1')
  return n
}

/** `true` or `false` (kubectl's `--watch=false`). */
export function parseBool(text: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true'
  throw new InvalidArgumentError('expected true or false')
}
