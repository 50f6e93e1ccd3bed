/** @module A unit that exited: restart it (Helios' delays, flapping), or end a run-once Job SUCCEEDED or FAILED for good. */
import type { Task, TaskState } from '../apis/index.js'
import type { Result } from '../client/index.js'
import { exitFields } from './exit-record.js'
import type { TaskPorts } from './ports.js'
import { exitThrottle, recordExit, restartDelayMs } from './restart-policy.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { removeAll, stopInBackground } from './stop-task.js'
import { isRunning, lastStatus, report, shortId, type TaskContext } from './task-context.js'
import { isRunOnce, memberOf, restartPolicyOf } from './unit-members.js'
import { bringUp } from './unit-start.js'

/** States in which a unit's members were all up: a sidecar missing then was removed, not yet created. */
const UNIT_UP: ReadonlySet<TaskState> = new Set(['HEALTHCHECKING', 'RUNNING'])

/**
 * Main exited: a run-once Job ends on exit 0 (or any exit under Never) and its containers are kept,
 * so a restarted agent reads the same outcome from them. Otherwise Helios restarts every exit: report
 * EXITED, stop the sidecars, wait the restart delay from the exit, then build the unit afresh.
 */
export async function whenExited(
  ctx: TaskContext,
  task: Task,
  main: ContainerSummary,
  members: ContainerSummary[],
  ports: TaskPorts,
): Promise<Result> {
  const { memory, now } = ctx
  const last = lastStatus(ctx, task)
  const stoppedByUs = (last?.state === 'STOPPED' || last?.state === 'STOPPING') && last.containerId === main.id
  const running = members.filter(isRunning)
  if (!stoppedByUs) {
    const policy = restartPolicyOf(task.spec.jobSpec)
    if (policy !== 'Always' && (main.exitCode === 0 || policy === 'Never')) return finished(ctx, task, main, running)
    countExit(ctx, main, main)
    // A sidecar's exit that brought the unit down is what the status already says.
    const carried = last?.state === 'EXITED' && last.containerId === main.id ? last : undefined
    const throttled = exitThrottle(memory.runs, now)
    const exitCode = carried ? carried.exitCode : main.exitCode
    const containerError = carried?.containerError
    const exit = await exitFields(ctx, task, main.id, main, true)
    await report(ctx, task, { state: 'EXITED', containerId: main.id, exitCode, throttled, containerError, ...exit })
    if (running.length > 0) return stopInBackground(ctx, running, false)
    const readyAt = (main.finishedAt ?? now) + restartDelayMs(throttled)
    if (now < readyAt) return { requeueAfterMs: readyAt - now }
  } else if (running.length > 0) return stopInBackground(ctx, running, false)
  await removeAll(ctx, members)
  return bringUp(ctx, task, ports, [])
}

/** SUCCEEDED (exit 0) or, under Never, FAILED with the exit code; sidecars are stopped, nothing restarts. */
async function finished(ctx: TaskContext, task: Task, main: ContainerSummary, running: ContainerSummary[]) {
  const code = main.exitCode
  if (ctx.memory.lastExitId !== main.id) {
    ctx.memory.lastExitId = main.id
    ctx.deps.log('info', 'run-once container finished', { task: ctx.name, container: shortId(main.id), exitCode: code })
  }
  if (code === 0) await report(ctx, task, { state: 'SUCCEEDED', containerId: main.id, exitCode: 0 })
  else {
    const containerError = code === undefined ? 'exited' : `exited with code ${code}`
    const exit = await exitFields(ctx, task, main.id, main, false)
    await report(ctx, task, { state: 'FAILED', containerId: main.id, exitCode: code, containerError, ...exit })
  }
  return running.length > 0 ? stopInBackground(ctx, running, false) : {}
}

/** A run-once Job already ended for this very spec (its container may since have been removed): it is not run again. */
export function runOnceFinished(ctx: TaskContext, task: Task): boolean {
  const last = lastStatus(ctx, task)
  if (!last || !isRunOnce(task.spec.jobSpec)) return false
  if (last.jobId !== task.spec.jobId || last.restartedAt !== task.spec.restartedAt) return false
  return last.state === 'SUCCEEDED' || (last.state === 'FAILED' && last.exitCode !== undefined)
}

/**
 * A sidecar of a running main that exited, or disappeared after the unit was up: the unit is down
 * (Helios-style Jobs only; a run-once Job's result is its main container's, whose sidecars may end early).
 */
export function sidecarBroke(
  ctx: TaskContext,
  task: Task,
  main: ContainerSummary,
  members: ContainerSummary[],
): { member: string; exitCode?: number; finishedAt?: number; container?: ContainerSummary } | undefined {
  if (isRunOnce(task.spec.jobSpec)) return undefined
  const exited = members.find((c) => c !== main && c.state === 'exited')
  if (exited)
    return { member: memberOf(exited), exitCode: exited.exitCode, finishedAt: exited.finishedAt, container: exited }
  const last = lastStatus(ctx, task)
  if (!last || !UNIT_UP.has(last.state) || last.containerId !== main.id) return undefined
  const gone = (task.spec.jobSpec.containers ?? []).find((s) => !members.some((c) => memberOf(c) === s.name))
  return gone ? { member: gone.name } : undefined
}

/** One exit of the unit: counted and reported EXITED (with the sidecar's code), then the rest is stopped. */
export async function whenSidecarBroke(
  ctx: TaskContext,
  task: Task,
  main: ContainerSummary,
  members: ContainerSummary[],
  broke: NonNullable<ReturnType<typeof sidecarBroke>>,
): Promise<Result> {
  countExit(ctx, main, { startedAt: main.startedAt, finishedAt: broke.finishedAt })
  const containerError =
    broke.exitCode === undefined
      ? `container "${broke.member}" disappeared`
      : `container "${broke.member}" exited with code ${broke.exitCode}`
  const throttled = exitThrottle(ctx.memory.runs, ctx.now)
  const exit = await exitFields(ctx, task, main.id, broke.container ?? { id: main.id, startedAt: main.startedAt }, true)
  await report(ctx, task, {
    state: 'EXITED',
    containerId: main.id,
    exitCode: broke.exitCode,
    throttled,
    containerError,
    ...exit,
  })
  return stopInBackground(ctx, members.filter(isRunning), false)
}

/** Counts the unit's exit once per main container (flap detection). */
function countExit(ctx: TaskContext, main: ContainerSummary, run: Pick<ContainerSummary, 'startedAt' | 'finishedAt'>) {
  const { memory, now } = ctx
  if (memory.lastExitId === main.id) return
  memory.runs = recordExit(memory.runs, { startedAt: run.startedAt ?? now, finishedAt: run.finishedAt ?? now })
  memory.lastExitId = main.id
  ctx.deps.log('info', 'container exited', { task: ctx.name, container: shortId(main.id), exitCode: main.exitCode })
}
