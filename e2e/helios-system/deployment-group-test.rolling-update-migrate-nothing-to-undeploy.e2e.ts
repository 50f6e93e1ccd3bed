// Ports spotify/helios DeploymentGroupTest.testRollingUpdateMigrateNothingToUndeploy: --migrate with a job other than
// the one deployed by hand (another version) takes nothing over: the hand-deployed job keeps running with goal START.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getObject } from '../harness.js'
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
const host = testHost('migrate-nothing')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host, labels: labels(TEST_LABEL) }])
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateMigrateNothingToUndeploy', async () => {
  await createJob(t, 'job:foo-v1')
  expect((await t.ctl('deploy', 'job:foo-v1', host)).code).toBe(0)
  await awaitTaskState(t, 'job:foo-v1', host, 'RUNNING')

  await createJob(t, 'job:v1')
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  expect((await t.ctl('rolling-update', '--async', '--migrate', 'job:v1', TEST_GROUP)).code).toBe(0)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  expect(await deploymentOf(t, 'job:v1', host)).toBe(TEST_GROUP)

  // The manually deployed job is still there and running, goal START.
  await awaitTaskState(t, 'job:foo-v1', host, 'RUNNING')
  const manual = await getObject<{ spec: { hosts: string[]; goal: string; hostGoals?: object } }>(
    t.cluster.server,
    'Deployment',
    'job-foo-v1',
  )
  expect(manual?.spec).toMatchObject({ hosts: [host], goal: 'START' })
  expect(manual?.spec.hostGoals).toBeUndefined()
})
