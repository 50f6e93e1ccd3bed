/** @module Waiting for a Deployment's rollout (rollout status, rolling-update): polls every second, reports hosts as they finish. */
import type { Deployment, HostFailure, RolloutStatus } from '../apis/index.js'
import { getOne } from './commands/get.js'
import type { Ctx } from './context.js'
import { currentRollout, newlyFinished, type RolloutTarget, rolloutHosts, rolloutVerdict } from './rollout-progress.js'

/** Helios' rolling-update polled every second; so do we (a watch would save little for one object). */
export const POLL_MS = 1000

export interface HostProgress {
  host: string
  state: 'RUNNING' | 'FAILED'
  /** Hosts finished so far, this one included. */
  count: number
  total: number
  job: string
}

export interface WaitOptions extends RolloutTarget {
  /** 0 or absent: wait until the rollout finishes. */
  timeoutMs?: number
  onHost?: (progress: HostProgress) => void
  /** Called once each time the rollout starts waiting for a canary promotion (state PAUSED). */
  onPaused?: (rollout: RolloutStatus) => void
}

export type WaitResult =
  | { status: 'DONE'; deployment: Deployment; revision: number }
  | { status: 'FAILED'; deployment: Deployment; error: string; failure?: HostFailure }
  | { status: 'TIMEOUT'; deployment: Deployment }

/** Polls `name` until its rollout finishes or `timeoutMs` passes; NotFound and other errors are thrown. */
export async function waitForRollout(ctx: Ctx, name: string, opts: WaitOptions): Promise<WaitResult> {
  const deadline = opts.timeoutMs ? ctx.clock.now() + opts.timeoutMs : Number.POSITIVE_INFINITY
  const seen = new Set<string>()
  let pausedAt: string | undefined
  for (;;) {
    const deployment = (await getOne(ctx, 'Deployment', name)) as Deployment
    report(deployment, opts, seen)
    const rollout = currentRollout(deployment, opts)
    if (rollout?.state === 'PAUSED' && rollout.canary?.healthyAt !== pausedAt) {
      pausedAt = rollout.canary?.healthyAt
      opts.onPaused?.(rollout)
    }
    const verdict = rolloutVerdict(deployment, opts)
    if (verdict.phase === 'done') return { status: 'DONE', deployment, revision: verdict.revision }
    if (verdict.phase === 'failed') {
      const { error, failure } = verdict
      return { status: 'FAILED', deployment, error, ...(failure ? { failure } : {}) }
    }
    if (ctx.clock.now() >= deadline) return { status: 'TIMEOUT', deployment }
    await ctx.clock.sleep(Math.min(POLL_MS, deadline - ctx.clock.now()))
  }
}

function report(deployment: Deployment, opts: WaitOptions, seen: Set<string>): void {
  const rollout = currentRollout(deployment, opts)
  if (!rollout || !opts.onHost) return
  const total = rolloutHosts(rollout).length
  const finished = newlyFinished(rollout, seen)
  const before = seen.size - finished.length
  finished.forEach(({ host, state }, i) => {
    opts.onHost?.({ host, state, count: before + i + 1, total, job: rollout.job })
  })
}
