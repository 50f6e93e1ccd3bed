/** @module Deployment: which Job runs on which hosts, with a goal and rollout options. */
import { z } from 'zod'
import { parseHostSelector } from './host-selector.js'
import { API_VERSION, JOB_NAME, namedMeta, SIMPLE_NAME } from './meta.js'
import { RolloutOptions } from './rollout-options.js'
import { ReplicaStatus, Revision, RolloutStatus } from './rollout-status.js'

export const Goal = z.enum(['START', 'STOP'])
export type Goal = z.output<typeof Goal>

const SelectorExpr = z.string().superRefine((expr, ctx) => {
  const parsed = parseHostSelector(expr)
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed })
})

export const DeploymentSpec = z.strictObject({
  /**
   * The Job to run. Absent: a deployment group that has no Job yet (Helios' `create-deployment-group`):
   * no Tasks until a rolling-update sets one.
   */
  job: z.string().regex(JOB_NAME, 'job is a Job name "name:version"').optional(),
  hosts: z.array(z.string().regex(SIMPLE_NAME, 'host names are letters, digits, ".", "_", "-"')).default([]),
  hostSelector: z.array(SelectorExpr).default([]),
  goal: Goal.default('START'),
  /**
   * Per-host goals over `goal` (Helios' `start`/`stop JOB HOST`: a goal belonged to one job on one host).
   * Optional without a default, so Deployments stored before it existed read back unchanged.
   */
  hostGoals: z.record(z.string().regex(SIMPLE_NAME, 'host names are letters, digits, ".", "_", "-"'), Goal).optional(),
  /**
   * Place this many Tasks (one per host at most) on the least loaded of the candidate hosts (`hosts`
   * and `hostSelector`, or every host when both are empty) instead of one on each of them.
   */
  replicas: z.number().int().min(1, 'replicas is at least 1').max(10_000, 'replicas is at most 10000').optional(),
  /** Seconds a host may stay DOWN before its replicas are placed elsewhere (Kubernetes' 300 s eviction). */
  rescheduleAfterSeconds: z.number().int().min(0).max(86_400).default(300),
  /** A paused Deployment starts no new host step; steps under way finish. */
  paused: z.boolean().default(false),
  /** Changing it restarts every Task host by host under the rollout options (`heliosctl rollout restart`). */
  restartedAt: z.iso.datetime({ offset: true }).optional(),
  rollout: RolloutOptions.prefault({}),
})
export type DeploymentSpec = z.output<typeof DeploymentSpec>

/** The goal of the Deployment's Task on `host`: its per-host goal, else the Deployment's. */
export const goalOn = (deployment: { spec: Pick<DeploymentSpec, 'goal' | 'hostGoals'> }, host: string): Goal =>
  deployment.spec.hostGoals?.[host] ?? deployment.spec.goal

export const DeploymentStatus = z.strictObject({
  observedGeneration: z.number().int().optional(),
  /** Hosts the controller currently targets, sorted. */
  hosts: z.array(z.string()).default([]),
  message: z.string().optional(),
  rollout: RolloutStatus.optional(),
  revisions: z.array(Revision).default([]),
  replicas: ReplicaStatus.optional(),
})

export const Deployment = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Deployment'),
  metadata: namedMeta(SIMPLE_NAME, 'Deployment names are letters, digits, ".", "_", "-"'),
  spec: DeploymentSpec,
  status: DeploymentStatus.optional(),
})
export type DeploymentInput = z.input<typeof Deployment>
export type Deployment = z.output<typeof Deployment>
