import { describe, expect, test } from 'vitest'
import {
  Deployment,
  type DeploymentInput,
  Host,
  Job,
  type JobInput,
  surgeTaskName,
  Task,
  taskName,
} from '../../apis/index.js'
import { TASK_INDEXES } from '../indexes.js'
import { staticLister } from '../lister.js'
import { type PlacementInput, placeReplicas } from './placement.js'

const NOW = Date.parse('2024-05-01T12:00:00Z')
const MiB = 2 ** 20
const GiB = 2 ** 30

const job = (name: string, resources?: NonNullable<JobInput['spec']>['resources']) =>
  Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec: { image: 'busybox:latest', resources } })
const web = job('web:v1', { memory: 512 * MiB, cpuShares: 256 })

interface HostOptions {
  labels?: Record<string, string>
  state?: 'UP' | 'DOWN' | 'unreported'
  downForMs?: number
  memory?: number
  cpus?: number
  unschedulable?: boolean
  drain?: boolean
}
const host = (name: string, o: HostOptions = {}) =>
  Host.parse({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name, labels: o.labels ?? {} },
    spec: { unschedulable: o.unschedulable ?? false, drain: o.drain ?? false },
    status:
      o.state === 'unreported'
        ? undefined
        : {
            state: o.state ?? 'UP',
            lastHeartbeat: new Date(NOW - (o.downForMs ?? 0)).toISOString(),
            hostInfo: {
              hostname: name,
              os: 'linux',
              architecture: 'x86_64',
              cpus: o.cpus ?? 4,
              memoryTotalBytes: o.memory ?? 4 * GiB,
              memoryFreeBytes: o.memory ?? 4 * GiB,
              loadAvg: 0,
            },
          },
  })

const task = (deployment: string, onHost: string, of = web, o: { goal?: 'START' | 'STOP'; surge?: boolean } = {}) =>
  Task.parse({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: { name: o.surge ? surgeTaskName(deployment, onHost) : taskName(deployment, onHost) },
    spec: {
      host: onHost,
      deployment,
      job: of.metadata.name,
      jobId: `${of.metadata.name}:abc`,
      jobSpec: of.spec,
      goal: o.goal ?? 'START',
    },
  })

const deployment = (spec: Partial<DeploymentInput['spec']>) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { job: 'web:v1', ...spec },
  })

/** Every Task of the cluster in `tasks`, read through the same indexes the informer keeps. */
const place = (
  input: Partial<Omit<PlacementInput, 'tasks'>> & Pick<PlacementInput, 'deployment'> & { tasks?: Task[] },
) =>
  placeReplicas({
    job: web,
    hosts: [],
    jobs: () => undefined,
    now: NOW,
    ...input,
    tasks: staticLister(input.tasks ?? [], TASK_INDEXES),
  })

const big = job('big:v1', { memory: GiB, cpuShares: 1024 })

describe('placeReplicas: least loaded', () => {
  test('new replicas go to the hosts least loaded by other Deployments', () => {
    const hosts = [host('a'), host('b'), host('c')]
    const tasks = [task('db', 'a', big), task('db2', 'a', big), task('db', 'b', big)]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks }).hosts).toEqual(['c'])
    expect(place({ deployment: deployment({ replicas: 2 }), hosts, tasks })).toEqual({ hosts: ['b', 'c'], pending: 0 })
  })
  test('the score is the larger of the memory and cpu fractions, after adding the Job', () => {
    // a: 1/4 of memory used, no cpu; b: no memory, 2/4 cpu used → a is less loaded
    const hosts = [host('a'), host('b')]
    const tasks = [task('x', 'a', job('m:v1', { memory: GiB })), task('y', 'b', job('c:v1', { cpuShares: 2048 }))]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks }).hosts).toEqual(['a'])
  })
  test('equal scores prefer fewer Tasks, then the numeric-aware host name; results are sorted', () => {
    const free = job('free:v1')
    const hosts = [host('web10'), host('web9'), host('web2'), host('web1')]
    const tasks = [task('x', 'web1', free)]
    expect(place({ deployment: deployment({ replicas: 2 }), hosts, job: free, tasks }).hosts).toEqual(['web2', 'web9'])
    expect(place({ deployment: deployment({ replicas: 3 }), hosts, job: free, tasks }).hosts).toEqual([
      'web2',
      'web9',
      'web10',
    ])
  })
  test('only START Tasks load a host', () => {
    const stopped = [task('x', 'a', big, { goal: 'STOP' }), task('y', 'a', big, { goal: 'STOP' })]
    expect(
      place({ deployment: deployment({ replicas: 1 }), hosts: [host('b'), host('a')], tasks: stopped }).hosts,
    ).toEqual(['a'])
  })
  test('a Task whose spec copy has no resources is weighed by its Job', () => {
    const bare = job('bare:v1')
    const jobs = (name: string) => (name === 'bare:v1' ? big : undefined)
    const tasks = [task('x', 'a', bare), task('y', 'b', job('free:v1'))]
    expect(
      place({ deployment: deployment({ replicas: 1 }), hosts: [host('a'), host('b')], tasks, jobs }).hosts,
    ).toEqual(['b'])
  })
})

