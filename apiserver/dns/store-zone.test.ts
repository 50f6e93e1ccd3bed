// The zone follows the Endpoints in the store: created, changed and deleted objects show in the next answer.
import type { Question } from 'dns-packet'
import { afterEach, expect, test } from 'vitest'
import { type Endpoint, parseObject } from '../../apis/index.js'
import { silentLog } from '../log.js'
import { MemoryStore } from '../storage/memory-store.js'
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

let following: StoreZone | undefined
afterEach(() => following?.stop())

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
}

test('listed first, then every change; unknown until the list is read', async () => {
  const store = new MemoryStore()
  await store.create(endpoints([endpoint('h1', '10.0.0.1')]))
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
  expect(answerQuestion(following.zone()!, { name: 'h2.helios', type: 'A' }, 5).answers).toHaveLength(1)

  await store.delete('Endpoints', 'web.http')
  expect(srv().rcode).toBe('NXDOMAIN')
})
