/** @module Brings a task's unit up: pull what is missing, create and start main, then each sidecar in its network namespace. */
import type { Task } from '../apis/index.js'
import type { Result } from '../client/index.js'
import { buildContainerSpec } from './container-spec.js'
import type { TaskPorts } from './ports.js'
import { exitThrottle } from './restart-policy.js'
import type { ContainerSpec, ContainerSummary } from './runtime/container-runtime.js'
import { isManagedBy, LABEL } from './runtime/labels.js'
import { isRuntimeError, RuntimeError } from './runtime/runtime-error.js'
import { buildSidecarSpec } from './sidecar-spec.js'
import { failed, pullImage } from './start-failures.js'
import { report, shortId, type TaskContext } from './task-context.js'
import { isMain, memberOf } from './unit-members.js'
import { whenRunning } from './when-running.js'

type Member = Pick<ContainerSummary, 'id' | 'state' | 'startedAt'>
/** A member to go on with, or the Result the reconcile ends with (a failure, a wait). */
type Step = { member: Member } | { result: Result }

/**
 * `found` are the unit's containers of the right spec hash (main not exited). Whatever is missing is
 * created and whatever is not running is started, main first: a sidecar is created with
 * `container:<main id>` and needs main running. A unit already up is only health-checked/adopted.
 */
export async function bringUp(
  ctx: TaskContext,
  task: Task,
  ports: TaskPorts,
  found: ContainerSummary[],
): Promise<Result> {
  const { deps, memory, now } = ctx
  const job = task.spec.jobSpec
  const foundMain = found.find(isMain)
  const missing = (job.containers ?? []).filter((s) => !found.some((c) => memberOf(c) === s.name))
  if (!foundMain || missing.length > 0) {
    if (memory.retryAt !== undefined && now < memory.retryAt) return { requeueAfterMs: memory.retryAt - now }
    const images = [...(foundMain ? [] : [job.image]), ...missing.map((s) => s.image)]
    for (const image of new Set(images)) if (!(await deps.runtime.hasImage(image))) return pullImage(ctx, task, image)
  }
  const mainSpec = buildContainerSpec(task, ports, deps.hostName, deps.containerSettings)
  let step: Step = foundMain ? { member: foundMain } : await createMember(ctx, task, mainSpec, ports)
  if ('result' in step) return step.result
  const main = step.member
  let startedAt = main.startedAt
  if (main.state !== 'running') {
    const failure = await startMember(ctx, task, main.id, main.id)
    if (failure) return failure
    startedAt = now
  }
  for (const sidecar of job.containers ?? []) {
    const existing = found.find((c) => memberOf(c) === sidecar.name)
    const spec = buildSidecarSpec(mainSpec, main.id, sidecar, ports, deps.hostName, deps.containerSettings)
    step = existing ? { member: existing } : await createMember(ctx, task, spec, ports)
    if ('result' in step) return step.result
    // A run-once Job's sidecar may end before main does: it is left exited, not started again.
    if (step.member.state !== 'created') continue
    const failure = await startMember(ctx, task, main.id, step.member.id)
    if (failure) return failure
  }
  return whenRunning(ctx, task, { id: main.id, startedAt })
}

async function createMember(ctx: TaskContext, task: Task, spec: ContainerSpec, ports: TaskPorts): Promise<Step> {
  const { deps, memory, now } = ctx
  if (isMain({ labels: spec.Labels }))
    await report(ctx, task, { state: 'CREATING', throttled: exitThrottle(memory.runs, now) })
  let id: string
  try {
    id = await deps.runtime.create(spec)
  } catch (err) {
    if (isRuntimeError(err, 'Conflict')) return adoptByName(ctx, task, spec, ports, err)
    return { result: await failed(ctx, task, err, ports) }
  }
  deps.log('info', 'created container', { task: ctx.name, container: shortId(id), name: spec.name, image: spec.Image })
  return { member: { id, state: 'created' } }
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
): Promise<Step> {
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
    return { result: await failed(ctx, task, new RuntimeError('Conflict', message), ports) }
  }
  if (existing.labels[LABEL.specHash] !== spec.Labels[LABEL.specHash] || existing.state === 'exited') throw conflict
  deps.log('info', 'adopting a container created earlier', {
    task: name,
    container: shortId(existing.id),
    state: existing.state,
  })
  return { member: existing }
}

/** Starts one member; the status names main. Resolves a Result only when the start failed. */
async function startMember(ctx: TaskContext, task: Task, mainId: string, id: string): Promise<Result | undefined> {
  const { deps, memory, now } = ctx
  await report(ctx, task, { state: 'STARTING', containerId: mainId, throttled: exitThrottle(memory.runs, now) })
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
  return undefined
}
