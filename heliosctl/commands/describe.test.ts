import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type Event, parseObject } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, host, hostInfo, job, task } from '../testing/fixtures.js'
import { revisions, withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const nginx = job('nginx:v1', {
  command: ['httpd', '-f'],
  env: { LOG: 'info' },
  ports: { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' } },
  healthCheck: { type: 'http', port: 'http', path: '/' },
  volumes: { '/data:ro': '/srv/data' },
})
const ports = { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const } }
const h1Task = task(nginx, 'h1', { state: 'RUNNING', containerId: 'abcdef0123456789', ports }, 'web')
const h2Task = task(nginx, 'h2', { state: 'EXITED', throttled: 'FLAPPING', containerError: 'exit 1' }, 'web')

let seq = 0
function event(kind: string, name: string, reason: string, message: string, ms: number): Event {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `ev${seq++}` },
    involvedObject: { kind, name },
    reason,
    message,
    source: { component: kind === 'Task' ? 'agent' : 'controller', ...(kind === 'Task' ? { host: 'h1' } : {}) },
    timestamp: at(ms),
  }) as Event
}

const run = (...argv: string[]) => heliosctl(server.url, argv, { clock: stepClock() })

describe('describe', () => {
  test('a deployment: spec, rollout, revisions, Tasks per host, Events of it and its Tasks (newest last)', async () => {
    const web = withRollout(
      deployment('web', 'nginx:v1', ['h1', 'h2'], { hostSelector: ['role=web'] }),
      { state: 'DONE', done: ['h1', 'h2'], finishedAt: at(60_000) },
      { revisions: revisions('nginx:v1') },
    )
    server.seed(nginx, web, h1Task, h2Task, host('web'))
    server.seed(
      event('Task', 'web@h1', 'TaskState', 'RUNNING', 30_000),
      event('Deployment', 'web', 'RolloutStarted', 'rolling out nginx:v1', 0),
      event('Host', 'web', 'HostUp', 'a host sharing the name is not this deployment', 1000),
      event('Task', 'other@h1', 'TaskState', 'not ours', 2000),
    )
    const result = await run('describe', 'deployment', 'web')
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(
      [
        'Name:             web',
        'Labels:           <none>',
        'Annotations:      <none>',
        'Created:          2024-05-01 12:00:00.000 UTC (0s ago)',
        'Generation:       1 (observed 1)',
        'Job:              nginx:v1',
        'Hosts:            h1, h2',
        'Host Selector:    role=web',
        'Goal:             START',
        'Paused:           false',
        'Rollout Options:  parallelism=1, timeout=300s, overlap=false, migrate=false, ignoreFailures=false, autoRevert=false, token=<none>',
        'Targeted Hosts:   <none>',
        'Rollout:',
        '  State:        DONE',
        '  Revision:     1 (nginx:v1)',
        '  Reason:       JOB_CHANGED',
        '  Started:      2024-05-01 12:00:00.000 UTC (0s ago)',
        '  Finished:     2024-05-01 12:01:00.000 UTC (0s ago)',
        '  Progress:     2/2 hosts done',
        '  Done:         h1, h2',
        '  In Progress:  <none>',
        '  Pending:      <none>',
        '  Failed:       <none>',
        '  Message:      <none>',
        'Revisions:',
        '  REVISION   JOB        OUTCOME   CHANGE-CAUSE   CREATED',
        '  1          nginx:v1   <none>    <none>         2024-05-01 12:00:00.000',
        'Tasks:',
        '  HOST   JOB        GOAL    STATE               CONTAINER      PORTS          AGE',
        '  h1     nginx:v1   START   RUNNING             abcdef012345   http=80:8080   0s',
        '  h2     nginx:v1   START   EXITED (FLAPPING)   <none>         <none>         0s',
        '    error: exit 1',
        'Events:',
        '  AGE   TYPE     REASON           OBJECT           FROM         MESSAGE',
        '  0s    Normal   RolloutStarted   deployment/web   controller   rolling out nginx:v1',
        '  0s    Normal   TaskState        task/web@h1      agent, h1    RUNNING',
        '',
      ].join('\n'),
    )
  })

  test('a job: template, the Deployments using it, its Tasks', async () => {
    server.seed(nginx, deployment('web', 'nginx:v1', ['h1']), h1Task)
    const { stdout } = await run('describe', 'job/nginx:v1')
    expect(stdout).toContain('Id:                 nginx:v1:')
    expect(stdout).toContain('Image:              nginx:1.7.1\nCommand:            httpd -f\nEnv:\n  LOG=info\n')
    expect(stdout).toContain('Ports:\n  http=80:8080\nHealth Check:       http port=http path=/\n')
    expect(stdout).toContain('Volumes:\n  /srv/data -> /data:ro\n')
    expect(stdout).toContain('Stop Timeout:       120s (secondsToWaitBeforeKill)\nExpires:            never\n')
    expect(stdout).toContain('Used By:\n  deployment/web (goal START)\n')
    expect(stdout).toMatch(
      /Tasks:\n {2}HOST {3}DEPLOYMENT {3}GOAL {4}STATE {5}CONTAINER .*\n {2}h1 {5}web {10}START {3}RUNNING/,
    )
    expect(stdout).toMatch(/Events: {2}<none>\n$/)
    expect(stdout).not.toContain('Containers:')
    const sidecar = { name: 'proxy', image: 'envoy:1', command: [], env: {}, ports: {} }
    server.seed(job('pod:v1', { containers: [sidecar] }))
    expect((await run('describe', 'job', 'pod:v1')).stdout).toContain(
      'Containers:\n  proxy:\n    Image:    envoy:1\n    Command:  <none>\n    Env:      <none>\n    Ports:    <none>\n',
    )
  })

  test('a host: labels, UP/DOWN, machine facts, cordon/drain, its Tasks', async () => {
    const facts = hostInfo({ hostname: 'h1.example', dockerVersion: '24.0.7', dockerApiVersion: '1.43' })
    const h1 = host('h1', { hostInfo: facts, agentVersion: '0.1.0' }, { role: 'web' })
    server.seed({ ...h1, spec: { unschedulable: true, drain: false } }, h1Task)
    const { stdout } = await run('describe', 'host', 'h1')
    expect(stdout).toContain('Labels:\n  role=web\n')
    expect(stdout).toMatch(/Status: +Up 0 seconds\n/)
    expect(stdout).toMatch(/Unschedulable: +true\nDrain: +false\n/)
    expect(stdout).toContain(
      'Host Info:\n  Hostname:      h1.example\n  OS:            Linux (x64)\n  CPUs:          4\n  Memory:        8.00 gb (0.75 in use)\n  Load Average:  0.50\n  Docker:        24.0.7 (1.43)\n',
    )
    expect(stdout).toMatch(/Tasks:\n {2}NAME {5}JOB .*\n {2}web@h1 {3}nginx:v1 {3}START {3}RUNNING/)
  })

  test('a task: its status and events; several objects are separated by a blank line', async () => {
    server.seed(h1Task, h2Task, event('Task', 'web@h2', 'TaskState', 'EXITED', 0))
    const { stdout } = await run('describe', 'task/web@h1', 'task/web@h2')
    const [one, two] = stdout.split('\n\n')
    expect(one).toContain('Status:\n  State:      RUNNING\n  Throttled:  NO\n')
    expect(two).toContain('  State:      EXITED\n  Throttled:  FLAPPING\n')
    expect(two).toContain('  Error:      exit 1\n')
    expect(two).toMatch(/Events:\n {2}AGE .*\n {2}0s .* TaskState .* EXITED\n$/)
  })

  test('a task: a TaskState Event that passed through states unwritten is one Event line per state, oldest first', async () => {
    const passedThrough = [
      { state: 'CREATING', at: at(-50_000) },
      { state: 'STARTING', at: at(-49_800), containerId: 'abcdef0123456789' },
    ]
    const running = event('Task', 'web@h1', 'TaskState', 'RUNNING container abcdef0', -49_700)
    const task = { host: 'h1', job: 'nginx:v1', jobId: h1Task.spec.jobId, state: 'RUNNING', passedThrough }
    const drift = event('Task', 'web@h1', 'DriftCorrected', 'container abcdef0 was stopped', -49_900)
    server.seed(h1Task, drift, parseObject({ ...running, task }))
    const { stdout } = await run('describe', 'task/web@h1')
    const events = stdout.slice(stdout.indexOf('Events:\n')).split('\n').slice(2, -1)
    expect(events.map((line) => line.trim().split(/ {2,}/))).toEqual([
      ['50s', 'Normal', 'TaskState', 'task/web@h1', 'agent, h1', 'CREATING'],
      ['49s', 'Normal', 'DriftCorrected', 'task/web@h1', 'agent, h1', 'container abcdef0 was stopped'],
      ['49s', 'Normal', 'TaskState', 'task/web@h1', 'agent, h1', 'STARTING container abcdef0'],
      ['49s', 'Normal', 'TaskState', 'task/web@h1', 'agent, h1', 'RUNNING container abcdef0'],
    ])
    const { stdout: one } = await run('describe', 'event', running.metadata.name)
    expect(one).toContain(
      'Passed Through:\n  2024-05-01 11:59:10.000  CREATING\n  2024-05-01 11:59:10.200  STARTING container abcdef0\n',
    )
  })

  test('an unknown name is the NotFound line, exit 1; no name describes every object of the kind', async () => {
    expect(await run('describe', 'deployment', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    })
    server.seed(host('a'), host('b'))
    const all = await run('describe', 'hosts')
    expect(all.stdout.match(/^Name: +\w+$/gm)).toEqual(['Name:            a', 'Name:            b'])
  })
})
