import { beforeEach, describe, expect, test } from 'vitest'
import { type JobSpecInput, MAX_EXIT_LOG_LINE, TaskStatus } from '../apis/index.js'
import { EXIT_LOG_LINES, lastLines } from './exit-record.js'
import { RuntimeError } from './runtime/runtime-error.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const spec: JobSpecInput = { image: TEST_IMAGE }
const iso = (ms: number) => new Date(ms).toISOString()

let world: World
let logReads: string[]
beforeEach(() => {
  world = new World()
  world.api.put(makeTask('web', spec))
  logReads = []
  const logs = world.runtime.logs.bind(world.runtime)
  world.runtime.logs = (id, opts) => {
    logReads.push(id)
    return logs(id, opts)
  }
})

const running = () => world.runtime.all().find((c) => c.state === 'running')
const status = () => world.api.lastStatus(NAME)

/** The running container prints `lines`, runs `ms` in all, then exits with `code`; returns its id. */
function crash(lines: string[], code: number, ms = 3_000): string {
  const c = running()
  if (!c) throw new Error('nothing runs')
  for (const line of lines) world.runtime.print(c.id, line)
  world.clock.advance(ms)
  world.runtime.exit(c.id, code)
  return c.id
}

describe('Task status: runningSince', () => {
  test('RUNNING carries when the check passed; resyncs and a restarted agent keep it without a write', async () => {
    const agent = startInstance(world)
    const since = world.clock.now()
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'RUNNING', runningSince: iso(since) })
    const writes = world.api.writes.length
    world.clock.advance(30_000)
    await agent.drive(NAME)
    await startInstance(world).drive(NAME)
    expect(status()?.runningSince).toBe(iso(since))
    expect(world.api.writes.length).toBe(writes)
  })

  test('only RUNNING has it: the states before (and an exit after) carry none', async () => {
    await startInstance(world).drive(NAME)
    for (const w of world.api.writes.slice(0, -1)) expect(w.status.runningSince, w.status.state).toBeUndefined()
    crash([], 1)
    await startInstance(world).drive(NAME)
    expect(status()).toMatchObject({ state: 'EXITED' })
    expect(status()?.runningSince).toBeUndefined()
  })
})

