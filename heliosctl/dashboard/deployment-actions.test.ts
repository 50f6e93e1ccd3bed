import { afterEach, beforeEach, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { realClock } from '../../client/index.js'
import type { Ctx } from '../context.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job } from '../testing/fixtures.js'
import { revisions, withRollout } from '../testing/rollout-fixtures.js'
import { testCtx } from '../testing/test-ctx.js'
import { deploymentAction } from './deployment-actions.js'

let server: FakeApiserver
let printed = ''
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), job('web:v2'))
  printed = ''
})
afterEach(() => server.close())

function ctx(): Ctx {
  const out = { write: (s: string) => (printed += s) }
  return { ...testCtx(server.url, realClock), stdout: out, stderr: out, isTTY: true, stdoutIsTTY: true }
}
const stored = () => server.stored('Deployment', 'web') as Deployment

test('s and S set the goal with compare-and-set; the same goal again writes nothing', async () => {
  server.seed(deployment('web', 'web:v1', ['h1']))
  expect(await deploymentAction(ctx(), 'stop', 'web')).toBe('deployment "web" goal set to STOP')
  expect(stored().spec.goal).toBe('STOP')
  expect(await deploymentAction(ctx(), 'stop', 'web')).toBe('deployment "web" already has goal STOP')
  expect(await deploymentAction(ctx(), 'start', 'web')).toBe('deployment "web" goal set to START')
  expect(stored().spec.goal).toBe('START')
  expect(server.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2)
  expect(printed).toBe('')
})

test('u is `rollout undo`: the previous revision’s Job, with its change-cause; errors name the Deployment', async () => {
  server.seed(withRollout(deployment('web', 'web:v2', ['h1']), {}, { revisions: revisions('web:v1', 'web:v2') }))
  expect(await deploymentAction(ctx(), 'undo', 'web')).toBe('deployment "web" rolled back to revision 1 (web:v1)')
  expect(stored().spec.job).toBe('web:v1')
  expect(stored().metadata.annotations['helios/change-cause']).toBe('rollback to revision 1 (job web:v1)')
  expect(printed).toBe('')
  await expect(deploymentAction(ctx(), 'stop', 'nope')).rejects.toThrow('deployment "nope" not found')
  server.seed(deployment('fresh', 'web:v1', ['h1']))
  await expect(deploymentAction(ctx(), 'undo', 'fresh')).rejects.toThrow(
    'deployment "fresh" has no previous revision to roll back to',
  )
})
