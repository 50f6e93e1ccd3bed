// Ports spotify/helios DeploymentGroupTest.testRemovingAgentTagUndeploysJob: hosts join and leave a group as their
// agents' labels change (agents restarted with other --label flags, as Helios restarted them with other --labels); a
// host leaving loses the job, coming back gets it again, and a deregistered host (its Host deleted) leaves the group.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type AgentHandle, getObject, waitFor } from '../harness.js'
import {
  awaitDeploymentGroupStatus,
  awaitTaskGone,
  awaitTaskState,
  createJob,
  type HeliosTest,
  labels,
  startHeliosTest,
  TEST_GROUP,
  testHost,
} from './helios-steps.js'

let t: HeliosTest
const oldHost = testHost('agent-tag')
const deregisterHost = `${oldHost}2`
const unchangedHost = `${oldHost}3`
const newHost = `${oldHost}4`
const anotherNewHost = `${oldHost}5`

beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

/** Helios' awaitUpWithLabels: the host is UP and reports exactly these labels. */
async function restartWithLabels(agent: AgentHandle | undefined, name: string, ...pairs: string[]) {
  if (agent) await t.stopAgent(agent)
  const started = await t.startAgent(name, labels(...pairs))
  const want = JSON.stringify(labels(...pairs))
  await waitFor(
    async () => {
      const host = await getObject<{ status?: { state?: string; labels?: Record<string, string> } }>(
        t.cluster.server,
        'Host',
        name,
      )
      return host?.status?.state === 'UP' && JSON.stringify(host.status.labels) === want
    },
    { timeoutMs: 30_000, what: `${name} UP with labels ${want}` },
  )
  return started
}

test('testRemovingAgentTagUndeploysJob', async () => {
  let oldAgent = await restartWithLabels(undefined, oldHost, 'foo=bar')
  const deregisterAgent = await restartWithLabels(undefined, deregisterHost, 'foo=bar')
  await restartWithLabels(undefined, unchangedHost, 'foo=bar')

  await t.cli('create-deployment-group', '--json', TEST_GROUP, 'foo=bar')
  await createJob(t, 'job:v1')
  await t.cli('rolling-update', '--async', 'job:v1', TEST_GROUP)
  for (const host of [oldHost, deregisterHost, unchangedHost]) await awaitTaskState(t, 'job:v1', host, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  // Another agent joins: the job is deployed to it.
  await restartWithLabels(undefined, newHost, 'foo=bar')
  await awaitTaskState(t, 'job:v1', newHost, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  // Restarted with labels that still match the group: the job is not undeployed.
  oldAgent = await restartWithLabels(oldAgent, oldHost, 'foo=bar', 'another=label')
  await awaitTaskState(t, 'job:v1', oldHost, 'RUNNING')

  // Restarted with labels that do not match: the job is undeployed there.
  oldAgent = await restartWithLabels(oldAgent, oldHost, 'foo=notbar')
  await restartWithLabels(undefined, anotherNewHost, 'foo=bar')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
  await awaitTaskGone(t, 'job:v1', oldHost)
  await awaitTaskState(t, 'job:v1', anotherNewHost, 'RUNNING')

  // Matching again: deployed again.
  oldAgent = await restartWithLabels(oldAgent, oldHost, 'foo=bar')
  await awaitTaskState(t, 'job:v1', oldHost, 'RUNNING')
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')

  // Deregister an agent (Helios' deregister: its Host goes): the group undeploys from it.
  await t.stopAgent(deregisterAgent)
  expect((await t.ctl('delete', 'host', deregisterHost)).code).toBe(0)
  await awaitTaskGone(t, 'job:v1', deregisterHost)
  await awaitDeploymentGroupStatus(t, TEST_GROUP, 'DONE')
})
