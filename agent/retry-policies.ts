/** @module The agent's retry delays, one Backoff policy per loop (jittered ±20%, so a fleet that lost the apiserver comes back spread out). */
import type { BackoffPolicy } from '../client/index.js'

/** Heartbeats after a failure: 1 s doubling, never longer than the heartbeat period itself (passed as `maxMs`). */
export const heartbeatRetry = (periodMs: number): BackoffPolicy => ({ initialMs: 1_000, maxMs: periodMs })

/** The Docker event stream: a local socket is cheap to knock on, and recovery should stay prompt (0.5 s → 5 s). */
export const ENGINE_EVENTS_RETRY: BackoffPolicy = { initialMs: 500, maxMs: 5_000 }

/** Pending Task statuses: rollouts wait for them, so they are retried soon (1 s → 10 s). */
export const STATUS_RETRY: BackoffPolicy = { initialMs: 1_000, maxMs: 10_000 }

/** Queued Events: history, which can wait longer (1 s → 30 s). */
export const EVENT_RETRY: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 }

/** A registrar plugin that failed: names clients resolve, retried soon (1 s → 10 s); never holds a container. */
export const REGISTRAR_RETRY: BackoffPolicy = { initialMs: 1_000, maxMs: 10_000 }
