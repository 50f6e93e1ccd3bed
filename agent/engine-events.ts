/** @module Follows the engine's container events for ever: reconnects with jittered Backoff, resyncs after every break. */
import { Backoff, type Clock, errorMessage, type Log } from '../client/index.js'
import { ENGINE_EVENTS_RETRY } from './retry-policies.js'
import type { ContainerRuntime } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'

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
  /** Draws the retry delays' jitter (tests). */
  random?: () => number
}

/**
 * An engine that goes away (dockerd restarted, socket gone) is waited for, never fatal: the stream is
 * retried with capped backoff, logged once per outage, and as soon as a new stream is open a full
 * resync runs, so containers the engine stopped meanwhile take the normal restart path.
 */
export async function followEngineEvents(deps: EngineEventsDeps, signal: AbortSignal): Promise<void> {
  const { clock, log } = deps
  const retry = new Backoff(ENGINE_EVENTS_RETRY, deps.random)
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
    if (clock.now() - since > HEALTHY_STREAM_MS) retry.succeeded()
    const waitMs = retry.failed()
    if (downSince === undefined) {
      downSince = clock.now()
      log('warn', 'docker events stream broke; reconnecting (tasks keep their last status meanwhile)', {
        runtime: deps.runtime.endpoint,
        error: error ?? 'the engine ended the stream',
      })
    } else log('debug', 'docker events stream still down', { error, failures: retry.failures, waitMs })
    await clock.sleep(waitMs, signal)
  }
}

function onEvent(deps: EngineEventsDeps, labels: Readonly<Record<string, string>>): void {
  const task = labels[LABEL.task]
  if (task) deps.onTask(task)
}