describe('Task status: an exit with its code, its last log lines and the restart count', () => {
  test('EXITED names the code and the last lines; the next container keeps them and counts the restart', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const startedAt = world.clock.now()
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`)
    const id = crash(lines, 3)
    await agent.drive(NAME)
    const exited = status()
    expect(exited).toMatchObject({ state: 'EXITED', exitCode: 3, restartCount: 1 })
    expect(exited?.lastExit).toEqual({
      at: iso(startedAt + 3_000),
      startedAt: iso(startedAt),
      exitCode: 3,
      containerId: id,
      logTail: lines.slice(-EXIT_LOG_LINES),
    })
    expect(TaskStatus.parse(exited)).toBeTruthy() // what the apiserver accepts
    world.clock.advance(1_000)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'RUNNING', restartCount: 1, runningSince: iso(world.clock.now()) })
    expect(status()?.lastExit).toEqual(exited?.lastExit)
    expect(status()?.containerId).not.toBe(id)

    crash(['second death'], 0, 500)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'EXITED', exitCode: 0, restartCount: 2 })
    expect(status()?.lastExit).toMatchObject({ exitCode: 0, logTail: ['second death'] })
  })

  test('one exit is counted and its logs read once: reconciles during the delay and a restarted agent add nothing', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    crash(['boom'], 2)
    await agent.drive(NAME)
    const writes = world.api.writes.length
    expect(logReads).toHaveLength(1)
    await agent.drive(NAME)
    await startInstance(world).drive(NAME) // memory lost: the status says this exit was told already
    expect(world.api.writes.length).toBe(writes)
    expect(logReads).toHaveLength(1)
    expect(status()).toMatchObject({ state: 'EXITED', restartCount: 1 })
  })

  test('status writes stay bounded: a crash loop writes a fixed number per cycle, none while waiting', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const perCycle: number[] = []
    for (let cycle = 0; cycle < 4; cycle++) {
      const before = world.api.writes.length
      crash([`cycle ${cycle}`], 1, 10_000)
      for (let i = 0; i < 5; i++) await agent.drive(NAME) // resyncs inside the restart delay
      world.clock.advance(1_000)
      await agent.drive(NAME)
      perCycle.push(world.api.writes.length - before)
    }
    expect(status()).toMatchObject({ state: 'RUNNING', restartCount: 4 })
    expect(new Set(perCycle).size).toBe(1)
    expect(perCycle[0]).toBeLessThanOrEqual(4) // EXITED, CREATING, STARTING, RUNNING
  })

  test('long lines are clipped, control characters kept as data, a last line without newline counts', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const long = 'x'.repeat(5_000)
    crash(['\u001b[31mred\u001b[0m\tTAB', long, 'no newline at the end\r'], 1)
    await agent.drive(NAME)
    const tail = status()?.lastExit?.logTail ?? []
    expect(tail[0]).toBe('\u001b[31mred\u001b[0m\tTAB')
    expect(tail[1]).toHaveLength(MAX_EXIT_LOG_LINE)
    expect(tail[1]?.endsWith('…')).toBe(true)
    expect(tail[2]).toBe('no newline at the end')
    expect(lastLines('a\n\n\nb\r\n')).toEqual(['a', 'b'])
  })

  test('an engine that cannot give the logs costs the exit its lines, never the report', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    world.runtime.logs = async () => {
      throw new RuntimeError('Unavailable', 'the engine went away')
    }
    crash(['unseen'], 9)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'EXITED', exitCode: 9, restartCount: 1 })
    expect(status()?.lastExit).toMatchObject({ exitCode: 9, logTail: [] })
  })

  test('a new Job version starts clean: no restart count, no last exit, no flap history', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    for (let i = 0; i < 10; i++) {
      crash([`crash ${i}`], 1, 100)
      await agent.drive(NAME)
      world.clock.advance(30_000)
      await agent.drive(NAME)
    }
    expect(status()).toMatchObject({ restartCount: 10, throttled: 'FLAPPING' })
    world.api.put(makeTask('web', { ...spec, env: { V: '2' } }, { job: 'web:v2' }))
    await agent.drive(NAME)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'RUNNING', throttled: 'NO' })
    expect(status()?.jobId).toMatch(/^web:v2:/)
    expect(status()?.restartCount).toBeUndefined()
    expect(status()?.lastExit).toBeUndefined()
  })

  test("a new Job version does not wait out the last one's backoff: a revert after a missing image starts at once", async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    world.api.put(makeTask('web', { image: 'helios-test/no-such-image:1' }, { job: 'web:v2' }))
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'FAILED', throttled: 'IMAGE_MISSING' })
    world.clock.advance(1_000)
    world.api.put(makeTask('web', spec))
    expect(await agent.drive(NAME)).toEqual({})
    expect(status()).toMatchObject({ state: 'RUNNING', throttled: 'NO' })
    expect(status()?.jobId).toMatch(/^web:v1:/)
  })

  test('a run-once Job that fails (Never) says its code and lines, and counts no restart', async () => {
    world.api.put(makeTask('web', { ...spec, restartPolicy: 'Never' }))
    const agent = startInstance(world)
    await agent.drive(NAME)
    crash(['cannot open /data'], 4)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'FAILED', exitCode: 4 })
    expect(status()?.restartCount).toBeUndefined()
    expect(status()?.lastExit).toMatchObject({ exitCode: 4, logTail: ['cannot open /data'] })
  })

  test("a sidecar's exit brings its own lines, once", async () => {
    world.api.put(makeTask('web', { ...spec, containers: [{ name: 'proxy', image: TEST_IMAGE }] }))
    const agent = startInstance(world)
    await agent.drive(NAME)
    const sidecar = world.runtime.all().find((c) => c.labels['helios.container'] === 'proxy')
    const main = world.runtime.all().find((c) => c.labels['helios.container'] === 'main')
    world.runtime.print(sidecar?.id ?? '', 'proxy: upstream refused')
    world.runtime.exit(sidecar?.id ?? '', 7)
    await agent.drive(NAME)
    await agent.drive(NAME)
    expect(status()).toMatchObject({ state: 'EXITED', exitCode: 7, restartCount: 1 })
    expect(status()?.lastExit).toMatchObject({ containerId: main?.id, logTail: ['proxy: upstream refused'] })
  })
})
