/** @module The DNS zone kept from the store's watch cache of Endpoints and Hosts: no ZooKeeper read per query. */
import type { AnyObject, Endpoints, Host } from '../../apis/index.js'
import type { Log } from '../log.js'
import type { Store } from '../storage/store.js'
import { watchObjects } from './watched-objects.js'
import { buildZone, type DnsZone, type ServiceEndpoint } from './zone.js'

export interface StoreZone {
  /** The zone as of the last change seen; undefined until both first lists have been read (queries are SERVFAIL). */
  zone(): DnsZone | undefined
  stop(): void
}

/** The DNS view of one Endpoints object: each of its endpoints under the object's service and protocol. */
export function serviceEndpoints(endpoints: Endpoints): ServiceEndpoint[] {
  const { service, protocol } = endpoints.spec
  return endpoints.spec.endpoints.map(({ host, address, port, domain, ready }) => ({
    service,
    protocol,
    host,
    address,
    port,
    domain,
    ready,
  }))
}

const addressOf = (host: AnyObject | undefined) => (host as Host | undefined)?.status?.address

/** Follows Endpoints and Hosts in `store` (started) from now on; the zone is rebuilt on the first query after a change. */
export function storeZone(store: Store, dnsDomain: string, log: Log): StoreZone {
  let built: DnsZone | undefined
  const endpoints = watchObjects(store, 'Endpoints', log, () => {
    built = undefined
  })
  // Heartbeats rewrite Hosts every few seconds: only an address that changes rebuilds the zone.
  const hosts = watchObjects(store, 'Host', log, (old, now) => {
    if (old === undefined || now === undefined || addressOf(old) !== addressOf(now)) built = undefined
  })
  return {
    zone: () => {
      const [objects, hostObjects] = [endpoints.objects(), hosts.objects()]
      if (!objects || !hostObjects) return undefined
      const list = [...objects.values()] as Endpoints[]
      built ??= buildZone(list.flatMap(serviceEndpoints), dnsDomain, (name) => addressOf(hostObjects.get(name)))
      return built
    },
    stop: () => {
      endpoints.stop()
      hosts.stop()
    },
  }
}
