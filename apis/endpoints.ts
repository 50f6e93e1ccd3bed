/** @module Endpoints: where one registered service (Helios' `registration`) answers, kept by the endpoints controller. */
import { z } from 'zod'
import { API_VERSION, namedMeta } from './meta.js'
import { Protocol } from './port-mapping.js'
import { type Registration, serviceEndpoint } from './registration.js'

/** `<service>.<protocol>`: a registration key's service (Helios' `[_\-\w]+`) and protocol, as DNS names them. */
const ENDPOINTS_NAME = /^[\w-]+\.[\w.-]+$/

/** The Endpoints object of a registration key's service and protocol (`web`, `http` → `web.http`). */
export const endpointsName = (service: string, protocol: string): string => `${service}.${protocol}`

/** Whether a service and protocol make a name Endpoints can carry (Helios allowed any protocol text). */
export const isEndpointsName = (name: string): boolean => ENDPOINTS_NAME.test(name) && name.length <= 253

/** The Endpoints names a registration makes (`web/http` → `web.http`), leaving out protocols no name can carry. */
export const registeredEndpoints = (registration: Registration | undefined): string[] =>
  Object.keys(registration ?? {})
    .map((key) => {
      const { name, protocol } = serviceEndpoint(key)
      return endpointsName(name, protocol)
    })
    .filter(isEndpointsName)

/** `web.http` → service `web`, protocol `http` (a service has no "."). */
export function splitEndpointsName(name: string): { service: string; protocol: string } {
  const dot = name.indexOf('.')
  return { service: name.slice(0, dot), protocol: name.slice(dot + 1) }
}

export const Endpoint = z.strictObject({
  host: z.string().min(1).describe('The Host (agent) the Task runs on.'),
  address: z
    .string()
    .min(1)
    .describe("The IP the port is reached at: the port's bound ip, else the Host's status.address."),
  port: z.number().int().min(1).max(65535).describe('The external port bound on the host.'),
  portName: z.string().min(1).describe("The Job's port name (a key of its ports) that is registered."),
  transport: Protocol.describe('tcp or udp: how the port is bound.'),
  tags: z.array(z.string()).default([]).describe("The registration's tags for this port."),
  domain: z.string().default('').describe("The Job's registrationDomain ('' = the default domain)."),
  job: z.string().min(1).describe("The Job's full id name:version:hash."),
  task: z.string().min(1).describe('The Task (<deployment>@<host>) that runs the container.'),
  ready: z.boolean().describe('false while the host is DOWN: kept, but marked, as it may be gone.'),
})
export type Endpoint = z.output<typeof Endpoint>

export const EndpointsSpec = z.strictObject({
  service: z.string().min(1).describe('The service name of the registration key `service/protocol`.'),
  protocol: z.string().min(1).describe('The protocol of the registration key (http when the key had none).'),
  endpoints: z
    .array(Endpoint)
    .describe('One per registered port of each RUNNING Task whose goal is START, sorted by host, then task.'),
})
export type EndpointsSpec = z.output<typeof EndpointsSpec>

export const Endpoints = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Endpoints'),
    metadata: namedMeta(ENDPOINTS_NAME, 'Endpoints names are "<service>.<protocol>"'),
    spec: EndpointsSpec.describe('Written by the endpoints controller only.'),
  })
  .refine((ep) => ep.metadata.name === endpointsName(ep.spec.service, ep.spec.protocol), {
    path: ['metadata', 'name'],
    message: 'an Endpoints name is "<spec.service>.<spec.protocol>"',
  })
  .describe(
    "Where one registered service answers: the RUNNING Tasks of Jobs whose registration names it (Helios' service registration).",
  )
export type EndpointsInput = z.input<typeof Endpoints>
export type Endpoints = z.output<typeof Endpoints>

/** Sort order that keeps the object deterministic, so an unchanged set never writes. */
export const compareEndpoints = (a: Endpoint, b: Endpoint): number =>
  byCodeUnit(a.host, b.host) || byCodeUnit(a.task, b.task) || a.port - b.port

// Not localeCompare: the order must not depend on the locale of the process that writes it.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
