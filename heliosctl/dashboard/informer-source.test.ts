import { afterEach, expect, test } from 'vitest'
import { type AnyObject, ApiError, type Kind, type ListBody, type WatchEvent } from '../../apis/index.js'
import type { Clock, InformerClient } from '../../client/index.js'
import { deployment, host } from '../testing/fixtures.js'
import { startInformerSource } from './informer-source.js'
import type { DashboardSource } from './snapshot.js'

/** An apiserver that can go away: lists answer from `objects`; watches hang until the server goes down, and fail while it is. */
function flakyApiserver() {
  let up = true
  let objects: AnyObject[] = []
  let rv = 1
  const dropWatches: Array<() => void> = []
  const client: InformerClient = {
    async list<K extends Kind>(kind: K) {
      if (!up) throw new ApiError('Unavailable', 'cannot reach apiserver at http://x (ECONNREFUSED)')
      const items = objects.filter((o) => o.kind === kind)
      return {
        kind: 'List',
        apiVersion: 'helios/v1',
        metadata: { resourceVersion: String(rv) },
        items,
      } as ListBody<never>
    },
    async *watch<K extends Kind>(
      _kind: K,
      opts: { signal?: AbortSignal; resourceVersion?: string } = {},
    ): AsyncGenerator<WatchEvent<never>> {
      if (!up) throw new ApiError('Unavailable', 'cannot reach apiserver at http://x (ECONNREFUSED)')
      // It keeps no history: a watch from before the last change is told to list again, as a server past its window.
      if (opts.resourceVersion !== String(rv)) {
        yield { type: 'ERROR', object: new ApiError('Expired', 'too old').toStatus() as never }
        return
      }
      await new Promise<void>((resolve) => {
        dropWatches.push(resolve)
        opts.signal?.addEventListener('abort', () => resolve(), { once: true })
      })
      if (!opts.signal?.aborted) throw new Error('terminated')
    },
  }
  return {
    client,
    set(...next: AnyObject[]) {
      objects = next.map((o) => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++rv) } }))
    },
    goDown() {
      up = false
      for (const drop of dropWatches.splice(0)) drop()
    },
    comeBack() {
      up = true
    },
  }
}

const fastClock: Clock = { now: () => Date.now(), sleep: () => new Promise((resolve) => setTimeout(resolve, 5)) }
let abort = new AbortController()
afterEach(() => {
  abort.abort()
  abort = new AbortController()
})

function start(client: InformerClient): DashboardSource {
  const act = async () => 'done'
  return startInformerSource({ client, server: 'http://x', act, clock: fastClock }, abort.signal)
}

test('lists every kind, goes live, says reconnecting while the apiserver is away and catches up when it is back', async () => {
  const api = flakyApiserver()
  api.set(host('h1'), deployment('web', 'web:v1', ['h1']))
  const source = start(api.client)
  let notified = 0
  source.subscribe(() => notified++)
  expect(source.getSnapshot().connection.state).toBe('connecting')
  await expect.poll(() => source.getSnapshot().connection.state).toBe('live')
  expect(source.getSnapshot().hosts.map((h) => h.metadata.name)).toEqual(['h1'])
  expect(source.getSnapshot().deployments.map((d) => d.metadata.name)).toEqual(['web'])
  expect(source.getSnapshot().server).toBe('http://x')
  expect(notified).toBeGreaterThan(0)

  api.goDown()
  await expect
    .poll(() => source.getSnapshot().connection)
    .toEqual({
      state: 'reconnecting',
      error: 'cannot reach apiserver at http://x (ECONNREFUSED)',
    })
  expect(source.getSnapshot().hosts).toHaveLength(1)

  api.set(host('h1'), host('h2'))
  api.comeBack()
  await expect.poll(() => source.getSnapshot().connection.state).toBe('live')
  await expect
    .poll(() =>
      source
        .getSnapshot()
        .hosts.map((h) => h.metadata.name)
        .sort(),
    )
    .toEqual(['h1', 'h2'])
  expect(source.getSnapshot().deployments).toEqual([])
})

test('goes live with nothing stored; the same snapshot object until something changes', async () => {
  const api = flakyApiserver()
  const source = start(api.client)
  await expect.poll(() => source.getSnapshot().connection.state).toBe('live')
  expect(source.getSnapshot()).toBe(source.getSnapshot())
})
