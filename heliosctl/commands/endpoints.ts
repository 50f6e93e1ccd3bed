/** @module `heliosctl endpoints [SERVICE]`: where registered services answer, one row per endpoint, or `--json`. */
import type { Command } from 'commander'
import { type Endpoints, splitEndpointsName } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { endpointRows, endpointsTable } from '../print/endpoints-table.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
The endpoints controller keeps one Endpoints object per service a Job registers (its "registration"): an
endpoint per registered port of each Task that is RUNNING (after its health check) with goal START. A Task
leaves when its goal becomes STOP or it is undeployed, before the agent waits out the Job's gracePeriod and
stops the container. READY is false while the host is DOWN. DOMAIN is the Job's registrationDomain as the
apiserver's DNS reads it: <dns-domain> (its --dns-domain) when empty, a relative name under it. SERVICE is a service name ("web"), or a service
and protocol ("web/http" or "web.http"). Nothing matching prints no rows (exit 0; --json: []).

Examples:
  heliosctl endpoints
  heliosctl endpoints web/http --json
  heliosctl get endpoints -w`

export interface EndpointsOpts extends GlobalOpts {
  full?: boolean
}

export function defineEndpoints(program: Command, run: Run): void {
  program
    .command('endpoints')
    .description('list where registered services answer (host, address, port, tags, readiness)')
    .argument('[service]', 'a service ("web") or service and protocol ("web/http", "web.http")')
    .option('-f, --full', 'print full job ids')
    .addHelpText('after', HELP)
    .action((service: string | undefined, _o: EndpointsOpts, cmd: Command) => run(endpoints, { service }, cmd))
}

export async function endpoints(ctx: Ctx, args: { service?: string }, opts: EndpointsOpts): Promise<number> {
  const { items } = await ctx.client.list('Endpoints')
  const rows = endpointRows(items.filter((ep) => args.service === undefined || matches(ep, args.service)))
  if (opts.json) ctx.stdout.write(toJson(rows))
  else if (rows.length === 0) println(ctx.stderr, 'No endpoints found.')
  else for (const line of endpointsTable(rows, opts)) println(ctx.stdout, line)
  return 0
}

function matches(ep: Endpoints, service: string): boolean {
  const { service: name, protocol } = splitEndpointsName(ep.metadata.name)
  return service === name || service === ep.metadata.name || service === `${name}/${protocol}`
}
