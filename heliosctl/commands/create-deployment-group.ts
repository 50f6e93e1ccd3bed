/** @module `heliosctl create-deployment-group NAME SELECTOR…`: a Deployment with a hostSelector and no Job yet. */
import type { Command } from 'commander'
import { ApiError, isApiError } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { groupDeployment, heliosSelector, isGroup, parseSelectors, sameSelectors } from '../deployment-group.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
The group is a Deployment NAME with spec.hostSelector = SELECTORs and no spec.job: it runs nothing until
heliosctl rolling-update JOB NAME gives it a Job. Creating it again with the same selectors is
NOT_MODIFIED; with other selectors, CONFLICT (exit 1).

Examples:
  heliosctl create-deployment-group web role=web
  heliosctl create-deployment-group canary role=web "zone in (eu1, eu2)" "tier!=batch"`

export interface CreateGroupOpts extends GlobalOpts {
  quiet?: boolean
}

export function defineCreateDeploymentGroup(program: Command, run: Run): void {
  program
    .command('create-deployment-group')
    .description('create a deployment group: the hosts whose labels match the selectors')
    .argument('<name>', 'group (Deployment) name')
    .argument('<selectors...>', 'label selectors: k=v, k!=v, "k in (a, b)", "k notin (a, b)"')
    .option('-q, --quiet', 'print only the status')
    .addHelpText('after', HELP)
    .action((name: string, selectors: string[], _o: CreateGroupOpts, cmd: Command) =>
      run(createDeploymentGroup, { name, selectors }, cmd),
    )
}

export async function createDeploymentGroup(
  ctx: Ctx,
  args: { name: string; selectors: string[] },
  opts: CreateGroupOpts,
): Promise<number> {
  parseSelectors(args.selectors)
  if (!opts.json && !opts.quiet) {
    const group = { name: args.name, hostSelectors: args.selectors.map(heliosSelector) }
    println(ctx.stdout, `Creating deployment group: ${JSON.stringify(group)}`)
  }
  const status = await create(ctx, args)
  if (status === 'CONFLICT' && !opts.json)
    throw new ApiError('AlreadyExists', `deployment ${args.name} already exists with other host selectors (or none)`)
  const line = JSON.stringify({ status })
  println(ctx.stdout, opts.json ? toJson({ status }).trimEnd() : line)
  return status === 'CONFLICT' ? 1 : 0
}

async function create(
  ctx: Ctx,
  args: { name: string; selectors: string[] },
): Promise<'CREATED' | 'NOT_MODIFIED' | 'CONFLICT'> {
  try {
    await ctx.client.create('Deployment', groupDeployment(args.name, args.selectors))
    return 'CREATED'
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err
    const existing = await ctx.client.get('Deployment', args.name)
    return isGroup(existing) && sameSelectors(existing.spec.hostSelector, args.selectors) ? 'NOT_MODIFIED' : 'CONFLICT'
  }
}
