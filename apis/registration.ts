/** @module Helios' service registration of a Job (`registration`), in Helios' format and with its validator's messages. */
import { z } from 'zod'
import type { PortMapping } from './port-mapping.js'

/** The protocol of a registration key given without one (Helios' ServiceEndpoint). */
export const DEFAULT_SERVICE_PROTOCOL = 'http'

const ServicePortParameters = z.strictObject({
  tags: z.array(z.string()).optional().describe('Tags the port is registered with.'),
})

const ServicePorts = z.strictObject({
  ports: z
    .record(z.string(), ServicePortParameters)
    .optional()
    .describe('The Job ports (names in `ports`) registered for this service.'),
})

const withProtocol = (key: string) => (key.includes('/') ? key : `${key}/${DEFAULT_SERVICE_PROTOCOL}`)

/** `"service/protocol"` (`"service"` alone means http) → the ports registered for it, as Helios' job JSON has it. */
export const Registration = z
  .record(z.string().regex(/^[^/]*(\/[^/]+)?$/, 'registration keys are "service" or "service/protocol"'), ServicePorts)
  .overwrite((registration) => Object.fromEntries(Object.entries(registration).map(([k, v]) => [withProtocol(k), v])))
export type Registration = z.output<typeof Registration>

/** Splits a registration key `service/protocol` (stored keys always have the protocol). */
export function serviceEndpoint(key: string): { name: string; protocol: string } {
  const [name = '', protocol = DEFAULT_SERVICE_PROTOCOL] = key.split('/')
  return { name, protocol }
}

/** Helios' REGISTRATION_NAME_PATTERN, `[_\-\w]+`, matched whole. */
const REGISTRATION_NAME = /^[_\-\w]+$/

/** Helios' JobValidator rules for `registration`, with its messages: ports required, each a port of the Job. */
export function checkRegistration(
  spec: { registration?: Registration | undefined; ports: Record<string, PortMapping> },
  ctx: z.RefinementCtx,
): void {
  for (const [key, service] of Object.entries(spec.registration ?? {})) {
    const { name, protocol } = serviceEndpoint(key)
    // Helios checks the name once per port; here once per key, so a registration without ports is checked too.
    if (!REGISTRATION_NAME.test(name)) {
      const message = `Invalid service registration name: ${name}`
      ctx.addIssue({ code: 'custom', path: ['registration', key], message })
    }
    // Helios leaves the protocol unchecked; it is a DNS SRV label, and the key regex alone lets a newline through.
    if (!REGISTRATION_NAME.test(protocol)) {
      const message = `Invalid service registration protocol: ${protocol}`
      ctx.addIssue({ code: 'custom', path: ['registration', key], message })
    }
    if (!service.ports) {
      const message = `registration for '${name}' is malformed: does not have a port mapping`
      ctx.addIssue({ code: 'custom', path: ['registration', key], message })
      continue
    }
    for (const port of Object.keys(service.ports)) {
      if (!Object.hasOwn(spec.ports, port)) {
        const message = `Service registration refers to missing port mapping: ${key}=${port}`
        ctx.addIssue({ code: 'custom', path: ['registration', key, 'ports', port], message })
      }
    }
  }
}
