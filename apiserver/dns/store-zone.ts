/** @module The DNS zone kept from the store's watch cache of Endpoints: one list, then a watch; no ZooKeeper read per query. */
import type { Endpoints } from '../../apis/index.js'
import type { Log } from '../log.js'
import type { Store } from '../storage/store.js'
import { buildZone, type DnsZone, type ServiceEndpoint } from './zone.js'

export interface StoreZone {
  /** The zone as of the last change seen; undefined until the first list has been read (queries are SERVFAIL). */
  zone(): DnsZone | undefined
  stop(): void
}

const RETRY_MS = 1000

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

/** Follows Endpoints in `store` (started) from now on; the zone is rebuilt on the first query after a change. */
export function storeZone(store: Store, defaultDomain: string, log: Log): StoreZone {
  const objects = new Map<string, Endpoints>()
  let synced = false
  let built: DnsZone | undefined
  let cancel = () => {}
  let retry: NodeJS.Timeout | undefined
  const follow = async () => {
    try {
      const { items, resourceVersion } = await store.list('Endpoints')
      objects.clear()
      for (const item of items) objects.set(item.metadata.name, item as Endpoints)
      cancel = store.watch('Endpoints', resourceVersion, ({ type, object }) => {
        if (type === 'DELETED') objects.delete(object.metadata.name)
        else objects.set(object.metadata.name, object as Endpoints)
        built = undefined
      })
      built = undefined
      synced = true
    } catch (error) {
      log('warn', 'DNS cannot list Endpoints yet; retrying', { error })
      retry = setTimeout(() => void follow(), RETRY_MS)
    }
  }
  void follow()
  return {
    zone: () => {
      if (!synced) return undefined
      built ??= buildZone([...objects.values()].flatMap(serviceEndpoints), defaultDomain)
      return built
    },
    stop: () => {
      clearTimeout(retry)
      cancel()
    },
  }
}
