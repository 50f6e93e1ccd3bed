/** @module `heliosctl cordon HOST` and `uncordon HOST`: spec.unschedulable (uncordon also ends a drain). */
import type { Command } from 'commander'
import type { Host } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { editObject } from '../object-edit.js'
import type { GlobalOpts, Run } from './run.js'

export function defineCordon(program: Command, run: Run): void {
  program
    .command('cordon')
    .description('mark a host unschedulable: it gets no new tasks, keeps the ones it has')
    .argument('<host>', 'host name')
    .action((host: string, _opts: GlobalOpts, cmd: Command) => run(cordon, { host }, cmd))
  program
    .command('uncordon')
    .description('mark a host schedulable again (and no longer draining)')
    .argument('<host>', 'host name')
    .action((host: string, _opts: GlobalOpts, cmd: Command) => run(uncordon, { host }, cmd))
}

export async function cordon(ctx: Ctx, args: { host: string }): Promise<number> {
  const edit = await editObject(ctx, 'Host', args.host, (h: Host) =>
    h.spec.unschedulable ? undefined : { ...h, spec: { ...h.spec, unschedulable: true } },
  )
  println(ctx.stdout, `host/${args.host} ${edit.changed ? 'cordoned' : 'already cordoned'}`)
  return 0
}

export async function uncordon(ctx: Ctx, args: { host: string }): Promise<number> {
  const edit = await editObject(ctx, 'Host', args.host, (h: Host) =>
    h.spec.unschedulable || h.spec.drain
      ? { ...h, spec: { ...h.spec, unschedulable: false, drain: false } }
      : undefined,
  )
  println(ctx.stdout, `host/${args.host} ${edit.changed ? 'uncordoned' : 'already uncordoned'}`)
  return 0
}
