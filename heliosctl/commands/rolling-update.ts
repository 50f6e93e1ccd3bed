/** @module `heliosctl rolling-update JOB GROUP`: Helios' rolling update, as spec.job and spec.rollout of Deployment GROUP, then waiting. */
import { type Command, Option } from 'commander'
import {
  type Deployment,
  type GivenRolloutOptions,
  isNotFound,
  ROLLOUT_ANNOTATION,
  type RolloutOptions,
  resolveRolloutOptions,
  shortJobId,
} from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { parsePositiveInt } from '../duration-flag.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { printJobRefFailure } from '../job-ref-json.js'
import { editObject } from '../object-edit.js'
import { durationLine, heliosHostLine, heliosOptions } from '../print/rollout-lines.js'
import { waitForRollout } from '../rollout-wait.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
GROUP is a Deployment; its goal becomes START on every host, as each Helios rolling update deployed.
The flags given become its spec.rolloutOverrides (each rolling-update replaces
them), and each option in force is the first set of: the flags, the Job's rolloutOptions, the Deployment's
spec.rollout, the defaults (Helios: flags, then the Job's options, then the defaults). --token is stored in
spec.rollout.token, where deletes and later updates find it. Re-running the rolling-update of the Job a
FAILED Deployment already has retries it (Helios re-ran identical updates).
-T only stops the waiting: the rollout goes on (see heliosctl rollout status).

Examples:
  heliosctl rolling-update web:v2 web
  heliosctl rolling-update web:v2 web -p 2 -t 120 --overlap --auto-revert`

export interface RollingUpdateOpts extends GlobalOpts {
  timeout?: number
  par?: number
  /** The manual's spelling of --par (`helios rolling-update --overlap --parallelism=3`). */
  parallelism?: number
  async?: boolean
  rolloutTimeout: number
  migrate?: boolean
  overlap?: boolean
  token?: string
  ignoreFailures?: boolean
  autoRevert?: boolean
}

export function defineRollingUpdate(program: Command, run: Run): void {
  program
    .command('rolling-update')
    .description('roll a deployment (group) over to a job, host by host')
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .argument('<group>', 'deployment name')
    .option(
      '-t, --timeout <seconds>',
      "seconds one host may take to reach RUNNING (default: the job's, else the deployment's, else 300)",
      parsePositiveInt,
    )
    .option(
      '-p, --par <n>',
      "hosts updated at a time (default: the job's, else the deployment's, else 1)",
      parsePositiveInt,
    )
    .addOption(new Option('--parallelism <n>', "the manual's spelling of --par").argParser(parsePositiveInt).hideHelp())
    .option('--async', 'return once the rolling update has started')
    .option('-T, --rollout-timeout <minutes>', 'minutes to wait for the whole rollout', parsePositiveInt, 60)
    .option('--migrate', 'take over a copy of the job deployed on a host by hand')
    .option('--overlap', 'start the new job on a host before stopping the old one')
    .option('--token <token>', "the job's token, if it has one")
    .option('--ignore-failures', 'skip hosts that fail instead of stopping the rollout')
    .option('--auto-revert', 'on failure, roll back to the last revision that succeeded')
    .addHelpText('after', HELP)
    .action((job: string, group: string, _opts: RollingUpdateOpts, cmd: Command) =>
      run(rollingUpdate, { job, group }, cmd),
    )
}

export async function rollingUpdate(ctx: Ctx, args: { job: string; group: string }, opts: RollingUpdateOpts) {
  const job = await lookupJob(ctx.client, args.job).catch((err: unknown) => {
    if (opts.json && printJobRefFailure(ctx, err)) return undefined
    throw err
  })
  if (!job) return 1
  if (opts.json && !(await exists(ctx, args.group))) {
    println(ctx.stdout, JSON.stringify({ status: 'DEPLOYMENT_GROUP_NOT_FOUND' }))
    return 1
  }
  const startedAt = ctx.clock.now()
  const stamp = new Date(startedAt).toISOString()
  let retry: string | undefined
  const change = (d: Deployment): Deployment => {
    const annotations = { ...d.metadata.annotations }
    retry = d.spec.job === job.metadata.name && d.status?.rollout?.state === 'FAILED' ? stamp : undefined
    if (retry) annotations[ROLLOUT_ANNOTATION.retry] = retry
    else if (d.spec.job !== job.metadata.name)
      annotations[ROLLOUT_ANNOTATION.changeCause] = `rolling-update to ${job.metadata.name}`
    const rollout = opts.token === undefined ? d.spec.rollout : { ...d.spec.rollout, token: opts.token }
    const overrides = flagOverrides(opts)
    // Helios' rolling update deploys with goal START on every host: a host stopped by hand starts again.
    const { rolloutOverrides: _, hostGoals: __, ...rest } = d.spec
    const spec = { ...rest, goal: 'START' as const }
    return {
      ...d,
      metadata: { ...d.metadata, annotations },
      spec: { ...spec, job: job.metadata.name, rollout, ...(overrides ? { rolloutOverrides: overrides } : {}) },
    }
  }
  const { after } = await editObject(ctx, 'Deployment', args.group, change, { jobToken: opts.token })
  const { rolloutOverrides: overrides, rollout: declared } = after.spec
  const options = resolveRolloutOptions({ overrides, job: job.spec.rolloutOptions, declared })
  const async = opts.async ? ' (async)' : ''
  if (!opts.json)
    println(
      ctx.stdout,
      `Rolling update${async} started: ${args.group} -> ${shortJobId(fullId(job))} ${heliosOptions(options)}${opts.async ? '' : '\n'}`,
    )
  if (opts.async) {
    if (opts.json) println(ctx.stdout, JSON.stringify({ ...heliosJson(options), status: 'STARTED' }))
    return 0
  }
  const onHost = opts.json
    ? undefined
    : (p: Parameters<typeof heliosHostLine>[0]) => println(ctx.stdout, heliosHostLine(p))
  const timeoutMs = opts.rolloutTimeout * 60_000
  const result = await waitForRollout(ctx, args.group, { timeoutMs, job: job.metadata.name, retry, onHost })
  const duration = (ctx.clock.now() - startedAt) / 1000
  const error = result.status === 'FAILED' ? result.error : undefined
  if (opts.json) {
    const json = { ...heliosJson(options), status: result.status, ...(error ? { error } : {}), duration }
    println(ctx.stdout, JSON.stringify(json))
  } else {
    println(ctx.stdout)
    if (result.status === 'DONE') println(ctx.stdout, 'Done.')
    else if (error) println(ctx.stdout, `Failed: ${error}`)
    else println(ctx.stdout, 'Timed out! (rolling-update still in progress)')
    println(ctx.stdout, durationLine(duration * 1000))
  }
  return result.status === 'DONE' ? 0 : 1
}

/** The option flags the user gave, as spec.rolloutOverrides; undefined when none was. */
export function flagOverrides(opts: RollingUpdateOpts): GivenRolloutOptions | undefined {
  const given: GivenRolloutOptions = {}
  const parallelism = opts.par ?? opts.parallelism
  if (parallelism !== undefined) given.parallelism = parallelism
  if (opts.timeout !== undefined) given.timeout = opts.timeout
  if (opts.overlap) given.overlap = true
  if (opts.migrate) given.migrate = true
  if (opts.ignoreFailures) given.ignoreFailures = true
  if (opts.autoRevert) given.autoRevert = true
  return Object.keys(given).length > 0 ? given : undefined
}

const heliosJson = (o: RolloutOptions) => ({
  parallelism: o.parallelism,
  timeout: o.timeout,
  overlap: o.overlap,
  token: o.token,
  ignoreFailures: o.ignoreFailures,
  migrate: o.migrate,
})

async function exists(ctx: Ctx, name: string): Promise<boolean> {
  return ctx.client.get('Deployment', name).then(
    () => true,
    (err: unknown) => {
      if (isNotFound(err)) return false
      throw err
    },
  )
}
