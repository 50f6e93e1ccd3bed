/** @module When a Task is announced: RUNNING (after its health check) registers it; anything else, and any stop, withdraws it. */
import type { Task } from '../../apis/index.js'
import { lastStatus, sameSpec, type TaskContext } from '../task-context.js'
import type { RegistrationSync } from './registration-sync.js'
import { registrationsOf } from './registrations.js'

/** The agent's registrar and its `--domain` (Helios' default registration domain). */
export interface TaskDiscovery {
  sync: RegistrationSync
  domain: string
}

/**
 * After every reconcile: the Task's registrations while its goal is START and the status it reported for its current
 * spec is RUNNING (an adopted container too), else none (starting, health-checking, exited, restarting, failed, goal
 * STOP, undeployed). A stop has withdrawn them already (stopInBackground); this covers the Task with nothing running.
 */
export function syncRegistrations(ctx: TaskContext, task: Task | undefined): Promise<void> {
  const discovery = ctx.deps.discovery
  if (!discovery) return Promise.resolve()
  if (!task || task.spec.goal === 'STOP') return discovery.sync.withdraw(ctx.name)
  const last = lastStatus(ctx, task)
  if (!sameSpec(last, task) || last.state !== 'RUNNING') return discovery.sync.withdraw(ctx.name)
  const agent = { host: ctx.deps.hostName, domain: discovery.domain }
  return discovery.sync.announce(ctx.name, registrationsOf(task, ctx.deps.ports.current(ctx.name) ?? {}, agent))
}

/** Withdraws the Task's registrations: before any stop and its grace period, so clients drain first (Helios' order). */
export function withdrawRegistrations(ctx: TaskContext): Promise<void> {
  return ctx.deps.discovery?.sync.withdraw(ctx.name) ?? Promise.resolve()
}
