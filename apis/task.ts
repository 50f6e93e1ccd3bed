/** @module Task: one Job bound to one host with a goal (Kubernetes' pod binding); its status is the agent's. */
import { z } from 'zod'
import { Goal } from './deployment.js'
import { JobSpec } from './job.js'
import { API_VERSION, MAX_NAME_LENGTH, namedMeta } from './meta.js'
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
  host: z.string().min(1).describe('The host whose agent runs it.'),
  deployment: z.string().min(1).describe('The Deployment it belongs to.'),
  job: z.string().min(1).describe("The Job's name name:version."),
  jobId: z.string().min(1).describe("The Job's full id name:version:hash."),
  jobSpec: JobSpec.describe("A copy of the Job's spec, so an agent can run the Task from its local state alone."),
  goal: Goal.describe('START: run the container; STOP: stop it.'),
  restartedAt: z
    .string()
    .optional()
    .describe("The Deployment's restartedAt: a new value replaces the container even though the Job is the same."),
})
export type TaskSpec = z.output<typeof TaskSpec>

/** The longest containerError stored; agents clip theirs (`clip`) so a huge engine message never fails a write. */
export const MAX_CONTAINER_ERROR = 2048

/** `text` cut to `max` characters, the last one an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`
}

export const BoundPort = z.strictObject({
  internalPort: z.number().int(),
  externalPort: z.number().int(),
  protocol: Protocol,
})

/** Log lines a status carries of an exited container, and the length of each (agents clip theirs). */
export const MAX_EXIT_LOG_LINES = 10
export const MAX_EXIT_LOG_LINE = 512

/** The last exit of this Task's container under its current Job and restartedAt (what a rollout judges it by). */
export const LastExit = z.strictObject({
  at: z.iso.datetime({ offset: true }).describe("When the container exited (the engine's clock)."),
  startedAt: z.iso.datetime({ offset: true }).optional().describe('When that container had started.'),
  exitCode: z.number().int().optional().describe('Its exit code.'),
  containerId: z.string().max(128).optional().describe('The container that exited.'),
  logTail: z
    .array(z.string().max(MAX_EXIT_LOG_LINE, `a log line is at most ${MAX_EXIT_LOG_LINE} characters`))
    .max(MAX_EXIT_LOG_LINES, `at most ${MAX_EXIT_LOG_LINES} log lines`)
    .default([])
    .describe('Its last lines of output (stdout and stderr), oldest first.'),
})
export type LastExit = z.output<typeof LastExit>

/** States a status carries of those it replaced before any reached the apiserver (agents keep the newest). */
export const MAX_PASSED_THROUGH = 8

/**
 * A state the agent reported but folded into a later status unwritten (it lasted less than the agent's settle
 * window, or the apiserver was away), so `heliosctl history` still lists it, at its own time, as Helios did.
 */
export const PassedThroughState = z.strictObject({
  state: TaskState,
  at: z.iso.datetime({ offset: true }).describe('When the agent reported it.'),
  containerId: z.string().max(128).optional(),
  throttled: Throttle.optional().describe('Its throttle, when not NO.'),
})
export type PassedThroughState = z.output<typeof PassedThroughState>

export const PassedThrough = z
  .array(PassedThroughState)
  .max(MAX_PASSED_THROUGH, `passedThrough holds at most ${MAX_PASSED_THROUGH} states`)
  .describe('The states this status replaced unwritten since the last one the apiserver accepted, oldest first.')

/**
 * `heliosctl history` lists passedThrough states at their own times among the statuses': a state dated after the
 * status that replaced it (year 9999), or out of order, would list a forged CREATING after STOPPED.
 */
