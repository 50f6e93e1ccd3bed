/** @module Restart policy (pure, Helios' numbers): restart delays per throttle, flap detection, health-check backoff. */
import type { Throttle } from '../apis/index.js'

/** How long to wait before the next attempt, by throttle (Helios' RestartPolicy). */
export const RESTART_DELAY_MS = {
  NO: 1_000,
  FLAPPING: 30_000,
  IMAGE_MISSING: 120_000,
  IMAGE_PULL_FAILED: 30_000,
} as const satisfies Record<Throttle, number>

/** A task flaps when its last FLAP_EXITS runs together lasted less than FLAP_RUN_TIME_MS (Helios' FlapController). */
export const FLAP_EXITS = 10
export const FLAP_RUN_TIME_MS = 60_000

/** One finished run of a container, epoch milliseconds. */
export interface Run {
  startedAt: number
  finishedAt: number
}

export const restartDelayMs = (throttle: Throttle): number => RESTART_DELAY_MS[throttle]

/** Appends a finished run, keeping only the runs flap detection looks at. */
export const recordExit = (runs: readonly Run[], run: Run): Run[] => [...runs, run].slice(-FLAP_EXITS)

/**
 * Run time counted by flap detection: the last FLAP_EXITS runs plus the current run so far. It
 * clears by itself: a container that stays up long enough pushes the total past the window.
 */
function flapRunTimeMs(runs: readonly Run[], now: number, runningSince?: number): number {
  const past = runs.slice(-FLAP_EXITS).reduce((sum, r) => sum + Math.max(0, r.finishedAt - r.startedAt), 0)
  return past + (runningSince === undefined ? 0 : Math.max(0, now - runningSince))
}

export function isFlapping(runs: readonly Run[], now: number, runningSince?: number): boolean {
  return runs.length >= FLAP_EXITS && flapRunTimeMs(runs, now, runningSince) < FLAP_RUN_TIME_MS
}

/** While a flapping container runs: how long until it stops counting as flapping. */
export function msUntilUnflapped(runs: readonly Run[], now: number, runningSince: number): number | undefined {
  if (!isFlapping(runs, now, runningSince)) return undefined
  return FLAP_RUN_TIME_MS - flapRunTimeMs(runs, now, runningSince)
}

/** The throttle of a task whose container just exited or is about to be created. */
export const exitThrottle = (runs: readonly Run[], now: number): Throttle => (isFlapping(runs, now) ? 'FLAPPING' : 'NO')

/** Health checks retry with exponential backoff from 1 s to 30 s and never give up (attempt counts from 1). */
export const healthCheckDelayMs = (attempt: number): number => Math.min(1_000 * 2 ** Math.max(0, attempt - 1), 30_000)

/** Failed creates and starts (not image problems) back off from 1 s to 30 s (failures counts from 1). */
export const failureDelayMs = (failures: number): number =>
  Math.min(RESTART_DELAY_MS.NO * 2 ** Math.max(0, failures - 1), 30_000)
