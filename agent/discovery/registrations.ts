/** @module What a Task announces (pure): one registration per registered port of its Job, Helios' TaskConfig.registration(). */
import { type JobSpec, ownValue, type Protocol, serviceEndpoint } from '../../apis/index.js'
import type { TaskPorts } from '../ports.js'

/** One port of one Task announced under one service: Helios' ServiceRegistration.Endpoint, with the Task's names. */
export interface ServiceRegistration {
  service: string
  /** The registration key's protocol (`http` when the key had none): the SRV record's `_proto`. */
  protocol: string
  /** Fully qualified, without a trailing dot; '' when neither the Job nor the agent names one. */
  domain: string
  /** The agent's Host name. */
  host: string
  /** The external (host) port. */
  port: number
  portName: string
  /** How the port is bound: tcp or udp. */
  transport: Protocol
  tags: string[]
  job: string
  task: string
}

export interface RegistrationTask {
  metadata: { name: string }
  spec: { jobId: string; jobSpec: Pick<JobSpec, 'registration' | 'registrationDomain'> }
}

/**
 * The registrations of `task` with the ports bound for it on `host`, sorted (service, protocol, port name) so an
 * unchanged Task always compares equal. A registered port without a bound port is left out, as Helios logged and
 * skipped it (the Job schema refuses a registration naming a port the Job lacks).
 */
export function registrationsOf(
  task: RegistrationTask,
  ports: TaskPorts,
  agent: { host: string; domain: string },
): ServiceRegistration[] {
  const { registration = {}, registrationDomain = '' } = task.spec.jobSpec
  const domain = qualifiedDomain(registrationDomain, agent.domain)
  const out: ServiceRegistration[] = []
  for (const key of Object.keys(registration).sort()) {
    const { name: service, protocol } = serviceEndpoint(key)
    const registered = ownValue(registration, key)?.ports ?? {}
    for (const portName of Object.keys(registered).sort()) {
      const bound = ownValue(ports, portName)
      if (!bound) continue
      const tags = [...(ownValue(registered, portName)?.tags ?? [])]
      const { jobId: job } = task.spec
      const { externalPort: port, protocol: transport } = bound
      out.push({
        service,
        protocol,
        domain,
        host: agent.host,
        port,
        portName,
        transport,
        tags,
        job,
        task: task.metadata.name,
      })
    }
  }
  return out
}

/**
 * Helios' rule for the domain a Job registers in: a trailing "." makes the Job's domain absolute, "" means the
 * agent's `--domain`, anything else is prefixed to the agent's. Written without the trailing dot.
 */
export function qualifiedDomain(jobDomain: string, agentDomain: string): string {
  const trim = (d: string) => d.replace(/^\.+|\.+$/g, '')
  if (jobDomain.endsWith('.')) return trim(jobDomain)
  return [jobDomain, agentDomain]
    .map(trim)
    .filter((d) => d !== '')
    .join('.')
}
