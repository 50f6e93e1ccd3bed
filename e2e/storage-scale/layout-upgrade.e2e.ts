// Upgrading in place: stores started on a root an older apiserver wrote flat move every Task and Event into its bucket.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type AnyObject, isApiError, KINDS, type Kind } from '../../apis/index.js'
import type { Log } from '../../apiserver/log.js'
import { bucketOf, encodeName } from '../../apiserver/storage/paths.js'
import { encodeObject } from '../../apiserver/storage/zk-ops.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { randomId, startZooKeeper, type ZooKeeperHandle } from '../harness.js'
import { type RawZooKeeper, rawZooKeeper } from './raw-zookeeper.js'

const TASKS = 3_000
const EVENTS = 300

let zk: ZooKeeperHandle
let raw: RawZooKeeper
beforeAll(async () => {
  zk = await startZooKeeper()
  raw = await rawZooKeeper(zk.connect)
})
afterAll(async () => {
  raw?.close()
  await zk?.stop()
})

const object = (kind: Kind, name: string, spec: Record<string, unknown>): AnyObject => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name, labels: {}, annotations: {} },
  spec,
})
const taskName = (i: number) => (i % 7 === 0 ? `web@h${i}~surge` : `web@h${i}`)

/** What an apiserver of the flat layout left: objects under `<root>/<plural>/<name>`, with their holdings. */
async function writeFlatLayout(root: string): Promise<Map<string, { path: string; data: Buffer }>> {
  const written = new Map<string, { path: string; data: Buffer }>()
  const put = async (obj: AnyObject, claims: string[] = []) => {
    const path = `${root}/${KINDS[obj.kind as Kind].plural}/${encodeName(obj.metadata.name)}`
    const data = encodeObject(obj, { references: [], claims })
    await raw.put(path, data)
    for (const claim of claims)
      await raw.put(`${root}/claims/${encodeName(claim)}`, Buffer.from(`Task/${obj.metadata.name}`))
    written.set(`${obj.kind}/${obj.metadata.name}`, { path, data })
  }
  await put(object('Job', 'web:v1', { image: 'busybox' }))
  for (let i = 0; i < 5; i++) await put(object('Host', `h${i}`, { unschedulable: false }))
  const queue = Array.from({ length: TASKS }, (_, i) => i)
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const claims = i % 7 === 0 ? [] : [`host h${i} runs job web:v1`]
        await put(object('Task', taskName(i), { host: `h${i}`, job: 'web:v1', n: i }), claims)
        if (i < EVENTS) await put(object('Event', `web.h${i}.lwx3k9a${i}-4f2c`, { reason: 'Started', n: i }))
      }
    }),
  )
  // A reference marker under a Task (the layout allows one under any object): it must move with its Task.
  await raw.put(`${written.get(`Task/${taskName(1)}`)?.path}/Deployment~web`)
  return written
}

function recordingLog(lines: Array<{ msg: string; fields: Record<string, unknown> }>): Log {
  return (_level, msg, fields = {}) => lines.push({ msg, fields })
}

