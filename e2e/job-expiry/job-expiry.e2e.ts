// Job expiry on a real ZooKeeper: the job controller removes an expired token Job's Deployments and then
// the Job itself, sending the Job's token to an apiserver that enforces it.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { silentLog } from '../../apiserver/log.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { serveTestApp, type TestServer } from '../../apiserver/test-fixture.js'
import { startControllers } from '../../controllers/main.js'
import { randomId, startZooKeeper, waitFor, type ZooKeeperHandle } from '../harness.js'

const API = '/apis/helios/v1'
let zk: ZooKeeperHandle
let server: TestServer
let stopControllers: () => Promise<void>
beforeAll(async () => {
  zk = await startZooKeeper()
  const store = new ZooKeeperStore({ connect: zk.connect, root: `/expiry-${randomId()}`, log: silentLog })
  await store.start()
  server = await serveTestApp({ store })
  stopControllers = await startControllers({ server: server.url, log: silentLog })
})
afterAll(async () => {
  await stopControllers?.()
  await server?.close()
  await zk?.stop()
})

test('an expired token Job loses its Deployments, then is removed; a later expiry waits', async () => {
  const soon = new Date(Date.now() + 2_000).toISOString()
  const later = new Date(Date.now() + 3_600_000).toISOString()
  const job = (name: string, expires: string) => ({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name },
    spec: { image: 'busybox', expires, token: 't0k' },
  })
  expect((await server.call('POST', `${API}/jobs`, job('brief:v1', soon))).status).toBe(201)
  expect((await server.call('POST', `${API}/jobs`, job('long:v1', later))).status).toBe(201)
  for (const [name, jobName] of [
    ['brief', 'brief:v1'],
    ['long', 'long:v1'],
  ]) {
    const d = { apiVersion: 'helios/v1', kind: 'Deployment', metadata: { name }, spec: { job: jobName, hosts: ['h1'] } }
    expect((await server.call('POST', `${API}/deployments?token=t0k`, d)).status).toBe(201)
  }
  await waitFor(async () => (await server.call('GET', `${API}/jobs/brief:v1`)).status === 404, {
    timeoutMs: 15_000,
    what: 'brief:v1 removed after it expired',
  })
  expect((await server.call('GET', `${API}/deployments/brief`)).status).toBe(404)
  expect((await server.call('GET', `${API}/jobs/long:v1`)).status).toBe(200)
  expect((await server.call('GET', `${API}/deployments/long`)).status).toBe(200)
})
