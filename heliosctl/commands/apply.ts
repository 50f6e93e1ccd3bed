/**
 * @module `heliosctl apply -f FILE|DIR|- [-R] [--dry-run[=client|server]] [--prune --set NAME] [--wait]`:
 * server-side apply of manifests, Jobs before Hosts before Deployments; with an apply set, then deletes what
 * the set held but the manifests no longer do; with --wait, then waits for the Deployments to converge.
 */
import { type Command, Option } from 'commander'
import {
  ApiError,
  type ApplyOutcome,
  applySetIdProblem,
  type HeliosObject,
  type ParsedManifest,
} from '../../apis/index.js'
import { waitConverged } from '../apply-wait.js'
import { clientDryRunOutcome, setLeftovers } from '../client-dry-run.js'
import { type Ctx, println, readAll } from '../context.js'
import { type DryRun, dryRunMode, parseDryRunFlag } from '../dry-run-flag.js'
import { parseDuration } from '../duration-flag.js'
import { importEsmOnly } from '../esm-only.js'
import { loadManifests } from '../manifest-files.js'
import { kindName, objectRef } from '../print/object-ref.js'
import { progressFor } from '../print/progress.js'
import { rolledOutLine } from '../print/rollout-lines.js'
import { UsageError } from '../usage-error.js'
import { collect, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl apply -f nginx.yaml
  heliosctl apply -f manifests/ -R --wait              # subfolders too; then wait until every task runs
  heliosctl apply -f manifests/ --dry-run=client       # validate locally, compare with the live objects
  heliosctl apply -f manifests/ --dry-run              # the apiserver's dry run (same as --dry-run=server)
  heliosctl apply -f manifests/ --prune --set web      # delete what left manifests/ since the last apply
  heliosctl apply -f manifests/ --watch --prune        # GitOps: sync on every change, prune set "manifests"
  cat nginx.yaml | heliosctl apply -f -

--dry-run=client parses and validates with the schemas and GETs each object to say created, configured
or unchanged; it skips the apiserver's rules (Job immutability, port clashes, tokens). --dry-run (bare)
and --dry-run=server run every rule on the apiserver and store nothing.

--wait: exit 0 once every Deployment in the manifests has rolled out its current generation and each of
its Tasks is RUNNING (goal START) or STOPPED (goal STOP), printing "web@h1 RUNNING web:v2" as tasks
change; exit 1 at once if a rollout FAILED or a task is FAILED or throttled (IMAGE_MISSING,
IMAGE_PULL_FAILED, FLAPPING), or when --timeout passes (default 5m; 0 waits forever).`

export const DEFAULT_WAIT_TIMEOUT_MS = 5 * 60_000

export interface ApplyOpts {
  filename: string[]
  recursive?: boolean
  dryRun?: DryRun | boolean
  prune?: boolean
  set?: string
  wait?: boolean
  timeout: number
  watch?: boolean
  /** Helios' Job token (`--token`). */
  token?: string
}

// A Deployment must find its Job on the server; Hosts come before Deployments so selectors see labels.
const ORDER: Record<string, number> = { Job: 0, Host: 1, Deployment: 2 }

export function defineApply(program: Command, run: Run): void {
  program
    .command('apply')
    .description('create or update objects from manifest files (all files are validated before any is sent)')
    .requiredOption('-f, --filename <path>', 'manifest file, directory or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'also read the subdirectories of a -f directory')
    .option(
      '--dry-run [strategy]',
      'change nothing: server (default) asks the apiserver, client only reads',
      parseDryRunFlag,
    )
    .option('--set <name>', 'apply set: label every object helios/apply-set=NAME (with --prune)')
    .option('--prune', 'then delete the Deployments, Jobs and Hosts of --set that the manifests no longer hold')
    .option('--wait', 'then wait until the Deployments rolled out and their tasks reached their goal')
    .addOption(
      new Option('--timeout <duration>', 'with --wait: give up after this long, e.g. 90s (0: forever)')
        .argParser(parseDuration)
        .default(DEFAULT_WAIT_TIMEOUT_MS, '5m'),
    )
    .option(
      '--watch',
      'keep running: re-apply DIR on every change, one line per sync (--prune: set defaults to DIR name)',
    )
    .option('--token <token>', "the Job token, for Jobs and Deployments of token-protected Jobs (Helios' --token)")
    .addHelpText('after', EXAMPLES)
    .action((_opts: ApplyOpts, cmd: Command) => run(apply, {}, cmd))
}

/** Applies every object in file order within its kind; stops at the first server error. */
export async function apply(ctx: Ctx, _args: object, opts: ApplyOpts): Promise<number> {
  // Loaded only for --watch, so every other apply starts without the file watcher.
  if (opts.watch) {
    await importEsmOnly('chokidar', () => import('chokidar'))
    return (await import('../gitops/watch-command.js')).applyWatch(ctx, opts)
  }
  const mode = dryRunMode(opts.dryRun)
  checkApplyFlags(opts, mode)
  const manifests = await loadForApply(ctx, opts)
  await applyAll(ctx, manifests, { set: opts.set, mode, jobToken: opts.token })
  if (opts.prune && opts.set !== undefined) await prune(ctx, manifests, opts.set, mode, opts.token)
  if (opts.wait) await waitForDeployments(ctx, manifests, opts.timeout)
  return 0
}

function checkApplyFlags(opts: ApplyOpts, mode: DryRun): void {
  if (opts.prune && opts.set === undefined) throw new UsageError('--prune needs --set NAME (the apply set to prune)')
  if (opts.set !== undefined && !opts.prune) throw new UsageError('--set is used with --prune')
  checkSetName(opts.set)
  if (opts.wait && mode !== 'none') throw new UsageError('--wait cannot be used with --dry-run')
}

/** A usage error for an invalid apply set id. */
export function checkSetName(set: string | undefined): void {
  const problem = set === undefined ? undefined : applySetIdProblem(set)
  if (problem) throw new UsageError(problem)
}

/** Reads and validates every manifest (no Tasks), sorted for apply; nothing at all is a usage error. */
export async function loadForApply(
  ctx: Ctx,
  opts: { filename: string[]; recursive?: boolean },
): Promise<ParsedManifest[]> {
  const loaded = await loadManifests(opts.filename, () => readAll(ctx.stdin), { recursive: opts.recursive })
  const manifests = sortForApply(loaded)
  if (manifests.length === 0) throw new UsageError('no objects passed to apply')
  const task = manifests.find((m) => m.object.kind === 'Task')
  if (task) throw new UsageError(`${task.source}: Tasks are written by the deployment controller; apply a Deployment`)
  return manifests
}

async function applyAll(
  ctx: Ctx,
  manifests: ParsedManifest[],
  opts: Omit<ApplyOneOpts, 'dryCreatedJobs'>,
): Promise<void> {
  const { mode } = opts
  const suffix = mode === 'none' ? '' : ' (dry run)'
  const dryCreatedJobs = new Set<string>()
  for (const { object, source } of manifests) {
    const ref = objectRef(object)
    try {
      const outcome = await applyOne(ctx, object, { ...opts, dryCreatedJobs })
      if (object.kind === 'Job' && outcome === 'created' && mode !== 'none') dryCreatedJobs.add(object.metadata.name)
      println(ctx.stdout, `${ref} ${outcome}${suffix}`)
    } catch (err) {
      if (!(err instanceof ApiError) || err.code === 'Unavailable') throw err
      throw new ApiError(err.code, `${ref} (${source}): ${err.message}`, { causes: err.causes, cause: err })
    }
  }
}

interface ApplyOneOpts {
  set: string | undefined
  mode: DryRun
  /** Helios' Job token, for objects of token-protected Jobs (header Helios-Token). */
  jobToken?: string
  /** Jobs this dry run reported as created: the server has not stored them, so its dry run cannot see them. */
  dryCreatedJobs: ReadonlySet<string>
}

async function applyOne(ctx: Ctx, object: HeliosObject, opts: ApplyOneOpts): Promise<ApplyOutcome> {
  const { set, mode, jobToken } = opts
  const usesDryJob = object.kind === 'Deployment' && opts.dryCreatedJobs.has(object.spec.job ?? '')
  if (mode === 'client' || usesDryJob) return clientDryRunOutcome(ctx, object, set)
  return (await ctx.client.apply(object, { dryRun: mode === 'server', set, jobToken })).outcome
}

async function prune(
  ctx: Ctx,
  manifests: ParsedManifest[],
  set: string,
  mode: DryRun,
  jobToken: string | undefined,
): Promise<void> {
  const suffix = mode === 'none' ? '' : ' (dry run)'
  const keep = manifests.map(({ object }) => ({ kind: object.kind, name: object.metadata.name }))
  if (mode === 'client') {
    // Only the server knows which Jobs are still used elsewhere; the client dry run lists the candidates.
    const leftovers = await setLeftovers(ctx, set, new Set(keep.map((k) => `${k.kind}/${k.name}`)))
    for (const o of leftovers) println(ctx.stdout, `${objectRef(o)} pruned${suffix}`)
    return
  }
  const { deleted, skipped } = await ctx.client.prune(set, keep, { dryRun: mode === 'server', jobToken })
  for (const { kind, name } of deleted) println(ctx.stdout, `${kindName(kind, name)} pruned${suffix}`)
  for (const { kind, name, reason } of skipped) {
    println(ctx.stderr, `warning: ${kindName(kind, name)} not pruned: ${reason}`)
  }
}

async function waitForDeployments(ctx: Ctx, manifests: ParsedManifest[], timeoutMs: number): Promise<void> {
  const names = manifests.filter((m) => m.object.kind === 'Deployment').map((m) => m.object.metadata.name)
  // On a terminal a spinner line says what is still awaited; pipes and logs get only the task lines.
  const status = ctx.stdoutIsTTY ? progressFor(ctx) : undefined
  const result = await waitConverged(ctx, names, {
    timeoutMs,
    onChange: (line) => (status ? status.log(line) : println(ctx.stdout, line)),
    onWaiting: (why) => status?.update(`waiting for ${why}`),
  }).finally(() => status?.done())
  if (result.status === 'FAILED') throw new Error(result.error)
  if (result.status === 'TIMEOUT') throw new Error(`timed out waiting for ${result.waiting}`)
  for (const [name, revision] of result.revisions) println(ctx.stdout, rolledOutLine(name, revision))
}

/** Stable sort by kind: Jobs, Hosts, Deployments; file order within a kind. */
export const sortForApply = (manifests: ParsedManifest[]): ParsedManifest[] =>
  [...manifests].sort((a, b) => (ORDER[a.object.kind] ?? 3) - (ORDER[b.object.kind] ?? 3))
