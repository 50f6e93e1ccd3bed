// Ports spotify/helios CliDeploymentTest.testDeployingNonexistantHostJson: `deploy --json JOB BOGUS_HOST` answers
// HOST_NOT_FOUND.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createJob, type HeliosTest, startHeliosTest } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testDeployingNonexistantHostJson', async () => {
  const jobId = await createJob(t, 'job:v1')
  const output = await t.cli('deploy', '--json', jobId, 'BOGUS_HOST')
  expect(JSON.parse(output).status).toBe('HOST_NOT_FOUND')
})
