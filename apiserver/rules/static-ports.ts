/** @module The static host ports a Job publishes (`8080/tcp`), which two Jobs cannot share on one host. */
import type { Job, JobSpec } from '../../apis/index.js'

/** The static host ports of a Job spec: its own container's and its composite containers' (all publish). */
export const staticPortsOf = (spec: JobSpec): string[] =>
  [spec.ports, ...(spec.containers ?? []).map((c) => c.ports)].flatMap((ports) =>
    Object.values(ports).flatMap((p) => (p.externalPort === undefined ? [] : [`${p.externalPort}/${p.protocol}`])),
  )

export const staticPorts = (job: Job): string[] => staticPortsOf(job.spec)
