// Ports spotify/helios DeploymentGroupTest.testStatusNoRollingUpdate: a group never rolled out is IDLE.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type HeliosTest, startHeliosTest, TEST_GROUP } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testStatusNoRollingUpdate', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, 'foo=bar', 'baz=qux')
  expect(JSON.parse(await t.cli('deployment-group-status', '--json', TEST_GROUP)).status).toBe('IDLE')
})
