import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type Event, parseObject } from '../../apis/index.js'
import {
  AGENT_INFO_FIELDS,
  DEPLOYMENT_FIELDS,
  DOCKER_VERSION_FIELDS,
  fieldsOf,
  HOST_INFO_FIELDS,
  HOST_STATUS_FIELDS,
  JOB_FIELDS,
  JOB_STATUS_FIELDS,
  PORT_MAPPING_FIELDS,
  ROLLOUT_OPTIONS_FIELDS,
  TASK_STATUS_EVENT_FIELDS,
  TASK_STATUS_EVENTS_FIELDS,
  TASK_STATUS_FIELDS,
  UNDEPLOY_RESPONSE_FIELDS,
  VERSION_RESPONSE_FIELDS,
} from '../../testing/helios-descriptors.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, host, hostInfo, job, T0, task } from '../testing/fixtures.js'

// Each verb's --json against Helios' descriptor field lists (testing/helios-descriptors.ts, read from the Java).
let server: FakeApiserver
const web = job('web:v1', {
  ports: { http: { internalPort: 80, protocol: 'tcp', ip: '127.0.0.1' }, admin: { internalPort: 81, protocol: 'tcp' } },
  rolloutOptions: { parallelism: 2 },
  env: { A: '1' },
})
const idle = job('idle:v1')
const webId = web.status?.id ?? ''
const idleId = idle.status?.id ?? ''
const json = async (...argv: string[]) => {
  const out = await heliosctl(server.url, ['--json', ...argv])
  expect(out.stderr).toBe('')
  return JSON.parse(out.stdout)
}

beforeEach(async () => {
  server = await startFakeApiserver('4.5.6')
  server.seed(
    web,
    idle,
    host(
      'web1',
      {
        agentStartedAt: at(0),
        lastHeartbeat: at(60_000),
        agentVersion: '0.9.0',
        hostInfo: hostInfo({ os: 'Linux 6.1.0-18-amd64' }),
      },
      { role: 'web' },
    ),
    host('web2', { state: 'DOWN' }, { role: 'web' }),
    deployment('web-v1', 'web:v1', ['web1']),
    deployment('grp', 'web:v1', [], { hostSelector: ['role=web'] }),
  )
  const ports = { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const } }
  server.seed(
    task(web, 'web1', { state: 'RUNNING', containerId: 'c0ffee', ports }),
    task(web, 'web2', undefined, 'grp'),
  )
})
afterEach(() => server.close())

describe('jobs --json: a map of full id to Job', () => {
  test("every Job field, absent ones as Helios' constructor left them", async () => {
    const jobs = await json('jobs')
    expect(Object.keys(jobs)).toEqual([idleId, webId].sort())
    for (const id of [idleId, webId]) expect(fieldsOf(jobs[id])).toEqual(JOB_FIELDS)
    expect(jobs[idleId]).toMatchObject({
      id: idleId,
      image: 'nginx:1.7.1',
      created: T0,
      command: [],
      env: {},
      hostname: null,
      creatingUser: null,
      token: '',
      registrationDomain: '',
      registration: {},
      healthCheck: null,
      rolloutOptions: null,
      secondsToWaitBeforeKill: null,
    })
    const ports = jobs[webId].ports
    expect(fieldsOf(ports.http)).toEqual(PORT_MAPPING_FIELDS)
    expect(ports).toEqual({
      admin: { ip: null, internalPort: 81, externalPort: null, protocol: 'tcp' },
      http: { ip: '127.0.0.1', internalPort: 80, externalPort: null, protocol: 'tcp' },
    })
    expect(fieldsOf(jobs[webId].rolloutOptions)).toEqual(ROLLOUT_OPTIONS_FIELDS)
    expect(jobs[webId].rolloutOptions).toMatchObject({ parallelism: 2, timeout: null })
  })

  test('-q prints full ids, as a sorted list with --json; keys are sorted as Helios printed them', async () => {
    expect((await heliosctl(server.url, ['jobs', '-q'])).stdout).toBe(`${[idleId, webId].sort().join('\n')}\n`)
    expect(await json('jobs', '-q')).toEqual([idleId, webId].sort())
    const text = (await heliosctl(server.url, ['jobs', 'idle', '--json'])).stdout
    const keys = [...text.matchAll(/^ {4}"(\w+)"/gm)].map((m) => m[1])
    expect(keys).toEqual(JOB_FIELDS)
  })
})

