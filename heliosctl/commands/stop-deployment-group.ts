/** @module `heliosctl stop-deployment-group NAME`: Helios' verb to stop a rolling update in progress where it stands. */
import type { Command } from 'commander'
import { type Deployment, isNotFound, ROLLOUT_ANNOTATION } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { isGroup } from '../deployment-group.js'
import { editObject } from '../object-edit.js'
import { annotated } from './rollout-steer.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Stops the group's rolling update where it is: it becomes FAILED "stopped by user", hosts keep the job they run
(as rollout stop does). A group with no rolling update in progress is left as it is, and says so (exit 0).`

export function defineStopDeploymentGroup(program: Command, run: Run): void {
  program
    .command('stop-deployment-group')
    .description('stop a rolling update of a deployment group in progress')
    .argument('<name>', 'deployment group name')
    .addHelpText('after', HELP)
    .action((name: string, _o: GlobalOpts, cmd: Command) => run(stopDeploymentGroup, { name }, cmd))
}

const moving = (d: Deployment): boolean => ['ROLLING_OUT', 'PAUSED'].includes(d.status?.rollout?.state ?? 'IDLE')

/** Helios' lines: `Deployment-group web stopped`, `Deployment-group web not found` (exit 1). */
export async function stopDeploymentGroup(ctx: Ctx, args: { name: string }, _opts: GlobalOpts): Promise<number> {
  const { name } = args
  const now = new Date(ctx.clock.now()).toISOString()
  let state = 'IDLE'
  const stop = (d: Deployment) => {
    state = d.status?.rollout?.state ?? 'IDLE'
    return isGroup(d) && moving(d) ? annotated(d, ROLLOUT_ANNOTATION.stop, now) : undefined
  }
  const edit = await editObject(ctx, 'Deployment', name, stop).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (!edit || !isGroup(edit.before)) {
    println(ctx.stdout, `Deployment-group ${name} not found`)
    return 1
  }
  if (edit.changed) println(ctx.stdout, `Deployment-group ${name} stopped`)
  else println(ctx.stdout, `Deployment-group ${name} has no rolling update in progress (state ${state})`)
  return 0
}
