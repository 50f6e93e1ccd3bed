/** @module A Deployment's rollout and revision history, as the deployment controller records them in status. */
import { z } from 'zod'

/** Helios' deployment-group states: IDLE (never rolled out), ROLLING_OUT, DONE, FAILED. */
export const RolloutState = z.enum(['IDLE', 'ROLLING_OUT', 'DONE', 'FAILED'])
export type RolloutState = z.output<typeof RolloutState>

/** Why a rollout started: a new Deployment, a new `job`, hosts joining, a restart, a retry, or an automatic revert. */
export const RolloutReason = z.enum(['CREATED', 'JOB_CHANGED', 'HOSTS_CHANGED', 'RESTART', 'RETRY', 'AUTO_REVERT'])
export type RolloutReason = z.output<typeof RolloutReason>

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
  /** The `helios/rollout-stop` or `helios/rollout-retry` annotation value this rollout already acted on. */
  acknowledged: z.string().optional(),
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
} as const
