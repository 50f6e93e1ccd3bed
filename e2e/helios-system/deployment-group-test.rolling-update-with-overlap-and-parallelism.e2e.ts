// Ports spotify/helios DeploymentGroupTest.testRollingUpdateWithOverlapAndParallelism: a group rolled out with -p 2 --overlap twice.
// Three agents instead of Helios' five. The surge Task running the new job next to the old one is the group's own.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  awaitDeploymentGroupStatus,
  awaitTaskState,
  createJob,
  type HeliosTest,
  labels,
  startHeliosTest,
  TEST_GROUP,
  TEST_LABEL,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const hosts = ['a1', 'a2', 'a3'].map((h) => testHost('overlap-and-parallelism', h))
beforeAll(async () => {
  t = await startHeliosTest(hosts.map((name) => ({ name, labels: labels(TEST_LABEL) })))
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateWithOverlapAndParallelism', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  await createJob(t, 'job:v1')
  expect((await t.ctl('rolling-update', '--async', '-p', '2', '--overlap', 'job:v1', TEST_GROUP)).code).toBe(0)
  for (const host of hosts) await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  await createJob(t, 'job:v12')
  expect((await t.ctl('rolling-update', '--async', '-p', '2', '--overlap', 'job:v12', TEST_GROUP)).code).toBe(0)
  for (const host of hosts) await awaitTaskState(t, 'job:v12', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
})
