/** @module `heliosctl hosts [PATTERN]`: Helios' host list (pattern = substring of the host name). */
import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  ApiError,
  type Host,
  type HostSelector,
  hostLabels,
  matchesAll,
  parseHostSelector,
  type Task,
} from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { hostsTable } from '../print/hosts-table.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export interface HostsOpts extends GlobalOpts {
  status?: 'UP' | 'DOWN'
  quiet?: boolean
  selector?: HostSelector[]
}

const HELP = `
-s takes Helios' label selectors: "role=web", "role!=db", "zone in (a, b)", "zone notin (c)"; a host
must carry the label for any of them to match; repeated -s must all match.

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
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  if (pattern !== undefined && named.length === 0) {
    throw new ApiError('NotFound', `host pattern ${pattern} matched no hosts`)
  }
  const matched = named
    .filter((h) => !opts.status || (h.status?.state ?? 'DOWN') === opts.status)
    .filter((h) => !opts.selector || matchesAll(hostLabels(h), opts.selector))
  if (opts.json) {
    ctx.stdout.write(toJson(Object.fromEntries(matched.map((h) => [h.metadata.name, hostJson(h, taskList.items)]))))
  } else if (opts.quiet) {
    for (const h of matched) println(ctx.stdout, h.metadata.name)
  } else {
    for (const line of hostsTable(matched, taskList.items, Date.now())) println(ctx.stdout, line)
  }
  return 0
}

/** Helios' HostStatus shape: status, labels, hostInfo, agentInfo, and per-job goals and statuses. */
function hostJson(host: Host, tasks: readonly Task[]): Record<string, unknown> {
  const own = tasks.filter((t) => t.spec.host === host.metadata.name)
  return {
    status: host.status?.state ?? 'DOWN',
    labels: hostLabels(host),
    hostInfo: host.status?.hostInfo ?? null,
    agentInfo: { version: host.status?.agentVersion ?? null, startedAt: host.status?.agentStartedAt ?? null },
    lastHeartbeat: host.status?.lastHeartbeat ?? null,
    jobs: Object.fromEntries(own.map((t) => [t.spec.jobId, { goal: t.spec.goal, deployment: t.spec.deployment }])),
    statuses: Object.fromEntries(own.map((t) => [t.spec.jobId, t.status ?? null])),
  }
}
