// Ports spotify/helios DeploymentGroupTest.testRollingUpdate (helios-system-tests): a group over labelled agents
// rolled onto a job, then onto a second version; the rolling-update output lists the hosts in order.
// Three agents instead of Helios' five, to keep it quick on a shared machine.
import { afterAll, beforeAll, expect, test } from 'vitest'
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
const hosts = ['dc1-a1', 'dc1-a2', 'dc2-a1'].map((h) => testHost('rolling-update', h))

beforeAll(async () => {
  t = await startHeliosTest(hosts.map((name) => ({ name, labels: labels(TEST_LABEL) })))
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdate', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, TEST_LABEL)
  await createJob(t, 'job:v1')
  expect((await t.ctl('rolling-update', '--async', 'job:v1', TEST_GROUP)).code).toBe(0)
  for (const host of hosts) await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  expect(await deploymentOf(t, 'job:v1', hosts[0] as string)).toBe(TEST_GROUP)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  await createJob(t, 'job:v12')
  const output = await t.cli('rolling-update', 'job:v12', TEST_GROUP)
  // The hosts in the output are ordered (Helios reads lines 2…).
  const lines = output.split('\n')
  hosts.forEach((host, i) => {
    expect(lines[i + 2]).toContain(host)
  })
  for (const host of hosts) await awaitTaskState(t, 'job:v12', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
})
