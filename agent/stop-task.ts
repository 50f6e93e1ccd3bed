/** @module Stopping: goal STOP (keep the containers), undeploy and reaping (stop, then remove); sidecars before main. */
import { parseJobRef, type Task } from '../apis/index.js'
import type { Result } from '../client/index.js'
import { DEFAULT_STOP_TIMEOUT_SECONDS } from './container-spec.js'
import { withdrawRegistrations } from './discovery/task-registrations.js'
import { labelledEndpoints, withdrawal } from './endpoint-withdrawal.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { isRuntimeError } from './runtime/runtime-error.js'
import { isRunning, report, shortId, type TaskContext } from './task-context.js'
import { taskStateEvent } from './task-events.js'
import { isMain, mainOf, sidecarsFirst } from './unit-members.js'

/** Goal STOP: STOPPING while containers run, then STOPPED; containers are kept (START creates a new one). */
export async function stopTask(ctx: TaskContext, task: Task): Promise<Result> {
  const running = ctx.containers.filter(isRunning)
  if (running.length > 0) {
    await report(ctx, task, { state: 'STOPPING', containerId: mainOf(running)?.id })
    return stopInBackground(ctx, running)
  }
  await report(ctx, task, { state: 'STOPPED', containerId: mainOf(ctx.containers)?.id })
  return {}
}

/**
 * The Task is gone (undeployed), or never existed here (reaping): stop and remove its containers,
 * then forget its ports, pending status and memory. No status is written: there is no Task; its
 * history gets a last STOPPED row all the same (recordStopped).
 */
export async function teardown(ctx: TaskContext): Promise<Result> {
  const running = ctx.containers.filter(isRunning)
  if (running.length > 0) return stopInBackground(ctx, running)
  recordStopped(ctx)
  await removeAll(ctx, ctx.containers)
  ctx.deps.ports.release(ctx.name)
  ctx.deps.statuses.forget(ctx.name)
  ctx.forget()
  return {}
}

/**
 * Withdraws the task's registrations, then waits out the containers' grace period (Job `gracePeriod`, read from
 * their label so it is known even when the Task is gone) while clients drain (Helios' order), then stops them with
 * their kill timeout in the background: a `docker stop -t 120` must not hold a worker. Settling re-enqueues the task. Sidecars stop before
 * main, whose network namespace they live in. `grace: false` skips the wait: a unit whose main or a
 * sidecar already exited serves nobody, so the rest goes down at once. A grace period starts only once the Task has
 * left the registrar and its Endpoints (endpoint-withdrawal.ts), so clients get all of it to drain.
 */
export async function stopInBackground(ctx: TaskContext, running: ContainerSummary[], grace = true): Promise<Result> {
  const { deps, memory, name } = ctx
  let now = ctx.now
  const ids = running
    .map((c) => c.id)
    .sort()
    .join(',')
  const graceMs = grace ? Math.max(...running.map((c) => secondsLabel(c, LABEL.gracePeriod, 0) * 1000)) : 0
  const starting = memory.grace?.ids !== ids
  if (memory.grace?.ids !== ids) {
    // Helios' order: withdraw the registrar's names and wait until the apiserver lists the Task in no Endpoints,
    // then count the grace period, so clients get all of it to drain.
    if (memory.withdrawing?.ids !== ids) {
      await withdrawRegistrations(ctx)
      memory.withdrawing = { ids, since: deps.clock.now() }
    }
    if (graceMs > 0 && deps.endpoints) {
      const listed = await deps.endpoints(name, labelledEndpoints(running))
      const wait = withdrawal(listed, memory.withdrawing.since, deps.clock.now())
      if (!wait.withdrawn) return { requeueAfterMs: wait.requeueAfterMs }
    }
    memory.withdrawing = undefined
    now = deps.clock.now() // the Task was announced and listed nowhere by now at the latest
    memory.grace = { ids, since: now }
  }
  const waitMs = memory.grace.since + graceMs - now
  if (waitMs > 0) {
    if (starting) deps.log('info', 'waiting out grace period before stopping', { task: name, graceMs })
    return { requeueAfterMs: waitMs }
  }
  memory.grace = undefined
  const stop = (c: ContainerSummary) => {
    const timeoutSeconds = secondsLabel(c, LABEL.stopTimeout, DEFAULT_STOP_TIMEOUT_SECONDS)
    deps.log('info', 'stopping container', { task: name, container: shortId(c.id), timeoutSeconds })
    return deps.runtime.stop(c.id, timeoutSeconds).catch(ignoreNotFound)
  }
  deps.ops.start(name, 'stop', async () => {
    await Promise.all(running.filter((c) => !isMain(c)).map(stop))
    await Promise.all(running.filter(isMain).map(stop))
  })
  return {}
}

/**
 * Helios' history ends an undeployed task with STOPPED. The Task is deleted by now, so its main container's labels
 * name the job; the apiserver takes the Event only for a Task with a history already (never one made up).
 */
function recordStopped(ctx: TaskContext): void {
  const main = mainOf(ctx.containers)
  const jobId = main?.labels[LABEL.job]
  if (!main || !jobId || !ctx.deps.events || ctx.memory.stoppedId === main.id) return
  ctx.memory.stoppedId = main.id
  const { name, version } = parseJobRef(jobId)
  const subject = { metadata: { name: ctx.name }, spec: { host: ctx.deps.hostName, job: `${name}:${version}`, jobId } }
  const updatedAt = new Date(ctx.now).toISOString()
  ctx.deps.events.record(
    taskStateEvent(subject, { state: 'STOPPED', throttled: 'NO', containerId: main.id, updatedAt }),
  )
}

/** Removes containers that are not running; one already gone is fine. */
export async function removeAll(ctx: TaskContext, containers: readonly ContainerSummary[]): Promise<void> {
  // Main last, so `removedId` names the container a status names.
  for (const c of sidecarsFirst(containers)) {
    await ctx.deps.runtime.remove(c.id).catch(ignoreNotFound)
    ctx.memory.removedId = c.id
    ctx.deps.log('info', 'removed container', { task: ctx.name, container: shortId(c.id), name: c.name })
  }
}

function secondsLabel(c: ContainerSummary, label: string, fallback: number): number {
  const raw = c.labels[label]
  const value = raw ? Number(raw) : Number.NaN
  return Number.isFinite(value) && value >= 0 ? value : fallback
}

function ignoreNotFound(err: unknown): void {
  if (!isRuntimeError(err, 'NotFound')) throw err
}
