/** @module Host-port allocation (pure): static ports as declared, dynamic ones from a range, stable per (task, port name). */
import type { PortMapping, TaskStatus } from '../apis/index.js'

/** Bound ports of one task by port name, as TaskStatus reports them. */
export type TaskPorts = TaskStatus['ports']
export type BoundPort = TaskPorts[string]
/** Every task's bound ports on this host, by task name: what ports.json holds. */
export type PortAllocations = Readonly<Record<string, TaskPorts>>

/** Inclusive on both ends: `20000-32767`. */
export interface PortRange {
  first: number
  last: number
}

export type Allocation = { ok: true; ports: TaskPorts } | { ok: false; error: string }

export interface AllocationRequest {
  task: string
  ports: Readonly<Record<string, PortMapping>>
  range: PortRange
  allocations: PortAllocations
  /** Ports to reuse when the task has no allocation yet (read back from its container's labels). */
  preferred?: TaskPorts
  /** `port/protocol` keys found busy outside helios; dynamic ports avoid them. */
  unavailable?: ReadonlySet<string>
}

export const portKey = (port: number, protocol: string): string => `${port}/${protocol}`

/**
 * Static ports are taken as declared unless another task already holds them: then the request
 * fails, so the task that allocated first keeps its port. Dynamic ports keep their previous
 * allocation (or the preferred one) while it stays in range and free, else take the lowest free port.
 */
export function allocatePorts(req: AllocationRequest): Allocation {
  const held = new Map<string, string>()
  for (const [task, ports] of Object.entries(req.allocations)) {
    if (task === req.task) continue
    for (const p of Object.values(ports)) held.set(portKey(p.externalPort, p.protocol), task)
  }
  const mine = new Set<string>()
  const out: TaskPorts = {}
  const names = Object.keys(req.ports).sort()
  for (const name of names) {
    const p = req.ports[name]
    if (p?.externalPort === undefined) continue
    const key = portKey(p.externalPort, p.protocol)
    const other = held.get(key)
    if (other !== undefined) return { ok: false, error: `port ${key} is already used by task "${other}"` }
    mine.add(key)
    out[name] = { internalPort: p.internalPort, externalPort: p.externalPort, protocol: p.protocol }
  }
  const isFree = (port: number, protocol: string) => {
    const key = portKey(port, protocol)
    return !held.has(key) && !mine.has(key) && !req.unavailable?.has(key)
  }
  const inRange = (port: number) => port >= req.range.first && port <= req.range.last
  for (const name of names) {
    const p = req.ports[name]
    if (!p || p.externalPort !== undefined) continue
    const candidates = [req.allocations[req.task]?.[name], req.preferred?.[name]]
    let port = candidates.find(
      (c) =>
        c !== undefined && c.protocol === p.protocol && inRange(c.externalPort) && isFree(c.externalPort, c.protocol),
    )?.externalPort
    for (let candidate = req.range.first; port === undefined && candidate <= req.range.last; candidate++) {
      if (isFree(candidate, p.protocol)) port = candidate
    }
    if (port === undefined) {
      return { ok: false, error: `no free host port in ${req.range.first}-${req.range.last} for port "${name}"` }
    }
    mine.add(portKey(port, p.protocol))
    out[name] = { internalPort: p.internalPort, externalPort: port, protocol: p.protocol }
  }
  return { ok: true, ports: out }
}

/** Parses `20000-32767` (inclusive); returns an error message when malformed. */
export function parsePortRange(text: string): PortRange | string {
  const m = /^(\d+)-(\d+)$/.exec(text.trim())
  const first = Number(m?.[1])
  const last = Number(m?.[2])
  if (!m || first < 1 || last > 65535 || first > last) {
    return `invalid port range "${text}": expected FIRST-LAST within 1-65535, e.g. 20000-32767`
  }
  return { first, last }
}

/** True when two port sets bind the same host ports the same way. */
export function samePorts(a: TaskPorts, b: TaskPorts): boolean {
  const names = Object.keys(a)
  if (names.length !== Object.keys(b).length) return false
  return names.every((name) => {
    const x = a[name]
    const y = b[name]
    return (
      !!x && !!y && x.internalPort === y.internalPort && x.externalPort === y.externalPort && x.protocol === y.protocol
    )
  })
}
