// Ports spotify/helios DeploymentGroupTest.testRollingUpdateMigrate: a job deployed by hand moves under a deployment
// group with rolling-update --migrate; the host's deployment ends up the group's and the job keeps running. Issue 14
// adds what Helios did not check: never two containers (or Task rows) of the job on the host meanwhile.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from '../harness.js'
import { watchDuplicates } from '../job-once/duplicates.js'
import {
  awaitDeploymentGroupStatus,
  awaitTaskState,
  createJob,
  deploymentOf,
  type HeliosTest,
  labels,
  startHeliosTest,
  TEST_GROUP,
  TEST_LABEL,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const host = testHost('migrate')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateMigrate', async () => {
  await createJob(t, 'job:v1')
  expect((await t.ctl('deploy', 'job:v1', host)).code).toBe(0)
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')

  const watch = watchDuplicates(t.cluster.server, 'job:v1', [host])
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  expect((await t.ctl('rolling-update', '--async', '--migrate', 'job:v1', TEST_GROUP)).code).toBe(0)
  // The deployment's group name eventually changes to TEST_GROUP.
  const group = await waitFor(async () => (await deploymentOf(t, 'job:v1', host)) === TEST_GROUP, {
    timeoutMs: 60_000,
    what: `job:v1 on ${host} deployed by ${TEST_GROUP}`,
  })
  expect(group).toBe(true)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  expect((await watch.stop()).duplicates).toEqual([])
})
