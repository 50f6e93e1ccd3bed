/** @module Port mappings and health checks of a Job, in Helios' field names. */
import { z } from 'zod'

const Port = z.number().int().min(1, 'ports are 1-65535').max(65535, 'ports are 1-65535')
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

export const Protocol = z.enum(['tcp', 'udp'])
export type Protocol = z.output<typeof Protocol>

export const PortName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'port names are letters, digits, "_" and "-"')

/** One named port: `internalPort` in the container, `externalPort` on the host (absent = dynamic). */
export const PortMapping = z.strictObject({
  internalPort: Port,
  externalPort: Port.optional(),
  protocol: Protocol.default('tcp'),
  ip: z.string().regex(IPV4, 'ip must be an IPv4 address').optional(),
})
export type PortMapping = z.output<typeof PortMapping>

const absolutePath = z.string().startsWith('/', 'path must start with "/"')

export const HealthCheck = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('http'), port: PortName, path: absolutePath.default('/') }),
  z.strictObject({ type: z.literal('tcp'), port: PortName }),
  z.strictObject({ type: z.literal('exec'), command: z.array(z.string()).min(1, 'exec checks need a command') }),
])
export type HealthCheck = z.output<typeof HealthCheck>
