import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { HeliosClient } from '../../client/index.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { type ManualClock, manualClock } from '../testing/manual-clock.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'
import { type TestCtx, testCtx } from '../testing/test-ctx.js'
import { runSyncLoop, type SyncLoopOptions, type WatchFolder } from './sync-loop.js'

const jobYaml = (name: string, image = 'nginx:1') =>
  `apiVersion: helios/v1\nkind: Job\nmetadata: {name: "${name}"}\nspec: {image: "${image}"}\n`
const deploymentYaml = (name: string, job: string, hosts = '[h1]') =>
  `apiVersion: helios/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec: {job: "${job}", hosts: ${hosts}}\n`
const app = (name: string, version = 'v1', hosts = '[h1]') =>
  `${jobYaml(`${name}:${version}`)}---\n${deploymentYaml(name, `${name}:${version}`, hosts)}`

let server: FakeApiserver
let dir: string
let clock: ManualClock
let ctx: TestCtx
beforeEach(async () => {
  server = await startFakeApiserver()
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-gitops-'))
  clock = manualClock()
  ctx = testCtx(server.url, clock)
  playController(server)
})
afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** Every Deployment read is DONE on its hosts, as if the controller and agents were instant. */
function playController(fake: FakeApiserver): void {
  fake.onRequest = (method, path) => {
    const name = /^\/apis\/helios\/v1\/deployments\/([^/]+)$/.exec(path)?.[1]
    const d = name && method === 'GET' ? (fake.stored('Deployment', name) as Deployment | undefined) : undefined
    if (d) fake.seed(withRollout(d, { state: 'DONE', done: d.spec.hosts }))
  }
}

/** Starts the loop with a fake watch; `change()` plays a watch event. */
/** `random` 0.5 is no jitter: the retry delays are the backoff's own 1 s, 2 s, 4 s … */
function start(opts: Partial<SyncLoopOptions> = {}, loopCtx: TestCtx = ctx, random = () => 0.5) {
  const stopper = new AbortController()
  let onChange = () => {}
  let closed = false
  const watch: WatchFolder = async (_dir, cb) => {
    onChange = cb
    return {
      close: async () => {
        closed = true
      },
    }
  }
  const options = { dir, prune: true, set: 'demo', debounceMs: 300, convergeTimeoutMs: 60_000, ...opts }
  const done = runSyncLoop(loopCtx, options, { watch, stop: stopper.signal, random })
  return { done, change: () => onChange(), stop: () => stopper.abort(), closed: () => closed }
}

const lines = (c: TestCtx = ctx) => c.out().split('\n').filter(Boolean)
const line = (n: number, c: TestCtx = ctx) =>
  vi.waitFor(
    () => {
      const found = lines(c)[n - 1]
      if (found === undefined) throw new Error(`no line ${n} yet: ${c.out()}`)
      return found
    },
    { timeout: 5000 },
  )
/** Waits until the loop sleeps (debouncing), so advancing the clock reaches it. */
const sleeping = () => vi.waitFor(() => expect(clock.sleeping).toBeGreaterThan(0))

