/**
 * @module A bare ZooKeeper session for scenarios that must write what an older apiserver wrote (the flat layout) or
 * look at the tree the store left. It imports node-zookeeper-client on purpose: it stands outside the apiserver,
 * as zkCli.sh would (elsewhere only apiserver/storage/zookeeper-store.ts talks to ZooKeeper).
 */
import zookeeper from 'node-zookeeper-client'

export interface RawZooKeeper {
  /** Creates the node and any missing parents, with `data` on the node itself. */
  put(path: string, data?: Buffer): Promise<void>
  children(path: string): Promise<string[]>
  /** The node's data and zxids, or undefined when it does not exist. */
  read(path: string): Promise<{ data: Buffer; mzxid: bigint; pzxid: bigint } | undefined>
  close(): void
}

type Callback<T> = (err: Error | zookeeper.Exception | null, value: T) => void
const call = <T>(fn: (cb: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, value) => (err ? reject(new Error(String(err))) : resolve(value))))

export async function rawZooKeeper(connect: string): Promise<RawZooKeeper> {
  const client = zookeeper.createClient(connect, { sessionTimeout: 10_000, retries: 0 })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cannot reach ZooKeeper at ${connect}`)), 10_000)
    client.once('connected', () => {
      clearTimeout(timer)
      resolve()
    })
    client.connect()
  })
  const made = new Set<string>()
  return {
    async put(path, data) {
      const parent = path.slice(0, path.lastIndexOf('/'))
      if (!made.has(parent)) await call((cb) => client.mkdirp(parent, cb))
      made.add(parent)
      await call((cb) => client.create(path, data ?? Buffer.alloc(0), cb))
    },
    children: (path) => call((cb) => client.getChildren(path, cb)),
    async read(path) {
      const got = await call<[Buffer, zookeeper.Stat] | undefined>((cb) =>
        client.getData(path, (err, data, stat) =>
          err instanceof zookeeper.Exception && err.getCode() === zookeeper.Exception.NO_NODE
            ? cb(null, undefined)
            : cb(err, [data, stat]),
        ),
      )
      if (!got) return undefined
      const [data, stat] = got
      return { data, mzxid: stat.mzxid.readBigUInt64BE(0), pzxid: stat.pzxid.readBigUInt64BE(0) }
    },
    close: () => client.close(),
  }
}
