// Helios' `stop-deployment-group NAME` (stop a rolling update where it is) and `watch-deployment-group NAME` (the
// group's status again every interval as its rolling update progresses).
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type Deployment, ROLLOUT_ANNOTATION } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
const web = job('web:v1')
const hosts = ['web1', 'web2']
/** The group as the controller records it: rollout `state`, web1 done, Tasks on both hosts. */
const group = (state: 'ROLLING_OUT' | 'DONE', web2 = 'STARTING') => {
  const rolled = withRollout(deployment('g', 'web:v1', [], { hostSelector: ['role=web'] }), {
    state,
    done: state === 'DONE' ? hosts : ['web1'],
  })
  server.seed({ ...rolled, status: { ...rolled.status, hosts } } as Deployment)
  server.seed(task(web, 'web1', { state: 'RUNNING' }, 'g'), task(web, 'web2', { state: web2 as never }, 'g'))
}
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(web, deployment('plain', 'web:v1', ['web9']))
})
afterEach(() => server.close())

const annotations = () => (server.stored('Deployment', 'g') as Deployment).metadata.annotations

describe('stop-deployment-group', () => {
  test("a rolling update in progress: the stop annotation the controller acts on, Helios' line", async () => {
    group('ROLLING_OUT')
    expect(await heliosctl(server.url, ['stop-deployment-group', 'g'])).toEqual({
      code: 0,
      stdout: 'Deployment-group g stopped\n',
      stderr: '',
    })
    expect(Date.parse(annotations()[ROLLOUT_ANNOTATION.stop] ?? '')).toBeGreaterThan(0)
  })

  test('no rolling update in progress: nothing written, says so, exit 0', async () => {
    group('DONE')
    expect((await heliosctl(server.url, ['stop-deployment-group', 'g'])).stdout).toBe(
      'Deployment-group g has no rolling update in progress (state DONE)\n',
    )
    expect(annotations()[ROLLOUT_ANNOTATION.stop]).toBeUndefined()
  })

  test("unknown, or a Deployment that is no group: Helios' not found line, exit 1", async () => {
    for (const name of ['nope', 'plain'])
      expect(await heliosctl(server.url, ['stop-deployment-group', name])).toEqual({
        code: 1,
        stdout: `Deployment-group ${name} not found\n`,
        stderr: '',
      })
    expect(server.stored('Deployment', 'plain')?.metadata.annotations).toEqual({})
  })
})

describe('watch-deployment-group', () => {
  test("Helios' header, then per interval a timed rule and the group's status as it progresses", async () => {
    group('ROLLING_OUT')
    const clock = stepClock((n) => n === 1 && group('DONE', 'RUNNING'))
    const result = await heliosctl(server.url, ['watch-deployment-group', 'g', '--count', '2', '--interval', '3'], {
      clock,
    })
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'Control-C to stop',
      'STATUS               HOST                           STATE',
      `${'-'.repeat(54)} [2024-05-01 12:00:00 UTC]`,
    ])
    expect(lines).toContain(`${'-'.repeat(54)} [2024-05-01 12:00:03 UTC]`)
    expect(result.stdout.match(/^Status: +(\S+)/gm)).toEqual(['Status: ROLLING_OUT', 'Status: ACTIVE'])
    expect(clock.sleeps).toBe(1)
  })

  test("an unknown group ends the watch with the status verb's error, exit 1", async () => {
    const result = await heliosctl(server.url, ['watch-deployment-group', 'nope', '--count', '3'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: Unknown deployment group: nope\n')
  })
})
