/** @module Job: an immutable container template in Helios' field names; its id is `name:version:hash`. */
import { z } from 'zod'
import { API_VERSION, JOB_NAME, namedMeta } from './meta.js'
import { HealthCheck, PortMapping, PortName } from './port-mapping.js'
import { RolloutOptions } from './rollout-options.js'

const HOSTNAME = /^[a-z0-9][a-z0-9-]{0,62}$/
const NETWORK_MODE = /^(bridge|host|none|container:.+)$/
const VOLUME_TARGET = /^\/[^:]*(:(ro|rw))?$/

export const Resources = z.strictObject({
  memory: z.number().int().positive().optional(),
  memorySwap: z.number().int().min(-1).optional(),
  cpuShares: z.number().int().positive().optional(),
  cpuset: z
    .string()
    .regex(/^[0-9,-]+$/, 'cpuset is like "0-2,4"')
    .optional(),
})

// secondsToWaitBeforeKill has no schema default (the agent applies 120 s) so that changing a default
// never changes the hash of Jobs already stored (Helios PR #1075).
export const JobSpec = z
  .strictObject({
    image: z
      .string()
      .trim()
      .min(1, 'image is required')
      .regex(/^[^\s:/][^\s]*$/, 'image must be a Docker reference'),
    hostname: z.string().regex(HOSTNAME, 'hostname is [a-z0-9][a-z0-9-], 1 to 63 characters').optional(),
    command: z.array(z.string()).default([]),
    env: z.record(z.string().regex(/^[^=\s]+$/, 'env names have no "=" or spaces'), z.string()).default({}),
    ports: z.record(PortName, PortMapping).default({}),
    healthCheck: HealthCheck.optional(),
    volumes: z
      .record(z.string().regex(VOLUME_TARGET, 'volume targets are "/abs/path[:ro|rw]"'), z.string())
      .default({}),
    resources: Resources.optional(),
    gracePeriod: z.number().int().nonnegative().optional(),
    secondsToWaitBeforeKill: z.number().int().nonnegative().optional(),
    expires: z.iso.datetime({ offset: true }).optional(),
    token: z.string().optional(),
    networkMode: z.string().regex(NETWORK_MODE, 'networkMode is bridge, host, none or container:<name|id>').optional(),
    securityOpt: z.array(z.string()).default([]),
    addCapabilities: z.array(z.string()).default([]),
    dropCapabilities: z.array(z.string()).default([]),
    labels: z.record(z.string(), z.string()).default({}),
    ramdisks: z.record(z.string().startsWith('/', 'ramdisk mount points are absolute'), z.string()).default({}),
    metadata: z.record(z.string(), z.string()).default({}),
    runtime: z.string().optional(),
    rolloutOptions: RolloutOptions.optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Map<string, string>()
    for (const [name, port] of Object.entries(spec.ports)) {
      if (port.externalPort === undefined) continue
      const key = `${port.protocol}:${port.externalPort}`
      const other = seen.get(key)
      if (other)
        ctx.addIssue({
          code: 'custom',
          path: ['ports', name, 'externalPort'],
          message: `duplicate external port ${key} (also used by port "${other}")`,
        })
      seen.set(key, name)
    }
    const check = spec.healthCheck
    if (check && check.type !== 'exec' && !(check.port in spec.ports)) {
      const known = Object.keys(spec.ports).join(', ') || 'none'
      ctx.addIssue({
        code: 'custom',
        path: ['healthCheck', 'port'],
        message: `health check port "${check.port}" is not defined in ports (known: ${known})`,
      })
    }
    const volumeTargets = new Set(Object.keys(spec.volumes).map((t) => t.split(':')[0]))
    for (const mount of Object.keys(spec.ramdisks)) {
      if (volumeTargets.has(mount))
        ctx.addIssue({ code: 'custom', path: ['ramdisks', mount], message: 'ramdisk mount point is also a volume' })
    }
  })
export type JobSpecInput = z.input<typeof JobSpec>
export type JobSpec = z.output<typeof JobSpec>

export const JobStatus = z.strictObject({
  /** Helios' full id `name:version:hash`, set by the apiserver on create. */
  id: z.string(),
})

export const Job = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Job'),
  metadata: namedMeta(JOB_NAME, 'a Job is named "name:version", each part [0-9a-zA-Z-_.]'),
  spec: JobSpec,
  status: JobStatus.optional(),
})
export type JobInput = z.input<typeof Job>
export type Job = z.output<typeof Job>
