// Ports spotify/helios DeploymentGroupTest.testStoppedJob: a job stopped by hand on a group's host is replaced by the
// next rolling update; stopped again, a rolling update of the same job starts it again (goal START, as Helios deployed).
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listObjects, type TaskView } from '../harness.js'
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
const host = testHost('stopped-job')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testStoppedJob', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  await createJob(t, 'job:v1')
  await createJob(t, 'job:a1b2c3')

  expect((await t.ctl('rolling-update', '--async', 'job:v1', TEST_GROUP)).code).toBe(0)
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  expect((await t.ctl('stop', 'job:v1', host)).stdout).toContain(`${host}: done`)
  await awaitTaskState(t, 'job:v1', host, 'STOPPED')

  // Replacing the stopped job with the second: the first is undeployed, the second runs.
  expect((await t.ctl('rolling-update', '--async', 'job:a1b2c3', TEST_GROUP)).code).toBe(0)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:a1b2c3', host, 'RUNNING')
  const tasks = await listObjects<TaskView>(t.cluster.server, 'Task')
  expect(tasks.filter((x) => x.spec.job === 'job:v1')).toEqual([])

  expect((await t.ctl('stop', 'job:a1b2c3', host)).stdout).toContain(`${host}: done`)
  await awaitTaskState(t, 'job:a1b2c3', host, 'STOPPED')

  // A rolling update of the same job starts it again (a different path than replacing a job).
  expect((await t.ctl('rolling-update', '--async', 'job:a1b2c3', TEST_GROUP)).code).toBe(0)
  await awaitTaskState(t, 'job:a1b2c3', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
})
