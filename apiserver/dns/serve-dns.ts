/** @module The apiserver's DNS as main.ts starts it: the zone from the store's Endpoints, served on --dns-listen. */
import type { Log } from '../log.js'
import type { Store } from '../storage/store.js'
import { startDnsServer } from './dns-server.js'
import { storeZone } from './store-zone.js'

export interface DnsSettings {
  listen: { host: string; port: number }
  domain: string
  ttl: number
  /** Queries per second per source address (a burst of twice that). */
  rateLimit: number
}

/** Serves DNS from `store` (started); resolves to a stop function, rejects when the address cannot be bound. */
export async function serveDns(store: Store, settings: DnsSettings, log: Log): Promise<() => Promise<void>> {
  const zone = storeZone(store, settings.domain, log)
  const server = await startDnsServer({
    ...settings.listen,
    zone: zone.zone,
    ttl: settings.ttl,
    log,
    rateLimit: { perSecond: settings.rateLimit, burst: 2 * settings.rateLimit },
  }).catch((error: unknown) => {
    zone.stop()
    throw error
  })
  log('info', 'DNS listening', { host: settings.listen.host, port: server.port, domain: settings.domain })
  return async () => {
    zone.stop()
    await server.close()
  }
}
