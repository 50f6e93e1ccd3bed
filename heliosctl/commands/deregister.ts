/** @module `heliosctl deregister HOST`: Helios' host removal — deletes a Host that runs nothing and that no Deployment names. */
import type { Command } from 'commander'
import { isNotFound } from '../../apis/index.js'
import { type Ctx, confirm, println } from '../context.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Refused (JOBS_STILL_DEPLOYED, exit 1) while the host has Tasks or a Deployment names it in spec.hosts: undeploy
them first. A running agent registers its host again at its next heartbeat; stop it before deregistering.
Asks for confirmation only when stdin is a terminal and --yes is absent.`

export interface DeregisterOpts extends GlobalOpts {
  yes?: boolean
}

type Outcome = 'OK' | 'NOT_FOUND' | 'JOBS_STILL_DEPLOYED'

export function defineDeregister(program: Command, run: Run): void {
  program
    .command('deregister')
    .description('deregister a host')
    .argument('<host>', 'host name to deregister')
    .option('--yes', "automatically answer 'yes' to the interactive prompt")
    .addHelpText('after', HELP)
    .action((host: string, _o: DeregisterOpts, cmd: Command) => run(deregister, { host }, cmd))
}

export async function deregister(ctx: Ctx, args: { host: string }, opts: DeregisterOpts): Promise<number> {
  const { host } = args
  if (ctx.isTTY && !opts.yes && !(await confirm(ctx, `This will deregister the host ${host}`))) {
    println(ctx.stderr, 'Aborted.')
    return 1
  }
  if (!opts.json) println(ctx.stdout, `Deregistering host ${host}`)
  const outcome = await deregisterHost(ctx, host)
  if (opts.json) ctx.stdout.write(toJson({ host, status: outcome }))
  else
    println(
      ctx.stdout,
      `${host}: ${outcome === 'OK' ? 'done' : `failed: HostDeregisterResponse{status=${outcome}, host=${host}}`}`,
    )
  if (outcome === 'NOT_FOUND' && !opts.json) await suggest(ctx, host)
  return outcome === 'OK' ? 0 : 1
}

async function deregisterHost(ctx: Ctx, host: string): Promise<Outcome> {
  const found = await ctx.client.get('Host', host).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (!found) return 'NOT_FOUND'
  const [tasks, deployments] = await Promise.all([
    ctx.client.list('Task', { fieldSelector: `spec.host=${host}` }),
    ctx.client.list('Deployment'),
  ])
  const holders = [
    ...tasks.items.map((t) => `job ${t.spec.job} (task ${t.metadata.name})`),
    ...deployments.items
      .filter((d) => d.spec.hosts.includes(host))
      .map((d) => `deployment ${d.metadata.name} names it in spec.hosts`),
  ]
  if (holders.length > 0) {
    println(ctx.stderr, `${host}: still deployed: ${holders.join(', ')}; undeploy first`)
    return 'JOBS_STILL_DEPLOYED'
  }
  await ctx.client.delete('Host', host)
  return 'OK'
}

// Helios' HostResolver: a name that is not a host may be the start of one.
async function suggest(ctx: Ctx, host: string): Promise<void> {
  const names = (await ctx.client.list('Host')).items.map((h) => h.metadata.name)
  const matches = names.filter((name) => name.includes(host)).sort()
  if (matches.length === 0) return
  println(ctx.stdout, `We didn't find your hostname, but we did find some possible matches for you:`)
  println(ctx.stdout, `    ${matches.join('\n    ')}\n`)
}
