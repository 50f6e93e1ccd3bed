// Ports spotify/helios DeploymentGroupTest.testAgentAddedAfterRollingUpdateIsDeployed: an agent started later with
// the group's label gets the group's job.
import { afterAll, beforeAll, test } from 'vitest'
import {
  awaitTaskState,
  createJob,
  type HeliosTest,
  labels,
  startHeliosTest,
  TEST_GROUP,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const host = testHost('agent-added')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels('foo=bar') }])
})
afterAll(async () => {
  await t?.stop()
})

test('testAgentAddedAfterRollingUpdateIsDeployed', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, 'foo=bar')
  await createJob(t, 'job:v1')
  await t.cli('rolling-update', '--async', 'job:v1', TEST_GROUP)
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')

  // Start another agent and wait for it to have the job deployed to it.
  await t.startAgent(`${host}2`, labels('foo=bar'))
  await awaitTaskState(t, 'job:v1', `${host}2`, 'RUNNING')
})
