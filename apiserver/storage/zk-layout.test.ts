import { describe, expect, test } from 'vitest'
import type { AnyObject } from '../../apis/index.js'
import { type Log, silentLog } from '../log.js'
import { FakeZooKeeper } from '../testing/fake-zookeeper.js'
import { BUCKET_COUNT, encodeName, zkPaths } from './paths.js'
import { prepareLayout } from './zk-layout.js'
import { ZkObjects } from './zk-objects.js'
import { encodeObject, type ZkOp } from './zk-ops.js'

const paths = zkPaths('/t')
const task = (name: string, spec: Record<string, unknown> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name, labels: {}, annotations: {} },
  spec,
})
const flatPath = (name: string) => `/t/tasks/${encodeName(name)}`

/** A tree as an apiserver of the flat layout left it. */
async function flatTree(names: string[]): Promise<FakeZooKeeper> {
  const zk = new FakeZooKeeper()
  await zk.mkdirp('/t/tasks')
  for (const name of names) await zk.multi([{ op: 'create', path: flatPath(name), data: encodeObject(task(name)) }])
  return zk
}

const logged = () => {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = []
  const log: Log = (level, msg, fields) => lines.push({ level, msg, fields })
  return { lines, log }
}

describe('prepareLayout', () => {
  test('moves every flat object, reference markers and data intact, into its bucket; a second run changes nothing', async () => {
    const names = ['web@h1', 'web@h1~surge', 'a/b@h2', '..']
    const zk = await flatTree(names)
    await zk.multi([{ op: 'create', path: `${flatPath('web@h1')}/Deployment~web` }])
    const before = await Promise.all(names.map((n) => zk.getData(flatPath(n))))
    await prepareLayout(zk, paths, silentLog)
    const dir = await zk.getChildren('/t/tasks')
    expect(dir.children).toHaveLength(BUCKET_COUNT)
    expect(dir.children.every((c) => /^~[0-9a-f]{2}$/.test(c))).toBe(true)
    for (const [i, name] of names.entries()) {
      expect((await zk.getData(paths.object('Task', name))).data.equals(before[i]?.data as Buffer)).toBe(true)
    }
    expect((await zk.getChildren(paths.object('Task', 'web@h1'))).children).toEqual(['Deployment~web'])
    expect(paths.objectOf(paths.object('Task', 'web@h1'))).toEqual({ kind: 'Task', name: 'web@h1' })
    const zxid = zk.lastZxid
    await prepareLayout(zk, paths, silentLog)
    expect(zk.lastZxid).toBe(zxid)
  })

  test('two apiservers preparing at once, reads delayed at random: each object moved exactly once, none lost', async () => {
    for (let round = 0; round < 10; round++) {
      const names = Array.from({ length: 150 }, (_, i) => `d${i % 3}@h${i}`)
      const zk = await flatTree(names)
      zk.beforeRead = () => (Math.random() < 0.5 ? new Promise((r) => setTimeout(r, Math.random() * 2)) : undefined)
      const runs = [logged(), logged()]
      await Promise.all(runs.map(({ log }) => prepareLayout(zk, paths, log)))
      const moved = runs.flatMap(({ lines }) => lines.filter((l) => l.msg.startsWith('moved')))
      expect(
        moved.reduce((n, l) => n + Number(l.fields?.moved), 0),
        `round ${round}`,
      ).toBe(names.length)
      expect(moved.every((l) => l.fields?.duplicate === 0)).toBe(true)
      const dirs = await Promise.all(paths.objectDirs('Task').map((d) => zk.getChildren(d)))
      expect(dirs.flatMap((d) => d.children).sort(), `round ${round}`).toEqual(names.map(encodeName).sort())
      expect(
        (await zk.getChildren('/t/tasks')).children.filter((c) => !c.startsWith('~')),
        `round ${round}`,
      ).toEqual([])
    }
  })

  test('an object changed while it is moved is moved with its latest data', async () => {
    const zk = await flatTree(['web@h1'])
    const multi = zk.multi.bind(zk)
    let changed = false
    zk.multi = async (ops: readonly ZkOp[]) => {
      if (!changed && ops.some((op) => op.op === 'remove' && op.path === flatPath('web@h1'))) {
        changed = true
        await multi([
          { op: 'setData', path: flatPath('web@h1'), data: encodeObject(task('web@h1', { v: 2 })), version: -1 },
        ])
      }
      return multi(ops)
    }
    await prepareLayout(zk, paths, silentLog)
    expect(changed).toBe(true)
    expect(JSON.parse((await zk.getData(paths.object('Task', 'web@h1'))).data.toString()).spec).toEqual({ v: 2 })
    expect(await zk.exists(flatPath('web@h1'))).toBeUndefined()
  })

  test('an object stored both flat and in its bucket keeps the bucket’s; the flat one is left and logged', async () => {
    const zk = await flatTree(['web@h1'])
    await prepareLayout(zk, paths, silentLog)
    await zk.multi([{ op: 'create', path: flatPath('web@h1'), data: encodeObject(task('web@h1', { stale: true })) }])
    const { lines, log } = logged()
    await prepareLayout(zk, paths, log)
    expect(lines.filter((l) => l.level === 'error').map((l) => l.fields)).toEqual([
      { flat: flatPath('web@h1'), bucket: paths.object('Task', 'web@h1') },
    ])
    expect(JSON.parse((await zk.getData(paths.object('Task', 'web@h1'))).data.toString()).spec).toEqual({})
  })

  test('the store refuses reads and writes (Unavailable) until the layout is ready', async () => {
    const zk = await flatTree(['web@h1'])
    const objects = new ZkObjects(zk, paths, () => {})
    const sent = { ...zk.requests }
    const refused = { code: 'Unavailable', message: expect.stringContaining('layout') }
    await expect(objects.get('Task', 'web@h1')).rejects.toMatchObject(refused)
    await expect(objects.create(task('web@h1'))).rejects.toMatchObject(refused)
    await expect(objects.update(task('web@h1'))).rejects.toMatchObject(refused)
    await expect(objects.delete('Task', 'web@h1')).rejects.toMatchObject(refused)
    expect(zk.requests).toEqual(sent)
    await prepareLayout(zk, paths, silentLog)
    objects.layoutReady()
    expect((await objects.get('Task', 'web@h1')).metadata.name).toBe('web@h1')
  })
})
