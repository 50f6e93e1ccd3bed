/** @module Host: one per agent; labels in metadata, liveness and machine facts in status. */
import { z } from 'zod'
import { API_VERSION, Labels, namedMeta, SIMPLE_NAME } from './meta.js'
import { unusableAddressProblem } from './usable-address.js'

export const HostState = z.enum(['UP', 'DOWN'])
export type HostState = z.output<typeof HostState>

export const HostInfo = z.strictObject({
  hostname: z.string().describe("The machine's hostname."),
  os: z.string().describe('Operating system and release.'),
  architecture: z.string().describe('CPU architecture, e.g. x64.'),
  cpus: z.number().int().describe('Number of CPUs.'),
  memoryTotalBytes: z.number().describe('Memory in bytes.'),
  memoryFreeBytes: z.number().describe('Free memory in bytes when reported.'),
  loadAvg: z.number().describe('One-minute load average.'),
  dockerVersion: z.string().optional().describe('Version of the Docker engine.'),
  dockerApiVersion: z.string().optional().describe('API version of the Docker engine.'),
})

export const HostSpec = z.strictObject({
  unschedulable: z
    .boolean()
    .default(false)
    .describe('Cordoned: the host gets no new Tasks (heliosctl cordon / uncordon).'),
  drain: z
    .boolean()
    .default(false)
    .describe(
      'Drained: cordoned, and its replica and selector Tasks move elsewhere (heliosctl drain); Deployments naming the host keep theirs.',
    ),
})

/**
 * Labels under this prefix come from operators only (`heliosctl label host`), never from an agent's status, so
 * selecting on them keeps work off a host whose agent is compromised (Kubernetes' node-restriction prefix).
 */
export const RESTRICTED_LABEL_PREFIX = 'host-restriction.helios/'

/** `host:port` or `[v6]:port`, port 1-65535, as an agent reports where it serves; undefined for anything else. */
export function parseAgentAddress(address: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/.exec(address)
  const host = m?.[1] ?? m?.[2]
  const port = Number(m?.[3])
  return host && host.length <= 253 && port >= 1 && port <= 65535 ? { host, port } : undefined
}

export const HostStatus = z.strictObject({
  state: HostState.describe(
    'UP while the agent heartbeats; DOWN once its last heartbeat is older than the lease (40 s).',
  ),
  labels: Labels.refine(
    (labels) => !Object.keys(labels).some((key) => key.startsWith(RESTRICTED_LABEL_PREFIX)),
    `labels under "${RESTRICTED_LABEL_PREFIX}" are set by operators only (metadata.labels), never by an agent`,
  )
    .optional()
    .describe(
      "The agent's own labels (helios-agent --label, Helios' agent labels); metadata.labels set by users win over them.",
    ),
  lastHeartbeat: z.iso
    .datetime({ offset: true })
    .describe("ISO time of the agent's last heartbeat; the host controller marks the host DOWN when it goes stale."),
  downSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("ISO time the host controller marked the host DOWN (its own clock, not the agent's)."),
  agentStartedAt: z.string().optional().describe('ISO time the current agent process started.'),
  agentVersion: z.string().optional().describe('Version of the agent.'),
  agentAddress: z
    .string()
    .refine((address) => parseAgentAddress(address) !== undefined, 'agentAddress is host:port (port 1-65535)')
    .optional()
    .describe(
      "host:port of the agent's HTTP endpoint (container logs), as the apiserver dials it; absent when it serves none.",
    ),
  address: z
    .union([z.ipv4(), z.ipv6()], { error: 'address is an IPv4 or IPv6 address' })
    .superRefine((ip, ctx) => {
      const problem = unusableAddressProblem('address', ip)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .optional()
    .describe(
      "The IP other hosts and containers reach this host's published ports at (agent --address; default: its first non-loopback IPv4). Endpoints carry it.",
    ),
  agentCertificateSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'agentCertificateSha256 is 64 lowercase hex digits')
    .optional()
    .describe(
      "SHA-256 (lowercase hex) of the certificate the agent's log endpoint serves (agent --tls-cert); when set, the apiserver dials agentAddress over TLS and accepts only this certificate.",
    ),
  hostInfo: HostInfo.optional().describe('Machine and Docker facts the agent reports.'),
})
export type HostStatus = z.output<typeof HostStatus>

export const Host = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Host'),
    metadata: namedMeta(SIMPLE_NAME, 'Host names are letters, digits, ".", "_", "-"'),
    spec: HostSpec.prefault({}).describe('What users set: cordon and drain.'),
    status: HostStatus.optional().describe("Written by the host's agent (and the host controller for DOWN)."),
  })
  .describe('One Docker host with its agent: labels in metadata, UP/DOWN and machine facts in status.')
export type HostInput = z.input<typeof Host>
export type Host = z.output<typeof Host>

/** Default seconds without a heartbeat after which a host is DOWN (Kubernetes' node lease is 40 s); apiserver `--host-lease-seconds`. */
export const HOST_LEASE_SECONDS = 40
/** Default seconds between an agent's heartbeats; agent `--heartbeat-seconds`. Keep it well under the lease. */
export const HEARTBEAT_SECONDS = 10

/**
 * The labels selectors match: the agent's (status.labels) under the users' (metadata.labels). The agent reports
 * its labels through status because it may write nothing else of its Host; an operator's label wins over a flag.
 */
export const hostLabels = (host: Pick<Host, 'metadata' | 'status'>): Record<string, string> =>
  host.status?.labels ? { ...host.status.labels, ...host.metadata.labels } : host.metadata.labels
