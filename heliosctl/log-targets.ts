/** @module What `heliosctl logs` reads: the Tasks of a job (job-ref rules), a deployment or one task, optionally on one host. */
import { ApiError, isNotFound, kindFromUser, type Task } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { lookupJob } from './job-lookup.js'
import { UsageError } from './usage-error.js'

/** One Task to read, with the label its lines get when several are printed together (`web1`, `web1~surge`). */
export interface LogTarget {
  task: string
  label: string
}

/**
 * `REF` is `job/J`, `deployment/D` (or `deploy/D`), `task/T`, a task name (`D@HOST`), or a bare name: a Job by the
 * job-ref rules (`nginx`, `nginx:v1`), else a Deployment of that name. Sorted by label; none is an error.
 */
export async function logTargets(client: HeliosClient, ref: string, host?: string): Promise<LogTarget[]> {
  const { what, tasks } = await tasksOf(client, ref)
  const chosen = host === undefined ? tasks : tasks.filter((t) => t.spec.host === host)
  if (chosen.length === 0)
    throw new ApiError(
      'NotFound',
      host === undefined ? `${what} has no tasks` : `${what} has no task on host "${host}"`,
    )
  const labels = chosen.map((t) => t.metadata.name.slice(t.metadata.name.indexOf('@') + 1))
  // Two Deployments of one Job on one host: the host alone would not tell their lines apart.
  const unique = new Set(labels).size === labels.length
  return chosen
    .map((t, i) => ({ task: t.metadata.name, label: unique ? (labels[i] ?? '') : t.metadata.name }))
    .sort((a, b) => a.label.localeCompare(b.label))
}

async function tasksOf(client: HeliosClient, ref: string): Promise<{ what: string; tasks: Task[] }> {
  const slash = ref.indexOf('/')
  const word = slash < 0 ? undefined : ref.slice(0, slash).toLowerCase()
  const kind = word === undefined ? undefined : kindFromUser(word)
  const name = ref.slice(slash + 1)
  if (!name) throw new UsageError(`"${ref}" names nothing; use JOB, deployment/NAME or task/NAME`)
  if (kind === 'Task' || (word === undefined && name.includes('@')))
    return { what: `task "${name}"`, tasks: [await client.get('Task', name)] }
  if (kind === 'Deployment') return deploymentTasks(client, name)
  if (kind === 'Job') return jobTasks(client, name)
  if (word !== undefined) throw new UsageError(`"${ref}": logs reads a job, deployment or task, not "${word}"`)
  try {
    return await jobTasks(client, name)
  } catch (err) {
    if (!isNotFound(err)) throw err
    return deploymentTasks(client, name).catch((e: unknown) => {
      if (!isNotFound(e)) throw e
      throw new ApiError('NotFound', `no job, deployment or task "${name}"`)
    })
  }
}

async function jobTasks(client: HeliosClient, ref: string): Promise<{ what: string; tasks: Task[] }> {
  const job = await lookupJob(client, ref)
  const { items } = await client.list('Task', { fieldSelector: `spec.job=${job.metadata.name}` })
  return { what: `job ${job.metadata.name}`, tasks: items }
}

async function deploymentTasks(client: HeliosClient, name: string): Promise<{ what: string; tasks: Task[] }> {
  await client.get('Deployment', name)
  const { items } = await client.list('Task', { fieldSelector: `spec.deployment=${name}` })
  return { what: `deployment "${name}"`, tasks: items }
}
