/** @module Host: one per agent; labels in metadata, liveness and machine facts in status. */
import { z } from 'zod'
import { API_VERSION, namedMeta, SIMPLE_NAME } from './meta.js'

export const HostState = z.enum(['UP', 'DOWN'])
export type HostState = z.output<typeof HostState>

export const HostInfo = z.strictObject({
  hostname: z.string(),
  os: z.string(),
  architecture: z.string(),
  cpus: z.number().int(),
  memoryTotalBytes: z.number(),
  memoryFreeBytes: z.number(),
  loadAvg: z.number(),
  dockerVersion: z.string().optional(),
  dockerApiVersion: z.string().optional(),
})

export const HostSpec = z.strictObject({
  /** Cordoned hosts get no new Tasks (set by users). */
  unschedulable: z.boolean().default(false),
  /** Drained hosts are cordoned and lose their replica and selector Tasks (`heliosctl drain`); named hosts keep theirs. */
  drain: z.boolean().default(false),
})

export const HostStatus = z.strictObject({
  state: HostState,
  /** ISO time of the agent's last heartbeat; the host controller marks the host DOWN when it goes stale. */
  lastHeartbeat: z.string(),
  /** ISO time the current agent process started. */
  agentStartedAt: z.string().optional(),
  agentVersion: z.string().optional(),
  /** `host:port` of the agent's HTTP endpoint (container logs), as the apiserver dials it; absent when it serves none. */
  agentAddress: z.string().optional(),
  hostInfo: HostInfo.optional(),
})
export type HostStatus = z.output<typeof HostStatus>

export const Host = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Host'),
  metadata: namedMeta(SIMPLE_NAME, 'Host names are letters, digits, ".", "_", "-"'),
  spec: HostSpec.prefault({}),
  status: HostStatus.optional(),
})
export type HostInput = z.input<typeof Host>
export type Host = z.output<typeof Host>

/** Default seconds without a heartbeat after which a host is DOWN (Kubernetes' node lease is 40 s); apiserver `--host-lease-seconds`. */
export const HOST_LEASE_SECONDS = 40
/** Default seconds between an agent's heartbeats; agent `--heartbeat-seconds`. Keep it well under the lease. */
export const HEARTBEAT_SECONDS = 10
