/** @module The deployment reconciler: converges the Tasks of one Deployment toward desiredTasks(). */
import { type Deployment, type Host, isNotFound, type Job, splitKey, type Task } from '../../apis/index.js'
import type { Reconciler, Result } from '../../client/index.js'
import type { Lister, Writer } from '../lister.js'
import { desiredTasks, newTask, taskDrifted } from './desired.js'

export interface DeploymentReconcilerDeps {
  deployments: Lister<Deployment>
  jobs: Lister<Job>
  hosts: Lister<Host>
  tasks: Lister<Task>
  writer: Writer
}

/**
 * Every Job change of a Deployment is applied to all of its hosts at once here; walking hosts under
 * the rollout options (parallelism, overlap, timeout) belongs to the rollout issue (#5).
 */
export function deploymentReconciler(deps: DeploymentReconcilerDeps): Reconciler {
  return {
    name: 'deployment',
    async reconcile(key): Promise<Result> {
      const { name } = splitKey(key)
      const owned = deps.tasks.list().filter((t) => t.spec.deployment === name)
      const deployment = deps.deployments.get(name)
      if (!deployment) {
        await Promise.all(owned.map((t) => ignoreNotFound(deps.writer.delete('Task', t.metadata.name))))
        return {}
      }
      const job = deps.jobs.get(deployment.spec.job)
      if (!job) {
        // The apiserver refuses Deployments of missing Jobs and deleting used Jobs; if it happens anyway
        // (a stale cache), keep what runs and say why instead of undeploying.
        await writeStatus(deps.writer, deployment, { message: `job "${deployment.spec.job}" not found` })
        return {}
      }
      const desired = desiredTasks(deployment, job, deps.hosts.list())
      const wanted = new Set(desired.map((d) => d.name))
      for (const want of desired) {
        const have = deps.tasks.get(want.name)
        if (!have) await deps.writer.create('Task', newTask(want))
        else if (taskDrifted(have.spec, want.spec)) await deps.writer.update('Task', { ...have, spec: want.spec })
      }
      for (const task of owned) {
        if (!wanted.has(task.metadata.name)) await ignoreNotFound(deps.writer.delete('Task', task.metadata.name))
      }
      await writeStatus(deps.writer, deployment, { hosts: desired.map((d) => d.spec.host) })
      return {}
    },
  }
}

async function writeStatus(writer: Writer, deployment: Deployment, change: { hosts?: string[]; message?: string }) {
  const next = {
    observedGeneration: deployment.metadata.generation,
    hosts: change.hosts ?? deployment.status?.hosts ?? [],
    ...(change.message ? { message: change.message } : {}),
  }
  if (JSON.stringify(next) === JSON.stringify(deployment.status ?? {})) return
  await writer.updateStatus('Deployment', { ...deployment, status: next })
}

async function ignoreNotFound(write: Promise<unknown>): Promise<void> {
  try {
    await write
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}
