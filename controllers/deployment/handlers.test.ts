import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type AnyObject, type Deployment, type Host, type Task, withHandedOver } from '../../apis/index.js'
import { FakeWatchServer } from '../../client/testing/fake-watch-server.js'
import { until } from '../../client/testing/until.js'
import { type SharedInformers, sharedInformers } from '../informers.js'
import { converged, FLEET_T0, fleetHost, fleetJob, heartbeat } from '../testing/fleet.js'
import { enqueueDependents } from './handlers.js'

const HOSTS = 20
const slotOf = (i: number) => i % HOSTS

/**
 * 1,000 Deployments on 20 hosts (label slot=<n>): 500 selecting one slot, 300 settled replica Deployments (1 replica
 * on one slot), 199 naming one host, and `hungry`: 5 replicas on every host with only 2 placed. named-0 shares sel-0's
 * Job. Each has its Tasks RUNNING.
 */
function cluster() {
  const hosts = Array.from({ length: HOSTS }, (_, i) => fleetHost(`h${i}`, { slot: String(i) }))
  const made = [
    ...Array.from({ length: 500 }, (_, i) =>
      converged(`sel-${i}`, fleetJob(`sel-${i}:v1`), { hostSelector: [`slot=${slotOf(i)}`] }, [`h${slotOf(i)}`]),
    ),
    ...Array.from({ length: 300 }, (_, i) =>
      converged(`rep-${i}`, fleetJob(`rep-${i}:v1`), { replicas: 1, hostSelector: [`slot=${slotOf(i)}`] }, [
        `h${slotOf(i)}`,
      ]),
    ),
    ...Array.from({ length: 199 }, (_, i) => {
      const job = fleetJob(i === 0 ? 'sel-0:v1' : `named-${i}:v1`)
      return converged(`named-${i}`, job, { hosts: [`h${slotOf(i)}`] }, [`h${slotOf(i)}`])
    }),
    converged('hungry', fleetJob('hungry:v1'), { replicas: 5 }, ['h0', 'h1']),
  ]
  return { hosts, deployments: made.map((m) => m.deployment), tasks: made.flatMap((m) => m.tasks) }
}

let server: FakeWatchServer
let informers: SharedInformers
let keys: string[] = []
const abort = new AbortController()
const stored = new Map<string, AnyObject>()

/** Stores `obj` on the server and waits until the informers have it (and the handlers ran). */
async function write(obj: AnyObject, wait = true): Promise<void> {
  const rv = server.set(obj).metadata.resourceVersion
  stored.set(`${obj.kind}/${obj.metadata.name}`, { ...obj, metadata: { ...obj.metadata, resourceVersion: rv } })
  if (!wait) return
  const informer = obj.kind === 'Host' ? informers.hosts : obj.kind === 'Task' ? informers.tasks : informers.deployments
  await until(
    () => informer.get(obj.metadata.name)?.metadata.resourceVersion === rv,
    `${obj.kind} ${obj.metadata.name}`,
  )
}

async function remove(kind: 'Task' | 'Deployment', name: string): Promise<void> {
  server.delete(kind, name)
  const informer = kind === 'Task' ? informers.tasks : informers.deployments
  await until(() => informer.get(name) === undefined, `${kind} ${name} gone`)
}

const current = <T>(kind: string, name: string): T => {
  const obj = stored.get(`${kind}/${name}`)
  if (!obj) throw new Error(`no ${kind} ${name}`)
  return obj as T
}
const enqueued = () => [...new Set(keys)].sort()

beforeAll(async () => {
  server = new FakeWatchServer()
  const { hosts, deployments, tasks } = cluster()
  for (const obj of [...hosts, ...deployments, ...tasks] as AnyObject[]) {
    const s = server.set(obj)
    stored.set(`${obj.kind}/${obj.metadata.name}`, s)
  }
  informers = sharedInformers(server, () => {})
  enqueueDependents(informers, (name) => keys.push(name))
  await informers.start(abort.signal)
  expect(informers.deployments.list()).toHaveLength(1000)
})
afterAll(() => abort.abort())
beforeEach(() => {
  keys = []
})

