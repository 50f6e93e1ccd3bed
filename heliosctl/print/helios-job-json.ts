/** @module Helios' Job descriptor as its CLI printed one (`jobs --json`, and the `job` inside status and host JSON). */
import type { Job, JobSpec } from '../../apis/index.js'
import { fullId } from '../job-ref.js'

/**
 * What Helios' Job held for a field nobody set (descriptors/Job.java, its EMPTY_* constants), printed by Jackson with
 * nulls included: empty lists and maps, `""` for token and registrationDomain, null for the rest.
 */
const ABSENT = {
  hostname: null,
  created: null,
  command: [],
  env: {},
  resources: null,
  ports: {},
  registration: {},
  gracePeriod: null,
  volumes: {},
  expires: null,
  registrationDomain: '',
  creatingUser: null,
  token: '',
  healthCheck: null,
  securityOpt: [],
  networkMode: null,
  metadata: {},
  addCapabilities: [],
  dropCapabilities: [],
  labels: {},
  secondsToWaitBeforeKill: null,
  ramdisks: {},
  rolloutOptions: null,
  runtime: null,
}

/** Helios' PortMapping: `ip` and `externalPort` null when absent. */
export const heliosPortMapping = (p: {
  internalPort: number
  externalPort?: number | undefined
  protocol: string
  ip?: string | undefined
}) => ({ ip: p.ip ?? null, internalPort: p.internalPort, externalPort: p.externalPort ?? null, protocol: p.protocol })

const defined = (record: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))

/**
 * Helios' Job JSON of a spec: its 26 fields (absent ones as Helios left them), `created` in epoch ms. Fields of ours
 * that Helios lacks (restartPolicy, containers) are printed only when set; Helios readers ignore unknown fields.
 */
export function heliosJobJson(id: string, spec: JobSpec, createdIso?: string): Record<string, unknown> {
  const created = createdIso === undefined ? Number.NaN : Date.parse(createdIso)
  const rollout = spec.rolloutOptions
  return {
    ...ABSENT,
    ...defined(spec),
    id,
    created: Number.isNaN(created) ? null : created,
    ports: Object.fromEntries(Object.entries(spec.ports).map(([name, p]) => [name, heliosPortMapping(p)])),
    rolloutOptions: rollout
      ? {
          timeout: null,
          parallelism: null,
          migrate: null,
          overlap: null,
          token: null,
          ignoreFailures: null,
          ...defined(rollout),
        }
      : null,
  }
}

/** A stored Job as Helios printed it. */
export const jobJson = (job: Job): Record<string, unknown> =>
  heliosJobJson(fullId(job), job.spec, job.metadata.creationTimestamp)
