/** @module Test fixture for the rollout planner: a Deployment, its Tasks and a fake agent, advanced step by step. */
import {
  Deployment,
  type DeploymentInput,
  Job,
  type JobSpecInput,
  type Task,
  type TaskStatus,
} from '../../apis/index.js'
import { newTask } from './desired.js'
import { planRollout, type RolloutPlan } from './rollout-plan.js'
import { taskActions } from './task-actions.js'

export const T0 = Date.parse('2026-01-01T00:00:00.000Z')

export const job = (name: string, spec: Partial<JobSpecInput> = {}): Job =>
  Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec: { image: 'busybox', ...spec } })

/** A Deployment `web`; its rollout judges hosts done once RUNNING (minHealthySeconds 0) unless `spec.rollout` says otherwise. */
export const deployment = (spec: Partial<DeploymentInput['spec']>, annotations: Record<string, string> = {}) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation: 1, annotations },
    spec: { job: 'web:v1', ...spec, rollout: { minHealthySeconds: 0, ...spec.rollout } },
  })

/** A cluster of one Deployment: plan() runs the planner and applies its Tasks and status, as reconcile would. */
export class RolloutSim {
  tasks = new Map<string, Task>()
  now = T0
  last: RolloutPlan | undefined
  writes: string[] = []

  constructor(
    public deployment: Deployment,
    public hosts: string[],
    public jobs: Job[],
  ) {}

  plan(): RolloutPlan {
    const tasks = [...this.tasks.values()]
    const jobs = (n: string) => this.jobs.find((j) => j.metadata.name === n)
    const plan = planRollout({ deployment: this.deployment, jobs, hosts: this.hosts, tasks, now: this.now })
    this.writes = []
    for (const a of taskActions(plan.desired ?? [], plan.desired ? tasks : [])) {
      if (a.verb === 'delete') this.tasks.delete(a.name)
      else if (a.verb === 'create') this.tasks.set(a.task.name, newTask(a.task) as Task)
      else this.tasks.set(a.task.metadata.name, { ...a.task, spec: a.spec, status: a.task.status } as Task)
      this.writes.push(
        `${a.verb} ${a.verb === 'delete' ? a.name : a.verb === 'create' ? a.task.name : a.task.metadata.name}`,
      )
    }
    const status = this.deployment.status
    const rollout = plan.rollout ? { rollout: plan.rollout } : {}
    this.deployment = {
      ...this.deployment,
      status: { hosts: this.hosts, ...status, ...rollout, revisions: plan.revisions },
    }
    this.last = plan
    return plan
  }

  /** The fake agent: the Task on `name` reports its spec's Job in `state`, now (RUNNING: since now). */
  report(name: string, state: TaskStatus['state'] = 'RUNNING', extra: Partial<TaskStatus> = {}): void {
    const task = this.tasks.get(name)
    if (!task) throw new Error(`no Task ${name}`)
    const nowIso = new Date(this.now).toISOString()
    const status = { state, jobId: task.spec.jobId, restartedAt: task.spec.restartedAt, throttled: 'NO' as const }
    const since = state === 'RUNNING' ? { runningSince: nowIso } : {}
    this.tasks.set(name, { ...task, status: { ports: {}, updatedAt: nowIso, ...since, ...status, ...extra } })
  }

  /** Every Task reports RUNNING. */
  runAll(): void {
    for (const name of this.tasks.keys()) this.report(name)
  }

  /** host → Job name of its main Task. */
  jobsByHost(): Record<string, string> {
    return Object.fromEntries(this.hosts.map((h) => [h, this.tasks.get(`web@${h}`)?.spec.job ?? '-']))
  }

  get rollout() {
    const r = this.deployment.status?.rollout
    if (!r) throw new Error('no rollout')
    return r
  }

  /** Changes the spec (as a user's apply would) keeping status. */
  edit(spec: Partial<DeploymentInput['spec']>, annotations: Record<string, string> = {}): void {
    const next = deployment(
      { ...this.deployment.spec, ...spec },
      { ...this.deployment.metadata.annotations, ...annotations },
    )
    this.deployment = { ...next, status: this.deployment.status }
  }
}
