/** @module A Task's unit (pure): the main container plus a composite Job's sidecars, their ports, member names and run policy. */
import { type JobSpec, MAIN_CONTAINER, type PortMapping, type RestartPolicy } from '../apis/index.js'
import type { TaskPorts } from './ports.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'

/** Every port of the unit by name: the main container publishes them all (the Job schema keeps names unique). */
export function unitPorts(job: JobSpec): Record<string, PortMapping> {
  const ports: Record<string, PortMapping> = { ...job.ports }
  for (const sidecar of job.containers ?? []) Object.assign(ports, sidecar.ports)
  return ports
}

export const isComposite = (job: JobSpec): boolean => (job.containers?.length ?? 0) > 0

/** Which member a container is; a single-container Job's container carries no member label and is the main one. */
export const memberOf = (c: Pick<ContainerSummary, 'labels'>): string => c.labels[LABEL.container] ?? MAIN_CONTAINER

export const isMain = (c: Pick<ContainerSummary, 'labels'>): boolean => memberOf(c) === MAIN_CONTAINER

/** The main container among `containers`, else any: the container a status names. */
export const mainOf = <C extends Pick<ContainerSummary, 'labels'>>(containers: readonly C[]): C | undefined =>
  containers.find(isMain) ?? containers[0]

/** Sidecars before main: stopping a unit stops the containers that live in main's network namespace first. */
export const sidecarsFirst = <C extends Pick<ContainerSummary, 'labels'>>(containers: readonly C[]): C[] => [
  ...containers.filter((c) => !isMain(c)),
  ...containers.filter(isMain),
]

/** `HELIOS_PORT_<name>=<host>:<port>` for every bound port of the unit. */
export function portEnv(ports: TaskPorts, hostName: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, p] of Object.entries(ports)) env[`HELIOS_PORT_${name}`] = `${hostName}:${p.externalPort}`
  return env
}

/** Absent means Helios' behaviour: every exit is restarted. */
export const restartPolicyOf = (job: JobSpec): RestartPolicy => job.restartPolicy ?? 'Always'

/** Run-once Jobs (OnFailure, Never) end on exit 0 and are never restarted after it. */
export const isRunOnce = (job: JobSpec): boolean => restartPolicyOf(job) !== 'Always'
