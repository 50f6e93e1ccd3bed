/**
 * @module A ZooKeeper session for the benchmarks' own use (the raw-create floor, removing a run's tree), and a
 * promise wrapper for its callbacks. bench/ may import node-zookeeper-client: it measures and cleans the store itself.
 */
import zookeeper, { type Client, type Exception } from 'node-zookeeper-client'

export type ZkCallback<T> = (err: Error | Exception | null, v: T) => void

/** Runs one callback-style call of node-zookeeper-client as a promise; its Exception keeps its `code`. */
export function zkCall<T>(fn: (cb: ZkCallback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, v) => (err ? reject(Object.assign(new Error(String(err)), { code: zkCode(err) })) : resolve(v))),
  )
}

/** The numeric ZooKeeper error code of what a call failed with (NO_NODE -101, NOT_EMPTY -111), if it has one. */
export function zkCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; getCode?: () => number } | null
  const code = e?.getCode?.() ?? e?.code
  return typeof code === 'number' ? code : undefined
}

export const NO_NODE = zookeeper.Exception.NO_NODE
export const NOT_EMPTY = zookeeper.Exception.NOT_EMPTY

/** Connects (bounded by `timeoutMs`); close it with `client.close()`. */
export async function openZooKeeper(connect: string, timeoutMs = 10_000): Promise<Client> {
  const client = zookeeper.createClient(connect, { sessionTimeout: 10_000, retries: 0 })
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.close()
      reject(new Error(`cannot reach ZooKeeper at ${connect}`))
    }, timeoutMs)
    client.once('connected', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  client.connect()
  await connected
  return client
}
