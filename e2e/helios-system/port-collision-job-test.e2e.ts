// Ports spotify/helios PortCollisionJobTest.test: two jobs publishing the same external port; deploying the second on
// the host where the first is deployed (goal STOP, as Helios did) answers PORT_CONFLICT.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort } from '../harness.js'
import { type HeliosTest, IMAGE, startHeliosTest, testHost } from './helios-steps.js'

let t: HeliosTest
const host = testHost('port-collision')
beforeAll(async () => {
  t = await startHeliosTest([{ name: host }])
})
afterAll(async () => {
  await t?.stop()
})

test('PortCollisionJobTest.test', async () => {
  const externalPort = await freePort()
  for (const [name, internal] of [
    ['foo:1', 10001],
    ['bar:1', 10002],
  ] as const) {
    expect((await t.ctl('create', name, IMAGE, '-p', `foo=${internal}:${externalPort}`)).code).toBe(0)
  }
  const deployed1 = JSON.parse(await t.cli('--json', 'deploy', 'foo:1', host, '--no-start'))
  expect(deployed1.status).toBe('OK')
  const deployed2 = JSON.parse(await t.cli('--json', 'deploy', 'bar:1', host, '--no-start'))
  expect(deployed2.status).toBe('PORT_CONFLICT')
})
