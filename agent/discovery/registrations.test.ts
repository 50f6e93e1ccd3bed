import { describe, expect, test } from 'vitest'
import { JobSpec, type JobSpecInput } from '../../apis/index.js'
import type { TaskPorts } from '../ports.js'
import { qualifiedDomain, type RegistrationTask, registrationsOf, type ServiceRegistration } from './registrations.js'

const agent = { host: 'web1', domain: 'example.net' }
const bound = {
  http: { internalPort: 80, externalPort: 20001, protocol: 'tcp' as const },
  admin: { internalPort: 81, externalPort: 8081, protocol: 'tcp' as const },
  stats: { internalPort: 8125, externalPort: 20002, protocol: 'udp' as const },
}
const jobPorts = {
  http: { internalPort: 80 },
  admin: { internalPort: 81, externalPort: 8081 },
  stats: { internalPort: 8125, protocol: 'udp' as const },
}
const taskOf = (spec: Partial<JobSpecInput>): RegistrationTask => ({
  metadata: { name: 'web@web1' },
  spec: { jobId: 'web:v1:abc', jobSpec: JobSpec.parse({ image: 'busybox', ...spec }) },
})
const common = { host: 'web1', job: 'web:v1:abc', task: 'web@web1' }

interface Case {
  case: string
  spec: Partial<JobSpecInput>
  jobPorts?: JobSpecInput['ports']
  bound?: TaskPorts
  want: Omit<ServiceRegistration, keyof typeof common>[]
}

describe('registrationsOf', () => {
  test.each<Case>([
    { case: 'no registration', spec: {}, want: [] },
    {
      case: 'a key without /proto means http; the bound (dynamic) port is registered',
      spec: { registration: { web: { ports: { http: { tags: ['v2'] } } } } },
      want: [
        {
          service: 'web',
          protocol: 'http',
          domain: 'example.net',
          port: 20001,
          portName: 'http',
          transport: 'tcp',
          tags: ['v2'],
        },
      ],
    },
    {
      case: 'several services and ports, sorted; udp transport; the Job domain prefixed to the agent one',
      spec: {
        registrationDomain: 'prod',
        registration: { 'stats/statsd': { ports: { stats: {} } }, 'web/http': { ports: { http: {}, admin: {} } } },
      },
      want: [
        {
          service: 'stats',
          protocol: 'statsd',
          domain: 'prod.example.net',
          port: 20002,
          portName: 'stats',
          transport: 'udp',
          tags: [],
        },
        {
          service: 'web',
          protocol: 'http',
          domain: 'prod.example.net',
          port: 8081,
          portName: 'admin',
          transport: 'tcp',
          tags: [],
        },
        {
          service: 'web',
          protocol: 'http',
          domain: 'prod.example.net',
          port: 20001,
          portName: 'http',
          transport: 'tcp',
          tags: [],
        },
      ],
    },
    {
      case: 'a port with nothing bound is left out (as Helios skipped it)',
      spec: { registration: { 'db/tcp': { ports: { pg: {} } } } },
      jobPorts: { pg: { internalPort: 5432 } },
      bound: {},
      want: [],
    },
    {
      case: "a port named like an Object.prototype member is looked up as the Task's own, never inherited",
      spec: { registration: { 'db/tcp': { ports: { constructor: {} } } } },
      jobPorts: { constructor: { internalPort: 5432 } },
      bound: {},
      want: [],
    },
  ])('$case', ({ spec, want, ...given }) => {
    const task = taskOf({ ports: given.jobPorts ?? jobPorts, ...spec })
    expect(registrationsOf(task, given.bound ?? bound, agent)).toEqual(want.map((w) => ({ ...common, ...w })))
  })
})

describe("qualifiedDomain (Helios' TaskConfig rule)", () => {
  test.each([
    ['', 'example.net', 'example.net'],
    ['prod', 'example.net', 'prod.example.net'],
    ['other.org.', 'example.net', 'other.org'],
    ['prod', '', 'prod'],
    ['', '', ''],
    ['', 'example.net.', 'example.net'],
  ])('job %j, agent %j → %j', (job, agentDomain, want) => {
    expect(qualifiedDomain(job, agentDomain)).toBe(want)
  })
})
