/** @module `heliosctl deploy JOB HOST…`: Helios' imperative deploy, as a create-or-edit of Deployment `<name>-<version>`. */
import type { Command } from 'commander'
import { ApiError, type Deployment, type Goal, isNotFound } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deployTo, imperativeName } from '../imperative-deployment.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
The hosts are added to the Deployment named after the job (nginx:v1 → nginx-v1, annotated
helios/imperative: "true"); --no-start sets that Deployment's goal to STOP on all its hosts.

Examples:
  heliosctl deploy nginx:v1 web1 web2
  heliosctl deploy nginx web3 --no-start   # JOB may be any unique prefix of name:version:hash`

export interface DeployArgs {
  job: string
  hosts: string[]
}
export interface DeployOpts extends GlobalOpts {
  start: boolean
  token?: string
}

export function defineDeploy(program: Command, run: Run): void {
  program
    .command('deploy')
    .description('deploy a job on hosts')
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .argument('<hosts...>', 'host names')
    .option('--no-start', 'deploy with goal STOP (create the container but do not start it)')
    .option('--token <token>', "the job's token, if it has one")
    .addHelpText('after', HELP)
    .action((job: string, hosts: string[], _opts: DeployOpts, cmd: Command) => run(deploy, { job, hosts }, cmd))
}

export async function deploy(ctx: Ctx, args: DeployArgs, opts: DeployOpts): Promise<number> {
  const job = await lookupJob(ctx.client, args.job)
  const jobToken = { jobToken: opts.token }
  const goal: Goal = opts.start ? 'START' : 'STOP'
  const name = imperativeName(job.metadata.name)
  const existing = await ctx.client.get('Deployment', name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (existing && existing.spec.job !== job.metadata.name) {
    throw new ApiError(
      'Conflict',
      `deployment ${name} exists and runs job ${existing.spec.job}, not ${job.metadata.name}`,
    )
  }
  if (!opts.json)
    println(ctx.stdout, `Deploying Deployment{jobId=${fullId(job)}, goal=${goal}} on [${args.hosts.join(', ')}]`)
  warnOnGoalChange(ctx, existing, goal, args.hosts)
  const desired = deployTo(existing, job.metadata.name, args.hosts, goal)
  // The apiserver refuses (403) unless --token is the Job's token.
  if (existing) await ctx.client.update('Deployment', desired as Deployment, jobToken)
  else await ctx.client.create('Deployment', desired, jobToken)
  for (const host of args.hosts) {
    if (opts.json) println(ctx.stdout, JSON.stringify({ status: 'OK', host, job: fullId(job) }))
    else println(ctx.stdout, `${host}: done`)
  }
  return 0
}

// One Deployment has one goal; say so when this call changes it for hosts the user did not name.
function warnOnGoalChange(ctx: Ctx, existing: Deployment | undefined, goal: Goal, hosts: string[]): void {
  const others = existing?.spec.hosts.filter((h) => !hosts.includes(h)) ?? []
  if (!existing || existing.spec.goal === goal || others.length === 0) return
  println(
    ctx.stderr,
    `warning: deployment ${existing.metadata.name} goal changes to ${goal} on ${others.join(', ')} too`,
  )
}
