/** @module Deployment: which Job runs on which hosts, with a goal and rollout options. */
import { z } from 'zod'
import { parseHostSelector } from './host-selector.js'
import { API_VERSION, JOB_NAME, namedMeta, ownValue, SIMPLE_NAME } from './meta.js'
import { RolloutOptions } from './rollout-options.js'
import { GivenRolloutOptions, ROLLOUT_PRECEDENCE } from './rollout-precedence.js'
import { ReplicaStatus, Revision, RolloutStatus } from './rollout-status.js'

export const Goal = z.enum(['START', 'STOP'])
export type Goal = z.output<typeof Goal>

const SelectorExpr = z.string().superRefine((expr, ctx) => {
  const parsed = parseHostSelector(expr)
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed })
})

export const DeploymentSpec = z.strictObject({
  job: z
    .string()
    .regex(JOB_NAME, 'job is a Job name "name:version"')
    .optional()
    .describe(
      'The Job to run, "name:version"; changing it rolls the new Job out host by host. Absent: a deployment group with no Job yet (no Tasks until a rolling-update sets one).',
    ),
  hosts: z
    .array(z.string().regex(SIMPLE_NAME, 'host names are letters, digits, ".", "_", "-"'))
    .default([])
    .describe('Hosts to run on, by name (they keep their Task when drained).'),
  hostSelector: z
    .array(SelectorExpr)
    .default([])
    .describe(
      'Label expressions that choose more hosts, all of which must hold: k=v, k!=v, k in (a, b), k notin (a, b).',
    ),
  goal: Goal.default('START').describe('START runs the containers; STOP stops them and keeps the Tasks.'),
  hostGoals: z
    .record(z.string().regex(SIMPLE_NAME, 'host names are letters, digits, ".", "_", "-"'), Goal)
    .optional()
    .describe("Per-host goals over goal (Helios' start/stop JOB HOST: a goal belongs to one job on one host)."),
  replicas: z
    .number()
    .int()
    .min(1, 'replicas is at least 1')
    .max(10_000, 'replicas is at most 10000')
    .optional()
    .describe(
      'Run this many Tasks (one per host at most) on the least loaded candidate hosts (hosts and hostSelector, or all hosts) instead of one on each.',
    ),
  rescheduleAfterSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe("Seconds a host may stay DOWN before its replicas are placed elsewhere (Kubernetes' 300 s eviction)."),
  paused: z.boolean().default(false).describe('A paused Deployment starts no new host step; steps under way finish.'),
  restartedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Changing it restarts every Task host by host under the rollout options (heliosctl rollout restart).'),
  rollout: RolloutOptions.prefault({}).describe(
    `How a change walks the hosts (Helios rolling-update options). Each option in force is the first set of: ${ROLLOUT_PRECEDENCE}.`,
  ),
  rolloutOverrides: GivenRolloutOptions.optional().describe(
    "Rollout options that win over the Job's spec.rolloutOptions and spec.rollout: the flags of the last heliosctl rolling-update (each one replaces them; flags not given are left out).",
  ),
})
export type DeploymentSpec = z.output<typeof DeploymentSpec>

/** The goal of the Deployment's Task on `host`: its per-host goal, else the Deployment's. */
export const goalOn = (deployment: { spec: Pick<DeploymentSpec, 'goal' | 'hostGoals'> }, host: string): Goal =>
  ownValue(deployment.spec.hostGoals, host) ?? deployment.spec.goal

export const DeploymentStatus = z.strictObject({
  observedGeneration: z.number().int().optional().describe('The metadata.generation this status describes.'),
  hosts: z.array(z.string()).default([]).describe('Hosts the controller currently targets, sorted.'),
  message: z.string().optional().describe('Why the controller cannot do what the spec asks, if it cannot.'),
  rollout: RolloutStatus.optional().describe('The rollout under way, or the last one.'),
  revisions: z.array(Revision).default([]).describe('Jobs this Deployment ran, newest last (rollout history).'),
  replicas: ReplicaStatus.optional().describe('Where replicas are placed, with spec.replicas.'),
})

export const Deployment = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Deployment'),
    metadata: namedMeta(SIMPLE_NAME, 'Deployment names are letters, digits, ".", "_", "-"'),
    spec: DeploymentSpec.describe('Which Job, on which hosts, with which goal and rollout options.'),
    status: DeploymentStatus.optional().describe('Written by the deployment controller.'),
  })
  .describe(
    'Which Job runs on which hosts, with a goal and rollout options; the deployment controller keeps one Task per host.',
  )
export type DeploymentInput = z.input<typeof Deployment>
export type Deployment = z.output<typeof Deployment>