function passedThroughInOrder(
  status: { passedThrough?: PassedThroughState[]; updatedAt: string },
  ctx: z.RefinementCtx,
) {
  const states = status.passedThrough ?? []
  if (states.length === 0) return
  const updated = Date.parse(status.updatedAt)
  if (Number.isNaN(updated)) {
    ctx.addIssue({
      code: 'custom',
      path: ['updatedAt'],
      message: 'updatedAt must be an ISO time when passedThrough is set',
    })
    return
  }
  let previous = Number.NEGATIVE_INFINITY
  states.forEach((passed, i) => {
    const at = Date.parse(passed.at)
    if (at < previous)
      ctx.addIssue({
        code: 'custom',
        path: ['passedThrough', i, 'at'],
        message: 'passedThrough is oldest first: this state is dated before the one above',
      })
    else if (at > updated)
      ctx.addIssue({
        code: 'custom',
        path: ['passedThrough', i, 'at'],
        message: 'a passed-through state is dated after the status that replaced it (updatedAt)',
      })
    previous = Math.max(previous, at)
  })
}

export const TaskStatus = z
  .strictObject({
    state: TaskState.describe(
      'Where the container is: PULLING_IMAGE, CREATING, STARTING, HEALTHCHECKING, RUNNING, then EXITED, STOPPING, STOPPED, FAILED or SUCCEEDED.',
    ),
    goal: Goal.optional().describe('The goal the agent was pursuing when it wrote this status.'),
    jobId: z.string().optional().describe('The Job id the agent was running when it wrote this status.'),
    restartedAt: z
      .string()
      .optional()
      .describe('The spec.restartedAt the agent was pursuing (a rollout restart is done on a host when this matches).'),
    containerId: z.string().optional().describe('The Docker container id.'),
    throttled: Throttle.default('NO').describe(
      'Why restarts are held back: FLAPPING (10 exits within 60 s of run time: 30 s), IMAGE_MISSING (2 min), IMAGE_PULL_FAILED (30 s).',
    ),
    ports: z.record(z.string(), BoundPort).default({}).describe('The ports bound on the host, by port name.'),
    containerError: z
      .string()
      .max(MAX_CONTAINER_ERROR, `containerError is at most ${MAX_CONTAINER_ERROR} characters`)
      .optional()
      .describe('What went wrong last: a pull, create or start error, or a failing check.'),
    exitCode: z.number().int().optional().describe("The container's last exit code."),
    runningSince: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('While RUNNING: when this container passed its health check (started, without one).'),
    restartCount: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Exits of this Job (and restartedAt) the agent restarted the container after.'),
    lastExit: LastExit.optional().describe('The last exit under this Job and restartedAt, with its last log lines.'),
    passedThrough: PassedThrough.optional(),
    updatedAt: z.string().describe('ISO time the agent wrote this status.'),
  })
  .superRefine(passedThroughInOrder)
export type TaskStatus = z.output<typeof TaskStatus>

/** Task names join Deployment and host with "@", a character neither may contain. */
export const taskName = (deployment: string, host: string): string => `${deployment}@${host}`

/**
 * The second Task an overlapping rollout runs on a host while the first is replaced (`<deployment>@<host>~surge`):
 * it serves the new Job from before the old container stops until after the main Task runs it too.
 */
export const surgeTaskName = (deployment: string, host: string): string => `${taskName(deployment, host)}~surge`
export const isSurgeTask = (name: string): boolean => name.endsWith('~surge')
/** A Deployment name, "@", a host name and "~surge". */
export const MAX_TASK_NAME_LENGTH = 2 * MAX_NAME_LENGTH + '@~surge'.length

/** The host a Task name binds to (`web@h1~surge` → `h1`); undefined for a name that is not a Task's. */
export function hostOfTaskName(name: string): string | undefined {
  const at = name.lastIndexOf('@')
  if (at <= 0) return undefined
  const host = name.slice(at + 1).replace(/~surge$/, '')
  return host === '' ? undefined : host
}

export const Task = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Task'),
    metadata: namedMeta(
      /^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9._-]*(~surge)?$/,
      'Task names are "<deployment>@<host>" (or "<deployment>@<host>~surge")',
      MAX_TASK_NAME_LENGTH,
    ),
    spec: TaskSpec.describe('Written by the deployment controller.'),
    status: TaskStatus.optional().describe("Written by the host's agent."),
  })
  .describe(
    "One Job bound to one host with a goal (Kubernetes' pod binding), named <deployment>@<host>; the agent runs it.",
  )
export type TaskInput = z.input<typeof Task>
export type Task = z.output<typeof Task>
