/** @module `heliosctl deploy JOB HOST…`: Helios' imperative deploy, as a create-or-edit of Deployment `<name>-<version>`. */
import type { Command } from 'commander'
import { ApiError, type Deployment, type DeployRefusal, type Goal, isApiError, isNotFound } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deployHosts, refusedUpFront } from '../deploy-hosts.js'
import { imperativeName } from '../imperative-deployment.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { printJobRefFailure } from '../job-ref-json.js'
import { deployJson, deployLine } from '../print/deploy-response.js'
import { inert } from '../print/terminal-text.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
The hosts are added to the Deployment named after the job (nginx:v1 → nginx-v1, annotated
helios/imperative: "true"); --no-start sets that Deployment's goal to STOP on all its hosts.
Each host answers as Helios' did: "done", or "failed: JobDeployResponse{status=…}" with
HOST_NOT_FOUND (no agent registered it), JOB_ALREADY_DEPLOYED (the job already runs there, by hand
or for another Deployment, which stderr names; rolling-update --migrate takes a hand deploy over)
or PORT_CONFLICT (another job holds a static port there); nothing is stored for a failed host, and
any failure exits 1. --json prints Helios' {"host", "job", "status"} per host.

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
  const job = await lookupJob(ctx.client, args.job).catch((err: unknown) => {
    if (opts.json && printJobRefFailure(ctx, err)) return undefined
    throw err
  })
  if (!job) return 1
  const id = fullId(job)
  const goal: Goal = opts.start ? 'START' : 'STOP'
  const name = imperativeName(job.metadata.name)
  const [existing, registered] = await Promise.all([
    ctx.client.get('Deployment', name).catch((err: unknown) => {
      if (isNotFound(err)) return undefined
      throw err
    }),
    ctx.client.list('Host').then(({ items }) => new Set(items.map((h) => h.metadata.name))),
  ])
  if (existing && existing.spec.job !== job.metadata.name) {
    throw new ApiError(
      'Conflict',
      `deployment ${name} exists and runs job ${existing.spec.job}, not ${job.metadata.name}`,
    )
  }
  const hosts = [...new Set(args.hosts)]
  if (!opts.json) println(ctx.stdout, `Deploying Deployment{jobId=${id}, goal=${goal}} on [${hosts.join(', ')}]`)
  const refused = refusedUpFront(hosts, registered, existing, job.metadata.name)
  const wanted = hosts.filter((h) => !refused.has(h))
  warnOnGoalChange(ctx, existing, goal, wanted)
  // The apiserver refuses (403) unless --token is the Job's token, and (409) hosts another Deployment holds.
  if (wanted.length > 0) {
    const later = await deployHosts(ctx, existing, job.metadata.name, wanted, goal, { jobToken: opts.token }).catch(
      (err: unknown) => forbidden(wanted, err),
    )
    for (const [host, refusal] of later) refused.set(host, refusal)
  }
  for (const host of hosts) {
    const refusal = refused.get(host)
    println(ctx.stdout, opts.json ? deployJson(host, id, refusal?.status ?? 'OK') : deployLine(host, id, refusal))
    // Helios' line names no culprit; the reason (and the other Deployment) goes to stderr.
    if (refusal) println(ctx.stderr, inert(`${host}: ${refusal.status}: ${refusal.message}`))
  }
  return refused.size > 0 ? 1 : 0
}

/** A wrong or missing job token refuses every host with Helios' FORBIDDEN; any other error propagates. */
function forbidden(hosts: readonly string[], err: unknown): Map<string, DeployRefusal> {
  if (!isApiError(err, 'Forbidden')) throw err
  return new Map(hosts.map((host) => [host, { host, status: 'FORBIDDEN', message: err.message }]))
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
