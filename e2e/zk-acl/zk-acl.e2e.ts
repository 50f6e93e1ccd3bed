// --zk-acl-digest: nodes created by an apiserver with the digest are read-only to a session without it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AnyObject } from '../../apis/index.js'
import { silentLog } from '../../apiserver/log.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { randomId, startZooKeeper, type ZooKeeperHandle } from '../harness.js'

let zk: ZooKeeperHandle
const stores: ZooKeeperStore[] = []
beforeAll(async () => {
  zk = await startZooKeeper()
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await zk?.stop()
})

async function openStore(root: string, aclDigest?: string): Promise<ZooKeeperStore> {
  const store = new ZooKeeperStore({ connect: zk.connect, root, log: silentLog, sessionTimeoutMs: 4_000, aclDigest })
  stores.push(store)
  await store.start()
  return store
}

const host = (name: string, labels: Record<string, string> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels, annotations: {} },
  spec: { unschedulable: false },
})

describe('ZooKeeper digest ACLs', () => {
  test('only a session with the digest may create, setData or delete; anyone may read', {
    timeout: 60_000,
  }, async () => {
    const root = `/acl-${randomId()}`
    const owner = await openStore(root, 'helios:s3cret')
    await owner.create(host('h1'))
    await owner.create(host('h2'))

    const stranger = await openStore(root)
    expect((await stranger.get('Host', 'h1')).metadata.name).toBe('h1')
    expect((await stranger.list('Host')).items.map((o) => o.metadata.name).sort()).toEqual(['h1', 'h2'])
    const noAuth = { code: 'Internal', message: expect.stringContaining('(NO_AUTH): check --zk-acl-digest') }
    await expect(stranger.create(host('h3'))).rejects.toMatchObject(noAuth)
    await expect(stranger.update(host('h1', { zone: 'x' }))).rejects.toMatchObject(noAuth)
    await expect(stranger.delete('Host', 'h2')).rejects.toMatchObject(noAuth)

    // A wrong password is no better.
    const impostor = await openStore(root, 'helios:guess')
    await expect(impostor.update(host('h1', { zone: 'y' }))).rejects.toMatchObject(noAuth)

    // Nothing changed, and the digest's holder still writes.
    expect((await owner.get('Host', 'h1')).metadata.labels).toEqual({})
    const updated = await owner.update(host('h1', { zone: 'a' }))
    expect(updated.metadata.labels).toEqual({ zone: 'a' })
    await owner.delete('Host', 'h2')
    await owner.create(host('h3'))
  })
})
