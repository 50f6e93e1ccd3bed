// Ports spotify/helios CliDeploymentTest.testDeployingNonexistantJobJson: `deploy --json BOGUS_JOB HOST` answers
// JOB_NOT_FOUND.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type HeliosTest, startHeliosTest, testHost } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testDeployingNonexistantJobJson', async () => {
  const output = await t.cli('deploy', '--json', 'bogus:job', testHost('no-job'))
  expect(JSON.parse(output).status).toBe('JOB_NOT_FOUND')
})
