/** @module What stands between a unit and running: image pulls (in the background) and creates/starts the engine refused. */
import type { Task } from '../apis/index.js'
import { errorMessage, type Result } from '../client/index.js'
import type { TaskPorts } from './ports.js'
import { exitThrottle, failureDelayMs, restartDelayMs } from './restart-policy.js'
import { isRuntimeError } from './runtime/runtime-error.js'
import { report, type TaskContext } from './task-context.js'
import { unitPorts } from './unit-members.js'

/** Pulls run in the background; the reconcile after the pull settles reads its outcome. */
export async function pullImage(ctx: TaskContext, task: Task, image: string): Promise<Result> {
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
export async function failed(ctx: TaskContext, task: Task, err: unknown, ports: TaskPorts): Promise<Result> {
  if (!isRuntimeError(err) || err.reason === 'Unavailable') throw err
  let containerError = err.message
  if (err.reason === 'PortInUse' && err.port !== undefined) {
    // Only a dynamic port can move; a static one fails until whatever holds it lets go.
    const declared = unitPorts(task.spec.jobSpec)
    for (const [name, p] of Object.entries(ports)) {
      if (p.externalPort !== err.port) continue
      const dynamic = declared[name]?.externalPort === undefined
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
