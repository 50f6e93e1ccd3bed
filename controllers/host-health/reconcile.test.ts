import { describe, expect, test } from 'vitest'
import { type AnyObject, Host } from '../../apis/index.js'
import { staticLister, type Writer } from '../lister.js'
import { hostHealthReconciler } from './reconcile.js'

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
})
