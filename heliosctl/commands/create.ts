/** @module `heliosctl create NAME:VERSION IMAGE [-- COMMAND…]`: Helios' job creation, flags and output. */
import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  ApiError,
  BODY_LIMIT_BYTES,
  type GivenRolloutOptions,
  type HealthCheck,
  isApiError,
  type Job,
  jobHash,
  jobId,
  parseObject,
} from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import {
  addRolloutOption,
  addVolumeSpec,
  parseExecCheck,
  parseExpires,
  parseHttpCheck,
  parseSeconds,
  parseTcpCheck,
} from '../create-flags.js'
import { type JobBase, readJobFile } from '../job-file.js'
import { buildJob, type JobFlags } from '../job-from-flags.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { addEnvSpec, addPortSpec, type PortMappingInput } from '../port-spec.js'
import { heliosJobJson } from '../print/helios-job-json.js'
import { toJson } from '../print/output.js'
import { sortKeys } from '../print/sorted-keys.js'
import { UsageError } from '../usage-error.js'
import { collect, type GlobalOpts, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl create nginx:v1 nginx:1.7.1 -p http=80:8080 --env LOG_LEVEL=info
  heliosctl create sleeper:1 busybox -- sleep 3600
  heliosctl create -f job.yaml --env LOG_LEVEL=debug   # flags merged over the file
  heliosctl create web:v2 -f helios-job.json           # a Helios job file; its id (if any) is replaced
  heliosctl create web:v3 -t web:v2 --env A=1          # a new job from an existing one
  heliosctl create web:v1 nginx -p http=80 -r web/http=http --rollout-options parallelism=2
  heliosctl create web:v2 nginx -p http=80 --http-check http:/healthz --volume /srv/web:/usr/share/nginx/html:ro
  heliosctl create db:1 postgres -p pg=5432 --tcp-check pg --grace-period 10 --expires 2030-01-31`

export interface CreateArgs {
  /** `name:version[:hash]`; a hash given must be the one the Job gets (Helios: "Id hash mismatch"). */
  id?: string
  image?: string
  command: string[]
}
export interface CreateOpts extends GlobalOpts {
  file?: string
  template?: string
  hostname?: string
  register?: string[]
  registrationDomain?: string
  securityOpt?: string[]
  networkMode?: string
  addCapability?: string[]
  dropCapability?: string[]
  rolloutOptions?: GivenRolloutOptions
  runtime?: string
  port?: Record<string, PortMappingInput>
  env?: Record<string, string>
  token?: string
  quiet?: boolean
  volume?: Record<string, string>
  httpCheck?: HealthCheck
  tcpCheck?: HealthCheck
  execCheck?: HealthCheck
  gracePeriod?: number
  expires?: string
  label?: Record<string, string>
  labels?: Record<string, string>
  metadata?: Record<string, string>
}

// commander reports an InvalidArgumentError naming the flag and its value, and exits as a usage error.
const flagParser =
  <T>(add: (value: string, previous?: T) => T) =>
  (value: string, previous?: T): T => {
    try {
      return add(value, previous)
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message)
    }
  }

export function defineCreate(program: Command, run: Run): void {
  program
    .command('create')
    .description('create a Job (Helios: the job id is NAME:VERSION; the apiserver adds the hash)')
    .argument('[id]', 'job id NAME:VERSION')
    .argument('[image]', 'Docker image')
    .argument('[command...]', 'command and arguments, after --')
    .option('-f, --file <file>', 'job manifest or Helios job JSON (- for stdin); flags are merged over it')
    .option('-t, --template <job>', 'an existing job to start from (name:version or id); needs a new NAME:VERSION')
    .option('--hostname <name>', 'hostname inside the container')
    .option('-p, --port <spec>', 'port NAME=[IP:]INTERNAL[:EXTERNAL][/PROTO] (repeatable)', flagParser(addPortSpec))
    .option(
      '-r, --register <spec>',
      'register port PORT as SERVICE[/PROTOCOL][=PORT] (protocol http; the port may be left out when there is one) (repeatable); see heliosctl endpoints',
      collect,
    )
    .option('--registration-domain <domain>', 'domain of the registrations (Helios: default the agent domain)')
    .option('--env <KEY=VALUE>', 'environment variable (repeatable)', flagParser(addEnvSpec))
    .option(
      '--volume <spec>',
      'volume [HOST:]CONTAINER[:ro|rw]; HOST without "/" is a named volume (repeatable)',
      flagParser(addVolumeSpec),
    )
    .option(
      '--http-check <spec>',
      'health check: HTTP GET of PATH on port PORT_NAME, as PORT_NAME:PATH',
      flagParser(parseHttpCheck),
    )
    .option('--tcp-check <port>', 'health check: TCP connect to port PORT_NAME', flagParser(parseTcpCheck))
    .option(
      '--exec-check <command>',
      'health check: run "CMD ARGS" in the container (exit 0 = healthy)',
      flagParser(parseExecCheck),
    )
    .option(
      '--grace-period <seconds>',
      'seconds between deregistering and stopping the container',
      flagParser(parseSeconds),
    )
    .option(
      '-e, --expires <iso8601>',
      'undeploy and remove the job at this time (UTC unless an offset is given)',
      flagParser(parseExpires),
    )
    .option('--label <KEY=VALUE>', 'Docker container label (repeatable)', flagParser(addEnvSpec))
    .addOption(
      new Option('--labels <KEY=VALUE>', "Helios' spelling of --label").argParser(flagParser(addEnvSpec)).hideHelp(),
    )
    .option('-m, --metadata <KEY=VALUE>', 'job metadata, stored only (repeatable)', flagParser(addEnvSpec))
    .option('--token <token>', 'token required to deploy, undeploy or remove this job')
    .option('--security-opt <opt>', 'Docker security option, e.g. seccomp=unconfined (repeatable)', collect)
    .option('--network-mode <mode>', 'bridge (default), host, none or container:<name|id>')
    .option('--add-capability <cap>', 'Linux capability added to the container (repeatable)', collect)
    .option('--drop-capability <cap>', 'Linux capability dropped from the container (repeatable)', collect)
    .option(
      '--rollout-options <KEY=VALUE>',
      'rolling-update option of this job: migrate, parallelism, timeout, overlap, token, ignoreFailures… (repeatable), or a JSON object',
      flagParser(addRolloutOption),
    )
    .option('--runtime <name>', 'Docker runtime of the container, e.g. nvidia')
    .option('-q, --quiet', 'print only the job id')
    .addHelpText('after', EXAMPLES)
    .action((id: string | undefined, image: string | undefined, command: string[], _o: CreateOpts, cmd: Command) =>
      run(create, { id, image, command }, cmd),
    )
}

/** Validates locally (nothing is sent if the Job is invalid), POSTs, prints Helios' lines or JSON. */
export async function create(ctx: Ctx, args: CreateArgs, opts: CreateOpts): Promise<number> {
  const base = await readBase(ctx, args, opts)
  const chatty = !opts.json && !opts.quiet
  let id = args.id ?? ''
  let job: Job | undefined
  try {
    const input = buildJob(jobFlags(ctx, args, opts), base)
    id = input.metadata.name
    expiresInFuture(input.spec.expires, ctx.clock.now())
    job = parseObject(input) as Job
    id = jobId(job.metadata.name, job.spec)
    checkGivenHash(args.id?.split(':')[2], id)
    // Before the job is printed whole: the apiserver would refuse it, after a line as long as the job.
    if (Buffer.byteLength(JSON.stringify(input)) > BODY_LIMIT_BYTES)
      throw new ApiError('Invalid', 'the job is larger than the 1 MiB an object may be')
    // Helios printed the whole job it sent, every field (absent ones null or empty), keys sorted, as jobs --json prints a Job.
    if (chatty)
      println(ctx.stdout, `Creating job: ${JSON.stringify(sortKeys(heliosJobJson(job.metadata.name, job.spec)))}`)
    const created = await ctx.client.create('Job', input)
    if (opts.json) ctx.stdout.write(toJson({ status: 'OK', id: fullId(created), errors: [] }))
    else println(ctx.stdout, chatty ? `Done.\n${fullId(created)}` : fullId(created))
    return 0
  } catch (err) {
    const failure = await explain(ctx, err, job)
    if (!opts.json) throw failure.error
    ctx.stdout.write(toJson({ status: failure.status, id, errors: failure.errors }))
    return 1
  }
}

/** The command line as `buildJob` takes it; `GIT_COMMIT` in the environment becomes metadata, as in Helios. */
function jobFlags(ctx: Ctx, args: CreateArgs, opts: CreateOpts): JobFlags {
  return {
    ...args,
    hostname: opts.hostname,
    register: opts.register,
    registrationDomain: opts.registrationDomain,
    securityOpt: opts.securityOpt,
    networkMode: opts.networkMode,
    addCapabilities: opts.addCapability,
    dropCapabilities: opts.dropCapability,
    rolloutOptions: opts.rolloutOptions,
    runtime: opts.runtime,
    defaultMetadata: ctx.env.GIT_COMMIT === undefined ? undefined : { GIT_COMMIT: ctx.env.GIT_COMMIT },
    ports: opts.port,
    env: opts.env,
    token: opts.token,
    volumes: opts.volume,
    healthCheck: onlyHealthCheck(opts),
    gracePeriod: opts.gracePeriod,
    expires: notPast(opts.expires, ctx.clock.now()),
    labels: opts.label || opts.labels ? { ...opts.labels, ...opts.label } : undefined,
    metadata: opts.metadata,
  }
}

/** Warnings printed one per unknown field before the rest are counted in one line. */
const MAX_UNKNOWN_WARNINGS = 20

/** The Job to start from: `-f FILE` (warning about fields Helios ignores) or `-t JOB`, never both (Helios' rule). */
async function readBase(ctx: Ctx, args: CreateArgs, opts: CreateOpts): Promise<JobBase | undefined> {
  if (opts.file !== undefined && opts.template !== undefined)
    throw new UsageError('Please use only one of -t/--template and -f/--file')
  if (opts.template !== undefined) {
    if (args.id === undefined) throw new UsageError('Please specify new job name and version')
    const template = await lookupJob(ctx.client, opts.template)
    return { spec: template.spec }
  }
  if (opts.file === undefined) return undefined
  const base = await readJobFile(opts.file, ctx.stdin)
  const unknown = base.unknownFields ?? []
  for (const field of unknown.slice(0, MAX_UNKNOWN_WARNINGS))
    println(ctx.stderr, `warning: ${base.file}: unknown field "${field}" ignored (Helios ignores it too)`)
  if (unknown.length > MAX_UNKNOWN_WARNINGS)
    println(ctx.stderr, `warning: ${base.file}: … and ${unknown.length - MAX_UNKNOWN_WARNINGS} more unknown fields`)
  return base
}

/**
 * A hash given on the command line must be the Job's (Helios' master: "Id hash mismatch"); nothing is sent
 * otherwise. A job file's hash is dropped, as Helios' CLI dropped both (buildWithoutHash).
 */
function checkGivenHash(hash: string | undefined, id: string): void {
  const actual = id.split(':')[2] ?? ''
  if (hash === undefined || hash === actual) return
  const message = `Id hash mismatch: ${hash} != ${actual}`
  throw new ApiError('Invalid', message, { causes: [{ field: 'metadata.name', message }] })
}

/** Helios' validator: "Job expires in the past - X is before Y" (a job file's expiry as much as --expires'). */
function expiresInFuture(expires: string | undefined, now: number): void {
  // Runs before the schema: a time JavaScript cannot read (NaN) is not in the past; the schema refuses it.
  if (expires === undefined || !(Date.parse(expires) <= now)) return
  const message = `Job expires in the past - ${expires} is before ${new Date(now).toISOString()}`
  throw new ApiError('Invalid', message, { causes: [{ field: 'spec.expires', message: 'in the past' }] })
}

/** At most one of --http-check, --tcp-check, --exec-check (Helios: "Only one health check may be specified."). */
function onlyHealthCheck(opts: CreateOpts): HealthCheck | undefined {
  const given = [opts.httpCheck, opts.tcpCheck, opts.execCheck].filter((c) => c !== undefined)
  if (given.length > 1) throw new UsageError('Only one health check may be specified.')
  return given[0]
}

function notPast(expires: string | undefined, now: number): string | undefined {
  if (expires !== undefined && Date.parse(expires) <= now)
    throw new UsageError(`--expires: ${expires} is in the past (now is ${new Date(now).toISOString()})`)
  return expires
}

interface Failure {
  status: string
  errors: string[]
  error: unknown
}

/**
 * Helios' CreateJobResponse statuses. An existing Job is compared with ours by the hash of both specs, not by its
 * stored id (a Job stored under an earlier hash scheme keeps its id).
 */
async function explain(ctx: Ctx, err: unknown, job: Job | undefined): Promise<Failure> {
  if (isApiError(err, 'AlreadyExists') && job) {
    const name = job.metadata.name
    const existing = await ctx.client.get('Job', name).catch(() => undefined)
    const same = existing && jobHash(name, existing.spec) === jobHash(name, job.spec)
    const message = same
      ? `Job already exists: ${fullId(existing)}`
      : `Job ${name} already exists with a different spec; Jobs are immutable, bump the version`
    return { status: 'JOB_ALREADY_EXISTS', errors: [message], error: new ApiError('AlreadyExists', message) }
  }
  if (isApiError(err, 'Invalid') || isApiError(err, 'BadRequest')) {
    const errors = err.causes.length ? err.causes.map((c) => `${c.field}: ${c.message}`) : [err.message]
    return { status: 'INVALID_JOB_DEFINITION', errors, error: err }
  }
  if (!isApiError(err) || err.code === 'Unavailable') throw err
  return { status: err.code.toUpperCase(), errors: [err.message], error: err }
}
