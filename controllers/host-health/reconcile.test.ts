import { describe, expect, test } from 'vitest'
import { type AnyObject, Host } from '../../apis/index.js'
import { staticLister, type Writer } from '../lister.js'
import { hostHealthReconciler, sight } from './reconcile.js'

const NOW = Date.parse('2026-11-22T10:00:00Z')
const host = (state: 'UP' | 'DOWN', secondsAgo: number) =>
  Host.parse({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name: 'h1' },
    status: { state, lastHeartbeat: new Date(NOW - secondsAgo * 1000).toISOString() },
  })

async function run(h: Host) {
  const written: AnyObject[] = []
  const writer = { updateStatus: async (_k: string, obj: AnyObject) => written.push(obj) } as unknown as Writer
  const clock = { now: () => NOW, sleep: async () => {} }
  const result = await hostHealthReconciler({ hosts: staticLister([h]), writer, clock }).reconcile(
    'Host/h1',
    new AbortController().signal,
  )
  return { result, written }
}

describe('hostHealthReconciler', () => {
  test('a fresh heartbeat stays UP and is looked at again when the lease would run out', async () => {
    const { result, written } = await run(host('UP', 10))
    expect(written).toEqual([])
    expect(result.requeueAfterMs).toBe(30_100)
  })
  test('a stale heartbeat becomes DOWN', async () => {
    const { written } = await run(host('UP', 41))
    expect(written.map((h) => (h as Host).status?.state)).toEqual(['DOWN'])
  })
  test('a DOWN host is left alone until its agent heartbeats again', async () => {
    expect((await run(host('DOWN', 600))).written).toEqual([])
  })
  test('a heartbeat from the future counts from when it was seen: never a delay beyond the lease, DOWN once it stops', async () => {
    const future = Host.parse({
      apiVersion: 'helios/v1',
      kind: 'Host',
      metadata: { name: 'h1' },
      status: { state: 'UP', lastHeartbeat: '9999-01-01T00:00:00Z' },
    })
    let now = NOW
    const written: AnyObject[] = []
    const writer = { updateStatus: async (_k: string, obj: AnyObject) => written.push(obj) } as unknown as Writer
    const reconciler = hostHealthReconciler({
      hosts: staticLister([future]),
      writer,
      clock: { now: () => now, sleep: async () => {} },
    })
    const signal = new AbortController().signal
    expect((await reconciler.reconcile('Host/h1', signal)).requeueAfterMs).toBe(40_100)
    now += 40_100
    await reconciler.reconcile('Host/h1', signal)
    expect(written.map((h) => (h as Host).status?.state)).toEqual(['DOWN'])
  })
})
describe('sight', () => {
  test('a new value is seen now; the same value keeps its first sighting; a first sighting in the past keeps its time', () => {
    expect(sight(undefined, new Date(NOW - 5_000).toISOString(), NOW).at).toBe(NOW - 5_000)
    expect(sight(undefined, 'not a time', NOW).at).toBe(NOW)
    const first = sight(undefined, '9999-01-01T00:00:00Z', NOW)
    expect(first.at).toBe(NOW)
    expect(sight(first, '9999-01-01T00:00:00Z', NOW + 9_000)).toBe(first)
    expect(sight(first, '9999-01-01T00:00:01Z', NOW + 9_000).at).toBe(NOW + 9_000)
  })
})
