/** @module `heliosctl hosts [PATTERN]`: Helios' host list (pattern = substring of the host name). */
import { type Command, Option } from 'commander'
import { ApiError, type Host, type Task } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { hostsTable } from '../print/hosts-table.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export interface HostsOpts extends GlobalOpts {
  status?: 'UP' | 'DOWN'
  quiet?: boolean
}

export function defineHosts(program: Command, run: Run): void {
  program
    .command('hosts')
    .description('list hosts with their status, tasks and machine facts')
    .argument('[pattern]', 'substring of the host name')
    .addOption(new Option('--status <state>', 'only hosts in this state').choices(['UP', 'DOWN']))
    .option('-q, --quiet', 'print only host names')
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
  const matched = named.filter((h) => !opts.status || (h.status?.state ?? 'DOWN') === opts.status)
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
    labels: host.metadata.labels,
    hostInfo: host.status?.hostInfo ?? null,
    agentInfo: { version: host.status?.agentVersion ?? null, startedAt: host.status?.agentStartedAt ?? null },
    lastHeartbeat: host.status?.lastHeartbeat ?? null,
    jobs: Object.fromEntries(own.map((t) => [t.spec.jobId, { goal: t.spec.goal, deployment: t.spec.deployment }])),
    statuses: Object.fromEntries(own.map((t) => [t.spec.jobId, t.status ?? null])),
  }
}
