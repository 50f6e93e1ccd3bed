// Ports spotify/helios DeploymentGroupTest.testRemoveDeploymentGroupInactive: removing a deployment group that never rolled out answers REMOVED.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getObject } from '../harness.js'
import { type HeliosTest, startHeliosTest, TEST_GROUP, TEST_LABEL } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testRemoveDeploymentGroupInactive', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  // Helios rolls out a job that was never created: the rolling update fails, the group stays without a job.
  expect((await t.ctl('rolling-update', '--async', '--migrate', 'job:v1', TEST_GROUP)).code).toBe(1)
  const removed = await t.ctl('remove-deployment-group', TEST_GROUP)
  expect(removed.code).toBe(0)
  expect(removed.stdout).toContain(`Deployment-group ${TEST_GROUP} removed`)
  expect(await getObject(t.cluster.server, 'Deployment', TEST_GROUP)).toBeUndefined()
})
