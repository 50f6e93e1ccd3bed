/** @module DnsZone: the names the built-in DNS answers, built by a pure function from the registered services' endpoints. */
import { isIP } from 'node:net'
import { servedDomain } from './served-domain.js'

/** One registered (service, protocol) on one host, as the DNS needs it (a projection of an Endpoints entry). */
export interface ServiceEndpoint {
  service: string
  protocol: string
  /** The Helios host name; its record is `<host>.hosts.<dns-domain>`. */
  host: string
  /** The IP the port is reached at (its bound ip, else the host's); a name that is no IP gets no A/AAAA record. */
  address: string
  /** The external (host) port. */
  port: number
  /** The Job's `registrationDomain` (see servedDomain); empty or absent means the dns-domain. */
  domain?: string | undefined
  ready: boolean
}

export interface SrvTarget {
  port: number
  /** `<host>.hosts.<dns-domain>`, lower case. */
  target: string
}

/** Every name, lower case and without the final dot. */
export interface DnsZone {
  /** The dns-domain: every name answered is it or under it; others are REFUSED. */
  apex: string
  /** `_<service>._<protocol>.<domain>` → its ready endpoints. */
  srv: ReadonlyMap<string, readonly SrvTarget[]>
  /** `<host>.hosts.<dns-domain>` and `<service>.<domain>` → addresses (IPv4 and IPv6 mixed, no repeats). */
  addresses: ReadonlyMap<string, readonly string[]>
  /** Every name that exists, with the names between them and the apex (RFC 8020: those are NODATA, not NXDOMAIN). */
  names: ReadonlySet<string>
}

/** A Host's `status.address` by host name; undefined when the Host is unknown or reports none. */
export type HostAddress = (host: string) => string | undefined

/** A name as the zone keys it: lower case, no final dot. */
export const zoneKey = (name: string): string => name.replace(/\.$/, '').toLowerCase()

/** The name of a host's own record: a subdomain of its own, so no service name can add to it. */
export const hostRecordName = (host: string, apex: string): string => `${zoneKey(host)}.hosts.${apex}`

function addAddress(addresses: Map<string, string[]>, name: string, address: string): void {
  const list = addresses.get(name) ?? []
  if (!list.includes(address)) list.push(address)
  addresses.set(name, list)
}

function addWithParents(names: Set<string>, name: string, apex: string): void {
  for (let n = name; n.length > apex.length && !names.has(n); n = n.slice(n.indexOf('.') + 1)) names.add(n)
}

// An agent that reports no address has its endpoints (those without a bound ip) at its name: an IP only if named so.
const hostAddressOf = (host: string, hostAddress: HostAddress): string | undefined =>
  hostAddress(host) ?? (isIP(host) ? host : undefined)

/**
 * The zone for these endpoints: SRV and service A/AAAA from the ready ones, a host's record from its Host (for every
 * one). Endpoints whose domain is outside the dns-domain, or in its `hosts.` subdomain, are left out.
 */
export function buildZone(endpoints: Iterable<ServiceEndpoint>, dnsDomain: string, hostAddress: HostAddress): DnsZone {
  const apex = zoneKey(dnsDomain)
  const hostsDomain = `hosts.${apex}`
  const srv = new Map<string, SrvTarget[]>()
  const addresses = new Map<string, string[]>()
  const names = new Set([apex])
  for (const e of endpoints) {
    const domain = servedDomain(e.domain ?? '', apex)
    if (domain === undefined || domain === hostsDomain || domain.endsWith(`.${hostsDomain}`)) continue
    names.add(domain)
    addWithParents(names, domain, apex)
    const hostName = hostRecordName(e.host, apex)
    addWithParents(names, hostName, apex)
    const address = hostAddressOf(e.host, hostAddress)
    if (address !== undefined) addAddress(addresses, hostName, address)
    if (!e.ready) continue
    const srvName = `_${zoneKey(e.service)}._${zoneKey(e.protocol)}.${domain}`
    const targets = srv.get(srvName) ?? []
    if (!targets.some((t) => t.port === e.port && t.target === hostName))
      targets.push({ port: e.port, target: hostName })
    srv.set(srvName, targets)
    addWithParents(names, srvName, apex)
    const serviceName = `${zoneKey(e.service)}.${domain}`
    addAddress(addresses, serviceName, e.address)
    addWithParents(names, serviceName, apex)
  }
  return { apex, srv, addresses, names }
}

/** Whether `name` (a zone key) is the zone's apex or under it. */
export const inZone = (zone: DnsZone, name: string): boolean => name === zone.apex || name.endsWith(`.${zone.apex}`)
