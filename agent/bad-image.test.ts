import { beforeEach, describe, expect, test } from 'vitest'
import type { Task } from '../apis/index.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

let world: World
beforeEach(() => {
  world = new World()
})

/** A Task stored before the apiserver checked images (the schema refuses them now, so the image is set afterwards). */
function legacyTask(deployment: string, image: string, sidecarImage?: string): Task {
  const task = makeTask(deployment, {
    image: TEST_IMAGE,
    ...(sidecarImage !== undefined && { containers: [{ name: 'side', image: TEST_IMAGE }] }),
  })
  if (sidecarImage === undefined) task.spec.jobSpec.image = image
  else task.spec.jobSpec.containers = [{ ...task.spec.jobSpec.containers![0]!, image: sidecarImage }]
  return task
}

describe('an image reference outside Docker grammar in a stored Task', () => {
  test.each(['..', 'x/../../y', 'x@sha256:../../', '%2e%2e/json', 'Nginx', 'x:tag@sha256:short', 'a\nb'])(
    '%j: FAILED / IMAGE_PULL_FAILED saying why, no container, retried after 30 s',
    async (image) => {
      world.api.put(legacyTask('bad', image))
      const agent = startInstance(world)
      expect(await agent.drive('bad@h1')).toEqual({ requeueAfterMs: 30_000 })
      expect(world.api.lastStatus('bad@h1')).toMatchObject({
        state: 'FAILED',
        throttled: 'IMAGE_PULL_FAILED',
        containerError: expect.stringMatching(/could not be pulled: not a Docker image reference: \S/),
      })
      expect(world.runtime.all()).toEqual([])
    },
  )

  test("a composite Job's bad sidecar image fails the unit; another Task on the agent keeps running", async () => {
    world.api.put(makeTask('good', { image: TEST_IMAGE }))
    world.api.put(legacyTask('side', TEST_IMAGE, 'x/../../y'))
    const agent = startInstance(world)
    await agent.drive('good@h1')
    expect(await agent.drive('side@h1')).toEqual({ requeueAfterMs: 30_000 })
    expect(world.api.lastStatus('side@h1')).toMatchObject({
      state: 'FAILED',
      throttled: 'IMAGE_PULL_FAILED',
      containerError:
        'image "x/../../y" is not present and could not be pulled: not a Docker image reference: path component ".." is not lowercase letters and digits, joined by ".", "_", "__" or "-"',
    })
    world.clock.advance(30_000)
    await agent.drive('side@h1')
    await agent.drive('good@h1')
    expect(world.api.lastStatus('good@h1')).toMatchObject({ state: 'RUNNING' })
    expect(world.runtime.all().map((c) => c.labels['helios.task'])).toEqual(['good@h1'])
  })
})
