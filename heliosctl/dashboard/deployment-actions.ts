/** @module What the dashboard's s / S / u keys do, with the same read-modify-write as the CLI verbs. */
import type { Goal } from '../../apis/index.js'
import { undoDeployment } from '../commands/rollout-undo.js'
import type { Ctx } from '../context.js'
import { editObject } from '../object-edit.js'
import type { DeploymentAction } from './snapshot.js'

const GOALS = { stop: 'STOP', start: 'START' } as const satisfies Record<'stop' | 'start', Goal>

/** Performs `action` on Deployment `name` and says what happened in one line; errors are thrown. */
export async function deploymentAction(ctx: Ctx, action: DeploymentAction, name: string): Promise<string> {
  if (action === 'undo') {
    // `heliosctl rollout undo NAME`: spec.job := the previous revision's Job.
    const { changed, target } = await undoDeployment(ctx, name)
    return changed
      ? `deployment "${name}" rolled back to revision ${target.revision} (${target.job})`
      : `deployment "${name}" skipped rollback (already runs revision ${target.revision}, ${target.job})`
  }
  const goal = GOALS[action]
  const edit = await editObject(ctx, 'Deployment', name, (d) =>
    d.spec.goal === goal ? undefined : { ...d, spec: { ...d.spec, goal } },
  )
  return edit.changed ? `deployment "${name}" goal set to ${goal}` : `deployment "${name}" already has goal ${goal}`
}
