/**
 * @module `apply --wait`: polls the applied Deployments until each rollout is DONE for its current generation
 * and every Task is at its goal, reporting each Task's state changes; fails fast on a failed rollout or Task.
 */
import { type Deployment, isSurgeTask, type Task } from '../apis/index.js'
import { getOne } from './commands/get.js'
import type { Ctx } from './context.js'
import { progressSummary, rolloutVerdict } from './rollout-progress.js'
import { POLL_MS } from './rollout-wait.js'
import { atGoal, taskLine, taskProblem, taskWaiting } from './task-progress.js'

export interface ConvergeOptions {
  /** 0: no deadline. */
  timeoutMs: number
  /** Called once per Task state change (`web@h1 RUNNING web:v2`). */
  onChange: (line: string) => void
  /** Called after each poll that has not converged, with what is still awaited. */
  onWaiting?: (why: string) => void
}

export type ConvergeResult =
  | { status: 'DONE'; revisions: Map<string, number> }
  | { status: 'FAILED'; error: string }
  | { status: 'TIMEOUT'; waiting: string }

type Check =
  | { phase: 'done'; revision: number }
  | { phase: 'failed'; error: string }
  | { phase: 'waiting'; why: string }

/** Polls every second (as rollout status does) until all `names` converge, one fails, or the deadline passes. */
export async function waitConverged(
  ctx: Ctx,
  names: readonly string[],
  opts: ConvergeOptions,
): Promise<ConvergeResult> {
  const deadline = opts.timeoutMs > 0 ? ctx.clock.now() + opts.timeoutMs : Number.POSITIVE_INFINITY
  const shown = new Map<string, string>()
  for (;;) {
    const revisions = new Map<string, number>()
    let waiting: string | undefined
    for (const name of names) {
      const check = await checkDeployment(ctx, name, (task) => report(task, shown, opts.onChange))
      if (check.phase === 'failed') return { status: 'FAILED', error: `deployment/${name}: ${check.error}` }
      if (check.phase === 'waiting') waiting ??= `deployment/${name}: ${check.why}`
      else revisions.set(name, check.revision)
    }
    if (waiting === undefined) return { status: 'DONE', revisions }
    if (ctx.clock.now() >= deadline) return { status: 'TIMEOUT', waiting }
    opts.onWaiting?.(waiting)
    await ctx.clock.sleep(Math.min(POLL_MS, deadline - ctx.clock.now()))
  }
}

async function checkDeployment(ctx: Ctx, name: string, onTask: (task: Task) => void): Promise<Check> {
  const deployment = (await getOne(ctx, 'Deployment', name)) as Deployment
  const tasks = await ownTasks(ctx, name)
  for (const task of tasks) onTask(task)
  const problem = tasks.map(taskProblem).find((p) => p !== undefined)
  if (problem) return { phase: 'failed', error: problem }
  const verdict = rolloutVerdict(deployment)
  if (verdict.phase === 'failed') return { phase: 'failed', error: `rollout failed: ${verdict.error}` }
  if (verdict.phase === 'waiting') return { phase: 'waiting', why: progressSummary(deployment) }
  const behind = tasks.find((t) => !atGoal(t))
  if (behind) return { phase: 'waiting', why: taskWaiting(behind) }
  return { phase: 'done', revision: verdict.revision }
}

function report(task: Task, shown: Map<string, string>, onChange: (line: string) => void): void {
  const line = taskLine(task)
  if (line === undefined || shown.get(task.metadata.name) === line) return
  shown.set(task.metadata.name, line)
  onChange(line)
}

/** A Deployment's Tasks without its surge Tasks, which come and go within an overlapping rollout (the rollout's verdict covers them). */
export async function ownTasks(ctx: Ctx, deployment: string): Promise<Task[]> {
  const { items } = await ctx.client.list('Task', { fieldSelector: `spec.deployment=${deployment}` })
  return items.filter((t) => !isSurgeTask(t.metadata.name))
}
