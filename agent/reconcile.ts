/** @module The agent's reconciler: for one `Task/<name>` key, read desired (Task) and actual (containers), converge. */
import { splitKey } from '../apis/index.js'
import type { Reconciler } from '../client/index.js'
import { syncRegistrations } from './discovery/task-registrations.js'
import { runTask } from './run-task.js'
import { stopTask, teardown } from './stop-task.js'
import { type AgentDeps, newTaskMemory, type TaskContext, type TaskMemory } from './task-context.js'

/**
 * Level-triggered: the key carries only a name, and every call re-reads the Task and the task's
 * containers (by label), so a missed event, a restart or drift all end the same way. Errors are
 * thrown (the loop retries with backoff); waits return requeueAfterMs and never hold a worker.
 */
export function createTaskReconciler(deps: AgentDeps): Reconciler {
  const memories = new Map<string, TaskMemory>()
  return {
    name: 'agent',
    async reconcile(key) {
      const { kind, name } = splitKey(key)
      if (kind !== 'Task' || name === '') return {}
      // A pull or stop is under way; it enqueues this key again when it settles.
      if (deps.ops.isRunning(name)) return {}
      const settled = deps.ops.take(name)
      if (settled?.what === 'stop' && settled.error !== undefined) throw settled.error
      const task = deps.desired.get(name)
      // Knowing nothing (no sync, no snapshot) must never read as "nothing is wanted".
      if (!task && !deps.desired.isAuthoritative()) return {}
      const containers = await deps.runtime.listManaged(deps.hostName, name)
      let memory = memories.get(name)
      if (!memory) {
        memory = newTaskMemory()
        memories.set(name, memory)
      }
      const ctx: TaskContext = {
        deps,
        name,
        containers,
        memory,
        now: deps.clock.now(),
        settled,
        forget: () => memories.delete(name),
      }
      if (task && task.spec.goal !== 'STOP') deps.drift?.notice(ctx, task)
      const result = !task
        ? await teardown(ctx)
        : task.spec.goal === 'STOP'
          ? await stopTask(ctx, task)
          : await runTask(ctx, task)
      // Withdrawn too when the Task is gone or stopped; a stop under way has withdrawn first (stopInBackground).
      await syncRegistrations(ctx, task)
      return result
    },
  }
}
