/** @module Helios' TaskStatus, Deployment and JobStatus descriptors of our Tasks (`status --json`, `hosts --json`). */
import { type Deployment, isSurgeTask, type Job, type Task } from '../../apis/index.js'
import { isGroup } from '../deployment-group.js'
import { fullId } from '../job-ref.js'
import { heliosJobJson, heliosPortMapping, jobJson } from './helios-job-json.js'

type Json = Record<string, unknown>

/** What the JSON of Tasks needs besides them: the Jobs (for `job`) and the Deployments (for deploymentGroupName). */
export interface TaskJsonContext {
  jobs: readonly Job[]
  deployments: readonly Deployment[]
}

/** The Job a Task runs, as Helios printed it: the stored Job when it is still listed, else the Task's copy of it. */
function taskJob(task: Task, jobs: readonly Job[]): Json {
  const stored = jobs.find((j) => fullId(j) === task.spec.jobId)
  return stored ? jobJson(stored) : heliosJobJson(task.spec.jobId, task.spec.jobSpec)
}

/**
 * Helios' TaskStatus: job, goal, state, containerId, throttled, ports (PortMappings), env, containerError. The
 * container's env is not reported here, so env is `{}`, Helios' value when none was; containerError `""` likewise.
 * Undefined for a Task no agent has reported on (Helios had no TaskStatus then either).
 */
export function heliosTaskStatus(task: Task, ctx: TaskJsonContext): Json | undefined {
  const s = task.status
  if (!s) return undefined
  const ips = task.spec.jobSpec.ports
  const ports = Object.entries(s.ports).map(([name, p]) => [name, heliosPortMapping({ ...p, ip: ips[name]?.ip })])
  return {
    job: taskJob(task, ctx.jobs),
    goal: s.goal ?? task.spec.goal,
    state: s.state,
    containerId: s.containerId ?? null,
    throttled: s.throttled,
    ports: Object.fromEntries(ports),
    env: {},
    containerError: s.containerError ?? '',
  }
}

/**
 * Helios' Deployment of a job on a host: jobId, goal, deployerUser (not recorded here: null) and, for a Deployment that
 * selects hosts by label (a deployment group), deploymentGroupName; Helios left out deployerMaster and a null group.
 */
export function heliosDeployment(task: Task, ctx: TaskJsonContext): Json {
  const owner = ctx.deployments.find((d) => d.metadata.name === task.spec.deployment)
  return {
    jobId: task.spec.jobId,
    goal: task.spec.goal,
    deployerUser: null,
    ...(owner && isGroup(owner) ? { deploymentGroupName: owner.metadata.name } : {}),
  }
}

/** Tasks with an overlapping rollout's surge Task first, so the host's main Task wins where both run one job. */
export const mainTasksLast = (tasks: readonly Task[]): Task[] =>
  [...tasks].sort((a, b) => Number(isSurgeTask(b.metadata.name)) - Number(isSurgeTask(a.metadata.name)))

/** Helios' JobStatus per job id: the job, and its deployments and task statuses keyed by host. */
export function heliosJobStatuses(jobs: readonly Job[], tasks: readonly Task[], ctx: TaskJsonContext): Json {
  const byId = new Map<string, { job: Json; deployments: Json; taskStatuses: Json }>()
  for (const job of jobs) byId.set(fullId(job), { job: jobJson(job), deployments: {}, taskStatuses: {} })
  for (const task of mainTasksLast(tasks)) {
    const entry = byId.get(task.spec.jobId)
    if (!entry) continue
    entry.deployments[task.spec.host] = heliosDeployment(task, ctx)
    const status = heliosTaskStatus(task, ctx)
    if (status) entry.taskStatuses[task.spec.host] = status
  }
  return Object.fromEntries(byId)
}
