/** @module Goal START: replace stale containers, then converge the task's unit (main container plus a composite Job's sidecars). */
import type { Task } from '../apis/index.js'
import type { Result } from '../client/index.js'
import { portsOfContainer, specHash } from './container-spec.js'
import type { TaskPorts } from './ports.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { removeAll, stopInBackground } from './stop-task.js'
import { isRunning, rememberSpec, report, type TaskContext } from './task-context.js'
import { runOnceFinished, sidecarBroke, whenExited, whenSidecarBroke } from './unit-exit.js'
import { isMain, mainOf } from './unit-members.js'
import { bringUp } from './unit-start.js'

/** How soon a task whose static port another task holds looks again. */
export const PORT_CLASH_RETRY_MS = 10_000

export async function runTask(ctx: TaskContext, task: Task): Promise<Result> {
  rememberSpec(ctx.memory, task)
  const allocation = ctx.deps.ports.allocate(task, preferredPorts(ctx.containers))
  if (!allocation.ok) {
    // The task that holds the port keeps it; this one's containers are left as they are.
    await report(ctx, task, { state: 'FAILED', containerError: allocation.error })
    return { requeueAfterMs: PORT_CLASH_RETRY_MS }
  }
  const ports = allocation.ports
  const hash = specHash(task.spec.jobSpec, ports, task.spec.restartedAt)
  // Names are deterministic per member and spec hash, so each member matches at most once.
  const members = ctx.containers.filter((c) => c.labels[LABEL.specHash] === hash)
  const stale = ctx.containers.filter((c) => !members.includes(c))
  const staleRunning = stale.filter(isRunning)
  if (staleRunning.length > 0) {
    await report(ctx, task, { state: 'STOPPING', containerId: mainOf(staleRunning)?.id })
    return stopInBackground(ctx, staleRunning)
  }
  await removeAll(ctx, stale)
  const main = members.find(isMain)
  if (!main) return withoutMain(ctx, task, members, ports)
  if (main.state === 'exited') return whenExited(ctx, task, main, members, ports)
  const broke = sidecarBroke(ctx, task, main, members)
  if (broke) return whenSidecarBroke(ctx, task, main, members, broke)
  return bringUp(ctx, task, ports, members)
}

/**
 * No main container: a first run, or one removed by hand (recreated as Helios did, not counted as an
 * exit). Sidecars left without their main live in a dead namespace: they go, and the unit is rebuilt.
 * A run-once Job that already finished is not run again even if its container was removed.
 */
async function withoutMain(
  ctx: TaskContext,
  task: Task,
  orphans: ContainerSummary[],
  ports: TaskPorts,
): Promise<Result> {
  const running = orphans.filter(isRunning)
  if (running.length > 0) return stopInBackground(ctx, running, false)
  await removeAll(ctx, orphans)
  if (runOnceFinished(ctx, task)) return {}
  return bringUp(ctx, task, ports, [])
}

// The running container's ports (else any container's): they seed a task whose allocation was lost.
function preferredPorts(containers: readonly ContainerSummary[]): TaskPorts | undefined {
  const source = containers.find(isRunning) ?? containers[0]
  return source ? portsOfContainer(source.labels) : undefined
}