describe('apply --watch sync loop', () => {
  test('syncs at start, then once per burst of changes: the debounce coalesces edits', async () => {
    await writeFile(join(dir, 'web.yaml'), app('web'))
    const loop = start()
    expect(await line(1)).toBe('sync 1: job/web:v1 created, deployment/web created; converged in 0.0s')

    loop.change()
    await sleeping()
    clock.advance(200)
    await writeFile(join(dir, 'web.yaml'), app('web', 'v2'))
    loop.change()
    clock.advance(200) // 400 ms after the first change but only 200 after the last: still quiet-waiting
    await sleeping()
    expect(lines()).toHaveLength(1)
    clock.advance(100)
    expect(await line(2)).toBe(
      'sync 2: job/web:v2 created, deployment/web configured, job/web:v1 pruned; converged in 0.0s',
    )
    expect(server.stored('Deployment', 'web')?.spec).toMatchObject({ job: 'web:v2' })

    loop.change() // nothing changed in the files: level-triggered re-apply is a no-op
    await sleeping()
    clock.advance(300)
    expect(await line(3)).toBe('sync 3: no changes')
    loop.stop()
    expect(await loop.done).toBe(0)
    expect(loop.closed()).toBe(true)
  })

  test('a bad file is skipped and its objects kept while another file still syncs; deleting a file prunes', async () => {
    await writeFile(join(dir, 'a.yaml'), app('a'))
    await writeFile(join(dir, 'b.yaml'), app('b'))
    const loop = start()
    expect(await line(1)).toMatch(/^sync 1: job\/a:v1 created, job\/b:v1 created, deployment\/a created/)

    await writeFile(join(dir, 'b.yaml'), app('b').replace('image: "nginx:1"', 'image: "nginx:1", imagee: x'))
    await writeFile(join(dir, 'a.yaml'), app('a', 'v1', '[h1, h2]'))
    loop.change()
    await sleeping()
    clock.advance(300)
    const b = join(dir, 'b.yaml')
    expect(await line(2)).toBe(
      `sync 2: deployment/a configured; converged in 0.0s; error: ${b} (document 1): Job "b:v1" is invalid: ` +
        'spec.imagee: unknown field (line 4) (file skipped; keeping job/b:v1, deployment/b)',
    )
    expect(server.stored('Deployment', 'b')).toBeDefined()
    expect(server.stored('Job', 'b:v1')).toBeDefined()

    await writeFile(join(dir, 'b.yaml'), 'kind: Job\nmetadata: {name: [\n')
    loop.change()
    await sleeping()
    clock.advance(300)
    expect(await line(3)).toMatch(
      new RegExp(
        `^sync 3: no changes; error: ${b}:\\d+:\\d+: malformed YAML: .*\\(file skipped; keeping job/b:v1, deployment/b\\)$`,
      ),
    )
    expect(server.stored('Deployment', 'b')).toBeDefined()

    await unlink(join(dir, 'b.yaml'))
    loop.change()
    await sleeping()
    clock.advance(300)
    expect(await line(4)).toBe('sync 4: deployment/b pruned, job/b:v1 pruned; converged in 0.0s')
    expect(server.stored('Deployment', 'b')).toBeUndefined()
    expect(server.stored('Deployment', 'a')).toBeDefined()
    loop.stop()
    expect(await loop.done).toBe(0)
  })

  test('a file broken when the watch starts holds back every prune until it parses', async () => {
    await writeFile(join(dir, 'a.yaml'), app('a'))
    await writeFile(join(dir, 'b.yaml'), app('b'))
    await writeFile(join(dir, 'c.yaml'), app('c'))
    const first = start()
    await line(1)
    first.stop()
    await first.done

    await writeFile(join(dir, 'b.yaml'), 'kind: Job\nmetadata: {name: [\n')
    await unlink(join(dir, 'c.yaml'))
    const again = testCtx(server.url, clock)
    const loop = start({}, again)
    expect(await line(1, again)).toMatch(
      /^sync 1: no changes; error: .*b\.yaml.*\(file skipped; nothing is pruned until it parses\)$/,
    )
    expect(server.stored('Deployment', 'b')).toBeDefined()
    expect(server.stored('Deployment', 'c')).toBeDefined()

    await writeFile(join(dir, 'b.yaml'), app('b'))
    loop.change()
    await sleeping()
    clock.advance(300)
    expect(await line(2, again)).toBe('sync 2: deployment/c pruned, job/c:v1 pruned; converged in 0.0s')
    loop.stop()
    await loop.done
  })

  test('an unreachable apiserver: the line says so, and the sync is retried with backoff', async () => {
    await writeFile(join(dir, 'web.yaml'), app('web'))
    const down = await startFakeApiserver()
    await down.close()
    const loop = start()
    ctx.client = new HeliosClient(down.url)
    const unreachable = `error: cannot reach apiserver at ${down.url} (ECONNREFUSED)`
    expect(await line(1)).toBe(`sync 1: ${unreachable}; retrying in 1s`)
    await sleeping()
    clock.advance(1000)
    expect(await line(2)).toBe(`sync 2: ${unreachable}; retrying in 2s`)
    ctx.client = new HeliosClient(server.url)
    await sleeping()
    clock.advance(2000)
    expect(await line(3)).toBe('sync 3: job/web:v1 created, deployment/web created; converged in 0.0s')
    loop.stop()
    expect(await loop.done).toBe(0)
  })

  test('the retry delay is jittered (client/backoff.ts), so many watchers of one apiserver do not retry in step', async () => {
    await writeFile(join(dir, 'web.yaml'), app('web'))
    const down = await startFakeApiserver()
    await down.close()
    const early = testCtx(down.url, clock)
    const loop = start({}, early, () => 0)
    expect(await line(1, early)).toMatch(/retrying in 0\.8s$/)
    await sleeping()
    clock.advance(800)
    expect(await line(2, early)).toMatch(/retrying in 1\.6s$/)
    loop.stop()
    await loop.done
  })

  test('a sync that does not converge within the bound says why, and the loop goes on', async () => {
    server.onRequest = undefined // no controller: the rollout never starts
    const stepping = testCtx(server.url, stepClock())
    await writeFile(join(dir, 'web.yaml'), app('web'))
    const loop = start({ convergeTimeoutMs: 5000 }, stepping)
    expect(await line(1, stepping)).toBe(
      'sync 1: job/web:v1 created, deployment/web created; not converged after 5s: deployment/web IDLE: not yet started for generation 1',
    )
    await writeFile(join(dir, 'web.yaml'), app('web', 'v1', '[h2]'))
    loop.change()
    expect(await line(2, stepping)).toMatch(/^sync 2: deployment\/web configured; not converged after 5s/)
    loop.stop()
    expect(await loop.done).toBe(0)
  })

  test('an empty folder at start prunes nothing: a wrong -f must not delete the whole set', async () => {
    await writeFile(join(dir, 'web.yaml'), app('web'))
    const first = start()
    await line(1)
    first.stop()
    await first.done
    await unlink(join(dir, 'web.yaml'))
    const again = testCtx(server.url, clock)
    const loop = start({}, again)
    expect(await line(1, again)).toBe(
      `sync 1: no changes; warning: no manifests in ${dir}: nothing is pruned until one appears`,
    )
    expect(server.stored('Deployment', 'web')).toBeDefined()
    await writeFile(join(dir, 'other.yaml'), jobYaml('other:v1'))
    loop.change()
    await sleeping()
    clock.advance(300)
    expect(await line(2, again)).toBe(
      'sync 2: job/other:v1 created, deployment/web pruned, job/web:v1 pruned; converged in 0.0s',
    )
    loop.stop()
    await loop.done
  })

  test('stopping while debouncing ends the loop without another sync', async () => {
    const loop = start({ prune: false, set: undefined })
    expect(await line(1)).toBe('sync 1: no changes')
    loop.change()
    await sleeping()
    loop.stop()
    expect(await loop.done).toBe(0)
    expect(lines()).toHaveLength(1)
  })
})
