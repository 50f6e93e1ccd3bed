/** @module `heliosctl endpoints`: one row per endpoint (SERVICE PROTOCOL DOMAIN HOST ADDRESS PORT TAGS READY JOB), and its JSON. */
import { type Endpoints, shortJobId } from '../../apis/index.js'
import { orNone, table } from './table.js'

/** One endpoint with its service and protocol: the `--json` row, and what the table prints. */
export interface EndpointRow {
  service: string
  protocol: string
  host: string
  address: string
  port: number
  portName: string
  transport: string
  tags: string[]
  domain: string
  ready: boolean
  job: string
  task: string
}

/** The endpoints of `list`, by service and protocol, each object's own order (host, then task) kept. */
export function endpointRows(list: readonly Endpoints[]): EndpointRow[] {
  return [...list]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
    .flatMap((ep) =>
      ep.spec.endpoints.map((e) => ({
        service: ep.spec.service,
        protocol: ep.spec.protocol,
        host: e.host,
        address: e.address,
        port: e.port,
        portName: e.portName,
        transport: e.transport,
        tags: e.tags,
        domain: e.domain,
        ready: e.ready,
        job: e.job,
        task: e.task,
      })),
    )
}

/**
 * The registrationDomain as the apiserver's DNS reads it: '' is its --dns-domain, a relative name is under it, an
 * absolute one (final dot) stays as written (served by the built-in DNS only when under --dns-domain).
 */
export const domainColumn = (domain: string): string =>
  domain === '' ? '<dns-domain>' : domain.endsWith('.') ? domain : `${domain}.<dns-domain>`

/** PORT is `port/transport`; JOB the short id (`--full`: whole). */
export function endpointsTable(rows: readonly EndpointRow[], opts: { full?: boolean } = {}): string[] {
  const header = ['SERVICE', 'PROTOCOL', 'DOMAIN', 'HOST', 'ADDRESS', 'PORT', 'TAGS', 'READY', 'JOB']
  return table(
    header,
    rows.map((r) => [
      r.service,
      r.protocol,
      domainColumn(r.domain),
      r.host,
      r.address,
      `${r.port}/${r.transport}`,
      orNone(r.tags.join(',')),
      r.ready ? 'true' : 'false',
      opts.full ? r.job : shortJobId(r.job),
    ]),
  )
}
