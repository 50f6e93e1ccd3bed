/** @module Test Tasks: a Task for a Job spec, parsed through the real schema so defaults apply. */
import { type Goal, JobSpec, type JobSpecInput, jobId, Task, taskName } from '../../apis/index.js'

export function makeTask(
  deployment: string,
  spec: JobSpecInput,
  opts: { host?: string; goal?: Goal; job?: string; restartedAt?: string } = {},
): Task {
  const host = opts.host ?? 'h1'
  const job = opts.job ?? 'web:v1'
  const jobSpec = JobSpec.parse(spec)
  return Task.parse({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: { name: taskName(deployment, host), resourceVersion: '1' },
    spec: {
      host,
      deployment,
      job,
      jobId: jobId(job, jobSpec),
      jobSpec,
      goal: opts.goal ?? 'START',
      ...(opts.restartedAt !== undefined && { restartedAt: opts.restartedAt }),
    },
  })
}
