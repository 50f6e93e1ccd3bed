/** @module A running container of the right spec: health-check it until it passes, then report RUNNING (or adopt it as is). */
import type { Task } from '../apis/index.js'
import type { Result } from '../client/index.js'
import { healthCheckDelayMs, isFlapping, msUntilUnflapped } from './restart-policy.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { lastStatus, report, shortId, type TaskContext } from './task-context.js'
import { unitPorts } from './unit-members.js'

/**
 * A container that already ran as RUNNING under this id (say, before the agent restarted) is
 * adopted without a new health check: restarting the agent must not disturb its containers.
 * Checks retry through requeueAfterMs (1 s → 30 s) so no worker waits on a slow starter.
 */
export async function whenRunning(
  ctx: TaskContext,
  task: Task,
  c: Pick<ContainerSummary, 'id' | 'startedAt'>,
): Promise<Result> {
  const { deps, memory, now, name } = ctx
  const throttled = isFlapping(memory.runs, now, c.startedAt) ? 'FLAPPING' : 'NO'
  const check = task.spec.jobSpec.healthCheck
  const last = lastStatus(ctx, task)
  const passed = memory.healthyId === c.id || (last?.state === 'RUNNING' && last.containerId === c.id)
  if (check && !passed) {
    const previous = memory.health?.containerId === c.id ? memory.health : undefined
    // The reason already reported stands until the next probe says otherwise (also across an agent restart).
    const reported = last?.state === 'HEALTHCHECKING' && last.containerId === c.id ? last.containerError : undefined
    const containerError = previous?.reason ?? reported
    await report(ctx, task, { state: 'HEALTHCHECKING', containerId: c.id, throttled, containerError })
    const target = { containerId: c.id, ports: deps.ports.current(name) ?? {}, jobPorts: unitPorts(task.spec.jobSpec) }
    const result = await deps.probe(check, target)
    if (!result.ok) {
      const attempts = (previous?.attempts ?? 0) + 1
      memory.health = { containerId: c.id, attempts, reason: result.reason }
      // Reported at once, written once it lasts (status-coalescing.ts): a user sees which check fails and why.
      await report(ctx, task, { state: 'HEALTHCHECKING', containerId: c.id, throttled, containerError: result.reason })
      deps.log(attempts === 1 || attempts % 10 === 0 ? 'info' : 'debug', 'health check failed', {
        task: name,
        container: shortId(c.id),
        attempts,
        reason: result.reason,
      })
      return { requeueAfterMs: healthCheckDelayMs(attempts) }
    }
    memory.health = undefined
    deps.log('info', 'health check passed', { task: name, container: shortId(c.id) })
  }
  memory.healthyId = c.id
  await report(ctx, task, { state: 'RUNNING', containerId: c.id, throttled, runningSince: runningSince(ctx, task, c) })
  const unflapMs = c.startedAt === undefined ? undefined : msUntilUnflapped(memory.runs, now, c.startedAt)
  return unflapMs === undefined ? {} : { requeueAfterMs: unflapMs }
}

/**
 * When the container became RUNNING: kept from the last status while it is the same container (a resync, a
 * throttle change, a restarted agent adopting it); else now, as its check just passed. A container adopted
 * from a status without the field (an older agent) counts from its start, the earliest it can have passed.
 */
function runningSince(ctx: TaskContext, task: Task, c: Pick<ContainerSummary, 'id' | 'startedAt'>): string {
  const last = lastStatus(ctx, task)
  if (last?.state === 'RUNNING' && last.containerId === c.id) {
    if (last.runningSince) return last.runningSince
    if (c.startedAt !== undefined) return new Date(c.startedAt).toISOString()
  }
  return new Date(ctx.deps.clock.now()).toISOString()
}
