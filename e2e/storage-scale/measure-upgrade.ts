/**
 * @module Measures the in-place upgrade on a real ZooKeeper: N Tasks written flat (as an older apiserver stored them),
 * then one store started on the root; prints how long the move took. Not a test:
 * `MEASURE_COUNT=10000 npx tsx e2e/storage-scale/measure-upgrade.ts`.
 */
import type { AnyObject } from '../../apis/index.js'
import { encodeName } from '../../apiserver/storage/paths.js'
import { encodeObject } from '../../apiserver/storage/zk-ops.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { randomId, startZooKeeper } from '../harness.js'
import { rawZooKeeper } from './raw-zookeeper.js'

const COUNT = Number(process.env.MEASURE_COUNT ?? 10_000)
const zk = await startZooKeeper()
const raw = await rawZooKeeper(zk.connect)
const root = `/measure-${randomId()}`
const queue = Array.from({ length: COUNT }, (_, i) => i)
await Promise.all(
  Array.from({ length: 20 }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const task: AnyObject = {
        apiVersion: 'helios/v1',
        kind: 'Task',
        metadata: { name: `deploy-${i % 10}@host-${Math.floor(i / 10)}`, labels: {}, annotations: {} },
        spec: { host: `host-${Math.floor(i / 10)}`, filler: 'x'.repeat(800) },
      }
      await raw.put(`${root}/tasks/${encodeName(task.metadata.name)}`, encodeObject(task))
    }
  }),
)
const started = performance.now()
const store = new ZooKeeperStore({
  connect: zk.connect,
  root,
  log: (_level, msg, fields) => msg.startsWith('moved') && console.log(msg, JSON.stringify(fields)),
})
await store.start()
const tasks = await store.list('Task')
console.log(
  `${COUNT} flat Tasks: store ready with ${tasks.items.length} after ${(performance.now() - started).toFixed(0)} ms`,
)
await store.close()
raw.close()
await zk.stop()