describe('placeReplicas: fit', () => {
  test('memory requests must fit the host total', () => {
    const hosts = [host('db1', { memory: GiB })]
    const tasks = [task('x', 'db1', job('m:v1', { memory: 924 * MiB }))]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks })).toEqual({
      hosts: [],
      pending: 1,
      message: '1 of 1 replicas pending: 1 candidate host; db1: not enough memory (needs 512 MiB, 100 MiB free)',
    })
  })
  test('cpu shares must fit the host cores × 1024', () => {
    const hosts = [host('a', { cpus: 1 })]
    const tasks = [task('x', 'a', job('c:v1', { cpuShares: 896 }))]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks }).message).toBe(
      '1 of 1 replicas pending: 1 candidate host; a: not enough cpu (needs 0.25 cores, 0.13 cores free)',
    )
  })
  test('a Job without resources fits a full host; so does any Job on a host without machine facts', () => {
    const full = [host('a', { memory: GiB })]
    const tasks = [task('x', 'a', job('m:v1', { memory: 2 * GiB }))]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts: full, job: job('free:v1'), tasks }).hosts).toEqual([
      'a',
    ])
    const factless = Host.parse({ ...host('b'), status: { state: 'UP', lastHeartbeat: new Date(NOW).toISOString() } })
    expect(place({ deployment: deployment({ replicas: 1 }), hosts: [factless], job: big }).hosts).toEqual(['b'])
  })
})

describe('placeReplicas: eligibility', () => {
  test('cordoned, drained, DOWN, unreported and unregistered hosts get no new replica, each named', () => {
    const hosts = [
      host('web1'),
      host('web4', { state: 'DOWN', downForMs: 1_000 }),
      host('web5', { unschedulable: true }),
      host('web6', { drain: true, unschedulable: true }),
      host('web7', { state: 'unreported' }),
    ]
    const d = deployment({ replicas: 3, hosts: ['web1', 'web4', 'web5', 'web6', 'web7', 'web8'] })
    expect(place({ deployment: d, hosts })).toEqual({
      hosts: ['web1'],
      pending: 2,
      message:
        '2 of 3 replicas pending: 6 candidate hosts; web4: DOWN; web5: cordoned; web6: draining; ' +
        'web7: no heartbeat yet; web8: not registered',
    })
  })
  test('one replica per host: more replicas than candidates stay pending', () => {
    const p = place({ deployment: deployment({ replicas: 3 }), hosts: [host('a'), host('b')] })
    expect(p).toMatchObject({ hosts: ['a', 'b'], pending: 1 })
    expect(p.message).toBe('1 of 3 replicas pending: 2 candidate hosts (one replica per host)')
  })
  test('the reason list stops after 5 hosts', () => {
    const hosts = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h10'].map((n) => host(n, { unschedulable: true }))
    expect(place({ deployment: deployment({ replicas: 1 }), hosts }).message).toBe(
      '1 of 1 replicas pending: 8 candidate hosts; h1: cordoned; h2: cordoned; h3: cordoned; h4: cordoned; ' +
        'h5: cordoned; and 3 more hosts',
    )
  })
})

