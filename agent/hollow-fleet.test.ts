import { afterEach, describe, expect, test } from 'vitest'
import type { Host, TaskStatus } from '../apis/index.js'
import { HeliosClient } from '../client/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { type HollowFleet, jitteredClock, startHollowFleet } from './hollow-fleet.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

let server: FakeApiServer | undefined
let fleet: HollowFleet | undefined
afterEach(async () => {
  await fleet?.stop()
  await server?.close()
})

describe('hollow fleet', () => {
  test('N named agents in one process register with their labels and each runs only its own Tasks', async () => {
    server = new FakeApiServer()
    const url = await server.listen()
    server.put('tasks', makeTask('web', { image: 'never/pulled:7' }, { host: 'fleet-1' }))
    server.put('tasks', makeTask('web', { image: 'busybox' }, { host: 'elsewhere' }))
    fleet = await startHollowFleet({
      client: new HeliosClient(url),
      namePrefix: 'fleet',
      hollow: { count: 3, startDelayMs: 5, stopDelayMs: 0 },
      labels: { 'bench-run': 'r1' },
      portRange: { first: 20000, last: 20010 },
      agentVersion: '0.0.0',
      log: () => {},
    })
    expect(fleet.hostNames).toEqual(['fleet-0', 'fleet-1', 'fleet-2'])
    const status = (name: string) => server?.get('tasks', name)?.status as TaskStatus | undefined
    await waitFor('fleet-1 runs its Task', () => status('web@fleet-1')?.state === 'RUNNING')
    for (const host of fleet.hostNames)
      await waitFor(
        `${host} registered`,
        () => (server?.get('hosts', host) as Host | undefined)?.status?.labels?.['bench-run'] === 'r1',
      )
    expect(status('web@elsewhere')).toBeUndefined()
  })

  test('an image never pulled is present on an any-image runtime, and creating from it works', async () => {
    const runtime = new HollowRuntime({ anyImage: true })
    expect(await runtime.hasImage('some/image')).toBe(true)
    expect(runtime.images.has('some/image:latest')).toBe(true)
  })

  test('jittered sleeps: a second or more is stretched or shrunk by up to the fraction; short sleeps are exact', async () => {
    const base = new ManualClock()
    const asked: number[] = []
    const spy = { now: () => base.now(), sleep: async (ms: number) => void asked.push(ms) }
    const draws = [0, 1, 0.5]
    const clock = jitteredClock(0.1, () => draws.shift() ?? 0.5, spy)
    await clock.sleep(10_000)
    await clock.sleep(10_000)
    await clock.sleep(10_000)
    await clock.sleep(200)
    expect(asked).toEqual([9_000, 11_000, 10_000, 200])
  })
})
