// Helios' restart policy on a real engine: every exit is restarted (1 s), ten quick exits throttle the Task as
// FLAPPING (30 s) until it stays up long enough, and an image that cannot be pulled is IMAGE_MISSING, image named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, curl, freePort, randomId, startCluster, taskStatus, waitFor, waitTask } from '../harness.js'

let cluster: Cluster
const host = `e2e-restarts-${process.pid}`
const counter = mkdtempSync(join(tmpdir(), 'helios-e2e-counter-'))
const ghostImage = `helios-test/does-not-exist:${randomId()}`
const flapper = `flapper-v1@${host}`
const ghost = `ghost-v1@${host}`
let port: number
const ctl = (...args: string[]) => cluster.ctl(args)

// Exits 3 at once on its first 10 runs (counted in a bind-mounted file), then serves http and stays up.
const FAIL_TEN_TIMES =
  'n=$(cat /c/n 2>/dev/null || echo 0); echo $((n+1)) > /c/n; [ "$n" -ge 10 ] && exec httpd -f -p 80 -h /www; exit 3'

beforeAll(async () => {
  port = await freePort()
  // The counter dir is a host path: deny by default, so this apiserver allows exactly it.
  cluster = await startCluster({ agents: [{ name: host }], apiserverArgs: ['--allow-host-path', counter] })
  // A Helios job file (`create -f`), the counter dir bind-mounted at /c.
  const jobFile = join(counter, 'flapper.json')
  const job = {
    id: 'flapper:v1',
    image: 'helios-test/busybox:latest',
    command: ['sh', '-c', FAIL_TEN_TIMES],
    ports: { http: { internalPort: 80, externalPort: port } },
    volumes: { '/c': counter },
    secondsToWaitBeforeKill: 1,
  }
  writeFileSync(jobFile, JSON.stringify(job))
  expect((await ctl('create', '-f', jobFile)).code).toBe(0)
  expect((await ctl('create', 'ghost:v1', ghostImage)).code).toBe(0)
  // Both run from the start: the flapper needs ~100 s (10 exits, 30 s throttle, 60 s of run time to clear).
  for (const job of ['flapper:v1', 'ghost:v1']) expect((await ctl('deploy', job, host)).code).toBe(0)
})
afterAll(async () => {
  await cluster?.stop()
  rmSync(counter, { recursive: true, force: true })
})

test('a command that exits at once is EXITED with its exit code, then restarted in a new container', async () => {
  const exited = await waitTask(cluster.server, flapper, (s) => s.state === 'EXITED' && !!s.containerId, {
    timeoutMs: 30_000,
    what: 'EXITED',
  })
  expect(exited).toMatchObject({ exitCode: 3, throttled: 'NO' })
  await waitTask(cluster.server, flapper, (s) => !!s.containerId && s.containerId !== exited.containerId, {
    timeoutMs: 10_000,
    what: 'a new container after the restart delay (1 s)',
  })
})

test('an image that cannot be pulled: FAILED, throttled IMAGE_MISSING, the image named', async () => {
  const status = await waitTask(cluster.server, ghost, (s) => s.throttled === 'IMAGE_MISSING', {
    timeoutMs: 60_000,
    what: 'throttled IMAGE_MISSING',
  })
  expect(status.state).toBe('FAILED')
  expect(status.containerError).toContain(ghostImage)
  const listed = await ctl('status', '--job', 'ghost:v1')
  expect(listed.stdout).toContain('FAILED (IMAGE_MISSING)')
  expect(listed.stdout).toContain(ghostImage)
})

test('a static port held by a process outside Helios: FAILED naming the port, and other Tasks keep running', async () => {
  const blocked = await freePort()
  const squatter: Server = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve) => squatter.listen(blocked, '0.0.0.0', resolve))
  try {
    expect((await ctl('create', 'squatted:v1', 'helios-test/busybox:latest', '-p', `http=80:${blocked}`)).code).toBe(0)
    expect((await ctl('create', 'steady:v1', 'helios-test/busybox:latest', '-p', 'http=80')).code).toBe(0)
    for (const job of ['squatted:v1', 'steady:v1']) expect((await ctl('deploy', job, host)).code).toBe(0)
    const failed = await waitTask(cluster.server, `squatted-v1@${host}`, (s) => s.state === 'FAILED', {
      timeoutMs: 30_000,
      what: 'squatted FAILED',
    })
    expect(failed.containerError).toContain(`host port ${blocked}/tcp is already in use on this host`)
    await waitTask(cluster.server, `steady-v1@${host}`, (s) => s.state === 'RUNNING', {
      timeoutMs: 30_000,
      what: 'the other Task RUNNING',
    })
    // The agent retries with backoff, so status shows FAILED (and its reason) between attempts: wait for one.
    const listed = await waitFor(
      async () => {
        const out = (await ctl('status', '--job', 'squatted:v1')).stdout
        return out.includes('FAILED') ? out : undefined
      },
      { timeoutMs: 30_000, what: 'status listing the FAILED task' },
    )
    expect(listed).toContain(`${blocked}/tcp is already in use`)
  } finally {
    squatter.close()
    await ctl('undeploy', '-a', 'squatted:v1')
    await ctl('undeploy', '-a', 'steady:v1')
  }
})

test('a volume path that is not absolute is refused, naming the field; nothing is stored', async () => {
  const manifest = [
    'apiVersion: helios/v1',
    'kind: Job',
    'metadata: {name: "relative:v1"}',
    'spec: {image: helios-test/busybox:latest, volumes: {data: /tmp}}',
  ].join('\n')
  const out = await cluster.ctl(['apply', '-f', '-'], { stdin: manifest })
  expect(out.code).not.toBe(0)
  expect(out.stderr).toContain('spec.volumes')
  expect((await ctl('get', 'job', 'relative:v1')).code).not.toBe(0)
})

test('ten quick exits: FLAPPING (status and get task -o json show it), cleared once it stays up', async () => {
  const flapping = await waitTask(cluster.server, flapper, (s) => s.throttled === 'FLAPPING', {
    timeoutMs: 60_000,
    what: 'throttled FLAPPING',
  })
  expect(flapping.state).toBe('EXITED')
  expect(Number(readFileSync(join(counter, 'n'), 'utf8'))).toBeGreaterThanOrEqual(10)
  const listed = await ctl('status', '--job', 'flapper:v1')
  expect(listed.stdout).toContain('EXITED (FLAPPING)')

  // The 11th run stays up: RUNNING at once, still throttled until its run time fills the 60 s window.
  const up = await waitTask(cluster.server, flapper, (s) => s.state === 'RUNNING', {
    timeoutMs: 45_000,
    what: 'RUNNING after the 30 s FLAPPING delay',
  })
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  const cleared = await waitTask(cluster.server, flapper, (s) => s.state === 'RUNNING' && s.throttled === 'NO', {
    timeoutMs: 75_000,
    what: 'RUNNING with throttled NO',
  })
  expect(cleared.containerId).toBe(up.containerId)
  expect((await taskStatus(cluster.server, flapper))?.throttled).toBe('NO')
  expect(readFileSync(join(counter, 'n'), 'utf8').trim()).toBe('11')
})
