/** @module `heliosctl undeploy JOB HOST…|-a`: removes hosts from, or deletes, the Deployments running a job. */
import type { Command } from 'commander'
import { type Ctx, confirm, println } from '../context.js'
import { deployedHosts, type HostOutcome, planUndeploy, type UndeployPlan } from '../imperative-deployment.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { deployJson } from '../print/deploy-response.js'
import { forbiddenPerHost } from '../token-refusal.js'
import { UsageError } from '../usage-error.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Hosts are removed from every Deployment whose spec.job is JOB; a Deployment left with no hosts and
no hostSelector is deleted. -a deletes every Deployment running JOB. -a asks for confirmation only
when stdin is a terminal and --yes is absent: scripts and pipes proceed without asking.

Examples:
  heliosctl undeploy nginx:v1 web1
  heliosctl undeploy -a nginx:v1 --yes`

export interface UndeployArgs {
  job: string
  hosts: string[]
}
export interface UndeployOpts extends GlobalOpts {
  all?: boolean
  yes?: boolean
  token?: string
}

export function defineUndeploy(program: Command, run: Run): void {
  program
    .command('undeploy')
    .description('undeploy a job from hosts')
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .argument('[hosts...]', 'host names')
    .option('-a, --all', 'undeploy from all hosts (deletes every Deployment running the job)')
    .option('--yes', 'do not ask for confirmation')
    .option('--token <token>', "the job's token, if it has one")
    .addHelpText('after', HELP)
    .action((job: string, hosts: string[], _opts: UndeployOpts, cmd: Command) => run(undeploy, { job, hosts }, cmd))
}

export async function undeploy(ctx: Ctx, args: UndeployArgs, opts: UndeployOpts): Promise<number> {
  if (args.hosts.length === 0 && !opts.all) {
    throw new Error('Please either specify a list of hosts or use the -a/--all flag.')
  }
  if (args.hosts.length > 0 && opts.all) throw new UsageError('give either hosts or -a/--all, not both')
  const job = await lookupJob(ctx.client, args.job)
  const id = fullId(job)
  const { items } = await ctx.client.list('Deployment', { fieldSelector: `spec.job=${job.metadata.name}` })
  const deployments = items.filter((d) => d.spec.job === job.metadata.name)
  const hosts = opts.all ? deployedHosts(deployments) : args.hosts
  if (opts.all && hosts.length === 0) {
    // A Deployment selecting no host runs nothing, yet -a still means none is left; Helios' words and exit code.
    for (const d of deployments) await ctx.client.delete('Deployment', d.metadata.name, { jobToken: opts.token })
    println(ctx.stdout, `${id} is not currently deployed on any hosts.`)
    return 0
  }
  if (opts.all && ctx.isTTY && !opts.yes) {
    if (!(await confirm(ctx, `This will undeploy ${id} from all hosts: [${hosts.join(', ')}]`))) {
      println(ctx.stderr, 'Aborted.')
      return 1
    }
  }
  if (!opts.json) println(ctx.stdout, `Undeploying ${id} from [${hosts.join(', ')}]`)
  const plan: UndeployPlan = opts.all
    ? { update: [], remove: deployments, outcomes: hosts.map((host) => ({ host })) }
    : planUndeploy(deployments, hosts)
  // The apiserver refuses (403) unless --token is the Job's token; the first refusal stops the rest.
  const jobToken = { jobToken: opts.token }
  const answer = { response: 'JobUndeployResponse', job: id, hosts, json: opts.json } as const
  return forbiddenPerHost(ctx, answer, async () => {
    for (const d of plan.update) await ctx.client.update('Deployment', d, jobToken)
    for (const d of plan.remove) await ctx.client.delete('Deployment', d.metadata.name, jobToken)
    return report(ctx, opts, id, plan.outcomes)
  })
}

/**
 * `host: done` / `host: failed: why` per host, or one Helios JobUndeployResponse `{"host","job","status"}` line each
 * (status OK, JOB_NOT_FOUND, or FAILED where Helios had no word: a host a selector picked); exit 1 if any failed.
 */
function report(ctx: Ctx, opts: UndeployOpts, job: string, outcomes: HostOutcome[]): number {
  for (const { host, failure, heliosStatus } of outcomes) {
    const text = failure ? `${host}: failed: ${failure}` : `${host}: done`
    println(ctx.stdout, opts.json ? deployJson(host, job, failure ? (heliosStatus ?? 'FAILED') : 'OK') : text)
  }
  return outcomes.some((o) => o.failure) ? 1 : 0
}
