/** @module Task: one Job bound to one host with a goal (Kubernetes' pod binding); its status is the agent's. */
import { z } from 'zod'
import { Goal } from './deployment.js'
import { JobSpec } from './job.js'
import { API_VERSION, namedMeta } from './meta.js'
import { Protocol } from './port-mapping.js'

export const TaskState = z.enum([
  'PULLING_IMAGE',
  'CREATING',
  'STARTING',
  'HEALTHCHECKING',
  'RUNNING',
  'EXITED',
  'STOPPING',
  'STOPPED',
  'FAILED',
  /** A run-once Job (restartPolicy Never or OnFailure) whose container exited 0: done, never restarted. */
  'SUCCEEDED',
])
export type TaskState = z.output<typeof TaskState>

export const Throttle = z.enum(['NO', 'FLAPPING', 'IMAGE_MISSING', 'IMAGE_PULL_FAILED'])
export type Throttle = z.output<typeof Throttle>

export const TaskSpec = z.strictObject({
  host: z.string().min(1),
  deployment: z.string().min(1),
  /** The Job's name `name:version`. */
  job: z.string().min(1),
  /** The Job's full id `name:version:hash`. */
  jobId: z.string().min(1),
  /** A copy of the Job's spec, so an agent can run the Task from its local state alone. */
  jobSpec: JobSpec,
  goal: Goal,
  /** The Deployment's `restartedAt`: a new value replaces the container even though the Job is the same. */
  restartedAt: z.string().optional(),
})
export type TaskSpec = z.output<typeof TaskSpec>

export const BoundPort = z.strictObject({
  internalPort: z.number().int(),
  externalPort: z.number().int(),
  protocol: Protocol,
})

export const TaskStatus = z.strictObject({
  state: TaskState,
  /** The goal the agent was pursuing when it wrote this status. */
  goal: Goal.optional(),
  jobId: z.string().optional(),
  /** The spec.restartedAt the agent was pursuing (a rollout restart is done on a host when this matches). */
  restartedAt: z.string().optional(),
  containerId: z.string().optional(),
  throttled: Throttle.default('NO'),
  ports: z.record(z.string(), BoundPort).default({}),
  containerError: z.string().optional(),
  exitCode: z.number().int().optional(),
  updatedAt: z.string(),
})
export type TaskStatus = z.output<typeof TaskStatus>

/** Task names join Deployment and host with "@", a character neither may contain. */
export const taskName = (deployment: string, host: string): string => `${deployment}@${host}`

/**
 * The second Task an overlapping rollout runs on a host while the first is replaced (`<deployment>@<host>~surge`):
 * it serves the new Job from before the old container stops until after the main Task runs it too.
 */
export const surgeTaskName = (deployment: string, host: string): string => `${taskName(deployment, host)}~surge`
export const isSurgeTask = (name: string): boolean => name.endsWith('~surge')

export const Task = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Task'),
  metadata: namedMeta(
    /^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9._-]*(~surge)?$/,
    'Task names are "<deployment>@<host>" (or "<deployment>@<host>~surge")',
  ),
  spec: TaskSpec,
  status: TaskStatus.optional(),
})
export type TaskInput = z.input<typeof Task>
export type Task = z.output<typeof Task>
