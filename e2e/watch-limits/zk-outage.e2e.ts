// Issue 13 item 2: watches kept open across a ZooKeeper outage longer than the bookmark interval never end the
// apiserver process; /healthz answers throughout; the streams bookmark through the outage and deliver the changes
// made after it (or end, and the informer relists). Also: a watch from a future resourceVersion is refused and
// the informer relists.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AnyObject, Kind, WatchEvent } from '../../apis/index.js'
import { HeliosClient, Informer, type InformerClient } from '../../client/index.js'
import {
  type ApiserverHandle,
  curl,
  sleep,
  startApiserver,
  startZooKeeper,
  waitFor,
  type ZooKeeperHandle,
} from '../harness.js'

const BOOKMARK_SECONDS = 1
// Five bookmark intervals; kept short because a restart reuses the port, which another process may take meanwhile.
const OUTAGE_MS = 5_000
let zk: ZooKeeperHandle
let apiserver: ApiserverHandle
let client: HeliosClient
const abort = new AbortController()

beforeAll(async () => {
  zk = await startZooKeeper()
  apiserver = await startApiserver({
    zk: zk.connect,
    extraArgs: ['--watch-bookmark-seconds', String(BOOKMARK_SECONDS)],
  })
  client = new HeliosClient(apiserver.url)
})

afterAll(async () => {
  abort.abort()
  await apiserver?.stop()
  await zk?.stop()
})

interface Followed {
  events: Array<WatchEvent<AnyObject> & { at: number }>
  /** 'open' while the stream lasts, then 'ended' (the server ended it) or 'broken'. */
  state: 'open' | 'ended' | 'broken'
}

/** Reads one watch stream in the background, stamping each line with the time it arrived. */
function follow(kind: Kind, opts: { fieldSelector?: string; resourceVersion?: string }): Followed {
  const followed: Followed = { events: [], state: 'open' }
  void (async () => {
    try {
      for await (const event of client.watch(kind, { ...opts, signal: abort.signal }))
        followed.events.push({ ...(event as WatchEvent<AnyObject>), at: Date.now() })
      followed.state = 'ended'
    } catch {
      followed.state = 'broken'
    }
  })()
  return followed
}

const host = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels, annotations: {} },
  spec: {},
})
const job = (name: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name },
  spec: { image: 'busybox:1' },
})

test('watches open across a ZooKeeper outage: the apiserver lives, answers /healthz, and the watches go on', async () => {
  const pid = apiserver.pid
  expect(pid).toBeDefined()
  const created = await client.create('Host', host('outage-a'))
  await client.create('Job', job('outage:v1'))
  const jobsInformer = new Informer(client, 'Job', { log: () => {} })
  void jobsInformer.run(abort.signal)
  await jobsInformer.waitForSync()
  const watches = {
    replayed: follow('Host', {}),
    resumed: follow('Host', { resourceVersion: created.metadata.resourceVersion }),
    indexed: follow('Task', { fieldSelector: 'spec.host=outage-nowhere', resourceVersion: '0' }),
  }
  await waitFor(async () => Object.values(watches).every((w) => w.events.some((e) => e.type === 'BOOKMARK')), {
    timeoutMs: 20_000,
    what: 'a bookmark on every watch',
  })

  await zk.kill9()
  const down = Date.now()
  const healthz: number[] = []
  while (Date.now() - down < OUTAGE_MS) {
    healthz.push((await curl(`${apiserver.url}/healthz`))?.status ?? 0)
    expect(apiserver.pid, 'the apiserver process during the outage').toBe(pid)
    await sleep(500)
  }
  expect((await curl(`${apiserver.url}/readyz`))?.status).toBe(503)
  await zk.restart()
  const up = Date.now()
  expect(healthz.every((status) => status === 200)).toBe(true)
  expect(apiserver.pid, 'the apiserver process after the outage').toBe(pid)
  // Every watch still open bookmarked while ZooKeeper was away (the timer that used to throw ran many times).
  for (const [name, w] of Object.entries(watches)) {
    if (w.state !== 'open') continue
    const during = w.events.filter((e) => e.type === 'BOOKMARK' && e.at > down + 1_000 && e.at < up)
    expect(during.length, `${name}: bookmarks during the outage`).toBeGreaterThan(0)
  }

  await waitFor(async () => (await curl(`${apiserver.url}/readyz`))?.status === 200, {
    timeoutMs: 60_000,
    what: 'the apiserver ready again',
  })
  await client.update('Host', host('outage-a', { after: 'outage' }))
  await client.create('Job', job('outage:v2'))
  // The apiserver keeps watches through an outage (its cache resyncs and delivers what changed): none ended.
  const ended = Object.entries(watches).filter(([, w]) => w.state !== 'open')
  expect(ended.map(([name, w]) => `${name} ${w.state}`)).toEqual([])
  for (const [name, w] of Object.entries({ replayed: watches.replayed, resumed: watches.resumed })) {
    await waitFor(async () => w.events.some((e) => e.type === 'MODIFIED' && e.object.metadata.name === 'outage-a'), {
      timeoutMs: 20_000,
      what: `${name}: the change made after the outage`,
    })
  }
  // The informer (its stream kept or relisted) sees the Job created after the outage.
  await waitFor(async () => jobsInformer.get('outage:v2'), { timeoutMs: 20_000, what: 'the informer seeing outage:v2' })
  expect(apiserver.pid).toBe(pid)
  expect((await curl(`${apiserver.url}/healthz`))?.status).toBe(200)
})

test('a watch from a resourceVersion the apiserver never reached is refused (503), and the informer relists', async () => {
  // The apiserver waits up to 3 s for its cache to reach the version (a replica may lag), then refuses.
  const refused = await fetch(`${apiserver.url}/apis/helios/v1/hosts?watch=1&resourceVersion=99999999999999`)
  expect(refused.status).toBe(503)
  expect(await refused.json()).toMatchObject({ reason: 'Unavailable', causes: [{ field: 'resourceVersion' }] })
  // A client whose first list claims a version from the future (a replica far ahead, or a forged one).
  let lists = 0
  const ahead: InformerClient = {
    list: async (kind, opts) => {
      const list = await client.list(kind, opts)
      if (lists++ > 0) return list
      return { ...list, metadata: { resourceVersion: String(BigInt(list.metadata.resourceVersion) + 1_000_000n) } }
    },
    watch: (kind, opts) => client.watch(kind, opts),
  }
  const informer = new Informer(ahead, 'Host', { log: () => {} })
  void informer.run(abort.signal)
  await informer.waitForSync()
  await client.create('Host', host('after-refusal'))
  await waitFor(async () => informer.get('after-refusal'), { timeoutMs: 20_000, what: 'the informer past the refusal' })
  expect(lists).toBeGreaterThanOrEqual(2)
})
