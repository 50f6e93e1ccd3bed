/** @module `heliosctl hosts [PATTERN]`: Helios' host list (pattern = substring of the host name). */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { ApiError, type HostSelector, hostLabels, matchesAll, parseHostSelector } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { heliosHostStatus } from '../print/helios-host-json.js'
import { hostsTable } from '../print/hosts-table.js'
import { toJson, toSortedJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export interface HostsOpts extends GlobalOpts {
  status?: 'UP' | 'DOWN'
  quiet?: boolean
  selector?: HostSelector[]
}

const HELP = `
-s takes Helios' label selectors: "role=web", "role!=db", "zone in (a, b)", "zone notin (c)"; a host
must carry the label for any of them to match; repeated -s must all match. As in Helios, no host matching
PATTERN and -s (or no host at all) exits 1; --status filters after that and may leave none (exit 0).

Examples:
  heliosctl hosts --status UP -s role=web
  heliosctl hosts web -s "zone in (eu1, eu2)" -s role!=canary -q`

/** Parses one `-s` value (commander then names the flag in its usage error). */
function addSelector(expr: string, previous: HostSelector[] = []): HostSelector[] {
  const parsed = parseHostSelector(expr)
  if (typeof parsed === 'string') throw new InvalidArgumentError(parsed)
  return [...previous, parsed]
}

export function defineHosts(program: Command, run: Run): void {
  program
    .command('hosts')
    .description('list hosts with their status, tasks and machine facts')
    .argument('[pattern]', 'substring of the host name')
    .addOption(new Option('--status <state>', 'only hosts in this state').choices(['UP', 'DOWN']))
    .option(
      '-s, --selector <expr>',
      'only hosts whose labels match: k=v, k!=v, k in (a, b), k notin (a, b) (repeatable)',
      addSelector,
    )
    .option('-q, --quiet', 'print only host names')
    .addHelpText('after', HELP)
    .action((pattern: string | undefined, _opts: HostsOpts, cmd: Command) => run(hosts, { pattern }, cmd))
}

export async function hosts(ctx: Ctx, args: { pattern?: string }, opts: HostsOpts): Promise<number> {
  const [hostList, taskList] = await Promise.all([ctx.client.list('Host'), ctx.client.list('Task')])
  const { pattern } = args
  const named = hostList.items
    .filter((h) => pattern === undefined || h.metadata.name.includes(pattern))
    .filter((h) => !opts.selector || matchesAll(hostLabels(h), opts.selector))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  if (named.length === 0) return noHosts(ctx, pattern, opts)
  const matched = named.filter((h) => !opts.status || (h.status?.state ?? 'DOWN') === opts.status)
  if (opts.json && opts.quiet) {
    ctx.stdout.write(toJson(matched.map((h) => h.metadata.name)))
  } else if (opts.json) {
    const deployments = (await ctx.client.list('Deployment')).items
    const json = { jobs: (await ctx.client.list('Job')).items, deployments }
    const statuses = matched.map((h) => [h.metadata.name, heliosHostStatus(h, taskList.items, json)])
    ctx.stdout.write(toSortedJson(Object.fromEntries(statuses)))
  } else if (opts.quiet) {
    for (const h of matched) println(ctx.stdout, h.metadata.name)
  } else {
    for (const line of hostsTable(matched, taskList.items, Date.now())) println(ctx.stdout, line)
  }
  return 0
}

/**
 * Helios exited 1 when PATTERN and -s left no host: `{}` with --json, else its message for a pattern (and nothing
 * for selectors alone, which here get the same kind of line, on stderr).
 */
function noHosts(ctx: Ctx, pattern: string | undefined, opts: HostsOpts): number {
  if (opts.json) {
    ctx.stdout.write(toJson({}))
    return 1
  }
  if (pattern !== undefined) throw new ApiError('NotFound', `host pattern ${pattern} matched no hosts`)
  throw new ApiError('NotFound', opts.selector ? 'no host matched the selectors' : 'no hosts registered')
}
