// Ports spotify/helios DeploymentGroupTest.testRollingUpdateWithToken: a group rolled onto a job with a token
// (rolling-update --token); a manual undeploy of it from the group's host is refused and the job keeps running.
// Helios' undeploy printed FORBIDDEN (its token check came first); here the host belongs to the group's selector, so
// undeploy refuses it for that reason (edit the group), exit 1, and nothing changes either way.
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
  TOKEN,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const host = testHost('with-token')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateWithToken', async () => {
  const jobId = await createJob(t, 'job:v1', { token: TOKEN })
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  // Without the token the rolling update is refused (Helios: TOKEN_VERIFICATION_ERROR).
  expect((await t.ctl('rolling-update', '--async', 'job:v1', TEST_GROUP)).code).toBe(1)
  expect((await t.ctl('rolling-update', '--async', '--token', TOKEN, 'job:v1', TEST_GROUP)).code).toBe(0)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')

  // A manual undeploy of the job (by its id) is refused; the job keeps running.
  const undeploy = await t.ctl('undeploy', jobId, host)
  expect(undeploy.code).toBe(1)
  expect(undeploy.stdout).toContain(`${host}: failed: selected by the hostSelector of deployment ${TEST_GROUP}`)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')
})
