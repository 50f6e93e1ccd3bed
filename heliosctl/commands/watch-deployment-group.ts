/** @module `heliosctl watch-deployment-group NAME`: Helios' verb — deployment-group-status again every interval until Ctrl-C. */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { parsePositiveInt } from '../duration-flag.js'
import { watchStamp } from '../print/watch-table.js'
import { deploymentGroupStatus, type GroupStatusOpts } from './deployment-groups.js'
import type { Run } from './run.js'

export interface WatchGroupOpts extends GroupStatusOpts {
  interval: number
  count?: number
}

// Helios: a rule of dashes filling 80 columns with the time, above each status.
const rule = (ms: number): string => `${'-'.repeat(80 - watchStamp(0).length - 1)} ${watchStamp(ms)}`

export function defineWatchDeploymentGroup(program: Command, run: Run): void {
  program
    .command('watch-deployment-group')
    .description("print a deployment group's status again every interval, as its rolling update progresses")
    .argument('<name>', 'deployment group name')
    .option('-f, --full', 'print full job ids')
    .option('--interval <seconds>', 'seconds between snapshots', parsePositiveInt, 1)
    .option('--count <n>', 'stop after this many snapshots', parsePositiveInt)
    .addHelpText('after', '\nEach snapshot is what deployment-group-status prints. Ends with Ctrl-C, or after --count.')
    .action((name: string, _o: WatchGroupOpts, cmd: Command) => run(watchDeploymentGroup, { name }, cmd))
}

/** Helios' header, then per interval a timed rule and the group's status; ends when the group is gone. */
export async function watchDeploymentGroup(ctx: Ctx, args: { name: string }, opts: WatchGroupOpts): Promise<number> {
  if (!opts.json) {
    println(ctx.stdout, 'Control-C to stop')
    println(ctx.stdout, 'STATUS               HOST                           STATE')
  }
  for (let n = 1; !ctx.signal.aborted; n++) {
    if (!opts.json) println(ctx.stdout, rule(ctx.clock.now()))
    const code = await deploymentGroupStatus(ctx, args, opts)
    if (code !== 0 || (opts.count !== undefined && n >= opts.count)) return code
    await ctx.clock.sleep(opts.interval * 1000, ctx.signal)
  }
  return 0
}
