// Ports spotify/helios DeploymentTest.test, through heliosctl as Helios' CLI tests do: a deploy twice is
// JOB_ALREADY_DEPLOYED, an unknown job JOB_NOT_FOUND, an unknown host HOST_NOT_FOUND; undeploy and redeploy work; a
// job in use cannot be removed; once undeployed and its Task gone it can, and removing it again finds nothing.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { awaitTaskGone, awaitTaskState, createJob, type HeliosTest, startHeliosTest, testHost } from './helios-steps.js'

let t: HeliosTest
const host = testHost('deployment-test')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host }])
})
afterAll(async () => {
  await t?.stop()
})

/** Helios' JobDeployResponse status of `heliosctl --json deploy JOB HOST`. */
async function deployStatus(job: string, target: string): Promise<string> {
  return (JSON.parse(await t.cli('--json', 'deploy', job, target)) as { status: string }).status
}

test('DeploymentTest.test', async () => {
  const jobId = await createJob(t, 'job:v1')
  // Query for the job by name, name:version and full id.
  for (const query of ['job', 'job:v1', jobId]) expect(await t.cli('jobs', query, '-q', '-f')).toContain(jobId)
  expect(await t.cli('jobs', 'jobnot_matching', '-q')).toBe('')

  expect(await deployStatus(jobId, host)).toBe('OK')
  expect(await deployStatus(jobId, host)).toBe('JOB_ALREADY_DEPLOYED')
  expect(await deployStatus('bogus:job', host)).toBe('JOB_NOT_FOUND')
  expect(await deployStatus(jobId, 'BOGUS_HOST')).toBe('HOST_NOT_FOUND')

  // Undeploy and redeploy.
  expect((await t.ctl('undeploy', jobId, host)).stdout).toContain(`${host}: done`)
  expect(await deployStatus(jobId, host)).toBe('OK')
  await awaitTaskState(t, 'job:v1', host, 'RUNNING')

  // Still in use: not removed (Helios: STILL_IN_USE).
  const inUse = await t.ctl('remove', jobId, '--yes')
  expect(inUse.code).toBe(1)
  expect(inUse.stderr).toContain('is still used by deployments: job-v1')

  expect((await t.ctl('undeploy', jobId, host)).stdout).toContain(`${host}: done`)
  await awaitTaskGone(t, 'job:v1', host)
  expect((await t.ctl('remove', jobId, '--yes')).code).toBe(0)
  // Removing it again: the job is not found (Helios' CLI: "Unknown job"; its client: JOB_NOT_FOUND).
  const again = await t.ctl('remove', jobId, '--yes')
  expect(again.code).toBe(1)
  expect(again.stderr).toContain(`Unknown job: ${jobId}`)
})
