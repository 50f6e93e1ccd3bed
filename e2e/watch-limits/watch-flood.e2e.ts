// Issue 13 item 7: a bounded flood of watches that never read, over a list larger than the kernel's socket buffers,
// against the real apiserver process. It stays alive, /healthz answers, its memory stays within the watch budget
// (with generous slack), no client holds more than --max-watches-per-client, the flood's streams are cut, and a
// client that reads keeps its stream. Traffic only to 127.0.0.1.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AnyObject, WatchEvent } from '../../apis/index.js'
import { metric, openRawWatch, type RawWatch } from '../../apiserver/testing/raw-watch.js'
import { HeliosClient } from '../../client/index.js'
import {
  type ApiserverHandle,
  curl,
  sleep,
  startApiserver,
  startZooKeeper,
  waitFor,
  type ZooKeeperHandle,
} from '../harness.js'

const BUDGET_MIB = 8
const PER_CLIENT = 60
const FLOOD = 200
const OBJECTS = 48
const OBJECT_KIB = 120
// Node's own growth with a few hundred sockets, the watch cache and its encoded lines: memory, not time.
const SLACK_MIB = 120
const HOSTS = '/apis/helios/v1/hosts'

let zk: ZooKeeperHandle
let apiserver: ApiserverHandle
const flood: RawWatch[] = []
const abort = new AbortController()

beforeAll(async () => {
  zk = await startZooKeeper()
  apiserver = await startApiserver({
    zk: zk.connect,
    extraArgs: [
      '--no-controllers',
      '--watch-memory-budget',
      String(BUDGET_MIB),
      '--max-watches-per-client',
      String(PER_CLIENT),
    ],
  })
})

afterAll(async () => {
  abort.abort()
  for (const w of flood) w.destroy()
  await apiserver?.stop()
  await zk?.stop()
})

/** VmRSS or VmHWM (peak) of a process, in MiB. */
function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.replace(/\D+/g, '')) / 1024
}

const metrics = async () => (await curl(`${apiserver.url}/metrics`))?.body ?? ''

test('non-reading watches over a ~6 MB list are cut within the budget; the apiserver lives and answers', async () => {
  const client = new HeliosClient(apiserver.url)
  for (let i = 0; i < OBJECTS; i++) {
    const pad = 'x'.repeat(OBJECT_KIB * 1024)
    await client.create('Host', {
      apiVersion: 'helios/v1',
      kind: 'Host',
      metadata: { name: `big-${i}`, annotations: { pad } },
      spec: {},
    })
  }
  const reader: Array<WatchEvent<AnyObject>> = []
  void (async () => {
    for await (const e of client.watch('Host', { signal: abort.signal })) reader.push(e as WatchEvent<AnyObject>)
  })().catch(() => {})
  await waitFor(async () => reader.length >= OBJECTS && reader, {
    timeoutMs: 30_000,
    what: 'the reader replayed the list',
  })
  const pid = apiserver.pid as number
  const baseline = memoryMiB(pid, 'VmRSS')

  // One client (an address: the API is open) opening more watches than its cap, on a kind with nothing to replay.
  const capped = await Promise.all(
    Array.from({ length: PER_CLIENT + 20 }, () =>
      openRawWatch(apiserver.url, '/apis/helios/v1/deployments?watch=1', {}, '127.0.0.2'),
    ),
  )
  flood.push(...capped)
  await waitFor(
    async () => metric(await metrics(), 'helios_apiserver_watch_refusals_total{reason="client-limit"}') === 20,
    { timeoutMs: 20_000, what: '20 watches refused with 429' },
  )
  expect(metric(await metrics(), 'helios_apiserver_watches'), 'the capped client and the reader').toBe(PER_CLIENT + 1)
  for (const w of capped) w.destroy()

  // The flood: non-reading watches from four more addresses, each under its cap, all replaying the big list.
  let healthz = 0
  for (let i = 0; i < FLOOD; i += 50) {
    const from = `127.0.0.${3 + i / 50}`
    flood.push(
      ...(await Promise.all(
        Array.from({ length: 50 }, () => openRawWatch(apiserver.url, `${HOSTS}?watch=1`, {}, from)),
      )),
    )
    if ((await curl(`${apiserver.url}/healthz`))?.status === 200) healthz++
  }
  // Their replays stall on full sockets; the budget cuts the streams holding the most until the rest fit.
  await waitFor(
    async () => {
      const text = await metrics()
      const cut = metric(text, 'helios_apiserver_watch_cutoffs_total{reason="budget"}')
      const buffered = metric(text, 'helios_apiserver_watch_buffered_bytes')
      const open = metric(text, 'helios_apiserver_watches') - 1 // the reader
      return open + cut === FLOOD && cut > 0 && buffered <= BUDGET_MIB * 1024 * 1024
    },
    { timeoutMs: 60_000, what: 'every flood stream open or cut, and the open ones within the budget' },
  )
  expect(healthz).toBe(FLOOD / 50)

  // A live change reaches the reader, which was never cut.
  await client.update('Host', {
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name: 'big-0', labels: { after: 'flood' }, annotations: {} },
    spec: {},
  })
  await waitFor(async () => reader.some((e) => e.type === 'MODIFIED' && e.object.metadata.name === 'big-0'), {
    timeoutMs: 20_000,
    what: 'the reader seeing a change after the flood',
  })
  await sleep(500)
  expect(apiserver.pid, 'the apiserver process').toBe(pid)
  expect((await curl(`${apiserver.url}/healthz`))?.status).toBe(200)
  const peak = memoryMiB(pid, 'VmHWM')
  expect(peak - baseline, `peak RSS ${peak.toFixed(0)} MiB over a baseline of ${baseline.toFixed(0)} MiB`).toBeLessThan(
    BUDGET_MIB + SLACK_MIB,
  )
  for (const w of flood) w.destroy()
  await waitFor(async () => metric(await metrics(), 'helios_apiserver_watches') === 1, {
    timeoutMs: 20_000,
    what: 'every flood stream gone, the reader left',
  })
})
