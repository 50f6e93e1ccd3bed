/** @module The endpoints of one service, computed from the Tasks that register it and their Hosts (pure). */
import {
  compareEndpoints,
  type Endpoint,
  endpointsName,
  type Host,
  registeredEndpoints,
  serviceEndpoint,
  type Task,
} from '../../apis/index.js'

/**
 * The Endpoints names a Task registers. The Task's own copy of the Job spec is read, not the Job: it is what that
 * host runs, also mid-rollout, and a Job never changes, so watching Jobs would tell nothing more.
 */
export const servicesOf = (task: Task): string[] => registeredEndpoints(task.spec.jobSpec.registration)

/**
 * Whether a Task serves now: goal START and RUNNING the Job and restartedAt its spec asks for. RUNNING comes only
 * after a Job's health check passed (agent/when-running.ts). A goal of STOP, a new Job or a restart takes the Task
 * out at once, before the agent waits out the grace period and stops the container (Helios' order).
 */
export const isServing = (task: Task): boolean =>
  task.spec.goal === 'START' &&
  task.status?.state === 'RUNNING' &&
  task.status.jobId === task.spec.jobId &&
  task.status.restartedAt === task.spec.restartedAt

/**
 * One endpoint per registered port of each serving Task, sorted (compareEndpoints) so an unchanged set is an equal
 * object. The address is the port's bound ip when it has one, else the Host's status.address, else (an agent that
 * reports none) the host's name. A Host that is DOWN or unknown keeps its endpoints with `ready: false`.
 */
export function desiredEndpoints(
  name: string,
  tasks: readonly Task[],
  hostNamed: (name: string) => Host | undefined,
): Endpoint[] {
  const endpoints: Endpoint[] = []
  for (const task of tasks) {
    if (!isServing(task)) continue
    const { jobSpec } = task.spec
    const host = hostNamed(task.spec.host)
    for (const [key, service] of Object.entries(jobSpec.registration ?? {})) {
      const { name: svc, protocol } = serviceEndpoint(key)
      if (endpointsName(svc, protocol) !== name) continue
      for (const [portName, params] of Object.entries(service.ports ?? {})) {
        const bound = Object.hasOwn(task.status?.ports ?? {}, portName) ? task.status?.ports[portName] : undefined
        if (!bound) continue
        const ip = jobSpec.ports[portName]?.ip
        endpoints.push({
          host: task.spec.host,
          address: ip && ip !== '0.0.0.0' ? ip : (host?.status?.address ?? task.spec.host),
          port: bound.externalPort,
          portName,
          transport: bound.protocol,
          tags: [...(params.tags ?? [])],
          domain: jobSpec.registrationDomain ?? '',
          job: task.spec.jobId,
          task: task.metadata.name,
          ready: host?.status?.state === 'UP',
        })
      }
    }
  }
  return endpoints.sort(compareEndpoints)
}
