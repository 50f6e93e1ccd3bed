/** @module A Deployment's rollout and revision history, as the deployment controller records them in status. */
import { z } from 'zod'

/**
 * Helios' deployment-group states: IDLE (never rolled out), ROLLING_OUT, DONE, FAILED; and PAUSED: the canaries
 * are healthy and the rollout waits for a promotion (`heliosctl rollout promote`) or an abort.
 */
export const RolloutState = z.enum(['IDLE', 'ROLLING_OUT', 'PAUSED', 'DONE', 'FAILED'])
export type RolloutState = z.output<typeof RolloutState>

/**
 * Why a rollout started: a new Deployment, a new `job`, hosts joining, a restart, a retry, an automatic revert,
 * or a user's abort (`heliosctl rollout abort`), which walks back like a revert.
 */
export const RolloutReason = z.enum([
  'CREATED',
  'JOB_CHANGED',
  'HOSTS_CHANGED',
  'RESTART',
  'RETRY',
  'AUTO_REVERT',
  'ABORT',
])
export type RolloutReason = z.output<typeof RolloutReason>

/** The reasons of rollouts that go back to an earlier Job (`revertedFrom` names the one left). */
export const isRevertReason = (reason: RolloutReason): boolean => reason === 'AUTO_REVERT' || reason === 'ABORT'

/** A rollout's canary phase: the hosts moved first, and when the rest may follow. */
export const CanaryStatus = z.strictObject({
  /** The canary hosts, in rollout order. */
  hosts: z.array(z.string()),
  /** When every canary was done: the wait for a promotion (and canaryPromoteAfterSeconds) began. */
  healthyAt: z.string().optional(),
  /** When the canaries were promoted; the progress deadline counts from here. */
  promotedAt: z.string().optional(),
  promotedBy: z.enum(['user', 'auto']).optional(),
})
export type CanaryStatus = z.output<typeof CanaryStatus>

/** The host failure that ended a rollout (or started its revert), with what the container last said. */
export const HostFailure = z.strictObject({
  host: z.string(),
  /** One line: what went wrong, without the host. */
  reason: z.string(),
  exitCode: z.number().int().optional(),
  /** The container's last log lines before it exited, oldest first. */
  logTail: z.array(z.string()).default([]),
})
export type HostFailure = z.output<typeof HostFailure>

export const RolloutStatus = z.strictObject({
  state: RolloutState,
  /** The revision being (or last) rolled out. */
  revision: z.number().int().nonnegative(),
  /** The Job being (or last) rolled out. */
  job: z.string(),
  reason: RolloutReason,
  /** The Deployment's spec.restartedAt this rollout carries to every host. */
  restartedAt: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Hosts already running `job`, in rollout order. */
  done: z.array(z.string()).default([]),
  /** Hosts being moved to `job` now → when their step began (the per-host timeout runs from there). */
  inProgress: z.record(z.string(), z.string()).default({}),
  /** Hosts still on another Job, in rollout order. */
  pending: z.array(z.string()).default([]),
  /** Hosts that failed (skipped with ignoreFailures, else the one that stopped the rollout). */
  failed: z.array(z.string()).default([]),
  /** Why it failed, or what it waits for: `"<host>: <reason>"`. */
  message: z.string().optional(),
  /** Set while and after an automatic revert: the Job whose rollout failed. */
  revertedFrom: z.string().optional(),
  /** The newest `helios/rollout-*` steering annotation value this rollout already acted on (or was created after). */
  acknowledged: z.string().optional(),
  /** With `canary`: the canary hosts and their promotion. */
  canary: CanaryStatus.optional(),
  /** The failure that ended the rollout, or (during and after a revert) the one that started the revert. */
  failure: HostFailure.optional(),
  /** Set when a revert (automatic or an abort) finished: every host runs `job` again. */
  rolledBack: z.boolean().optional(),
})
export type RolloutStatus = z.output<typeof RolloutStatus>

/** One Job a Deployment ran (kubectl's ReplicaSet revision); the newest last, at most REVISION_HISTORY_LIMIT. */
export const Revision = z.strictObject({
  revision: z.number().int().positive(),
  job: z.string(),
  jobId: z.string(),
  changeCause: z.string(),
  createdAt: z.string(),
  /** How its last rollout ended; autoRevert goes back to the newest DONE revision. */
  outcome: z.enum(['DONE', 'FAILED']).optional(),
})
export type Revision = z.output<typeof Revision>

/** Revisions kept per Deployment (Kubernetes' revisionHistoryLimit default). */
export const REVISION_HISTORY_LIMIT = 10

/** Where `replicas` are placed, and why some are not. */
export const ReplicaStatus = z.strictObject({
  desired: z.number().int().nonnegative(),
  placed: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  message: z.string().optional(),
})
export type ReplicaStatus = z.output<typeof ReplicaStatus>

/** Annotations users (and heliosctl) set to steer a rollout; their values are ISO times, newest wins. */
export const ROLLOUT_ANNOTATION = {
  /** Why the current spec was applied (kubectl's kubernetes.io/change-cause); recorded in the revision. */
  changeCause: 'helios/change-cause',
  /** Stop the rollout in progress where it is (Helios' stop-deployment-group): FAILED "stopped by user". */
  stop: 'helios/rollout-stop',
  /** Run a FAILED rollout again (Helios re-ran an identical rolling-update). */
  retry: 'helios/rollout-retry',
  /** Let the rest of the hosts follow the canaries (Nomad's deployment promote). */
  promote: 'helios/rollout-promote',
  /** Stop the rollout and walk the hosts it moved back to the last revision that succeeded (Nomad's fail). */
  abort: 'helios/rollout-abort',
} as const
