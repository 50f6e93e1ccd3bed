/** @module The Store contract for Holdings (references and claims), run on MemoryStore (unit) and ZooKeeperStore (e2e). */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AnyObject, Kind } from '../../apis/index.js'
import type { Holdings, Store } from './store.js'
import type { StoreFactory, StoreFixture } from './store-contract.js'

const object = (kind: Kind, name: string): AnyObject => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name, labels: {}, annotations: {} },
  spec: {},
})
const holds = (references: string[], claims: string[] = []): Holdings => ({
  references: references.map((name) => ({ kind: 'Job', name })),
  claims,
})
/** Rounds of each race: enough to interleave, bounded so the suite stays quick against a real ZooKeeper. */
const ROUNDS = 25

/** Registers the holdings contract for one Store implementation. */
export function holdingsContract(name: string, factory: StoreFactory): void {
  describe(`${name} (Store holdings contract)`, () => {
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

    test('a reference to a missing object is refused and stores nothing', async () => {
      await expect(store.create(object('Deployment', 'web'), { holds: holds(['gone:v1']) })).rejects.toMatchObject({
        code: 'Conflict',
        message: 'job "gone:v1" does not exist (deleted concurrently?); nothing was written',
      })
      await expect(store.get('Deployment', 'web')).rejects.toMatchObject({ code: 'NotFound' })
    })

    test('an object referred to cannot be deleted until every referrer lets go', async () => {
      await store.create(object('Job', 'web:v1'))
      await store.create(object('Job', 'web:v2'))
      const a = await store.create(object('Deployment', 'a'), { holds: holds(['web:v1']) })
      await store.create(object('Deployment', 'b'), { holds: holds(['web:v1']) })
      await expect(store.delete('Job', 'web:v1')).rejects.toMatchObject({
        code: 'Conflict',
        message: expect.stringMatching(/^job "web:v1" is still referred to by deployment "(a|b)", deployment "(a|b)"$/),
      })
      await store.delete('Deployment', 'b')
      // An update without holds keeps what the object holds; one with holds replaces it.
      const a2 = await store.update(a)
      await expect(store.delete('Job', 'web:v1')).rejects.toMatchObject({ code: 'Conflict' })
      await store.update(a2, { holds: holds(['web:v2']) })
      await store.delete('Job', 'web:v1')
      await expect(store.delete('Job', 'web:v2')).rejects.toMatchObject({ code: 'Conflict' })
      await store.delete('Deployment', 'a')
      await store.delete('Job', 'web:v2')
      expect((await store.list('Job')).items).toEqual([])
    })

    test('a claim is held by one object at a time, released by update and delete', async () => {
      const port = 'host h1 port 80/tcp'
      const a = await store.create(object('Deployment', 'a'), { holds: holds([], [port, 'other']) })
      await expect(store.create(object('Deployment', 'b'), { holds: holds([], [port]) })).rejects.toMatchObject({
        code: 'Conflict',
        message: 'host h1 port 80/tcp is already claimed by deployment "a"',
      })
      await expect(store.get('Deployment', 'b')).rejects.toMatchObject({ code: 'NotFound' })
      const b = await store.create(object('Deployment', 'b'))
      await expect(store.update(b, { holds: holds([], [port]) })).rejects.toMatchObject({ code: 'Conflict' })
      // Re-claiming what it holds is no clash; letting go frees it.
      const a2 = await store.update(a, { holds: holds([], [port]) })
      await store.update(a2, { holds: holds([], []) })
      await store.update(b, { holds: holds([], [port]) })
      await store.delete('Deployment', 'b')
      await store.create(object('Deployment', 'c'), { holds: holds([], [port, 'other']) })
    })

    test('racing claims: exactly one of two objects taking one claim wins, every round', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const claim = `host h1 port ${10000 + round}/tcp`
        const writes = ['x', 'y'].map((n) =>
          store.create(object('Deployment', `${n}${round}`), { holds: holds([], [claim]) }),
        )
        const results = await Promise.allSettled(writes)
        expect(
          results.filter((r) => r.status === 'fulfilled'),
          `round ${round}`,
        ).toHaveLength(1)
        const names = (await store.list('Deployment')).items.filter((d) => d.metadata.name.endsWith(`${round}`))
        expect(names, `round ${round}`).toHaveLength(1)
      }
    })

    test('a write takes over a claim from an object it updates alongside, in one transaction', async () => {
      const claim = 'host h1 job web:v1'
      const a = await store.create(object('Deployment', 'a'), { holds: holds([], [claim, 'kept']) })
      const handedOver = { ...a, spec: { handedOver: true } }
      const b = await store.create(object('Deployment', 'b'), {
        holds: holds([], [claim]),
        alongside: [{ object: handedOver, holds: holds([], ['kept']) }],
      })
      expect(b.metadata.name).toBe('b')
      const stored = await store.get('Deployment', 'a')
      expect(stored.spec).toEqual({ handedOver: true })
      expect(BigInt(stored.metadata.resourceVersion ?? 0)).toBeGreaterThan(BigInt(a.metadata.resourceVersion ?? 0))
      // b holds the claim now, a still holds what it kept.
      await expect(store.create(object('Deployment', 'c'), { holds: holds([], [claim]) })).rejects.toMatchObject({
        message: `${claim} is already claimed by deployment "b"`,
        causes: [
          { field: '~claim', message: claim },
          { field: '~holder', message: 'deployment "b"' },
        ],
      })
      await expect(store.create(object('Deployment', 'c'), { holds: holds([], ['kept']) })).rejects.toMatchObject({
        message: 'kept is already claimed by deployment "a"',
      })
      // An update may take over too.
      const b2 = await store.get('Deployment', 'b')
      const a2 = await store.update(
        { ...stored, spec: { again: true } },
        { alongside: [{ object: b2, holds: holds([], []) }], holds: holds([], [claim, 'kept']) },
      )
      expect(a2.spec).toEqual({ again: true })
      await store.create(object('Deployment', 'd'), { holds: holds([], ['free']) })
      await expect(store.create(object('Deployment', 'e'), { holds: holds([], [claim]) })).rejects.toMatchObject({
        message: `${claim} is already claimed by deployment "a"`,
      })
    })

    test('a stale alongside object, or a claim held elsewhere, fails the whole write: nothing changes', async () => {
      const a = await store.create(object('Deployment', 'a'), { holds: holds([], ['c1']) })
      await store.create(object('Deployment', 'x'), { holds: holds([], ['c2']) })
      const a2 = await store.update({ ...a, spec: { moved: 1 } })
      await expect(
        store.create(object('Deployment', 'b'), {
          holds: holds([], ['c1']),
          alongside: [{ object: a, holds: holds([], []) }],
        }),
      ).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/^deployment "a"/) })
      await expect(
        store.create(object('Deployment', 'b'), {
          holds: holds([], ['c1', 'c2']),
          alongside: [{ object: a2, holds: holds([], []) }],
        }),
      ).rejects.toMatchObject({ code: 'Conflict', message: 'c2 is already claimed by deployment "x"' })
      await expect(store.get('Deployment', 'b')).rejects.toMatchObject({ code: 'NotFound' })
      expect((await store.get('Deployment', 'a')).metadata.resourceVersion).toBe(a2.metadata.resourceVersion)
      // a kept c1 through both failures.
      await expect(store.create(object('Deployment', 'y'), { holds: holds([], ['c1']) })).rejects.toMatchObject({
        message: 'c1 is already claimed by deployment "a"',
      })
    })

    test('racing a takeover against the holder changing: exactly one wins and the claim has one holder, every round', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const claim = `host h${round} job race:v1`
        const a = await store.create(object('Deployment', `a${round}`), { holds: holds([], [claim]) })
        const [takeover, change] = await Promise.allSettled([
          store.create(object('Deployment', `b${round}`), {
            holds: holds([], [claim]),
            alongside: [{ object: a, holds: holds([], []) }],
          }),
          store.update({ ...a, spec: { changed: true } }, { ifVersion: a.metadata.resourceVersion ?? '' }),
        ])
        expect(
          [takeover.status, change.status].filter((s) => s === 'fulfilled'),
          `round ${round}`,
        ).toHaveLength(1)
        const holder = takeover.status === 'fulfilled' ? `b${round}` : `a${round}`
        await expect(
          store.create(object('Deployment', `z${round}`), { holds: holds([], [claim]) }),
          `round ${round}`,
        ).rejects.toMatchObject({ message: `${claim} is already claimed by deployment "${holder}"` })
      }
    })

    test('racing a delete against a referrer: never a referrer of a deleted object, every round', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const job = `race${round}:v1`
        await store.create(object('Job', job))
        const [created, deleted] = await Promise.allSettled([
          store.create(object('Deployment', `d${round}`), { holds: holds([job]) }),
          store.delete('Job', job),
        ])
        expect(created.status === 'fulfilled' && deleted.status === 'fulfilled', `round ${round}`).toBe(false)
        expect(created.status === 'fulfilled' || deleted.status === 'fulfilled', `round ${round}`).toBe(true)
        const jobThere = (await store.list('Job')).items.some((j) => j.metadata.name === job)
        const deploymentThere = (await store.list('Deployment')).items.some((d) => d.metadata.name === `d${round}`)
        expect(!deploymentThere || jobThere, `round ${round}`).toBe(true)
      }
    })
  })
}
