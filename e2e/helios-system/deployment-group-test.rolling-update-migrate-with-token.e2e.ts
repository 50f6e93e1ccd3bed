// Ports spotify/helios DeploymentGroupTest.testRollingUpdateMigrateWithToken: the same migration for a job created
// with a token, deployed by hand with --token and taken over by rolling-update --migrate --token.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from '../harness.js'
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
  TOKEN,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const host = testHost('migrate-token')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateMigrateWithToken', async () => {
  await createJob(t, 'job:v1', { token: TOKEN })
  expect((await t.ctl('deploy', 'job:v1', host, '--token', TOKEN)).code).toBe(0)
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')

  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  const started = await t.ctl('rolling-update', '--async', '--migrate', '--token', TOKEN, 'job:v1', TEST_GROUP)
  expect(started.code).toBe(0)
  await waitFor(async () => (await deploymentOf(t, 'job:v1', host)) === TEST_GROUP, {
    timeoutMs: 60_000,
    what: `job:v1 on ${host} deployed by ${TEST_GROUP}`,
  })
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')
})
