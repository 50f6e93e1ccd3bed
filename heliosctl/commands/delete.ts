/**
 * @module `heliosctl delete -f FILE|DIR | KIND NAME… | KIND/NAME… | KIND -l SELECTOR [--ignore-not-found]`:
 * Deployments go before the Jobs they use; objects already gone are an error (exit 1) unless ignored.
 */
import type { Command } from 'commander'
import { ApiError, isNotFound, type Kind } from '../../apis/index.js'
import { type Ctx, println, readAll } from '../context.js'
import { loadManifests } from '../manifest-files.js'
import { kindName } from '../print/object-ref.js'
import { UsageError } from '../usage-error.js'
import { parseRefs } from '../wait-refs.js'
import { userKind } from './get.js'
import { collect, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl delete -f nginx.yaml
  heliosctl delete -f manifests/ -R --ignore-not-found   # objects already gone are skipped silently
  heliosctl delete deployment nginx
  heliosctl delete deployment/nginx job/nginx:v1
  heliosctl delete deployment -l team=web

An object that does not exist is an error (exit 1) after the others are deleted, unless
--ignore-not-found. A selector that matches nothing prints "No resources found." (exit 0).`

export interface DeleteOpts {
  filename?: string[]
  recursive?: boolean
  selector?: string
  ignoreNotFound?: boolean
  /** Helios' Job token (`--token`). */
  token?: string
}

interface Target {
  kind: Kind
  name: string
}

// The reverse of apply: the apiserver refuses to delete a Job a Deployment still uses.
const ORDER: Record<string, number> = { Task: 0, Deployment: 1, Host: 2, Job: 3 }

export function defineDelete(program: Command, run: Run): void {
  program
    .command('delete')
    .description('delete objects named in manifest files, by KIND NAME… or KIND/NAME…, or by label selector')
    .argument('[objects...]', 'KIND NAME…, KIND/NAME…, or KIND with -l (job, deployment, host, task)')
    .option('-f, --filename <path>', 'manifest file, directory or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'also read the subdirectories of a -f directory')
    .option('-l, --selector <selector>', 'delete the objects of KIND with these labels (k=v,…)')
    .option('--ignore-not-found', 'objects that do not exist are not an error')
    .option('--token <token>', "the Job token, for Jobs and Deployments of token-protected Jobs (Helios' --token)")
    .addHelpText('after', EXAMPLES)
    .action((objects: string[], _opts: DeleteOpts, cmd: Command) => run(deleteVerb, { objects }, cmd))
}

/** Deletes every target in dependency order; reports the missing ones together at the end. */
export async function deleteVerb(ctx: Ctx, args: { objects: string[] }, opts: DeleteOpts): Promise<number> {
  const targets = sortForDelete(await resolveTargets(ctx, args.objects, opts))
  const missing: Target[] = []
  for (const target of targets) {
    if (!(await deleteOne(ctx, target, opts.token))) missing.push(target)
  }
  if (missing.length === 0 || opts.ignoreNotFound) return 0
  const [first] = missing
  if (missing.length === 1 && first)
    throw new ApiError('NotFound', `${first.kind.toLowerCase()} "${first.name}" not found`)
  throw new ApiError('NotFound', `not found: ${missing.map(refOf).join(', ')}`)
}

async function resolveTargets(ctx: Ctx, objects: string[], opts: DeleteOpts): Promise<Target[]> {
  if (opts.filename?.length) {
    if (objects.length > 0 || opts.selector) throw new UsageError('give either -f, or KIND NAME / -l, not both')
    const manifests = await loadManifests(opts.filename, () => readAll(ctx.stdin), { recursive: opts.recursive })
    return manifests.map(({ object }) => ({ kind: object.kind, name: object.metadata.name }))
  }
  if (opts.selector !== undefined) return selected(ctx, objects, opts.selector)
  if (objects.length === 0) throw new UsageError('give -f FILE, KIND NAME, KIND/NAME or KIND -l SELECTOR')
  // kubectl's two shapes, `KIND NAME…` or `KIND/NAME…`, read as `wait` and `describe` read them.
  return parseRefs(objects)
}

async function selected(ctx: Ctx, objects: string[], selector: string): Promise<Target[]> {
  const [word, ...rest] = objects
  if (!word || rest.length > 0 || word.includes('/')) throw new UsageError('-l takes one KIND: delete KIND -l SELECTOR')
  const kind = userKind(word)
  const { items } = await ctx.client.list(kind, { labelSelector: selector })
  if (items.length === 0) println(ctx.stderr, 'No resources found.')
  return items.map((o) => ({ kind, name: o.metadata.name }))
}

/** Deletes one object and says so; false when it was not there. */
async function deleteOne(ctx: Ctx, target: Target, jobToken: string | undefined): Promise<boolean> {
  try {
    await ctx.client.delete(target.kind, target.name, { jobToken })
    println(ctx.stdout, `${refOf(target)} deleted`)
    return true
  } catch (err) {
    if (!isNotFound(err)) throw err
    return false
  }
}

const refOf = (t: Target): string => kindName(t.kind, t.name)

/** Stable sort: Tasks, Deployments, Hosts, then Jobs. */
export const sortForDelete = <T extends { kind: string }>(targets: T[]): T[] =>
  [...targets].sort((a, b) => (ORDER[a.kind] ?? 4) - (ORDER[b.kind] ?? 4))
