/** @module Pure status.replicas: how many of `spec.replicas` are placed and running, and why the rest are not. */
import { isSurgeTask, type ReplicaStatus, type Task } from '../../apis/index.js'

/** `placement` is placeReplicas' answer; `tasks` the Deployment's Tasks (surge Tasks are not replicas). */
export function replicaStatus(
  desired: number,
  placement: { hosts: readonly string[]; pending: number; message?: string | undefined },
  tasks: readonly Task[],
): ReplicaStatus {
  const placed = new Set(placement.hosts)
  const running = tasks.filter(
    (t) => !isSurgeTask(t.metadata.name) && placed.has(t.spec.host) && t.status?.state === 'RUNNING',
  ).length
  return {
    desired,
    placed: placed.size,
    running,
    pending: placement.pending,
    ...(placement.message ? { message: placement.message } : {}),
  }
}
