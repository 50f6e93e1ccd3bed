/**
 * @module The raw ZooKeeper floor of `api-apply.ts`: creates of ~1 KB znodes with N in flight.
 * It talks to ZooKeeper directly (zk-session.ts) on purpose: it IS the baseline the apiserver's writes are compared to
 * (bench/ is not bound by the import rules of the components; elsewhere only the apiserver talks to ZooKeeper).
 */
import { elapsedMs } from './run.js'
import { zkCall as call, openZooKeeper } from './zk-session.js'

export interface Throughput {
  ops: number
  seconds: number
  latenciesMs: number[]
}

/** Runs `count` creates of `bytes`-byte znodes, `concurrency` in flight, under a temporary path it removes afterwards. */
export async function zkCreateThroughput(opts: {
  zk: string
  count: number
  concurrency: number
  bytes: number
}): Promise<Throughput> {
  const client = await openZooKeeper(opts.zk)
  try {
    const root = `/helios-bench-zk-${process.pid}-${Date.now()}`
    await call<string>((cb) => client.create(root, cb))
    const data = Buffer.alloc(opts.bytes, 'x')
    const latenciesMs: number[] = []
    let next = 0
    const worker = async () => {
      while (next < opts.count) {
        const i = next++
        const start = process.hrtime.bigint()
        await call<string>((cb) => client.create(`${root}/n${i}`, data, cb))
        latenciesMs.push(elapsedMs(start))
      }
    }
    const start = process.hrtime.bigint()
    await Promise.all(Array.from({ length: opts.concurrency }, worker))
    const seconds = elapsedMs(start) / 1000
    // Clean up: every child, then the temporary root.
    const children = await call<string[]>((cb) => client.getChildren(root, cb))
    let j = 0
    const remover = async () => {
      while (j < children.length) {
        const child = children[j++]
        await call<void>((cb) => client.remove(`${root}/${child}`, (err) => cb(err, undefined)))
      }
    }
    await Promise.all(Array.from({ length: opts.concurrency }, remover))
    await call<void>((cb) => client.remove(root, (err) => cb(err, undefined)))
    return { ops: opts.count, seconds, latenciesMs }
  } finally {
    client.close()
  }
}