describe('deployment controller handlers with 1,000 Deployments', () => {
  test('1,000 heartbeats (every host, 50 rounds) enqueue no Deployment', async () => {
    for (let round = 1; round <= 50; round++) {
      for (let h = 0; h < HOSTS; h++) {
        const last = round === 50 && h === HOSTS - 1
        await write(heartbeat(current<Host>('Host', `h${h}`), FLEET_T0 + round * 10_000) as AnyObject, last)
      }
    }
    expect(keys).toEqual([])
  })

  test('a Task status report enqueues its own Deployment only', async () => {
    const t = current<Task>('Task', 'rep-3@h3')
    await write({ ...t, status: { ...t.status, updatedAt: new Date(FLEET_T0 + 1).toISOString() } } as AnyObject)
    expect(keys).toEqual(['rep-3'])
  })

  test('a new START Task enqueues its Deployment and the unsettled replica Deployments that may place there', async () => {
    const [t] = converged('named-5', fleetJob('named-5:v1'), { hosts: ['h7'] }, ['h7']).tasks
    await write(t as AnyObject)
    // Not the 15 settled replica Deployments of slot 7, nor any other of the 1,000.
    expect(enqueued()).toEqual(['hungry', 'named-5'])
  })

  test('a new STOP Task loads no host: its Deployment (the only user of its Job) only', async () => {
    const [t] = converged('named-6', fleetJob('named-6:v1'), { hosts: ['h9'], goal: 'STOP' }, ['h9']).tasks
    await write(t as AnyObject)
    expect(enqueued()).toEqual(['named-6'])
  })

  test('a Task gone enqueues its Deployment, the other users of its Job, and the unsettled replicas of its host', async () => {
    await remove('Task', 'sel-0@h0')
    expect(enqueued()).toEqual(['hungry', 'named-0', 'sel-0'])
  })

  test('a label change enqueues exactly the Deployments that matched the host before or after, or hold it', async () => {
    const h3 = current<Host>('Host', 'h3')
    await write({ ...h3, metadata: { ...h3.metadata, labels: { slot: '4' } } } as AnyObject)
    const slot = (prefix: string, n: number, slots: number[]) =>
      Array.from({ length: n }, (_, i) => i)
        .filter((i) => slots.includes(slotOf(i)))
        .map((i) => `${prefix}-${i}`)
    const expected = [
      ...slot('sel', 500, [3, 4]),
      ...slot('rep', 300, [3, 4]),
      ...slot('named', 199, [3]),
      'hungry', // replicas on every host
    ].sort()
    expect(enqueued()).toEqual(expected)
  })

  test('cordon, drain, DOWN and capacity are Host changes that matter; a heartbeat while DOWN too', async () => {
    const h5 = current<Host>('Host', 'h5')
    const changes: Array<(h: Host) => Host> = [
      (h) => ({ ...h, spec: { ...h.spec, unschedulable: true } }),
      (h) => ({ ...h, spec: { ...h.spec, drain: true } }),
      (h) => ({ ...h, status: { ...(h.status as NonNullable<Host['status']>), state: 'DOWN' } }),
      (h) => heartbeat(h, FLEET_T0 + 999_999),
      (h) => ({ ...h, status: { ...(h.status as NonNullable<Host['status']>), state: 'UP' } }),
      (h) => {
        const status = h.status as NonNullable<Host['status']>
        const info = status.hostInfo as NonNullable<typeof status.hostInfo>
        return { ...h, status: { ...status, hostInfo: { ...info, cpus: 64 } } }
      },
    ]
    let host = h5
    for (const [i, change] of changes.entries()) {
      keys = []
      host = change(host)
      await write(host as AnyObject)
      expect(enqueued(), `change ${i}`).toContain('sel-5')
      expect(enqueued(), `change ${i}`).toContain('hungry')
      expect(enqueued(), `change ${i}`).not.toContain('sel-6')
    }
  })
})

describe('deployment controller handlers: Deployments that depend on other Deployments', () => {
  test('a status-only change enqueues the Deployment alone', async () => {
    const d = current<Deployment>('Deployment', 'sel-0')
    await write({ ...d, status: { ...(d.status as object), message: 'progress' } } as AnyObject)
    expect(keys).toEqual(['sel-0'])
  })

  test('a change of what holds hosts for a Job enqueues the other users of the Job, before and after', async () => {
    const d = current<Deployment>('Deployment', 'named-0')
    await write({ ...d, spec: { ...d.spec, job: 'named-7:v1' } } as AnyObject)
    expect(enqueued()).toEqual(['named-0', 'named-7', 'sel-0'])
  })

  test('a handover enqueues the taker; the taker gone enqueues its hand deploys (to take their hosts back)', async () => {
    const taker = converged('taker', fleetJob('named-8:v1'), { hostSelector: ['slot=8'] }, []).deployment
    await write(taker as AnyObject)
    keys = []
    const hand = current<Deployment>('Deployment', 'named-9')
    const annotations = withHandedOver({ 'helios/imperative': 'true' }, { h9: 'taker' })
    await write({ ...hand, metadata: { ...hand.metadata, annotations } } as AnyObject)
    expect(enqueued()).toEqual(['named-9', 'taker'])
    keys = []
    await remove('Deployment', 'taker')
    expect(enqueued()).toEqual(['named-8', 'named-9', 'taker'])
  })
})