test('two stores starting at once on a flat root move each Task and Event once; none serves a half-moved tree', {
  timeout: 170_000,
}, async () => {
  const root = `/upgrade-${randomId()}`
  const flat = await writeFlatLayout(root)
  const before = await raw.read(`${root}/tasks/${encodeName(taskName(5))}`)
  const logs = [[], []] as Array<Array<{ msg: string; fields: Record<string, unknown> }>>
  const stores = logs.map(
    (lines) => new ZooKeeperStore({ connect: zk.connect, root, log: recordingLog(lines), sessionTimeoutMs: 10_000 }),
  )
  // While they move, every read is either refused (Unavailable) or the very object: never a NotFound.
  let started = false
  const startedBoth = Promise.all(stores.map((s) => s.start())).then(() => (started = true))
  const probes = stores.map(async (store) => {
    const seen = { refused: 0, served: 0 }
    for (let i = 0; !started; i = (i + 97) % TASKS) {
      await new Promise((resolve) => setImmediate(resolve)) // a refusal is immediate: let ZooKeeper's replies in
      const got = await store.get('Task', taskName(i)).catch((err: unknown) => err)
      if (isApiError(got, 'Unavailable')) seen.refused++
      else {
        expect(got, `get ${taskName(i)} while moving`).toMatchObject({ spec: { n: i } })
        seen.served++
      }
    }
    return seen
  })
  await startedBoth
  const seen = await Promise.all(probes)
  expect(seen.reduce((n, s) => n + s.refused + s.served, 0)).toBeGreaterThan(0)

  // Each object was moved by exactly one of them.
  const moved = logs.flat().filter((l) => l.msg === 'moved objects stored flat into buckets')
  const total = (kind: string, key: string) =>
    moved.filter((l) => l.fields.kind === kind).reduce((n, l) => n + Number(l.fields[key]), 0)
  expect(total('Task', 'moved')).toBe(TASKS)
  expect(total('Event', 'moved')).toBe(EVENTS)
  expect(total('Task', 'duplicate') + total('Event', 'duplicate')).toBe(0)
  const split = logs.map((lines) => lines.filter((l) => l.msg.startsWith('moved')).map((l) => l.fields))
  console.log('moves per store:', JSON.stringify(split), 'reads while moving:', JSON.stringify(seen))

  // The tree: only buckets under tasks/ and events/, each object in its own with its data unchanged.
  for (const plural of ['tasks', 'events']) {
    const children = await raw.children(`${root}/${plural}`)
    expect(children.filter((c) => !/^~[0-9a-f]{2}$/.test(c))).toEqual([])
    expect(children).toHaveLength(256)
  }
  for (const [key, { data }] of flat) {
    const [kind, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)]
    const plural = KINDS[kind as Kind].plural
    const path = ['Task', 'Event'].includes(kind)
      ? `${root}/${plural}/${bucketOf(encodeName(name))}/${encodeName(name)}`
      : `${root}/${plural}/${encodeName(name)}`
    expect((await raw.read(path))?.data.equals(data), path).toBe(true)
  }
  expect(await raw.children(`${root}/tasks/${bucketOf(encodeName(taskName(1)))}/${encodeName(taskName(1))}`)).toEqual([
    'Deployment~web',
  ])

  // Both serve everything; versions moved on once (like a restore), and a watch from before the move is Expired.
  for (const store of stores) {
    const tasks = await store.list('Task')
    expect(tasks.items).toHaveLength(TASKS)
    expect(tasks.items.map((t) => (t.spec as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: TASKS }, (_, i) => i),
    )
    expect((await store.list('Event')).items).toHaveLength(EVENTS)
    expect((await store.list('Host')).items).toHaveLength(5)
    const task = await store.get('Task', taskName(5))
    expect(BigInt(task.metadata.resourceVersion ?? 0)).toBeGreaterThan(before?.mzxid ?? 0n)
    expect(() => store.watch('Task', String(before?.mzxid), () => {})).toThrow(
      expect.objectContaining({ code: 'Expired' }),
    )
  }

  // What the objects hold moved with them: a claim, and a reference marker.
  const [a, b] = stores as [ZooKeeperStore, ZooKeeperStore]
  await expect(
    a.create(object('Task', 'other@h5', { host: 'h5' }), {
      holds: { references: [], claims: ['host h5 runs job web:v1'] },
    }),
  ).rejects.toMatchObject({
    code: 'Conflict',
    message: `host h5 runs job web:v1 is already claimed by task "${taskName(5)}"`,
  })
  await expect(a.delete('Task', taskName(1))).rejects.toMatchObject({
    code: 'Conflict',
    message: `task "${taskName(1)}" is still referred to by deployment "web"`,
  })
  await b.delete('Task', taskName(5))
  await a.create(object('Task', 'other@h5', { host: 'h5' }), {
    holds: { references: [], claims: ['host h5 runs job web:v1'] },
  })

  // Starting again moves nothing and changes nothing.
  const bucket = `${root}/tasks/${bucketOf(encodeName(taskName(9)))}`
  const [dirBefore, bucketBefore] = [await raw.read(`${root}/tasks`), await raw.read(bucket)]
  const againLog: Array<{ msg: string; fields: Record<string, unknown> }> = []
  const again = new ZooKeeperStore({ connect: zk.connect, root, log: recordingLog(againLog) })
  await again.start()
  expect(againLog.filter((l) => l.msg.includes('flat'))).toEqual([])
  expect((await raw.read(`${root}/tasks`))?.pzxid).toBe(dirBefore?.pzxid)
  expect((await raw.read(bucket))?.pzxid).toBe(bucketBefore?.pzxid)
  expect((await again.list('Task')).items).toHaveLength(TASKS)
  await Promise.all([...stores, again].map((s) => s.close()))
})
