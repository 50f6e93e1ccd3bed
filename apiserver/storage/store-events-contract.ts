/** @module The Store contract for Events written with an object (WriteOptions.events, trimEvents), run on MemoryStore (unit) and ZooKeeperStore (e2e). */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AnyObject, Kind } from '../../apis/index.js'
import type { Store } from './store.js'
import type { StoreFactory, StoreFixture } from './store-contract.js'

const object = (kind: Kind, name: string, spec: Record<string, unknown> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name, labels: {}, annotations: {} },
  spec,
})

const event = (name: string, about = 'web:v1'): AnyObject =>
  ({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name, labels: {}, annotations: {} },
    involvedObject: { kind: 'Job', name: about },
    type: 'Normal',
    reason: 'Created',
    message: `${name} happened`,
    source: { component: 'apiserver' },
    timestamp: '2026-01-01T00:00:00.000Z',
  }) as unknown as AnyObject

/** Registers the events contract for one Store implementation. */
export function eventsContract(name: string, factory: StoreFactory): void {
  describe(`${name} (Store contract: Events written with an object)`, () => {
    let fixture: StoreFixture
    let store: Store
    beforeEach(async () => {
      fixture = await factory({ historySize: 100 })
      store = fixture.store
    })
    afterEach(async () => {
      await store.close()
      await fixture.cleanup?.()
    })

    const eventNames = async () => (await store.list('Event')).items.map((e) => e.metadata.name).sort()
    const rv = (obj: AnyObject) => BigInt(obj.metadata.resourceVersion ?? 'x')

    test('create, update and delete store their Events with them, listed at once, never older than the write', async () => {
      const created = await store.create(object('Job', 'web:v1'), { events: [event('e1'), event('e2')] })
      expect(await eventNames()).toEqual(['e1', 'e2'])
      const updated = await store.update(object('Job', 'web:v1', { image: 'b' }), { events: [event('e3')] })
      await store.delete('Job', 'web:v1', { events: [event('e4')] })
      const events = (await store.list('Event')).items
      expect(events.map((e) => e.metadata.name).sort()).toEqual(['e1', 'e2', 'e3', 'e4'])
      const version = (n: string) => rv(events.find((e) => e.metadata.name === n) as AnyObject)
      expect(version('e1')).toBeGreaterThanOrEqual(rv(created))
      expect(version('e3')).toBeGreaterThanOrEqual(rv(updated))
      expect(version('e4')).toBeGreaterThan(rv(updated))
    })

    test('a write that fails stores none of its Events: taken name, stale version, missing object, held name', async () => {
      await store.create(object('Job', 'web:v1'))
      await expect(store.create(object('Job', 'web:v1'), { events: [event('a')] })).rejects.toMatchObject({
        code: 'AlreadyExists',
      })
      await expect(
        store.update(object('Job', 'web:v1', { image: 'x' }), { ifVersion: '0', events: [event('b')] }),
      ).rejects.toMatchObject({ code: 'Conflict' })
      await expect(store.update(object('Job', 'gone:v1'), { events: [event('c')] })).rejects.toMatchObject({
        code: 'NotFound',
      })
      await expect(store.delete('Job', 'gone:v1', { events: [event('d')] })).rejects.toMatchObject({
        code: 'NotFound',
      })
      const claims = { references: [], claims: ['host h1 port 80/tcp'] }
      await store.create(object('Deployment', 'a'), { holds: claims })
      await expect(
        store.create(object('Deployment', 'b'), { holds: claims, events: [event('e')] }),
      ).rejects.toMatchObject({ code: 'Conflict' })
      expect(await eventNames()).toEqual([])
      await expect(store.get('Deployment', 'b')).rejects.toMatchObject({ code: 'NotFound' })
    })

    test('an Event whose name is taken fails the whole write, naming the Event; the object is not written', async () => {
      await store.create(event('taken'))
      await expect(store.create(object('Job', 'web:v1'), { events: [event('taken', 'other')] })).rejects.toMatchObject({
        code: 'AlreadyExists',
        message: 'event "taken" already exists',
      })
      await expect(store.get('Job', 'web:v1')).rejects.toMatchObject({ code: 'NotFound' })
      const stored = await store.get('Event', 'taken')
      expect((stored as unknown as { involvedObject: { name: string } }).involvedObject.name).toBe('web:v1')
    })

    test('trimEvents deletes the Events named that exist, skips those gone, and may trim the new one itself', async () => {
      await store.create(event('old1'))
      await store.create(event('old2'))
      await store.create(object('Job', 'web:v1'), { events: [event('new1')], trimEvents: ['old1', 'never-was'] })
      expect(await eventNames()).toEqual(['new1', 'old2'])
      await store.update(object('Job', 'web:v1', { image: 'b' }), { events: [event('new2')], trimEvents: ['new2'] })
      expect(await eventNames()).toEqual(['new1', 'old2'])
      await store.delete('Job', 'web:v1', { trimEvents: ['old2', 'old1'] })
      expect(await eventNames()).toEqual(['new1'])
      await expect(store.get('Job', 'web:v1')).rejects.toMatchObject({ code: 'NotFound' })
    })
  })
}
