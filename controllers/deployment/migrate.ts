/**
 * @module Helios' migrate (pure): a Deployment with rollout.migrate takes its hosts over from hand deploys
 * (`heliosctl deploy`) of the very same Job, Helios' job id. Two steps, so a host never runs the Job twice:
 * 1. hand over: the hand deploy's goal there becomes STOP and the host is marked as moving to the taker
 *    (MIGRATING_ANNOTATION), which releases its claim; the apiserver does this in the taker's own write for the hosts
 *    it reaches then, this controller for hosts reached later (a host labelled afterwards);
 * 2. release: once that Task has stopped (or is gone, or its host is not UP), the host leaves the hand deploy (deleted
 *    when none is left), its Task goes, and only then does the taker's Task start there (job-once.ts).
 */
import {
  type Deployment,
  type Host,
  handedOver,
  IMPERATIVE_ANNOTATION,
  ownValue,
  type Task,
  type TaskState,
  taskName,
  withHandedOver,
} from '../../apis/index.js'

/** A hand deploy to rewrite: `next` is it after this step; undefined deletes it (no host left). */
export interface Migration {
  from: Deployment
  next: Deployment | undefined
}

export interface MigrationInput {
  deployment: Deployment
  /** The Job the Deployment rolls out (its name:version); migrate takes only hand deploys of this very Job. */
  job: string | undefined
  /** Whether rollout.migrate is in force (flags, the Job's options, spec.rollout). */
  migrate: boolean
  /** The hosts the Deployment would target, before hosts held by others are set aside. */
  targets: readonly string[]
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  hosts: readonly Host[]
}

/** States of a Task whose container no longer runs. */
const STOPPED: ReadonlySet<TaskState> = new Set(['STOPPED', 'EXITED', 'FAILED', 'SUCCEEDED'])

/** The hand deploys this Deployment hands hosts over from, or releases hosts of, now. */
export function migrations(input: MigrationInput): Migration[] {
  const { deployment, job } = input
  const me = deployment.metadata.name
  if (job === undefined) return []
  const targets = new Set(input.targets)
  const tasks = new Map(input.tasks.map((t) => [t.metadata.name, t]))
  const hosts = new Map(input.hosts.map((h) => [h.metadata.name, h]))
  const result: Migration[] = []
  for (const from of input.deployments) {
    if (from.metadata.name === me || from.metadata.annotations[IMPERATIVE_ANNOTATION] !== 'true') continue
    const moving = handedOver(from.metadata.annotations)
    const take =
      input.migrate && from.spec.job === job
        ? from.spec.hosts.filter((h) => targets.has(h) && ownValue(moving, h) === undefined)
        : []
    const release = Object.keys(moving).filter(
      (h) => moving[h] === me && stopped(tasks.get(taskName(from.metadata.name, h)), hosts.get(h)),
    )
    if (take.length > 0 || release.length > 0) result.push({ from, next: step(from, take, release, me) })
  }
  return result
}

/**
 * A hand deploy whose hosts were moving to a Deployment that is gone (deleted between the two steps) takes them back:
 * the handover mark goes and its goal there is its own again. Undefined when nothing is to take back.
 */
export function reclaimed(deployment: Deployment, all: readonly Deployment[]): Deployment | undefined {
  const moving = handedOver(deployment.metadata.annotations)
  const names = new Set(all.map((d) => d.metadata.name))
  const back = new Set(Object.keys(moving).filter((h) => !names.has(moving[h] ?? '')))
  if (back.size === 0) return undefined
  const keep = Object.fromEntries(Object.entries(moving).filter(([h]) => !back.has(h)))
  const goals = Object.entries(deployment.spec.hostGoals ?? {}).filter(([h]) => !back.has(h))
  const { hostGoals: _, ...spec } = deployment.spec
  return {
    ...deployment,
    metadata: { ...deployment.metadata, annotations: withHandedOver(deployment.metadata.annotations, keep) },
    spec: { ...spec, ...(goals.length > 0 ? { hostGoals: Object.fromEntries(goals) } : {}) },
  } as Deployment
}

/** Whether the hand deploy's Task on a host no longer runs a container we could see. */
function stopped(task: Task | undefined, host: Host | undefined): boolean {
  if (!task) return true
  if (host?.status?.state !== 'UP') return true
  const status = task.status
  return status?.goal === 'STOP' && STOPPED.has(status.state)
}

function step(
  from: Deployment,
  take: readonly string[],
  release: readonly string[],
  to: string,
): Deployment | undefined {
  const gone = new Set(release)
  const moving = Object.fromEntries(
    [...Object.entries(handedOver(from.metadata.annotations)), ...take.map((h) => [h, to] as const)].filter(
      ([h]) => !gone.has(h),
    ),
  )
  const hosts = from.spec.hosts.filter((h) => !gone.has(h))
  if (hosts.length === 0 && from.spec.hostSelector.length === 0) return undefined
  const goals = Object.entries({ ...from.spec.hostGoals, ...Object.fromEntries(take.map((h) => [h, 'STOP'])) })
  const hostGoals = Object.fromEntries(goals.filter(([h]) => !gone.has(h)))
  const { hostGoals: _, ...spec } = from.spec
  return {
    ...from,
    metadata: { ...from.metadata, annotations: withHandedOver(from.metadata.annotations, moving) },
    spec: { ...spec, hosts, ...(Object.keys(hostGoals).length > 0 ? { hostGoals } : {}) },
  } as Deployment
}
