/** @module DnsZone: the names the built-in DNS answers, built by a pure function from the registered services' endpoints. */

/** One registered (service, protocol) on one host, as the DNS needs it (a projection of an Endpoints entry). */
export interface ServiceEndpoint {
  service: string
  protocol: string
  /** The Helios host name; its record is `<host>.<domain>`. */
  host: string
  /** The host's IP address (a name that is no IP gets no A/AAAA record). */
  address: string
  /** The external (host) port. */
  port: number
  /** The Job's `registrationDomain`; empty or absent means the server's default domain. */
  domain?: string | undefined
  ready: boolean
}

export interface SrvTarget {
  port: number
  /** `<host>.<domain>`, lower case. */
  target: string
}

/** Every name, lower case and without the final dot. */
export interface DnsZone {
  /** The zone apexes answered for: the default domain and every endpoint's domain. Others are REFUSED. */
  domains: ReadonlySet<string>
  /** `_<service>._<protocol>.<domain>` → its ready endpoints. */
  srv: ReadonlyMap<string, readonly SrvTarget[]>
  /** `<host>.<domain>` and `<service>.<domain>` → addresses (IPv4 and IPv6 mixed, no repeats). */
  addresses: ReadonlyMap<string, readonly string[]>
  /** Every name that exists, with the names between them and their apex (RFC 8020: those are NODATA, not NXDOMAIN). */
  names: ReadonlySet<string>
}

/** A name as the zone keys it: lower case, no final dot. */
export const zoneKey = (name: string): string => name.replace(/\.$/, '').toLowerCase()

function addAddress(addresses: Map<string, string[]>, name: string, address: string): void {
  const list = addresses.get(name) ?? []
  if (!list.includes(address)) list.push(address)
  addresses.set(name, list)
}

function addWithParents(names: Set<string>, name: string, apex: string): void {
  for (let n = name; n.length > apex.length && !names.has(n); n = n.slice(n.indexOf('.') + 1)) names.add(n)
}

/** The zone for these endpoints: SRV and service A/AAAA from the ready ones, a host's address from every one. */
export function buildZone(endpoints: Iterable<ServiceEndpoint>, defaultDomain: string): DnsZone {
  const apexDefault = zoneKey(defaultDomain)
  const domains = new Set([apexDefault])
  const srv = new Map<string, SrvTarget[]>()
  const addresses = new Map<string, string[]>()
  const names = new Set([apexDefault])
  for (const e of endpoints) {
    const domain = e.domain ? zoneKey(e.domain) : apexDefault
    domains.add(domain)
    names.add(domain)
    const hostName = `${zoneKey(e.host)}.${domain}`
    addAddress(addresses, hostName, e.address)
    addWithParents(names, hostName, domain)
    if (!e.ready) continue
    const srvName = `_${zoneKey(e.service)}._${zoneKey(e.protocol)}.${domain}`
    const targets = srv.get(srvName) ?? []
    if (!targets.some((t) => t.port === e.port && t.target === hostName))
      targets.push({ port: e.port, target: hostName })
    srv.set(srvName, targets)
    addWithParents(names, srvName, domain)
    const serviceName = `${zoneKey(e.service)}.${domain}`
    addAddress(addresses, serviceName, e.address)
    addWithParents(names, serviceName, domain)
  }
  return { domains, srv, addresses, names }
}

/** The apex of the zone holding `name`, the longest one when zones nest; undefined when outside every zone. */
export function apexOf(zone: DnsZone, name: string): string | undefined {
  let best: string | undefined
  for (const d of zone.domains) if ((name === d || name.endsWith(`.${d}`)) && d.length > (best?.length ?? -1)) best = d
  return best
}
