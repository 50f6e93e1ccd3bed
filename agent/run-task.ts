/** @module Goal START: replace stale containers, pull, create, start, health-check, adopt, restart exits. */
import type { Task } from '../apis/index.js'
import { errorMessage, type Result } from '../client/index.js'
import { buildContainerSpec, portsOfContainer, specHash } from './container-spec.js'
import type { TaskPorts } from './ports.js'
import { exitThrottle, failureDelayMs, recordExit, restartDelayMs } from './restart-policy.js'
import type { ContainerSpec, ContainerSummary } from './runtime/container-runtime.js'
import { isManagedBy, LABEL } from './runtime/labels.js'
import { isRuntimeError, RuntimeError } from './runtime/runtime-error.js'
import { removeAll, stopInBackground } from './stop-task.js'
import { isRunning, lastStatus, report, shortId, type TaskContext } from './task-context.js'
import { whenRunning } from './when-running.js'

/** How soon a task whose static port another task holds looks again. */
export const PORT_CLASH_RETRY_MS = 10_000

export async function runTask(ctx: TaskContext, task: Task): Promise<Result> {
  const allocation = ctx.deps.ports.allocate(task, preferredPorts(ctx.containers))
  if (!allocation.ok) {
    // The task that holds the port keeps it; this one's containers are left as they are.
    await report(ctx, task, { state: 'FAILED', containerError: allocation.error })
    return { requeueAfterMs: PORT_CLASH_RETRY_MS }
  }
  const hash = specHash(task.spec.jobSpec, allocation.ports)
  // Names are deterministic per spec hash, so at most one container can match.
  const current = ctx.containers.find((c) => c.labels[LABEL.specHash] === hash)
  const stale = ctx.containers.filter((c) => c !== current)
  const staleRunning = stale.filter(isRunning)
  if (staleRunning.length > 0) {
    await report(ctx, task, { state: 'STOPPING', containerId: staleRunning[0]?.id })
    return stopInBackground(ctx, staleRunning)
  }
  await removeAll(ctx, stale)
  if (!current) return createAndStart(ctx, task, allocation.ports)
  if (current.state === 'running') return whenRunning(ctx, task, current)
  if (current.state === 'created') return startContainer(ctx, task, current.id)
  return whenExited(ctx, task, current, allocation.ports)
}

/** Helios restarts every exit: report EXITED, wait the restart delay from the exit, then start a fresh container. */
async function whenExited(ctx: TaskContext, task: Task, c: ContainerSummary, ports: TaskPorts): Promise<Result> {
  const { memory, now } = ctx
  const last = lastStatus(ctx, task)
  const stoppedByUs = (last?.state === 'STOPPED' || last?.state === 'STOPPING') && last.containerId === c.id
  if (!stoppedByUs) {
    if (memory.lastExitId !== c.id) {
      memory.runs = recordExit(memory.runs, { startedAt: c.startedAt ?? now, finishedAt: c.finishedAt ?? now })
      memory.lastExitId = c.id
      ctx.deps.log('info', 'container exited', { task: ctx.name, container: shortId(c.id), exitCode: c.exitCode })
    }
    const throttled = exitThrottle(memory.runs, now)
    await report(ctx, task, { state: 'EXITED', containerId: c.id, exitCode: c.exitCode, throttled })
    const readyAt = (c.finishedAt ?? now) + restartDelayMs(throttled)
    if (now < readyAt) return { requeueAfterMs: readyAt - now }
  }
  await removeAll(ctx, [c])
  return createAndStart(ctx, task, ports)
}

async function createAndStart(ctx: TaskContext, task: Task, ports: TaskPorts): Promise<Result> {
  const { deps, memory, now } = ctx
  if (memory.retryAt !== undefined && now < memory.retryAt) return { requeueAfterMs: memory.retryAt - now }
  const image = task.spec.jobSpec.image
  if (!(await deps.runtime.hasImage(image))) return pullImage(ctx, task, image)
  await report(ctx, task, { state: 'CREATING', throttled: exitThrottle(memory.runs, now) })
  const spec = buildContainerSpec(task, ports, deps.hostName, deps.containerSettings)
  let id: string
  try {
    id = await deps.runtime.create(spec)
  } catch (err) {
    if (isRuntimeError(err, 'Conflict')) return adoptByName(ctx, task, spec, ports, err)
    return failed(ctx, task, err, ports)
  }
  deps.log('info', 'created container', { task: ctx.name, container: shortId(id), name: spec.name, image })
  return startContainer(ctx, task, id)
}

/**
 * The deterministic name is taken. Most likely by our own create that reached the engine while the
 * agent was being killed, or that the list did not show yet: that container (same labels, same spec
 * hash) is adopted, and started if it was only created; a second one is never made. A container of
 * anyone else under the name is reported, and left alone.
 */
