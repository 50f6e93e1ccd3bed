/** @module The deployment reconciler: reads the caches, asks the pure planner, writes Tasks and status. */
import {
  canonicalJson,
  type Deployment,
  type Host,
  isNotFound,
  type Job,
  splitKey,
  type Task,
} from '../../apis/index.js'
import type { Clock, Reconciler, Result } from '../../client/index.js'
import type { Lister, Writer } from '../lister.js'
import { newTask } from './desired.js'
import { effectiveJobName, effectiveRolloutOptions } from './effective-job.js'
import { blockedMessage, withoutDuplicates } from './job-once.js'
import { runMigrations } from './migrate-steps.js'
import { deploymentEvent, type RolloutEvent } from './rollout-events.js'
import { planRollout } from './rollout-plan.js'
import { chooseTargets } from './targets.js'
import { type TaskAction, taskActions } from './task-actions.js'

export interface DeploymentReconcilerDeps {
  deployments: Lister<Deployment>
  jobs: Lister<Job>
  hosts: Lister<Host>
  tasks: Lister<Task>
  writer: Writer
  clock: Pick<Clock, 'now'>
}

/** Level-triggered: everything a rollout knows is in the Deployment's status and its Tasks, so a restart resumes. */
export function deploymentReconciler(deps: DeploymentReconcilerDeps): Reconciler {
  return {
    name: 'deployment',
    async reconcile(key): Promise<Result> {
      const { name } = splitKey(key)
      const allTasks = deps.tasks.list()
      const owned = allTasks.filter((t) => t.spec.deployment === name)
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
      const deployments = deps.deployments.list()
      const wanted = chooseTargets({ deployment, job, hosts, allTasks, deployments, jobs, now })
      const options = effectiveRolloutOptions(deployment, job?.spec.rolloutOptions)
      const migration = { deployment, job: jobName, migrate: options.migrate, targets: wanted.wanted, hosts }
      const after = await runMigrations(deps.writer, { ...migration, deployments, tasks: allTasks }, options.token)
      // Hosts just handed over are waited for, not refused: judge them on the hand deploys as now written.
      const targets = after
        ? chooseTargets({ deployment, job, hosts, allTasks, deployments: after, jobs, now })
        : wanted
      const plan = planRollout({ deployment, jobs, hosts: targets.hosts, tasks: owned, now })
      const { actions, held } = withoutDuplicates(
        taskActions(plan.desired ?? [], plan.desired ? owned : []),
        name,
        allTasks,
      )
      await applyAll(deps.writer, actions)
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
