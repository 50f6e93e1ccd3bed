/** @module `list-deployment-groups`, `inspect-deployment-group NAME`, `deployment-group-status NAME`: Helios' group views. */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { groupHostStatuses, groupState, isGroup } from '../deployment-group.js'
import { getGroup, groupJob } from '../deployment-group-lookup.js'
import {
  type GroupStatus,
  groupJson,
  groupStatusJson,
  groupStatusLines,
  inspectGroupLines,
} from '../print/deployment-group.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export interface GroupStatusOpts extends GlobalOpts {
  full?: boolean
}

export function defineDeploymentGroupViews(program: Command, run: Run): void {
  program
    .command('list-deployment-groups')
    .description('list deployment groups (Deployments that select hosts by label)')
    .action((_o: GlobalOpts, cmd: Command) => run(listDeploymentGroups, {}, cmd))
  program
    .command('inspect-deployment-group')
    .description("print a deployment group's selectors, job and rollout options")
    .argument('<name>', 'group (Deployment) name')
    .action((name: string, _o: GlobalOpts, cmd: Command) => run(inspectDeploymentGroup, { name }, cmd))
  program
    .command('deployment-group-status')
    .description("show a deployment group's rollout state and its job on each host")
    .argument('<name>', 'group (Deployment) name')
    .option('-f, --full', 'print full job ids')
    .addHelpText('after', "\nUP-TO-DATE is X where the host runs the group's job (RUNNING).")
    .action((name: string, _o: GroupStatusOpts, cmd: Command) => run(deploymentGroupStatus, { name }, cmd))
}

export async function listDeploymentGroups(ctx: Ctx, _args: object, opts: GlobalOpts): Promise<number> {
  const { items } = await ctx.client.list('Deployment')
  const names = items
    .filter(isGroup)
    .map((d) => d.metadata.name)
    .sort()
  if (opts.json) ctx.stdout.write(toJson(names))
  else for (const name of names) println(ctx.stdout, name)
  return 0
}

export async function inspectDeploymentGroup(ctx: Ctx, args: { name: string }, opts: GlobalOpts): Promise<number> {
  const group = await getGroup(ctx, args.name, opts.json)
  if (!group) return 1
  const { id, options } = await groupJob(ctx, group)
  if (opts.json) ctx.stdout.write(toJson(groupJson(group, id, options)))
  else for (const line of inspectGroupLines(group, id, options)) println(ctx.stdout, line)
  return 0
}

export async function deploymentGroupStatus(ctx: Ctx, args: { name: string }, opts: GroupStatusOpts): Promise<number> {
  const group = await getGroup(ctx, args.name, opts.json)
  if (!group) return 1
  const [{ id: jobId, options }, tasks] = await Promise.all([
    groupJob(ctx, group),
    ctx.client.list('Task', { fieldSelector: `spec.deployment=${group.metadata.name}` }),
  ])
  const state = groupState(group)
  const status: GroupStatus = {
    deployment: group,
    jobId,
    options,
    state,
    error: state === 'FAILED' ? group.status?.rollout?.message : undefined,
    hosts: groupHostStatuses(group, tasks.items),
  }
  if (opts.json) ctx.stdout.write(toJson(groupStatusJson(status)))
  else for (const line of groupStatusLines(status, opts)) println(ctx.stdout, line)
  return 0
}
