import { beforeEach, describe, expect, test } from 'vitest'
import type { JobSpecInput } from '../apis/index.js'
import type { ProbeTarget } from './health-check.js'
import type { ContainerSpec } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const SIDECAR_IMAGE = 'helios-test/exporter:1'
const spec: JobSpecInput = {
  image: TEST_IMAGE,
  ports: { http: { internalPort: 80 } },
  containers: [{ name: 'metrics', image: SIDECAR_IMAGE, ports: { metrics: { internalPort: 9100 } } }],
}

let world: World
let created: ContainerSpec[]
beforeEach(() => {
  world = new World()
  world.runtime.pullable.add(SIDECAR_IMAGE)
  world.api.put(makeTask('web', spec))
  created = []
  world.runtime.beforeCreate = (s) => {
    created.push(s)
  }
})

const member = (name: string) => world.runtime.all().find((c) => (c.labels[LABEL.container] ?? 'main') === name)

describe('composite Jobs', () => {
  test("pulls the sidecar's image, creates main then the sidecar in main's network namespace, publishing all ports on main", async () => {
    await startInstance(world).drive(NAME)
    expect(world.runtime.calls.map((c) => c.split(' ')[0])).toEqual(['pull', 'create', 'start', 'create', 'start'])
    expect(world.runtime.calls[0]).toBe(`pull ${SIDECAR_IMAGE}`)
    const main = member('main')
    const sidecar = member('metrics')
    expect([main?.state, sidecar?.state]).toEqual(['running', 'running'])
    expect(sidecar?.name).toBe(`${main?.name}-metrics`)
    const [mainSpec, sidecarSpec] = created
    expect(sidecarSpec?.HostConfig.NetworkMode).toBe(`container:${main?.id}`)
    expect(sidecarSpec?.HostConfig.PortBindings).toEqual({})
    expect(Object.keys(mainSpec?.HostConfig.PortBindings ?? {}).sort()).toEqual(['80/tcp', '9100/tcp'])
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: main?.id })
    expect(world.api.lastStatus(NAME)?.ports).toEqual({
      http: { internalPort: 80, externalPort: 20000, protocol: 'tcp' },
      metrics: { internalPort: 9100, externalPort: 20001, protocol: 'tcp' },
    })
  })

  test("a health check on a sidecar's port probes main's published port", async () => {
    world.api.put(makeTask('web', { ...spec, healthCheck: { type: 'tcp', port: 'metrics' } }))
    const targets: ProbeTarget[] = []
    await startInstance(world, {
      probe: async (_check, target) => {
        targets.push(target)
        return { ok: true }
      },
    }).drive(NAME)
    expect(targets[0]?.containerId).toBe(member('main')?.id)
    expect(targets[0]?.ports.metrics?.externalPort).toBe(20001)
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
  })

  test('a sidecar exit is one exit of the unit: EXITED, main stopped, then both recreated', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const oldMain = member('main')?.id ?? ''
    world.clock.advance(5_000)
    world.runtime.exit(member('metrics')?.id ?? '', 2)
    await agent.drive(NAME)
    expect(world.runtime.calls).toContain(`stop ${oldMain} 120`)
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'EXITED',
      containerId: oldMain,
      exitCode: 2,
      containerError: 'container "metrics" exited with code 2',
    })
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    world.clock.advance(1_000)
    await agent.drive(NAME)
    expect(world.runtime.all()).toHaveLength(2)
    expect(world.runtime.all().every((c) => c.state === 'running')).toBe(true)
    expect(member('main')?.id).not.toBe(oldMain)
    expect(world.api.states(NAME).slice(-4)).toEqual(['EXITED', 'CREATING', 'STARTING', 'RUNNING'])
  })

  test('a sidecar removed by hand brings the unit down and up again', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const oldMain = member('main')?.id ?? ''
    const sidecar = member('metrics')?.id ?? ''
    await world.runtime.stop(sidecar, 0)
    await world.runtime.remove(sidecar)
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'EXITED',
      containerError: 'container "metrics" disappeared',
    })
    world.clock.advance(1_000)
    await agent.drive(NAME)
    expect(member('main')?.id).not.toBe(oldMain)
    expect(member('metrics')?.state).toBe('running')
  })

  test('goal STOP stops the sidecar before main and keeps both; undeploy removes both', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const main = member('main')?.id
    const sidecar = member('metrics')?.id
    world.api.put(makeTask('web', spec, { goal: 'STOP' }))
    await agent.drive(NAME)
    const stops = world.runtime.calls.filter((c) => c.startsWith('stop '))
    expect(stops).toEqual([`stop ${sidecar} 120`, `stop ${main} 120`])
    expect(world.runtime.all().map((c) => c.state)).toEqual(['exited', 'exited'])
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'STOPPED', containerId: main })
    world.api.delete(NAME)
    await agent.drive(NAME)
    expect(world.runtime.all()).toEqual([])
  })

  test('a run-once composite Job ends with its main container: sidecars are stopped, the unit is kept', async () => {
    world.api.put(makeTask('web', { ...spec, restartPolicy: 'Never' }))
    const agent = startInstance(world)
    await agent.drive(NAME)
    const main = member('main')?.id ?? ''
    world.runtime.exit(main, 0)
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'SUCCEEDED', containerId: main, exitCode: 0 })
    expect(world.runtime.all().map((c) => c.state)).toEqual(['exited', 'exited'])
    const calls = world.runtime.calls.length
    await startInstance(world).drive(NAME)
    expect(world.runtime.calls.length).toBe(calls)
  })

  test("a run-once composite Job's sidecar may end first: it stays exited and main keeps running", async () => {
    world.api.put(makeTask('web', { ...spec, restartPolicy: 'OnFailure' }))
    const agent = startInstance(world)
    await agent.drive(NAME)
    const calls = world.runtime.calls.length
    world.runtime.exit(member('metrics')?.id ?? '', 0)
    await agent.drive(NAME)
    expect(world.runtime.calls.length).toBe(calls)
    expect([member('main')?.state, member('metrics')?.state]).toEqual(['running', 'exited'])
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
  })
})
