/** @module The deployment reconciler: reads the caches, asks the pure planner, writes Tasks and status. */
import {
  canonicalJson,
  type Deployment,
  type Host,
  IMPERATIVE_ANNOTATION,
  isNotFound,
  type Job,
  splitKey,
  type Task,
} from '../../apis/index.js'
import type { Clock, Reconciler, Result } from '../../client/index.js'
import { TASKS_BY_DEPLOYMENT, TASKS_BY_JOB } from '../indexes.js'
import type { Lister, Writer } from '../lister.js'
import { newTask } from './desired.js'
import { effectiveJobName, effectiveRolloutOptions } from './effective-job.js'
import { blockedMessage, withoutDuplicates } from './job-once.js'
import { runMigrations } from './migrate-steps.js'
import { relatedDeployments } from './related.js'
import { deploymentEvent, type RolloutEvent } from './rollout-events.js'
import { planRollout } from './rollout-plan.js'
import { chooseTargets } from './targets.js'
import { type TaskAction, taskActions } from './task-actions.js'

export interface DeploymentReconcilerDeps {
  /** Read by name and through DEPLOYMENT_INDEXES (indexes.ts). */
  deployments: Lister<Deployment>
  jobs: Lister<Job>
  hosts: Lister<Host>
  /** Read through TASK_INDEXES only: never every Task. */
  tasks: Lister<Task>
  writer: Writer
  clock: Pick<Clock, 'now'>
}

/**
 * Level-triggered: everything a rollout knows is in the Deployment's status and its Tasks, so a restart resumes. A pass
 * reads its own Tasks, its Job's and those of the hosts placement weighs, through the indexes; every host (a selector
 * may match any); and the Deployments related to it (related.ts). Its cost follows its own size, not the cluster's.
 */
export function deploymentReconciler(deps: DeploymentReconcilerDeps): Reconciler {
  return {
    name: 'deployment',
    async reconcile(key): Promise<Result> {
      const { name } = splitKey(key)
      const owned = deps.tasks.byIndex(TASKS_BY_DEPLOYMENT, name)
      const deployment = deps.deployments.get(name)
      if (!deployment) {
        for (const t of owned) await ignoreNotFound(deps.writer.delete('Task', t.metadata.name))
        return {}
      }
      const now = deps.clock.now()
      const jobs = (job: string) => deps.jobs.get(job)
      const jobName = effectiveJobName(deployment, deployment.status?.rollout)
      const job = jobName === undefined ? undefined : jobs(jobName)
      const hosts = deps.hosts.list()
      const deployments = relatedDeployments(deployment, jobName, deps.deployments, deps.tasks)
      const tasks = deps.tasks
      const wanted = chooseTargets({ deployment, job, hosts, tasks, deployments, jobs, now })
      const options = effectiveRolloutOptions(deployment, job?.spec.rolloutOptions)
      const migration = { deployment, job: jobName, migrate: options.migrate, targets: wanted.wanted, hosts }
      const handTasks = deployments.flatMap((d) =>
        d.metadata.annotations[IMPERATIVE_ANNOTATION] === 'true'
          ? tasks.byIndex(TASKS_BY_DEPLOYMENT, d.metadata.name)
          : [],
      )
      const after = await runMigrations(deps.writer, { ...migration, deployments, tasks: handTasks }, options.token)
      // Hosts just handed over are waited for, not refused: judge them on the hand deploys as now written.
      const targets = after ? chooseTargets({ deployment, job, hosts, tasks, deployments: after, jobs, now }) : wanted
      const plan = planRollout({ deployment, jobs, hosts: targets.hosts, tasks: owned, now })
      const actions = taskActions(plan.desired ?? [], plan.desired ? owned : [])
      const { actions: allowed, held } = withoutDuplicates(actions, name, tasksOfJobs(tasks, actions))
      await applyAll(deps.writer, allowed)
      const message = [plan.message, blockedMessage(new Map([...held, ...targets.blocked]))].filter(Boolean).join('; ')
      await writeStatus(deps.writer, deployment, {
        observedGeneration: deployment.metadata.generation,
        hosts: targets.hosts,
        ...(message ? { message } : {}),
        ...(plan.rollout ? { rollout: plan.rollout } : {}),
        revisions: plan.revisions,
        ...(targets.replicas ? { replicas: targets.replicas } : {}),
      })
      await recordEvents(deps.writer, name, plan.events ?? [], now)
      const waits = [plan.requeueAfterMs, targets.requeueAfterMs].filter((ms) => ms !== undefined)
      return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : {}
    },
  }
}

/** The Tasks running a Job some create or update of `actions` would run: the ones that could run it twice on a host. */
function tasksOfJobs(tasks: Pick<Lister<Task>, 'byIndex'>, actions: readonly TaskAction[]): Task[] {
  const jobs = new Set(
    actions.flatMap((a) => (a.verb === 'create' ? [a.task.spec.job] : a.verb === 'update' ? [a.spec.job] : [])),
  )
  return [...jobs].flatMap((job) => tasks.byIndex(TASKS_BY_JOB, job))
}

/** Task writes in flight at once: a Deployment placed on 1,000 fresh hosts must not wait on 1,000 round trips in a row. */
const TASK_WRITES_IN_FLIGHT = 32

/** Applies every action, TASK_WRITES_IN_FLIGHT at a time; the first failure is thrown once all have settled (the loop retries). */
async function applyAll(writer: Writer, actions: readonly TaskAction[]): Promise<void> {
  let failure: unknown
  for (let i = 0; i < actions.length; i += TASK_WRITES_IN_FLIGHT) {
    const batch = actions.slice(i, i + TASK_WRITES_IN_FLIGHT)
    const results = await Promise.allSettled(batch.map((action) => apply(writer, action)))
    for (const r of results) if (r.status === 'rejected') failure ??= r.reason
  }
  if (failure !== undefined) throw failure
}

async function apply(writer: Writer, action: TaskAction): Promise<void> {
  if (action.verb === 'create') await writer.create('Task', newTask(action.task))
  else if (action.verb === 'update') await writer.update('Task', { ...action.task, spec: action.spec })
  else await ignoreNotFound(writer.delete('Task', action.name))
}

// canonicalJson drops empty lists and maps, so a status parsed with defaults equals the one we would write.
async function writeStatus(writer: Writer, deployment: Deployment, next: NonNullable<Deployment['status']>) {
  if (canonicalJson(next) === canonicalJson(deployment.status ?? {})) return
  await writer.updateStatus('Deployment', { ...deployment, status: next })
}

async function ignoreNotFound(write: Promise<unknown>): Promise<void> {
  try {
    await write
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

/**
 * Best effort, after the status they describe is stored (a failed status write retries the pass, which finds
 * the same events again): an Event refused or lost is not worth a rollout step, as with Kubernetes' recorder.
 */
async function recordEvents(writer: Writer, name: string, events: readonly RolloutEvent[], now: number) {
  for (const e of events) await writer.create('Event', deploymentEvent(name, e, now)).catch(() => undefined)
}
