/** @module Follows the engine's container events for ever: reconnects with capped backoff, resyncs after every break. */
import { type Clock, errorMessage, type Log } from '../client/index.js'
import type { ContainerRuntime } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'

/** Reconnect delays: 0.5 s doubling to 5 s (a local socket is cheap to knock on; recovery stays prompt). */
export const EVENTS_RETRY_FIRST_MS = 500
export const EVENTS_RETRY_MAX_MS = 5_000
/** A stream that lived this long was healthy: the next break starts the backoff afresh. */
const HEALTHY_STREAM_MS = 60_000

export interface EngineEventsDeps {
  runtime: Pick<ContainerRuntime, 'events' | 'endpoint'>
  hostName: string
  clock: Clock
  log: Log
  /** A managed container of `task` changed state. */
  onTask(task: string): void
  /** Re-reads every container and task: events were missed while the stream was down. */
  resync(): Promise<void>
}

/**
 * An engine that goes away (dockerd restarted, socket gone) is waited for, never fatal: the stream is
 * retried with capped backoff, logged once per outage, and as soon as a new stream is open a full
 * resync runs, so containers the engine stopped meanwhile take the normal restart path.
 */
export async function followEngineEvents(deps: EngineEventsDeps, signal: AbortSignal): Promise<void> {
  const { clock, log } = deps
  let failures = 0
  let downSince: number | undefined
  while (!signal.aborted) {
    const since = clock.now()
    let error: string | undefined
    const onOpen = () => {
      if (downSince === undefined) return
      log('info', 'docker engine answers again; resyncing every task', {
        runtime: deps.runtime.endpoint,
        downMs: clock.now() - downSince,
      })
      downSince = undefined
      void deps.resync()
    }
    try {
      await deps.runtime.events(deps.hostName, (e) => onEvent(deps, e.labels), signal, onOpen)
    } catch (err) {
      error = errorMessage(err)
    }
    if (signal.aborted) return
    failures = clock.now() - since > HEALTHY_STREAM_MS ? 1 : failures + 1
    const waitMs = Math.min(EVENTS_RETRY_FIRST_MS * 2 ** (failures - 1), EVENTS_RETRY_MAX_MS)
    if (downSince === undefined) {
      downSince = clock.now()
      log('warn', 'docker events stream broke; reconnecting (tasks keep their last status meanwhile)', {
        runtime: deps.runtime.endpoint,
        error: error ?? 'the engine ended the stream',
      })
    } else log('debug', 'docker events stream still down', { error, failures, waitMs })
    await clock.sleep(waitMs, signal)
  }
}

function onEvent(deps: EngineEventsDeps, labels: Readonly<Record<string, string>>): void {
  const task = labels[LABEL.task]
  if (task) deps.onTask(task)
}
