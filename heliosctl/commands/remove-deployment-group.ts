/** @module `heliosctl remove-deployment-group NAME`: deletes the group's Deployment (and so its Tasks). */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { getGroup, groupJobId } from '../deployment-group-lookup.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Unlike Helios, whose removed groups left their jobs running unmanaged, the group's Deployment goes and
with it its Tasks: its job is undeployed from the group's hosts (the output says which). To keep a job
running on some hosts, heliosctl deploy JOB HOST… first.`

export interface RemoveGroupOpts extends GlobalOpts {
  token?: string
}

export function defineRemoveDeploymentGroup(program: Command, run: Run): void {
  program
    .command('remove-deployment-group')
    .description('remove a deployment group (undeploys its job from its hosts)')
    .argument('<name>', 'group (Deployment) name')
    .option('--token <token>', "the token of the group's job, if it has one")
    .addHelpText('after', HELP)
    .action((name: string, _o: RemoveGroupOpts, cmd: Command) => run(removeDeploymentGroup, { name }, cmd))
}

export async function removeDeploymentGroup(ctx: Ctx, args: { name: string }, opts: RemoveGroupOpts): Promise<number> {
  const group = await getGroup(ctx, args.name, opts.json)
  if (!group) return 1
  const jobId = await groupJobId(ctx, group)
  await ctx.client.delete('Deployment', group.metadata.name, { jobToken: opts.token })
  if (opts.json) {
    ctx.stdout.write(toJson({ status: 'REMOVED' }))
    return 0
  }
  println(ctx.stdout, `Deployment-group ${args.name} removed`)
  const hosts = group.status?.hosts ?? []
  if (jobId && hosts.length > 0) println(ctx.stdout, `Undeploying ${jobId} from [${hosts.join(', ')}]`)
  return 0
}
