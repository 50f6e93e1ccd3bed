/** @module Deployment: which Job runs on which hosts, with a goal and rollout options. */
import { z } from 'zod'
import { parseHostSelector } from './host-selector.js'
import { API_VERSION, JOB_NAME, namedMeta, SIMPLE_NAME } from './meta.js'
import { RolloutOptions } from './rollout-options.js'

export const Goal = z.enum(['START', 'STOP'])
export type Goal = z.output<typeof Goal>

const SelectorExpr = z.string().superRefine((expr, ctx) => {
  const parsed = parseHostSelector(expr)
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed })
})

export const DeploymentSpec = z.strictObject({
  job: z.string().regex(JOB_NAME, 'job is a Job name "name:version"'),
  hosts: z.array(z.string().regex(SIMPLE_NAME, 'host names are letters, digits, ".", "_", "-"')).default([]),
  hostSelector: z.array(SelectorExpr).default([]),
  goal: Goal.default('START'),
  rollout: RolloutOptions.prefault({}),
})
export type DeploymentSpec = z.output<typeof DeploymentSpec>

export const DeploymentStatus = z.strictObject({
  observedGeneration: z.number().int().optional(),
  /** Hosts the controller currently targets, sorted. */
  hosts: z.array(z.string()).default([]),
  message: z.string().optional(),
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
