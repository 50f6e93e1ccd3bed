/** @module Port mappings as Helios prints them: `name=internal:external`. */
import type { PortMapping, TaskStatus } from '../../apis/index.js'

/** Job ports as declared: `http=80:8080` (`http=80` when dynamic), `/udp` only when not tcp. */
export function declaredPorts(ports: Record<string, PortMapping>): string {
  return Object.entries(ports)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, p]) =>
        `${name}=${p.internalPort}${p.externalPort === undefined ? '' : `:${p.externalPort}`}${proto(p.protocol)}`,
    )
    .join(',')
}

/** Ports an agent bound for a Task: `http=80:31000`, space-separated as in `helios status`. */
export function boundPorts(ports: TaskStatus['ports'] | undefined): string {
  return Object.entries(ports ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => `${name}=${p.internalPort}:${p.externalPort}${proto(p.protocol)}`)
    .join(' ')
}

const proto = (protocol: string): string => (protocol === 'tcp' ? '' : `/${protocol}`)
