// Ports spotify/helios DeploymentGroupTest.testRollingUpdateGroupNotFound: a rolling-update of a group that does not
// exist answers DEPLOYMENT_GROUP_NOT_FOUND.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type HeliosTest, startHeliosTest, TEST_GROUP } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testRollingUpdateGroupNotFound', async () => {
  await t.cli('create-deployment-group', '--json', TEST_GROUP, 'foo=bar', 'baz=qux')
  await t.cli('create', 'my_job:2', 'my_image')
  const out = await t.cli('rolling-update', '--json', '--async', 'my_job:2', 'oops')
  expect(JSON.parse(out).status).toBe('DEPLOYMENT_GROUP_NOT_FOUND')
})
