/** @module `describe endpoints`: a service's protocol and each endpoint's host, address, port, readiness, Job and Task. */
import type { Endpoints } from '../../../apis/index.js'
import { domainColumn } from '../endpoints-table.js'
import { table } from '../table.js'
import { section } from './layout.js'
import { metaFields } from './meta.js'

export function describeEndpoints(ep: Endpoints, now: number): string[] {
  const rows = ep.spec.endpoints.map((e) => [
    e.host,
    e.address,
    `${e.port}/${e.transport}`,
    e.portName,
    e.tags.join(',') || '<none>',
    domainColumn(e.domain),
    e.ready ? 'true' : 'false',
    e.job,
    e.task,
  ])
  const header = ['HOST', 'ADDRESS', 'PORT', 'PORT NAME', 'TAGS', 'DOMAIN', 'READY', 'JOB', 'TASK']
  return [
    ...metaFields(ep.metadata, now, [
      ['Service', ep.spec.service],
      ['Protocol', ep.spec.protocol],
    ]),
    ...section('Endpoints', rows.length === 0 ? [] : table(header, rows)),
  ]
}
