/** @module Endpoints of four services on four hosts, and the zone built from them (DNS tests). */
import { buildZone, type ServiceEndpoint } from './zone.js'

export const DOMAIN = 'helios'

const web = { service: 'web', protocol: 'http', ready: true }

/** The Hosts' status.address; h9 reports none. */
export const HOST_ADDRESSES: Record<string, string> = { h1: '10.0.0.1', H2: '10.0.0.2', h3: '10.0.0.3', h6: 'fd00::6' }

export const ENDPOINTS: ServiceEndpoint[] = [
  { ...web, host: 'h1', address: '10.0.0.1', port: 8080 },
  { ...web, host: 'H2', address: '10.0.0.2', port: 8081 },
  { ...web, host: 'h3', address: '10.0.0.3', port: 8082, ready: false },
  { service: 'db', protocol: 'tcp', host: 'h6', address: 'fd00::6', port: 5432, ready: true },
  // A service named like a host, its port bound to another ip: it must not add to that host's record.
  { service: 'h1', protocol: 'http', host: 'H2', address: '10.9.9.9', port: 7000, ready: true },
  { service: 'api', protocol: 'http', host: 'h1', address: '10.0.0.1', port: 9000, domain: 'prod', ready: true },
  { service: 'www', protocol: 'http', host: 'h1', address: '10.0.0.1', port: 9001, domain: 'google.com.', ready: true },
]

export const ZONE = buildZone(ENDPOINTS, DOMAIN, (host) => HOST_ADDRESSES[host])
