/** @module `heliosctl drain HOST [--wait]`: cordon and drain a host, say which Tasks move, optionally wait until they left. */
import type { Command } from 'commander'
import type { Host } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { drainLine, drainPlan } from '../drain-plan.js'
import { parseDuration } from '../duration-flag.js'
import { editObject } from '../object-edit.js'
import { POLL_MS } from '../rollout-wait.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Tasks of Deployments with replicas or a host selector move to other hosts; a Deployment that names
the host in spec.hosts keeps its Task there. uncordon ends the drain.

Examples:
  heliosctl drain web1
  heliosctl drain web1 --wait --timeout 10m`

export interface DrainOpts extends GlobalOpts {
  wait?: boolean
  timeout: number
}

export function defineDrain(program: Command, run: Run): void {
  program
    .command('drain')
    .description('cordon a host and move its replica and selector tasks elsewhere')
    .argument('<host>', 'host name')
    .option('--wait', 'wait until the tasks that move have left the host')
    .option('--timeout <duration>', 'with --wait: give up after this long (0: wait forever)', parseDuration, 0)
    .addHelpText('after', HELP)
    .action((host: string, _opts: DrainOpts, cmd: Command) => run(drain, { host }, cmd))
}

export async function drain(ctx: Ctx, args: { host: string }, opts: DrainOpts): Promise<number> {
  const { host } = args
  // Planned before the write: the controller starts moving Tasks the moment the host is marked drained.
  const plan = await currentPlan(ctx, host)
  await editObject(ctx, 'Host', host, (h: Host) =>
    h.spec.unschedulable && h.spec.drain ? undefined : { ...h, spec: { ...h.spec, unschedulable: true, drain: true } },
  )
  if (opts.json) println(ctx.stdout, JSON.stringify({ host, tasks: plan }))
  else {
    println(ctx.stdout, `host/${host} cordoned and draining`)
    for (const entry of plan) println(ctx.stdout, drainLine(entry))
  }
  if (!opts.wait) return 0
  const deadline = opts.timeout ? ctx.clock.now() + opts.timeout : Number.POSITIVE_INFINITY
  const moving = new Set(plan.filter((e) => e.moves).map((e) => e.task))
  for (;;) {
    const left = (await currentPlan(ctx, host)).filter((e) => moving.has(e.task)).map((e) => e.task)
    if (left.length === 0) break
    if (ctx.clock.now() >= deadline)
      throw new Error(`timed out waiting for ${left.length} task(s) to leave ${host}: ${left.join(', ')}`)
    await ctx.clock.sleep(Math.min(POLL_MS, deadline - ctx.clock.now()))
  }
  if (!opts.json) println(ctx.stdout, `host/${host} drained`)
  return 0
}

async function currentPlan(ctx: Ctx, host: string) {
  const [tasks, deployments] = await Promise.all([
    ctx.client.list('Task', { fieldSelector: `spec.host=${host}` }),
    ctx.client.list('Deployment'),
  ])
  return drainPlan(host, tasks.items, deployments.items)
}
