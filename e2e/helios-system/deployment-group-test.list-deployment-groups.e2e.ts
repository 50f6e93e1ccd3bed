// Ports spotify/helios DeploymentGroupTest.testListDeploymentGroups: groups are listed sorted by name.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type HeliosTest, startHeliosTest } from './helios-steps.js'

let t: HeliosTest
beforeAll(async () => {
  t = await startHeliosTest([])
})
afterAll(async () => {
  await t?.stop()
})

test('testListDeploymentGroups', async () => {
  await t.cli('create-deployment-group', 'group2', 'foo=bar')
  await t.cli('create-deployment-group', 'group1', 'foo=bar')
  expect(JSON.parse(await t.cli('list-deployment-groups', '--json'))).toEqual(['group1', 'group2'])
})
