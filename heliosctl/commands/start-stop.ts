/** @module `heliosctl start|stop JOB HOST…`: Helios' per-host goal, set on the Deployments that run JOB on those hosts. */
import type { Command } from 'commander'
import type { Goal } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { planGoals, withHostGoals } from '../host-goals.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { printJobRefFailure } from '../job-ref-json.js'
import { editObject } from '../object-edit.js'
import { forbiddenPerHost } from '../token-refusal.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = (verb: 'start' | 'stop') => `
Sets the goal ${verb === 'start' ? 'START' : 'STOP'} for JOB on each HOST only (spec.hostGoals of the Deployments running
JOB there, named or selected); the Deployment's other hosts keep theirs. ${
  verb === 'stop'
    ? 'The container is stopped, not removed; a\nrolling update moves a stopped host to the new job still stopped.'
    : 'A host stopped by deploy --no-start starts too.'
}

Examples:
  heliosctl ${verb} nginx:v1 web1 web2
  heliosctl --json ${verb} nginx web1   # one {"status", "host", "job"} line per host`

export interface GoalOpts extends GlobalOpts {
  token?: string
}

export function defineStart(program: Command, run: Run): void {
  defineGoalVerb(program, run, 'start', 'START', 'start a stopped job on hosts')
}

export function defineStop(program: Command, run: Run): void {
  defineGoalVerb(program, run, 'stop', 'STOP', 'stop a job on hosts, keeping it deployed')
}

function defineGoalVerb(program: Command, run: Run, verb: 'start' | 'stop', goal: Goal, description: string): void {
  program
    .command(verb)
    .description(description)
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .argument('<hosts...>', 'host names')
    .option('--token <token>', "the job's token, if it has one")
    .addHelpText('after', HELP(verb))
    .action((job: string, hosts: string[], _opts: GoalOpts, cmd: Command) =>
      run((ctx, args, opts: GoalOpts) => setGoal(ctx, args, opts, goal), { job, hosts }, cmd),
    )
}

/** Edits each Deployment concerned (compare-and-set, re-read on a 409), then reports per host. */
export async function setGoal(
  ctx: Ctx,
  args: { job: string; hosts: string[] },
  opts: GoalOpts,
  goal: Goal,
): Promise<number> {
  const job = await lookupJob(ctx.client, args.job).catch((err: unknown) => {
    if (opts.json && printJobRefFailure(ctx, err)) return undefined
    throw err
  })
  if (!job) return 1
  const id = fullId(job)
  if (!opts.json)
    println(ctx.stdout, `${goal === 'START' ? 'Starting' : 'Stopping'} ${id} on [${args.hosts.join(', ')}]`)
  const { items } = await ctx.client.list('Deployment', { fieldSelector: `spec.job=${job.metadata.name}` })
  const plan = planGoals(
    items.filter((d) => d.spec.job === job.metadata.name),
    args.hosts,
    goal,
  )
  const answer = { response: 'SetGoalResponse', job: id, hosts: args.hosts, json: opts.json } as const
  return forbiddenPerHost(ctx, answer, async () => {
    for (const [name, hosts] of plan.edits) await editGoals(ctx, name, hosts, goal, opts.token)
    for (const host of args.hosts) {
      const deployed = !plan.notDeployed.includes(host)
      if (opts.json)
        println(ctx.stdout, JSON.stringify({ status: deployed ? 'OK' : 'JOB_NOT_DEPLOYED', host, job: id }))
      else println(ctx.stdout, deployed ? `${host}: done` : `${host}: failed: job is not deployed on this host`)
    }
    return plan.notDeployed.length > 0 ? 1 : 0
  })
}

/** Sets `goal` for `hosts` in Deployment `name` (read-modify-write; the apiserver checks the job token). */
function editGoals(ctx: Ctx, name: string, hosts: readonly string[], goal: Goal, token: string | undefined) {
  return editObject(
    ctx,
    'Deployment',
    name,
    (d) => {
      const spec = withHostGoals(d.spec, hosts, goal)
      return JSON.stringify(spec) === JSON.stringify(d.spec) ? undefined : { ...d, spec }
    },
    { jobToken: token },
  )
}
