/** @module Pure diff of desired Tasks against a Deployment's stored Tasks: what to create, update and delete. */
import type { Task, TaskSpec } from '../../apis/index.js'
import { type DesiredTask, taskDrifted } from './desired.js'

export type TaskAction =
  | { verb: 'create'; task: DesiredTask }
  | { verb: 'update'; task: Task; spec: TaskSpec }
  | { verb: 'delete'; name: string }

/** Creates and updates in desired order, then deletes every owned Task nobody wants (left hosts, finished surges). */
export function taskActions(desired: readonly DesiredTask[], owned: readonly Task[]): TaskAction[] {
  const byName = new Map(owned.map((t) => [t.metadata.name, t]))
  const wanted = new Set(desired.map((d) => d.name))
  const actions: TaskAction[] = []
  for (const want of desired) {
    const have = byName.get(want.name)
    if (!have) actions.push({ verb: 'create', task: want })
    else if (taskDrifted(have.spec, want.spec)) actions.push({ verb: 'update', task: have, spec: want.spec })
  }
  for (const task of owned)
    if (!wanted.has(task.metadata.name)) actions.push({ verb: 'delete', name: task.metadata.name })
  return actions
}
