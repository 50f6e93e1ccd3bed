import { afterEach, expect, test } from 'vitest'
import type { TaskStatus } from '../apis/index.js'
import { type RunningAgent, startAgent } from './agent.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_IMAGE, testAgentOptions } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

let agent: RunningAgent | undefined
let server: FakeApiServer | undefined
afterEach(async () => {
  await agent?.stop()
  await server?.close()
})

test('a Docker engine restart: no FAILED while it is away, and its stopped containers are started again once it answers', async () => {
  server = new FakeApiServer()
  const runtime = new HollowRuntime({ images: [TEST_IMAGE] })
  server.put('tasks', makeTask('web', { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } }))
  const states: string[] = []
  agent = await startAgent(
    testAgentOptions(await server.listen(), {
      runtime,
      log: (_level, msg, fields) => {
        if (msg === 'task status') states.push(String(fields?.state))
      },
    }),
  )
  const statusOf = () => server?.get('tasks', 'web@h1')?.status as TaskStatus | undefined
  await waitFor('RUNNING', () => statusOf()?.state === 'RUNNING')
  const before = statusOf()?.containerId ?? ''

  // dockerd shuts down: it stops its containers and goes away.
  runtime.exit(before, 143, 'stop')
  runtime.down = true
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  expect(states).not.toContain('FAILED')
  expect(statusOf()?.state).toBe('RUNNING') // the last status stands: the agent cannot see anything

  runtime.down = false
  await waitFor('a new container RUNNING', () => statusOf()?.state === 'RUNNING' && statusOf()?.containerId !== before)
  expect(states).not.toContain('FAILED')
  expect(states.slice(-4)).toEqual(['EXITED', 'CREATING', 'STARTING', 'RUNNING'])
  expect(runtime.all().filter((c) => c.state === 'running')).toHaveLength(1)
}, 15_000)
