/** @module `heliosctl get KIND [NAME]`: tables, the objects as JSON or YAML, `kind/name` lines, or all of it as a watch. */
import { type Command, Option } from 'commander'
import { ApiError, type HeliosObject, isNotFound, type Kind, kindFromUser, type Task } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { getTable } from '../print/get-table.js'
import { objectRef } from '../print/object-ref.js'
import { asList, toJson, toYaml } from '../print/output.js'
import { UsageError } from '../usage-error.js'
import { watchGet } from './get-watch.js'
import type { Run } from './run.js'

const EXAMPLES = `
Kinds: job(s), deployment(s)/deploy, host(s)/node(s)/no, task(s), event(s)/ev

With -w, get prints the current objects, then one row (or document) per change until interrupted
(Ctrl-C); a watch the apiserver expires or drops is relisted and continues, so no change is lost.

Examples:
  heliosctl get jobs
  heliosctl get deployment nginx -o yaml
  heliosctl get deployments -o name
  heliosctl get hosts -o wide -l role=web
  heliosctl get tasks -w
  heliosctl get events --field-selector involvedObject.name=nginx@web1`

export interface GetArgs {
  kind: string
  name?: string
}
export interface GetOpts {
  output?: 'wide' | 'json' | 'yaml' | 'name'
  selector?: string
  fieldSelector?: string
  watch?: boolean
  watchOnly?: boolean
}

export function defineGet(program: Command, run: Run): void {
  program
    .command('get')
    .description('list objects of a kind, or show one; -w watches for changes')
    .argument('<kind>', 'job, deployment, host, task or event')
    .argument('[name]', 'one object')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'json', 'yaml', 'name']))
    .option('-l, --selector <selector>', 'label selector, e.g. role=web')
    .option('--field-selector <selector>', 'field selector, e.g. spec.host=web1 or task.job=nginx:v1')
    .option('-w, --watch', 'after listing, print each change as it happens (until Ctrl-C)')
    .option('--watch-only', 'print only the changes, not the objects at the start')
    .addHelpText('after', EXAMPLES)
    .action((kind: string, name: string | undefined, _opts: GetOpts, cmd: Command) => run(get, { kind, name }, cmd))
}

/** Fetches, then prints in the requested format. */
export async function get(ctx: Ctx, args: GetArgs, opts: GetOpts): Promise<number> {
  const kind = userKind(args.kind)
  if (opts.watch || opts.watchOnly) return watchGet(ctx, kind, args.name, opts)
  const objects = args.name
    ? [await getOne(ctx, kind, args.name)]
    : (await ctx.client.list(kind, { labelSelector: opts.selector, fieldSelector: opts.fieldSelector })).items
  if (opts.output === 'json' || opts.output === 'yaml') {
    const value = args.name ? objects[0] : asList(objects)
    ctx.stdout.write(opts.output === 'json' ? toJson(value) : toYaml(value))
    return 0
  }
  if (objects.length === 0) {
    println(ctx.stderr, 'No resources found.')
    return 0
  }
  if (opts.output === 'name') {
    for (const obj of objects) println(ctx.stdout, objectRef(obj))
    return 0
  }
  const tasks = kind === 'Deployment' ? await deploymentTasks(ctx, args.name) : undefined
  for (const line of getTable(kind, objects, { wide: opts.output === 'wide', now: Date.now(), tasks })) {
    println(ctx.stdout, line)
  }
  return 0
}

/** Resolves what users type to a Kind, or a usage error listing the known ones. */
export function userKind(word: string): Kind {
  const kind = kindFromUser(word)
  if (!kind) throw new UsageError(`unknown kind "${word}" (known: job, deployment, host, task, event)`)
  return kind
}

/** The error `get KIND NAME` gives for a missing object: `job "x" not found`. */
export const notFound = (kind: Kind, name: string, cause?: unknown): ApiError =>
  new ApiError('NotFound', `${kind.toLowerCase()} "${name}" not found`, { cause })

/** One object; NotFound reads `job "x" not found` whatever the server said. */
export async function getOne(ctx: Ctx, kind: Kind, name: string): Promise<HeliosObject> {
  try {
    return await ctx.client.get(kind, name)
  } catch (err) {
    if (isNotFound(err)) throw notFound(kind, name, err)
    throw err
  }
}

/** The Tasks of one Deployment (by name), or of all. */
export async function deploymentTasks(ctx: Ctx, name: string | undefined): Promise<Task[]> {
  const fieldSelector = name ? `spec.deployment=${name}` : undefined
  return (await ctx.client.list('Task', { fieldSelector })).items
}
