import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { HeliosClient } from '../client/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { heartbeat, type RegistrarDeps, registerHost, runRegistrar } from './registrar.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'

const facts = {
  hostname: 'box',
  os: 'Linux 6.1',
  architecture: 'x64',
  cpus: 2,
  memoryTotalBytes: 8e9,
  memoryFreeBytes: 4e9,
  loadAvg: 0.5,
}
let server: FakeApiServer
let deps: RegistrarDeps
const logs: string[] = []

beforeEach(async () => {
  server = new FakeApiServer()
  const url = await server.listen()
  deps = {
    client: new HeliosClient(url),
    runtime: new HollowRuntime(),
    hostName: 'h1',
    labels: { role: 'web', zone: 'a' },
    agentVersion: '0.1.0',
    startedAt: '2024-01-01T00:00:00.000Z',
    clock: new ManualClock(),
    log: (level, msg) => logs.push(`${level} ${msg}`),
    hostFacts: () => facts,
  }
})
afterEach(() => server.close())

describe('registrar', () => {
  test('creates the Host bare, then heartbeats status UP with its flag labels, host and Docker facts', async () => {
    const host = await registerHost(deps)
    expect(server.get('hosts', 'h1')?.metadata.labels ?? {}).toEqual({})
    await heartbeat(deps, host)
    expect(server.get('hosts', 'h1')?.status).toEqual({
      state: 'UP',
      labels: { role: 'web', zone: 'a' },
      lastHeartbeat: '2024-01-01T00:00:00.000Z',
      agentStartedAt: '2024-01-01T00:00:00.000Z',
      agentVersion: '0.1.0',
      hostInfo: { ...facts, dockerVersion: 'hollow', dockerApiVersion: '1.41' },
    })
  })

  test('reports the log endpoint address when the agent serves one', async () => {
    const host = await registerHost(deps)
    await heartbeat({ ...deps, agentAddress: '10.0.0.5:5803' }, host)
    expect(server.get('hosts', 'h1')?.status).toMatchObject({ state: 'UP', agentAddress: '10.0.0.5:5803' })
  })

  test('reports the IP its published ports are reached at (--address)', async () => {
    const host = await registerHost(deps)
    await heartbeat({ ...deps, address: '10.0.0.5' }, host)
    expect(server.get('hosts', 'h1')?.status).toMatchObject({ state: 'UP', address: '10.0.0.5' })
    await heartbeat(deps, host)
    expect(server.get('hosts', 'h1')?.status).not.toHaveProperty('address')
  })

  test("never writes an existing Host: its metadata labels are the users', the flag labels travel in status", async () => {
    server.put('hosts', {
      apiVersion: 'helios/v1',
      kind: 'Host',
      metadata: { name: 'h1', labels: { owner: 'ops', zone: 'b' }, annotations: {} },
      spec: { unschedulable: true },
    })
    const host = await registerHost(deps)
    expect(server.requests).toEqual(['GET /apis/helios/v1/hosts/h1'])
    await heartbeat(deps, host)
    expect(server.requests.slice(1)).toEqual(['PUT /apis/helios/v1/hosts/h1/status'])
    expect(server.get('hosts', 'h1')).toMatchObject({
      metadata: { labels: { owner: 'ops', zone: 'b' } },
      spec: { unschedulable: true },
      status: { labels: { role: 'web', zone: 'a' } },
    })
  })

  test('heartbeat failures are logged and retried, never fatal', async () => {
    await server.close()
    const abort = new AbortController()
    const clock = deps.clock as ManualClock
    const running = runRegistrar(deps, abort.signal)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(logs.filter((l) => l.startsWith('warn heartbeat failed'))).toHaveLength(1)
    clock.advance(1_200) // the first retry: 1 s ± 20%
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(logs.filter((l) => l.startsWith('warn heartbeat failed'))).toHaveLength(2)
    abort.abort()
    await running
  })
})
