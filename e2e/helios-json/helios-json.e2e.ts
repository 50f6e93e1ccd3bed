// Issue 16: `--json` of Helios' verbs in Helios' shapes (checked against the descriptor field lists written from the
// Java), their exit codes, the STOPPED history row an undeploy leaves, and `undeploy -a` of a job deployed nowhere.
import { afterAll, beforeAll, expect, test } from 'vitest'
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
  TASK_STATUS_EVENT_FIELDS,
  TASK_STATUS_EVENTS_FIELDS,
  TASK_STATUS_FIELDS,
  UNDEPLOY_RESPONSE_FIELDS,
  VERSION_RESPONSE_FIELDS,
} from '../../testing/helios-descriptors.js'
import { agentName, type Cluster, freePort, startCluster, waitFor, waitRunning } from '../harness.js'

let cluster: Cluster
let host: string
let port: number
let id: string
const ctl = (...args: string[]) => cluster.ctl(args)
const json = (...args: string[]) => cluster.ctlJson(['--json', ...args])

beforeAll(async () => {
  host = agentName('helios-json')
  port = await freePort()
  cluster = await startCluster({ agents: [{ name: host, labels: { role: 'web' } }] })
  const created = await ctl('create', 'web:v1', 'helios-test/busybox:latest', '-p', `http=80:${port}`, '-q')
  expect(created.code).toBe(0)
  id = created.stdout.trim()
  expect((await ctl('create', 'idle:v1', 'helios-test/busybox:latest')).code).toBe(0)
  expect((await ctl('deploy', 'web:v1', host)).code).toBe(0)
  await waitRunning(cluster.server, `web-v1@${host}`)
})
afterAll(async () => {
  await cluster?.stop()
})

test('jobs --json maps full ids to Jobs; -q prints full ids', async () => {
  const jobs = await json('jobs')
  expect(Object.keys(jobs)).toHaveLength(2)
  for (const job of Object.values(jobs)) expect(fieldsOf(job)).toEqual(JOB_FIELDS)
  expect(jobs[id]).toMatchObject({ id, image: 'helios-test/busybox:latest', hostname: null, token: '' })
  expect(fieldsOf(jobs[id].ports.http)).toEqual(PORT_MAPPING_FIELDS)
  expect(jobs[id].ports.http).toMatchObject({ internalPort: 80, externalPort: port, protocol: 'tcp' })
  const quiet = await ctl('jobs', 'web', '-q')
  expect(quiet).toMatchObject({ code: 0, stdout: `${id}\n` })
})

test("hosts --json maps the host to HostStatus with a real agent's HostInfo and AgentInfo; -s matching nothing exits 1", async () => {
  const hosts = await json('hosts')
  const status = hosts[host]
  expect(fieldsOf(status)).toEqual(HOST_STATUS_FIELDS)
  expect(status).toMatchObject({ status: 'UP', labels: { role: 'web' } })
  expect(fieldsOf(status.hostInfo)).toEqual(HOST_INFO_FIELDS)
  expect(status.hostInfo.cpus).toBeGreaterThan(0)
  expect(fieldsOf(status.hostInfo.dockerVersion)).toEqual(DOCKER_VERSION_FIELDS)
  expect(status.hostInfo.dockerVersion.version).toMatch(/^\d+\./)
  expect(fieldsOf(status.agentInfo)).toEqual(AGENT_INFO_FIELDS)
  expect(status.agentInfo.startTime).toBeLessThanOrEqual(Date.now())
  expect(fieldsOf(status.jobs[id])).toEqual(DEPLOYMENT_FIELDS)
  expect(fieldsOf(status.statuses[id])).toEqual(TASK_STATUS_FIELDS)
  expect(status.statuses[id].state).toBe('RUNNING')

  const none = await ctl('hosts', '-s', 'role=nothing')
  expect(none.code).toBe(1)
  expect(none.stdout).toBe('')
  expect(await ctl('--json', 'hosts', '-s', 'role=nothing')).toEqual({ code: 1, stdout: '{}\n', stderr: '' })
})

test('status --json maps job ids to JobStatus with taskStatuses by host; --host nohost exits 1', async () => {
  const statuses = await json('status')
  for (const status of Object.values(statuses)) expect(fieldsOf(status)).toEqual(JOB_STATUS_FIELDS)
  const web = statuses[id]
  expect(Object.keys(web.taskStatuses)).toEqual([host])
  const task = web.taskStatuses[host]
  expect(fieldsOf(task)).toEqual(TASK_STATUS_FIELDS)
  expect(task).toMatchObject({ state: 'RUNNING', goal: 'START', throttled: 'NO' })
  expect(task.ports.http).toMatchObject({ internalPort: 80, externalPort: port })
  expect(fieldsOf(task.job)).toEqual(JOB_FIELDS)
  expect(fieldsOf(web.deployments[host])).toEqual(DEPLOYMENT_FIELDS)

  const nohost = await ctl('status', '--host', 'nohost')
  expect(nohost.code).toBe(1)
  expect(nohost.stderr).toContain("There are no jobs deployed to hosts with the host pattern 'nohost'")
})

test('version --json is {clientVersion, masterVersion}', async () => {
  const version = await json('version')
  expect(fieldsOf(version)).toEqual(VERSION_RESPONSE_FIELDS)
  expect(version.masterVersion).toMatch(/\d/)
})

test('undeploy --json answers JobUndeployResponse; history then ends with STOPPED; undeploy -a again says deployed nowhere', async () => {
  const undeployed = await ctl('--json', 'undeploy', 'web:v1', host)
  expect(undeployed.code).toBe(0)
  const response = JSON.parse(undeployed.stdout)
  expect(fieldsOf(response)).toEqual(UNDEPLOY_RESPONSE_FIELDS)
  expect(response).toEqual({ host, job: id, status: 'OK' })

  const history = await waitFor(
    async () => {
      const events = (await json('history', 'web:v1')).events as { status: { state: string } }[]
      return events.at(-1)?.status.state === 'STOPPED' ? events : undefined
    },
    { timeoutMs: 60_000, what: 'a STOPPED row ending the history of web:v1' },
  )
  expect(history.map((e) => e.status.state)).toContain('RUNNING')
  const full = await json('history', 'web:v1')
  expect(fieldsOf(full)).toEqual(TASK_STATUS_EVENTS_FIELDS)
  for (const event of full.events) {
    expect(fieldsOf(event)).toEqual(TASK_STATUS_EVENT_FIELDS)
    expect(fieldsOf(event.status)).toEqual(TASK_STATUS_FIELDS)
  }
  expect((await ctl('history', 'web:v1')).stdout).toMatch(new RegExp(`\\n${host} +\\S+ \\S+ +STOPPED +NO +\\w+\\n$`))

  expect(await ctl('undeploy', '-a', 'web:v1')).toEqual({
    code: 0,
    stdout: `${id} is not currently deployed on any hosts.\n`,
    stderr: '',
  })
})