describe('placeReplicas: candidates', () => {
  const fleet = [
    host('db1', { labels: { role: 'db' } }),
    host('web1', { labels: { role: 'web' } }),
    host('web2', { labels: { role: 'web' } }),
  ]
  test('named hosts and selector matches are the candidates; nothing else is used', () => {
    const d = deployment({ replicas: 3, hosts: ['db1'], hostSelector: ['role=web'] })
    expect(place({ deployment: d, hosts: [...fleet, host('other')] }).hosts).toEqual(['db1', 'web1', 'web2'])
    const selectorOnly = deployment({ replicas: 3, hostSelector: ['role in (web)'] })
    expect(place({ deployment: selectorOnly, hosts: fleet })).toMatchObject({ hosts: ['web1', 'web2'], pending: 1 })
  })
  test('no candidates says why', () => {
    const d = deployment({ replicas: 2, hostSelector: ['role=cache'] })
    expect(place({ deployment: d, hosts: fleet })).toEqual({
      hosts: [],
      pending: 2,
      message: '2 of 2 replicas pending: no candidate hosts (hostSelector matches no host)',
    })
    expect(place({ deployment: deployment({ replicas: 1 }) }).message).toBe(
      '1 of 1 replicas pending: no candidate hosts (no host is registered)',
    )
  })
})

describe('placeReplicas: sticky', () => {
  const hosts = [host('a'), host('b'), host('c')]
  test('a host running the Task keeps it even when others are less loaded or it is cordoned', () => {
    const tasks = [task('web', 'c'), task('db', 'c', big)]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks }).hosts).toEqual(['c'])
    const cordoned = [host('a'), host('c', { unschedulable: true })]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts: cordoned, tasks }).hosts).toEqual(['c'])
  })
  test('surge Tasks and other Deployments do not make a host sticky', () => {
    const tasks = [task('web', 'c', web, { surge: true }), task('web2', 'b')]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, job: job('free:v1'), tasks }).hosts).toEqual(['a'])
  })
  test('a drained host or one no longer a candidate loses its Task', () => {
    const tasks = [task('web', 'c')]
    const drained = [host('a'), host('c', { drain: true, unschedulable: true })]
    expect(place({ deployment: deployment({ replicas: 1 }), hosts: drained, tasks }).hosts).toEqual(['a'])
    expect(place({ deployment: deployment({ replicas: 1, hosts: ['a', 'b'] }), hosts, tasks }).hosts).toEqual(['a'])
  })
  test('a named host that has not registered keeps its Task', () => {
    const d = deployment({ replicas: 1, hosts: ['ghost', 'a'] })
    expect(place({ deployment: d, hosts, tasks: [task('web', 'ghost')] }).hosts).toEqual(['ghost'])
  })
  test('a DOWN host keeps its Task within the grace period and says when to look again', () => {
    const down = [host('a'), host('c', { state: 'DOWN', downForMs: 100_000 })]
    const d = deployment({ replicas: 1, rescheduleAfterSeconds: 300 })
    expect(place({ deployment: d, hosts: down, tasks: [task('web', 'c')] })).toEqual({
      hosts: ['c'],
      pending: 0,
      requeueAfterMs: 200_000,
    })
  })
  test('a DOWN host past the grace period has its Task placed elsewhere', () => {
    const down = [host('a'), host('c', { state: 'DOWN', downForMs: 300_000 })]
    const d = deployment({ replicas: 1, rescheduleAfterSeconds: 300 })
    expect(place({ deployment: d, hosts: down, tasks: [task('web', 'c')] })).toEqual({ hosts: ['a'], pending: 0 })
  })
})

describe('placeReplicas: scale down', () => {
  test('surplus Tasks leave the most loaded hosts first', () => {
    const hosts = [host('a'), host('b'), host('c')]
    const tasks = [task('web', 'a'), task('web', 'b'), task('web', 'c'), task('db', 'b', big), task('db2', 'a', web)]
    expect(place({ deployment: deployment({ replicas: 2 }), hosts, tasks }).hosts).toEqual(['a', 'c'])
    expect(place({ deployment: deployment({ replicas: 1 }), hosts, tasks }).hosts).toEqual(['c'])
  })
  test('equal load leaves the highest name first, and DOWN hosts before any', () => {
    const tasks = [task('web', 'web2'), task('web', 'web10'), task('web', 'web9')]
    const hosts = [host('web2'), host('web9'), host('web10')]
    expect(place({ deployment: deployment({ replicas: 2 }), hosts, tasks }).hosts).toEqual(['web2', 'web9'])
    const downWeb2 = [host('web2', { state: 'DOWN', downForMs: 1_000 }), host('web9'), host('web10')]
    expect(place({ deployment: deployment({ replicas: 2 }), hosts: downWeb2, tasks })).toEqual({
      hosts: ['web9', 'web10'],
      pending: 0,
    })
  })
})