async function adoptByName(
  ctx: TaskContext,
  task: Task,
  spec: ContainerSpec,
  ports: TaskPorts,
  conflict: RuntimeError,
): Promise<Result> {
  const { deps, name } = ctx
  const existing = await deps.runtime.inspect(spec.name).catch((err: unknown) => {
    if (isRuntimeError(err, 'NotFound')) return undefined
    throw err
  })
  // Gone again (or not ours yet to judge): the retry lists the task's containers afresh.
  if (!existing) throw conflict
  const ours = isManagedBy(existing.labels, deps.hostName) && existing.labels[LABEL.task] === name
  if (!ours) {
    const message = `container name "${spec.name}" is taken by container ${shortId(existing.id)}, which this agent does not manage; remove or rename it`
    return failed(ctx, task, new RuntimeError('Conflict', message), ports)
  }
  if (existing.labels[LABEL.specHash] !== spec.Labels[LABEL.specHash] || existing.state === 'exited') throw conflict
  deps.log('info', 'adopting a container created earlier', {
    task: name,
    container: shortId(existing.id),
    state: existing.state,
  })
  return existing.state === 'running' ? whenRunning(ctx, task, existing) : startContainer(ctx, task, existing.id)
}

async function startContainer(ctx: TaskContext, task: Task, id: string): Promise<Result> {
  const { deps, memory, now } = ctx
  await report(ctx, task, { state: 'STARTING', containerId: id, throttled: exitThrottle(memory.runs, now) })
  try {
    await deps.runtime.start(id)
  } catch (err) {
    // A container that never started is removed, so the retry creates it afresh (maybe on other ports).
    await deps.runtime.remove(id).catch(() => {})
    return failed(ctx, task, err, deps.ports.current(ctx.name) ?? {})
  }
  memory.retryAt = undefined
  memory.failures = 0
  deps.log('info', 'started container', { task: ctx.name, container: shortId(id) })
  return whenRunning(ctx, task, { id, startedAt: now })
}

/** Pulls run in the background; the reconcile after the pull settles reads its outcome. */
async function pullImage(ctx: TaskContext, task: Task, image: string): Promise<Result> {
  const what = `pull ${image}`
  const settled = ctx.settled?.what === what ? ctx.settled : undefined
  if (!settled) {
    await report(ctx, task, { state: 'PULLING_IMAGE', throttled: exitThrottle(ctx.memory.runs, ctx.now) })
    ctx.deps.log('info', 'pulling image', { task: ctx.name, image })
    ctx.deps.ops.start(ctx.name, what, () => ctx.deps.runtime.pull(image))
    return {}
  }
  const error = settled.error ?? new Error('the pull succeeded but the image is still not present')
  if (isRuntimeError(error, 'Unavailable')) throw error
  const throttled = isRuntimeError(error, 'PullFailed') ? 'IMAGE_PULL_FAILED' : 'IMAGE_MISSING'
  const delay = restartDelayMs(throttled)
  ctx.memory.retryAt = ctx.now + delay
  const containerError = `image "${image}" is not present and could not be pulled: ${errorMessage(error)}`
  await report(ctx, task, { state: 'FAILED', throttled, containerError })
  return { requeueAfterMs: delay }
}

/** Create/start refused: FAILED with the engine's reason, retried with backoff. An unreachable engine just retries. */
async function failed(ctx: TaskContext, task: Task, err: unknown, ports: TaskPorts): Promise<Result> {
  if (!isRuntimeError(err) || err.reason === 'Unavailable') throw err
  let containerError = err.message
  if (err.reason === 'PortInUse' && err.port !== undefined) {
    // Only a dynamic port can move; a static one fails until whatever holds it lets go.
    for (const [name, p] of Object.entries(ports)) {
      if (p.externalPort !== err.port) continue
      const dynamic = task.spec.jobSpec.ports[name]?.externalPort === undefined
      if (dynamic) ctx.deps.ports.markUnavailable(p.externalPort, p.protocol)
      containerError = `host port ${p.externalPort}/${p.protocol} is already in use on this host${dynamic ? '; another port is picked' : ''}`
      break
    }
  }
  ctx.memory.failures++
  const delay = failureDelayMs(ctx.memory.failures)
  ctx.memory.retryAt = ctx.now + delay
  ctx.deps.log('warn', 'container failed to start', { task: ctx.name, error: err.message, retryInMs: delay })
  await report(ctx, task, { state: 'FAILED', containerError, throttled: exitThrottle(ctx.memory.runs, ctx.now) })
  return { requeueAfterMs: delay }
}

// The running container's ports (else any container's): they seed a task whose allocation was lost.
function preferredPorts(containers: readonly ContainerSummary[]): TaskPorts | undefined {
  const source = containers.find(isRunning) ?? containers[0]
  return source ? portsOfContainer(source.labels) : undefined
}
