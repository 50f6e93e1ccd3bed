/** @module Port mappings and health checks of a Job, in Helios' field names. */
import { z } from 'zod'

const Port = z.number().int().min(1, 'ports are 1-65535').max(65535, 'ports are 1-65535')
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

export const Protocol = z.enum(['tcp', 'udp'])
export type Protocol = z.output<typeof Protocol>

export const PortName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'port names are letters, digits, "_" and "-"')

/** One named port: `internalPort` in the container, `externalPort` on the host (absent = dynamic). */
export const PortMapping = z.strictObject({
  internalPort: Port.describe('Port the process listens on inside the container.'),
  externalPort: Port.optional().describe(
    'Port on the host. Absent: the agent allocates one from its range (20000-32767) and keeps it across restarts.',
  ),
  protocol: Protocol.default('tcp').describe('tcp or udp.'),
  ip: z
    .string()
    .regex(IPV4, 'ip must be an IPv4 address')
    .optional()
    .describe('Host IPv4 address the external port is bound to (absent: all).'),
})
export type PortMapping = z.output<typeof PortMapping>

const absolutePath = z.string().startsWith('/', 'path must start with "/"')

const checkedPort = PortName.describe('Name of the port (in ports) the agent probes on its external port.')

export const HealthCheck = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('http').describe('http: GET path, healthy on 2xx or 3xx; tcp: a connection; exec: exit 0.'),
    port: checkedPort,
    path: absolutePath.default('/').describe('Path of the HTTP GET.'),
  }),
  z.strictObject({ type: z.literal('tcp'), port: checkedPort }),
  z.strictObject({
    type: z.literal('exec'),
    command: z
      .array(z.string())
      .min(1, 'exec checks need a command')
      .describe('Command run in the container (docker exec); exit code 0 is healthy.'),
  }),
])
export type HealthCheck = z.output<typeof HealthCheck>
