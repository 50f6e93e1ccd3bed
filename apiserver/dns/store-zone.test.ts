// The zone follows the Endpoints and Hosts in the store: created, changed and deleted objects show in the next answer;
// a heartbeat that keeps the address does not rebuild it.
import type { Question } from 'dns-packet'
import { afterEach, expect, test } from 'vitest'
import { type Endpoint, parseObject } from '../../apis/index.js'
import { silentLog } from '../log.js'
import { MemoryStore } from '../storage/memory-store.js'
import { until } from '../test-fixture.js'
import { answerQuestion } from './answer.js'
import { type StoreZone, storeZone } from './store-zone.js'

const endpoint = (host: string, address: string, ready = true): Endpoint => ({
  host,
  address,
  port: 20001,
  portName: 'http',
  transport: 'tcp',
  tags: [],
  domain: '',
  job: 'web:v1:abc',
  task: `web@${host}`,
  ready,
})
const endpoints = (list: Endpoint[]) =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Endpoints',
    metadata: { name: 'web.http' },
    spec: { service: 'web', protocol: 'http', endpoints: list },
  })

const hostObject = (name: string, address: string, lastHeartbeat = '2024-01-01T00:00:00Z') =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name },
    status: { state: 'UP', lastHeartbeat, address },
  })

let following: StoreZone | undefined
afterEach(() => following?.stop())

test('listed first, then every change; unknown until the list is read', async () => {
  const store = new MemoryStore()
  await store.create(endpoints([endpoint('h1', '10.0.0.1')]))
  await store.create(hostObject('h1', '10.0.0.1'))
  await store.create(hostObject('h2', '10.0.0.2'))
  following = storeZone(store, 'helios', silentLog)
  expect(following.zone()).toBeUndefined()
  await until(() => following?.zone() !== undefined)
  const srv = () => answerQuestion(following!.zone()!, { name: '_web._http.helios', type: 'SRV' } as Question, 5)
  expect(srv().answers).toHaveLength(1)

  const stored = await store.get('Endpoints', 'web.http')
  const both = {
    ...endpoints([endpoint('h1', '10.0.0.1'), endpoint('h2', '10.0.0.2', false)]),
    metadata: stored.metadata,
  }
  await store.update(both)
  expect(srv().answers).toHaveLength(1)
  const hostA = (name: string) =>
    answerQuestion(following!.zone()!, { name: `${name}.hosts.helios`, type: 'A' }, 5).answers.map(
      (a) => 'data' in a && a.data,
    )
  expect(hostA('h2')).toEqual(['10.0.0.2'])

  const zoneBefore = following.zone()
  const h2 = await store.get('Host', 'h2')
  await store.update({ ...hostObject('h2', '10.0.0.2', '2024-01-01T00:00:05Z'), metadata: h2.metadata })
  expect(following.zone()).toBe(zoneBefore)
  const h2Again = await store.get('Host', 'h2')
  await store.update({ ...hostObject('h2', '10.0.0.22'), metadata: h2Again.metadata })
  expect(hostA('h2')).toEqual(['10.0.0.22'])

  await store.delete('Endpoints', 'web.http')
  expect(srv().rcode).toBe('NXDOMAIN')
})
