/** @module Test helper: Deployments with the rollout status and revisions the deployment controller would record. */
import type { Deployment, Revision, RolloutStatus } from '../../apis/index.js'
import { at } from './fixtures.js'

/** `d` at `generation`, observed by the controller, with `rollout` (ROLLING_OUT of spec.job by default). */
export function withRollout(
  d: Deployment,
  rollout: Partial<RolloutStatus> = {},
  opts: { generation?: number; revisions?: Revision[] } = {},
): Deployment {
  const generation = opts.generation ?? d.metadata.generation ?? 1
  return {
    ...d,
    metadata: { ...d.metadata, generation },
    status: {
      observedGeneration: generation,
      hosts: [],
      revisions: opts.revisions ?? d.status?.revisions ?? [],
      rollout: {
        state: 'ROLLING_OUT',
        revision: 1,
        job: d.spec.job ?? '',
        reason: 'JOB_CHANGED',
        startedAt: at(0),
        done: [],
        inProgress: {},
        pending: [],
        failed: [],
        ...rollout,
      },
    },
  }
}

/** Revisions 1..n of `jobs`, oldest first, each DONE but the newest. */
export const revisions = (...jobs: string[]): Revision[] =>
  jobs.map((job, i) => ({
    revision: i + 1,
    job,
    jobId: `${job}:${String(i).repeat(40)}`,
    changeCause: i === 0 ? '' : `rolling-update to ${job}`,
    createdAt: at(i * 60_000),
    ...(i < jobs.length - 1 ? { outcome: 'DONE' as const } : {}),
  }))
