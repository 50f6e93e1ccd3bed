// Ports spotify/helios DeploymentGroupTest.testRemoveDeploymentGroupActive: removing a deployment group while it rolls out answers REMOVED.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getObject } from '../harness.js'
import {
  createJob,
  type HeliosTest,
  labels,
  startHeliosTest,
  TEST_GROUP,
  TEST_LABEL,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([{ name: testHost('remove-active'), labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testRemoveDeploymentGroupActive', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  // An invalid image keeps the group from ever reaching DONE (Helios: active for 5+ minutes; here it fails at once,
  // IMAGE_MISSING) while it is removed.
  await createJob(t, 'job:v1', { image: 'invalid_image' })
  expect((await t.ctl('rolling-update', '--async', '--migrate', 'job:v1', TEST_GROUP)).code).toBe(0)
  const removed = await t.ctl('remove-deployment-group', TEST_GROUP)
  expect(removed.code).toBe(0)
  expect(removed.stdout).toContain(`Deployment-group ${TEST_GROUP} removed`)
  expect(await getObject(t.cluster.server, 'Deployment', TEST_GROUP)).toBeUndefined()
})
