/** @module Endpoints of two services on three hosts, and the zone built from them (DNS tests). */
import { buildZone, type ServiceEndpoint } from './zone.js'

export const DOMAIN = 'helios'

const web = { service: 'web', protocol: 'http', ready: true }

export const ENDPOINTS: ServiceEndpoint[] = [
  { ...web, host: 'h1', address: '10.0.0.1', port: 8080 },
  { ...web, host: 'H2', address: '10.0.0.2', port: 8081 },
  { ...web, host: 'h3', address: '10.0.0.3', port: 8082, ready: false },
  { service: 'db', protocol: 'tcp', host: 'h6', address: 'fd00::6', port: 5432, ready: true },
  {
    service: 'api',
    protocol: 'http',
    host: 'h1',
    address: '10.0.0.1',
    port: 9000,
    domain: 'prod.example',
    ready: true,
  },
]

export const ZONE = buildZone(ENDPOINTS, DOMAIN)