describe('hosts --json: a map of host to HostStatus', () => {
  test('HostStatus, HostInfo, DockerVersion, AgentInfo, its Deployments and TaskStatuses', async () => {
    const hosts = await json('hosts')
    expect(Object.keys(hosts)).toEqual(['web1', 'web2'])
    const web1 = hosts.web1
    expect(fieldsOf(web1)).toEqual(HOST_STATUS_FIELDS)
    expect(web1).toMatchObject({ status: 'UP', labels: { role: 'web' }, environment: {} })
    expect(fieldsOf(web1.hostInfo)).toEqual(HOST_INFO_FIELDS)
    expect(web1.hostInfo).toMatchObject({ osName: 'Linux', osVersion: '6.1.0-18-amd64', cpus: 4, uname: null })
    expect(fieldsOf(web1.hostInfo.dockerVersion)).toEqual(DOCKER_VERSION_FIELDS)
    expect(web1.hostInfo.dockerVersion).toMatchObject({ version: '20.10.24', apiVersion: '1.41', gitCommit: null })
    expect(fieldsOf(web1.agentInfo)).toEqual(AGENT_INFO_FIELDS)
    expect(web1.agentInfo).toMatchObject({ version: '0.9.0', startTime: T0, uptime: 60_000, vmName: null })
    expect(web1.jobs[webId]).toEqual({ jobId: webId, goal: 'START', deployerUser: null })
    expect(fieldsOf(web1.statuses[webId])).toEqual(TASK_STATUS_FIELDS)
    expect(hosts.web2).toMatchObject({ status: 'DOWN', hostInfo: null, agentInfo: null, statuses: {} })
    // A Deployment selecting hosts is Helios' deployment group; Helios printed deploymentGroupName only then.
    expect(hosts.web2.jobs[webId]).toEqual({
      jobId: webId,
      goal: 'START',
      deployerUser: null,
      deploymentGroupName: 'grp',
    })
    expect(fieldsOf(hosts.web2.jobs[webId])).toEqual([...DEPLOYMENT_FIELDS, 'deploymentGroupName'].sort())
  })

  test('-q --json is the sorted names; nothing matching PATTERN and -s exits 1 ({} with --json)', async () => {
    expect(await json('hosts', '-q')).toEqual(['web1', 'web2'])
    expect(await heliosctl(server.url, ['hosts', '-s', 'role=db', '--json'])).toEqual({
      code: 1,
      stdout: '{}\n',
      stderr: '',
    })
    expect(await heliosctl(server.url, ['hosts', '-s', 'role=db', '-q'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no host matched the selectors\n',
    })
    // --status filters after the match, as Helios' master did: none left is still exit 0.
    expect(await heliosctl(server.url, ['hosts', 'web1', '--status', 'DOWN', '-q'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    })
  })
})

describe('status --json: a map of job id to JobStatus', () => {
  test('job, deployments and taskStatuses keyed by host; a job deployed nowhere has empty maps', async () => {
    const statuses = await json('status')
    expect(Object.keys(statuses)).toEqual([idleId, webId].sort())
    for (const id of [idleId, webId]) expect(fieldsOf(statuses[id])).toEqual(JOB_STATUS_FIELDS)
    expect(statuses[idleId]).toEqual({
      job: expect.objectContaining({ id: idleId }),
      deployments: {},
      taskStatuses: {},
    })
    const web1 = statuses[webId].taskStatuses.web1
    expect(fieldsOf(web1)).toEqual(TASK_STATUS_FIELDS)
    expect(web1).toMatchObject({ goal: 'START', state: 'RUNNING', containerId: 'c0ffee', throttled: 'NO', env: {} })
    expect(web1.containerError).toBe('')
    expect(fieldsOf(web1.job)).toEqual(JOB_FIELDS)
    expect(web1.ports.http).toEqual({ ip: '127.0.0.1', internalPort: 80, externalPort: 8080, protocol: 'tcp' })
    // No agent has reported on web2 yet: Helios had a Deployment there but no TaskStatus.
    expect(Object.keys(statuses[webId].deployments)).toEqual(['web1', 'web2'])
    expect(Object.keys(statuses[webId].taskStatuses)).toEqual(['web1'])
  })

  test("--host cuts to matching hosts; matching none: Helios' message and exit 1, or {} and exit 0 with --json", async () => {
    const only = await json('status', '--host', 'web1')
    expect(Object.keys(only)).toEqual([webId])
    expect(Object.keys(only[webId].deployments)).toEqual(['web1'])
    expect(await heliosctl(server.url, ['status', '--host', 'nohost'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "error: There are no jobs deployed to hosts with the host pattern 'nohost'\n" +
        "hint: run 'heliosctl hosts nohost' to check your host exists and is up\n",
    })
    expect(await heliosctl(server.url, ['status', '--host', 'nohost', '--json'])).toEqual({
      code: 0,
      stdout: '{}\n',
      stderr: '',
    })
  })
})

describe('version, history and undeploy --json', () => {
  test("version is Helios' VersionResponse", async () => {
    const version = await json('version')
    expect(fieldsOf(version)).toEqual(VERSION_RESPONSE_FIELDS)
    expect(version).toEqual({ clientVersion: '1.2.3', masterVersion: '4.5.6' })
  })

  test('history is TaskStatusEvents of TaskStatusEvent, each status a TaskStatus', async () => {
    const stopped = parseObject({
      apiVersion: 'helios/v1',
      kind: 'Event',
      metadata: { name: 'web-v1.web1.1' },
      involvedObject: { kind: 'Task', name: 'web-v1@web1' },
      reason: 'TaskState',
      source: { component: 'agent', host: 'web1' },
      timestamp: at(5_000),
      task: { host: 'web1', job: 'web:v1', jobId: webId, state: 'STOPPED', containerId: 'c0ffee' },
    }) as Event
    server.seed(stopped)
    const history = await json('history', 'web:v1')
    expect(fieldsOf(history)).toEqual(TASK_STATUS_EVENTS_FIELDS)
    const [event] = history.events
    expect(fieldsOf(event)).toEqual(TASK_STATUS_EVENT_FIELDS)
    expect(fieldsOf(event.status)).toEqual(TASK_STATUS_FIELDS)
    expect(event).toMatchObject({
      host: 'web1',
      timestamp: T0 + 5_000,
      status: { state: 'STOPPED', containerId: 'c0ffee' },
    })
    expect(fieldsOf(event.status.job)).toEqual(JOB_FIELDS)
  })

  test("undeploy prints JobUndeployResponse per host; -a of a job deployed nowhere says so, Helios' exit 0", async () => {
    const out = await heliosctl(server.url, ['--json', 'undeploy', 'web:v1', 'web1', 'web9'])
    expect(out.code).toBe(1)
    const [done, missing] = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(fieldsOf(done)).toEqual(UNDEPLOY_RESPONSE_FIELDS)
    expect(done).toEqual({ host: 'web1', job: webId, status: 'OK' })
    expect(missing).toEqual({ host: 'web9', job: webId, status: 'JOB_NOT_FOUND' })
    expect(await heliosctl(server.url, ['undeploy', '-a', 'idle:v1'])).toEqual({
      code: 0,
      stdout: `${idleId} is not currently deployed on any hosts.\n`,
      stderr: '',
    })
  })
})
